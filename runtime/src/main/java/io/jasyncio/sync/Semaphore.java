package io.jasyncio.sync;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * A counter of permits; asyncio's {@code Semaphore}. {@link #acquire()} takes a permit, waiting
 * while there is none; {@link #release()} gives one back. Permits have no owner: any task may
 * release.
 *
 * <pre>{@code
 * private final Semaphore connections = new Semaphore(10);
 *
 * @Async
 * Coroutine<String> fetch(String url) {
 *     await(connections.acquire());        // at most 10 fetches run at once
 *     try {
 *         return done(await(download(url)));
 *     } finally {
 *         connections.release();
 *     }
 * }
 * }</pre>
 *
 * The {@code try}/{@code finally} can also be a try-with-resources block: {@code
 * await(connections.acquire()); try (connections) { ... }} gives the permit back on the way out.
 *
 * <p>Fair: waiting tasks get permits in the order they started waiting, and a task calling
 * {@link #acquire()} while others wait queues behind them. A permit is reserved for a waiter
 * when it is woken; a task cancelled while waiting leaves no trace, and one woken but cancelled
 * before it ran gives its reserved permit to the next waiter. No permit is ever lost or made up.
 */
public class Semaphore implements AsyncCloseable {
    private final Waiters waiters = new Waiters(this::passOn);
    /** Free permits: not held by a task and not reserved for a woken waiter. */
    private int value;

    /**
     * Creates a semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value);
        }
        this.value = value;
    }

    /** Creates a semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /** True if {@link #acquire()} would wait: no permit is free, or tasks are waiting already. */
    public boolean locked() {
        return value == 0 || waiters.hasLive();
    }

    /**
     * Takes a permit, waiting while none is free or earlier tasks wait for one.
     *
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting; it then holds no
     *     permit
     */
    @Async
    public Coroutine<Void> acquire() {
        if (!locked()) {
            value--;
            return done();
        }
        try {
            Asyncio.await(waiters.park()); // woken with a permit reserved by wakeNext()
        } finally {
            // Newcomers may have queued behind a woken waiter while permits were free: wake them.
            while (value > 0 && wakeNext()) {
                // each call reserves one permit
            }
        }
        return done();
    }

    /**
     * Gives a permit back and wakes the first waiting task, if any.
     *
     * @throws IllegalStateException only for a {@link BoundedSemaphore} released more times than
     *     it was acquired
     */
    public void release() {
        value++;
        wakeNext();
    }

    /**
     * Gives the permit back at the end of a try-with-resources block in an {@code @Async} method: {@code
     * await(x.acquire()); try (x) { ... }} is Python's {@code async with x:} (see {@link
     * io.jasyncio.AsyncCloseable}). Completes at once.
     *
     * @throws IllegalStateException as {@link #release()}
     */
    @Override
    public Coroutine<Void> aclose(Throwable pendingOrNull) {
        release();
        return done();
    }

    /** Free permits (asyncio keeps it private; here for tests and diagnostics). */
    int value() {
        return value;
    }

    /** Wakes the first pending waiter with a permit reserved for it. */
    private boolean wakeNext() {
        if (waiters.wakeNext()) {
            value--;
            return true;
        }
        return false;
    }

    /** A waiter woken with a reserved permit was cancelled before it ran: the permit goes to the next one. */
    private void passOn() {
        value++;
        wakeNext();
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " [" + (locked() ? "locked" : "unlocked, value:" + value)
                + ", waiters:" + waiters.size() + "]>";
    }
}
