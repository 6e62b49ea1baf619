package io.jasyncio;

import java.util.List;

/**
 * Several exceptions raised together: Python's {@code ExceptionGroup}, as {@link TaskGroup}
 * raises it when its tasks (or its body) fail. The exceptions are in {@link #exceptions()} in
 * the order they happened, and also attached as {@linkplain #getSuppressed() suppressed}
 * exceptions, so a printed stack trace shows each of them.
 *
 * <p>Java has no {@code except*}; inspect {@link #exceptions()} (or use {@link #find}) instead.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<Throwable> exceptions;

    /**
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /** The grouped exceptions, in the order they happened. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /** The first grouped exception of type {@code type}, looking into nested groups too; null if none. */
    public <E extends Throwable> E find(Class<E> type) {
        for (Throwable t : exceptions) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof ExceptionGroup) {
                E inner = ((ExceptionGroup) t).find(type);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
