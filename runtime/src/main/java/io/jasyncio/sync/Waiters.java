package io.jasyncio.sync;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.util.ArrayDeque;

/**
 * The waiting half every primitive of this package shares: a FIFO of tasks parked on futures of
 * one loop (CPython's {@code _waiters} deque and {@code _LoopBoundMixin}).
 *
 * <p>A waiter is <i>pending</i> while its future is not done, <i>woken</i> once a {@code wake}
 * method set its future's result, and <i>cancelled</i> once its task was cancelled while pending.
 * Every waiter stays in the queue until its own task resumes and removes it, so a woken waiter
 * still counts as {@linkplain #hasLive() live} until it has used its wake-up.
 *
 * <p>Cancellation safety: a waiter cancelled while pending was never counted by anyone and just
 * leaves. A waiter woken and then cancelled before it resumed (both in the same loop iteration)
 * cannot use its wake-up; it runs the primitive's {@code passOn} action, which hands the wake-up
 * to the next waiter (or gives back what the wake-up reserved).
 */
final class Waiters {
    private final ArrayDeque<Future<Void>> queue = new ArrayDeque<>();
    /** Run by a waiter that was woken but then cancelled, so its wake-up is not lost. */
    private final Runnable passOn;
    /** The loop this primitive is bound to: the running loop at the first wait. */
    private EventLoop loop;

    Waiters(Runnable passOn) {
        this.passOn = passOn;
    }

    /**
     * Parks the current task at the back of the queue until it is woken. If the wait ends with
     * an exception (its task was cancelled) after the waiter was woken, the wake-up is passed on
     * before the exception propagates.
     */
    @Async
    Coroutine<Void> park() {
        Future<Void> waiter = boundLoop().createFuture();
        queue.addLast(waiter);
        try {
            Asyncio.await(waiter);
        } catch (Throwable t) {
            waiter.cancel(); // a no-op when the waiter is already done, as it always is on cancellation
            queue.remove(waiter);
            if (!waiter.cancelled()) {
                passOn.run();
            }
            throw t;
        }
        queue.remove(waiter);
        return done();
    }

    /** Wakes the first pending waiter; returns false if there was none. */
    boolean wakeNext() {
        for (Future<Void> waiter : queue) {
            if (!waiter.done()) {
                waiter.setResult(null);
                return true;
            }
        }
        return false;
    }

    /** Wakes the first {@code n} pending waiters, or all if fewer are pending. */
    void wake(int n) {
        int woken = 0;
        for (Future<Void> waiter : queue) {
            if (woken >= n) {
                return;
            }
            if (!waiter.done()) {
                waiter.setResult(null);
                woken++;
            }
        }
    }

    /** Wakes every pending waiter. */
    void wakeAll() {
        wake(Integer.MAX_VALUE);
    }

    /** True if some waiter is pending or woken (not cancelled): a newcomer must queue behind it. */
    boolean hasLive() {
        for (Future<Void> waiter : queue) {
            if (!waiter.cancelled()) {
                return true;
            }
        }
        return false;
    }

    /** The number of woken waiters that have not run yet (for the tests' invariants). */
    int woken() {
        int n = 0;
        for (Future<Void> waiter : queue) {
            if (waiter.done() && !waiter.cancelled()) {
                n++;
            }
        }
        return n;
    }

    /** The number of pending or woken waiters (for the tests' invariants). */
    int live() {
        int n = 0;
        for (Future<Void> waiter : queue) {
            if (!waiter.cancelled()) {
                n++;
            }
        }
        return n;
    }

    /** The number of waiters in the queue, cancelled ones that have not left yet included. */
    int size() {
        return queue.size();
    }

    private EventLoop boundLoop() {
        EventLoop running = Asyncio.getRunningLoop();
        if (loop == null) {
            loop = running;
        } else if (loop != running) {
            throw new IllegalStateException("this synchronization primitive is bound to a different event loop: "
                    + "use it from the loop it was first used on");
        }
        return loop;
    }
}
