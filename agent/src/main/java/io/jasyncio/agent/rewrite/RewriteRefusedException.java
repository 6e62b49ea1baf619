package io.jasyncio.agent.rewrite;

/**
 * Thrown when an {@code @Async} method cannot be rewritten. The class it belongs to is then left
 * exactly as it was, and the reason is reported once, naming the class and method.
 */
public final class RewriteRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String method;

    /**
     * @param method the refused method as {@code name(descriptor)}, or {@code null} for the class
     * @param reason why, in one line
     */
    public RewriteRefusedException(String method, String reason) {
        super(reason);
        this.method = method;
    }

    RewriteRefusedException(String method, String reason, Throwable cause) {
        super(reason, cause);
        this.method = method;
    }

    /** The refused method as {@code name(descriptor)}, or {@code null} for the class as a whole. */
    public String method() {
        return method;
    }

    /** The reason, in one line. */
    public String reason() {
        return getMessage();
    }
}
