package io.jasyncio;

import io.jasyncio.internal.StateMachine;

/**
 * asyncio's {@code wait_for}: await with a time limit, cancelling the awaitable when the limit
 * passes. As in CPython 3.12, a positive limit is a {@link Timeout} around the await (so a
 * coroutine runs inside the awaiting task); a limit of zero or less does not let a coroutine run
 * at all: it is wrapped in a task, cancelled at once and waited for.
 */
final class WaitFor {
    private static final StateMachine EXPIRED_BODY = WaitFor::resumeExpired;
    private static final String SITE = "io.jasyncio.Asyncio.waitFor(Asyncio.java)";

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
        CoroutineFrame<T> frame = new CoroutineFrame<>(EXPIRED_BODY, SITE);
        frame.refs(2)[0] = awaitable;
        return frame;
    }

    /** The limit has passed before we start: the awaitable's result if it already has one, else cancel it and wait. */
    @SuppressWarnings("unchecked")
    private static Object resumeExpired(CoroutineFrame<?> f) {
        Task<?> task = f.task;
        try {
            if (f.label != 0) {
                return f.resumeValue();
            }
            Future<Object> future = task.loop.ensureFuture((Awaitable<Object>) f.refs[0]);
            f.refs[0] = null;
            if (future.done()) {
                return future.result();
            }
            f.prims(1)[0] = task.cancelling();
            future.cancel();
            Object r = f.await(future);
            if (r == CoroutineFrame.SUSPENDED) {
                f.label = 1;
            }
            return r;
        } catch (CancelledError e) {
            if (f.prims == null || task.cancelling() > f.prims[0]) {
                throw e; // it was cancelled before we came, or our own task is being cancelled: no timeout
            }
            TimeoutError timeout = new TimeoutError("timed out");
            timeout.initCause(e);
            throw timeout;
        }
    }
}
