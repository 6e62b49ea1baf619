package io.jasyncio.sync;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;

/**
 * A mutual-exclusion lock for the tasks of one event loop; asyncio's {@code Lock}.
 *
 * <pre>{@code
 * private final Lock lock = new Lock();
 *
 * @Async
 * Coroutine<Void> update() {
 *     await(lock.acquire());
 *     try {
 *         // at most one task at a time runs here, across awaits
 *     } finally {
 *         lock.release();
 *     }
 *     return done();
 * }
 * }</pre>
 *
 * The {@code try}/{@code finally} can also be a try-with-resources block: {@code
 * await(lock.acquire()); try (lock) { ... }} releases the lock on the way out.
 *
 * <p>Fair: tasks acquire the lock in the order they started waiting for it, and a task calling
 * {@link #acquire()} while others wait queues behind them even if the lock is free at that moment.
 * A task cancelled while waiting leaves no trace; a task woken to take the lock but cancelled
 * before it ran passes the lock on to the next waiter.
 *
 * <p><b>Deliberate difference from asyncio:</b> asyncio's lock has no owner. This lock is owned
 * by the task that acquired it, and only that task may release it ({@link #release()} throws
 * otherwise), which catches the usual mistake of releasing a lock one did not take. A lock is
 * not reentrant: a task acquiring a lock it holds waits forever, as in asyncio.
 *
 * <p>The lock binds to the running loop the first time a task waits on it; using it from
 * another loop afterwards throws {@link IllegalStateException}.
 */
public final class Lock implements AsyncCloseable {
    private final Waiters waiters = new Waiters(this::passOn);
    private boolean locked;
    private Task<?> owner;

    /** Creates an unlocked lock. */
    public Lock() {}

    /**
     * Acquires the lock, waiting while another task holds it or earlier tasks wait for it. The
     * current task becomes the owner.
     *
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting; it then does not
     *     hold the lock
     */
    @Async
    public Coroutine<Void> acquire() {
        if (locked || waiters.hasLive()) {
            Asyncio.await(waiters.park());
            // Woken by release (or a passed-on wake-up): the lock is free and reserved for us.
        }
        locked = true;
        owner = Asyncio.currentTask();
        return done();
    }

    /**
     * Releases the lock and wakes the first waiting task, if any.
     *
     * @throws IllegalStateException if the lock is not locked, or if the current task is not the
     *     one that acquired it (a difference from asyncio, see the class description)
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        Task<?> current = Asyncio.currentTask();
        if (current != owner) {
            throw new IllegalStateException("Lock is owned by " + describe(owner) + " and cannot be released by "
                    + (current == null ? "code outside any task" : describe(current))
                    + ": only the task that acquired a Lock may release it");
        }
        locked = false;
        owner = null;
        waiters.wakeNext();
    }

    /**
     * Releases the lock at the end of a try-with-resources block in an {@code @Async} method: {@code
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

    /** True if some task holds the lock. */
    public boolean locked() {
        return locked;
    }

    /** A waiter woken by release but cancelled before it ran: the lock is still free, wake the next one. */
    private void passOn() {
        if (!locked) {
            waiters.wakeNext();
        }
    }

    private static String describe(Task<?> task) {
        return "task '" + task.getName() + "'";
    }

    @Override
    public String toString() {
        String state = locked ? "locked by " + describe(owner) : "unlocked";
        return "<Lock [" + state + ", waiters:" + waiters.size() + "]>";
    }
}
