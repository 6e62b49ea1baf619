package io.jasyncio.internal;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.CancelledError;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What leaves a try-with-resources block whose {@link AsyncCloseable#aclose(Throwable)} failed
 * while the body's exception was pending: the one definition of the rule that {@link
 * AsyncCloseable} documents. Not API: rewritten code calls it, and so do the runtime's resources.
 */
@InternalApi
public final class ResourceExit {
    private ResourceExit() {}

    /**
     * The exception to throw from the block: {@code closeFailure} if it is or carries {@code
     * pending}, or if it is a {@link CancelledError} (then carrying {@code pending} as a
     * suppressed exception); otherwise {@code pending}, with {@code closeFailure} added to its
     * suppressed exceptions.
     *
     * @param pending what the body threw (not null)
     * @param closeFailure what {@code aclose(pending)} failed with (not null)
     */
    public static Throwable leaving(Throwable pending, Throwable closeFailure) {
        if (carries(closeFailure, pending)) {
            return closeFailure;
        }
        if (closeFailure instanceof CancelledError) {
            closeFailure.addSuppressed(pending);
            return closeFailure;
        }
        pending.addSuppressed(closeFailure);
        return pending;
    }

    /**
     * True if {@code inner} is {@code outer} or reachable from it through causes and suppressed
     * exceptions, at any depth.
     */
    public static boolean carries(Throwable outer, Throwable inner) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> todo = new ArrayDeque<>();
        todo.push(outer);
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (t == inner) {
                return true;
            }
            if (!seen.add(t)) {
                continue;
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.push(s);
            }
        }
        return false;
    }
}
