package io.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#waitTasks} returns: the futures that were done and those still pending at
 * that moment (asyncio's {@code (done, pending)} pair). Both sets iterate in argument order.
 *
 * @param <T> the futures' result type
 * @param done the futures that are done
 * @param pending the futures that are not done yet
 */
public record DoneAndPending<T>(Set<Future<T>> done, Set<Future<T>> pending) {
    public DoneAndPending {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
