package io.jasyncio;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.annotation.Async;

/**
 * asyncio's {@code wait_for}: await with a time limit, cancelling the awaitable when the limit
 * passes. As in CPython 3.12, a positive limit is a {@link Timeout} around the await (so a
 * coroutine runs inside the awaiting task); a limit of zero or less does not let a coroutine run
 * at all: it is wrapped in a task, cancelled at once and waited for.
 */
final class WaitFor {
    private WaitFor() {}

    static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double seconds) {
        if (awaitable == null) {
            throw new NullPointerException("awaitable");
        }
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("waitFor: timeout is NaN");
        }
        if (seconds > 0) {
            return seconds == Double.POSITIVE_INFINITY
                    ? Timeout.at(seconds).run(awaitable)
                    : Timeout.afterEntering(seconds).run(awaitable);
        }
        return expired(awaitable);
    }

    /** The limit has passed before we start: the awaitable's result if it already has one, else cancel it and wait. */
    @Async
    private static <T> Coroutine<T> expired(Awaitable<T> awaitable) {
        Task<?> task = Asyncio.currentTask();
        Future<T> future = task.loop.ensureFuture(awaitable);
        if (future.done()) {
            return done(future.result());
        }
        int cancellingBefore = task.cancelling();
        future.cancel();
        try {
            return done(await(future));
        } catch (CancelledError e) {
            if (task.cancelling() > cancellingBefore) {
                throw e; // our own task is being cancelled: no timeout
            }
            TimeoutError timeout = new TimeoutError("timed out");
            timeout.initCause(e);
            throw timeout;
        }
    }
}
