package io.jasyncio;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.annotation.Async;

/**
 * A deadline on a stretch of one task's work: asyncio's {@code Timeout}, the object that {@code
 * asyncio.timeout()} returns.
 *
 * <p>Python's {@code async with asyncio.timeout(2):} has three Java forms: a try-with-resources
 * block in an {@code @Async} method or an async lambda (see {@link AsyncCloseable}), entered
 * with {@link #enter()}; an async lambda, or any awaitable, handed to {@code run}, whose
 * coroutine, awaited, enters and leaves the block:
 *
 * <pre>{@code
 * try (Timeout t = timeout(2).enter()) {                   // the block
 *     String page = await(fetch(url));
 *     t.reschedule(t.when() + 1);                          // more time, please
 *     ...
 * }
 *
 * String page = await(timeout(2, () -> {                   // Asyncio.timeout with a lambda
 *     Connection c = await(Streams.openConnection(host, 80));
 *     return done(await(readPage(c)));
 * }));
 *
 * String page = await(timeout(2, fetch(url)));             // or with an awaitable
 *
 * Timeout t = timeout(2);                                  // the object, to reschedule or test it
 * try {
 *     await(t.run(longJob(t)));                            // longJob may call t.reschedule(...)
 * } catch (TimeoutError e) {
 *     assert t.expired();
 * }
 * }</pre>
 *
 * <p>Semantics are CPython 3.12's: the guarded awaitable runs inside the awaiting task (a
 * coroutine is not wrapped in a task of its own). When the deadline passes, the task is
 * cancelled, which throws {@link CancelledError} at its innermost await (and cancels what it
 * awaits); when that cancellation comes back out of the guarded work, it is turned into a {@link
 * TimeoutError} (the {@code CancelledError} as its cause). A cancellation requested from
 * elsewhere at the same time is not swallowed: it stays a {@code CancelledError}. The work may
 * catch the {@code CancelledError} and finish normally; then no {@code TimeoutError} is raised.
 *
 * <p>A {@code Timeout} can be entered (its {@code run} coroutine awaited, or {@link #enter()}
 * called) once.
 */
public final class Timeout implements AsyncCloseable {
    private enum State {
        CREATED,
        ENTERED,
        EXPIRING,
        EXPIRED,
        EXITED
    }

    /** The deadline on the loop's clock; +Infinity: none. NaN: {@code delay} after entering. */
    private double when;

    private final double delay;
    private State state = State.CREATED;
    private Task<?> task;
    private int cancellingAtEntry;
    private Handle handler;

    private Timeout(double when, double delay) {
        this.when = when;
        this.delay = delay;
    }

    /** A timeout at loop time {@code when} ({@link EventLoop#time()}); +Infinity: none. */
    static Timeout at(double when) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("timeout deadline is NaN");
        }
        return new Timeout(when, Double.NaN);
    }

    /** A timeout {@code delay} seconds after the moment it is entered (waitFor's and timeout(d, aw)'s form). */
    static Timeout afterEntering(double delay) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("timeout delay is NaN");
        }
        return new Timeout(Double.NaN, delay);
    }

    /**
     * The deadline, on the loop's clock ({@link EventLoop#time()}); {@code
     * Double.POSITIVE_INFINITY} if there is none. For a timeout made with a delay and not yet
     * entered, NaN.
     */
    public double when() {
        return when;
    }

    /**
     * Moves the deadline to loop time {@code when} ({@code Double.POSITIVE_INFINITY}: no
     * deadline). A deadline already past expires the timeout on the loop's next iteration.
     *
     * @throws IllegalStateException if the timeout was not entered yet, or has already
     *     expired or been left
     */
    public void reschedule(double when) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException(
                    "Cannot change state of " + state.name().toLowerCase() + " Timeout");
        }
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("timeout deadline is NaN");
        }
        this.when = when;
        if (handler != null) {
            handler.cancel();
            handler = null;
        }
        if (when != Double.POSITIVE_INFINITY) {
            EventLoop loop = task.loop;
            handler = when <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(when, this::onTimeout);
        }
    }

    /** True once the deadline has passed (the task was cancelled by this timeout). */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * The guarded block: a coroutine that, when awaited, runs {@code awaitable} in the awaiting
     * task under this timeout and returns its result.
     *
     * @throws TimeoutError (from the await) if the deadline passed and the work ended with the
     *     resulting {@link CancelledError}
     * @throws IllegalStateException (from the await) if this timeout was already entered
     */
    public <T> Coroutine<T> run(Awaitable<T> awaitable) {
        if (awaitable == null) {
            throw new NullPointerException("awaitable");
        }
        return block(awaitable);
    }

    /**
     * The guarded block as an async lambda: a coroutine that, when awaited, calls {@code body} in
     * the awaiting task under this timeout, awaits what it returns and returns its result.
     *
     * @throws TimeoutError (from the await) if the deadline passed and the work ended with the
     *     resulting {@link CancelledError}
     * @throws IllegalStateException (from the await) if this timeout was already entered
     */
    public <T> Coroutine<T> run(AsyncSupplier<T> body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        return block(body);
    }

    /**
     * Enters the timeout in the current task, for a try-with-resources block whose end awaits
     * {@link #aclose(Throwable)}: {@code try (Timeout t = timeout(2).enter()) { ... }}. Python's
     * {@code __aenter__}.
     *
     * @return this timeout
     * @throws IllegalStateException if no task is running in this thread, or the timeout was
     *     already entered
     */
    public Timeout enter() {
        enter(Asyncio.currentTask());
        return this;
    }

    /**
     * Leaves the block entered by {@link #enter()}: Python's {@code __aexit__}. The deadline is
     * dropped; if it had passed and {@code pendingOrNull} is the resulting {@link CancelledError},
     * a {@link TimeoutError} caused by it is thrown instead. Completes at once.
     *
     * @param pendingOrNull what the block's body threw, or null
     * @throws TimeoutError as said
     * @throws IllegalStateException if the timeout was not entered, or was left already
     */
    @Override
    public Coroutine<Void> aclose(Throwable pendingOrNull) {
        if (state == State.CREATED) {
            throw new IllegalStateException(
                    "Timeout has not been entered: write try (Timeout t = timeout(delay).enter())");
        }
        if (state == State.EXITED || state == State.EXPIRED) {
            throw new IllegalStateException("Timeout has already been left");
        }
        exit(pendingOrNull);
        return Asyncio.done();
    }

    @Override
    public String toString() {
        return "<Timeout [" + state.name().toLowerCase() + "] when=" + when + ">";
    }

    // ---- the block ----

    /**
     * {@code run}'s coroutine: enters in the awaiting task, awaits {@code work} (an awaitable, or
     * an async lambda called here, under the deadline) and leaves, turning the deadline's
     * cancellation into a TimeoutError.
     */
    @Async
    @SuppressWarnings("unchecked")
    private <T> Coroutine<T> block(Object work) {
        try {
            enter(Asyncio.currentTask());
        } catch (IllegalStateException e) {
            UnawaitedCoroutines.claimed(work); // it will never run: not "never awaited"
            throw e;
        }
        Object value;
        try {
            Awaitable<?> awaitable =
                    work instanceof AsyncSupplier ? ((AsyncSupplier<?>) work).get() : (Awaitable<?>) work;
            value = await(awaitable);
        } catch (Throwable e) {
            throw exit(e);
        }
        exit(null);
        return done((T) value);
    }

    private void enter(Task<?> task) {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        if (task == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        this.state = State.ENTERED;
        this.task = task;
        this.cancellingAtEntry = task.cancelling();
        reschedule(Double.isNaN(when) ? task.loop.time() + delay : when);
    }

    private void onTimeout() {
        handler = null;
        if (state != State.ENTERED) {
            return;
        }
        task.cancel();
        state = State.EXPIRING;
    }

    /**
     * Leaving the block with {@code error} (null: normally). Throws what the block ends with:
     * {@code error}, or a {@link TimeoutError} in its place; returns (null) only if the block ends
     * normally. Typed to return an exception so that callers can write {@code throw exit(e)}.
     */
    private RuntimeException exit(Throwable error) {
        if (handler != null) {
            handler.cancel();
            handler = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEntry && error instanceof CancelledError) {
                TimeoutError timeout = new TimeoutError("timed out");
                timeout.initCause(error);
                throw timeout;
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
        if (error != null) {
            throw Future.rethrow(error);
        }
        return null;
    }
}
