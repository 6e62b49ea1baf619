package io.jasyncio.sync;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.util.function.BooleanSupplier;

/**
 * A condition variable: tasks holding a {@link Lock} wait until another task signals them;
 * asyncio's {@code Condition}.
 *
 * <pre>{@code
 * private final Condition changed = new Condition();
 * private final List<String> items = new ArrayList<>();
 *
 * @Async
 * Coroutine<String> take() {
 *     await(changed.acquire());
 *     try {
 *         await(changed.waitFor(() -> !items.isEmpty()));   // releases the lock while waiting
 *         return done(items.remove(0));
 *     } finally {
 *         changed.release();
 *     }
 * }
 *
 * @Async
 * Coroutine<Void> offer(String item) {
 *     await(changed.acquire());
 *     try {
 *         items.add(item);
 *         changed.signal();
 *     } finally {
 *         changed.release();
 *     }
 *     return done();
 * }
 * }</pre>
 *
 * <p>{@code Object.wait()}, {@code notify()} and {@code notifyAll()} are final in Java, so
 * asyncio's {@code wait}, {@code notify} and {@code notify_all} are named as in {@code
 * java.util.concurrent}: {@link #await()}, {@link #signal()} and {@link #signalAll()}.
 *
 * <p>Signalled tasks wake in the order they started waiting. A task cancelled while waiting
 * leaves no trace; a task signalled but cancelled before it ran passes the signal on to the next
 * waiter (as Python 3.13 does). Either way it holds the lock again when the {@link CancelledError}
 * reaches it.
 */
public final class Condition implements AsyncCloseable {
    private final Lock lock;
    private final Waiters waiters = new Waiters(() -> wake(1));

    /** Creates a condition with a new lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** Creates a condition that uses {@code lock}, which other conditions may share. */
    public Condition(Lock lock) {
        if (lock == null) {
            throw new NullPointerException("lock");
        }
        this.lock = lock;
    }

    /** Acquires the underlying lock, as {@link Lock#acquire()}. */
    public Coroutine<Void> acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock, as {@link Lock#release()}.
     *
     * @throws IllegalStateException if the lock is not held by the current task
     */
    public void release() {
        lock.release();
    }

    /**
     * Releases the underlying lock at the end of a try-with-resources block in an {@code @Async} method: {@code
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

    /** True if the underlying lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until signalled, then acquires the lock again; asyncio's {@code
     * wait()}. The lock is held again when this returns or throws, cancellation included.
     *
     * @throws IllegalStateException if the current task does not hold the lock
     * @throws CancelledError if the task is cancelled while waiting (after the lock is reacquired)
     */
    @Async
    public Coroutine<Void> await() {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        lock.release();
        try {
            Asyncio.await(waiters.park());
        } finally {
            // The lock must be held again on every way out, even if cancelled meanwhile.
            CancelledError cancelled = null;
            while (true) {
                try {
                    Asyncio.await(lock.acquire());
                    break;
                } catch (CancelledError e) {
                    cancelled = e;
                }
            }
            if (cancelled != null) {
                throw cancelled;
            }
        }
        return done();
    }

    /**
     * Waits until {@code predicate} is true: checks it, and while it is false, {@link #await()}s
     * and checks again; asyncio's {@code wait_for}. The lock must be held; it is held while the
     * predicate runs.
     *
     * @throws IllegalStateException if the current task does not hold the lock
     * @throws CancelledError if the task is cancelled while waiting (after the lock is reacquired)
     */
    @Async
    public Coroutine<Void> waitFor(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            Asyncio.await(await());
        }
        return done();
    }

    /**
     * Wakes the first waiting task, if any; asyncio's {@code notify()}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes the first {@code n} waiting tasks (all of them if fewer wait); asyncio's {@code
     * notify(n)}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal(int n) {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wake(n);
    }

    /**
     * Wakes every waiting task; asyncio's {@code notify_all()}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /** The waiting tasks, for the tests' invariants. */
    Waiters waiters() {
        return waiters;
    }

    private void wake(int n) {
        waiters.wake(n);
    }

    @Override
    public String toString() {
        return "<Condition [" + (lock.locked() ? "locked" : "unlocked") + ", waiters:" + waiters.size() + "]>";
    }
}
