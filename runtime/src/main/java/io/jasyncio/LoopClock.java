package io.jasyncio;

import java.util.function.Supplier;

/**
 * Where an event loop reads the time, and how long it blocks when it has nothing to run: the
 * loop's one clock seam. Every time the loop, its timers and its sleeps read goes through it.
 *
 * <p><b>Not API.</b> Public only so that the jasyncio-test module can put a loop on virtual time;
 * it may change between versions. Loops made by {@link Asyncio#newEventLoop()} and {@link
 * Asyncio#run} read the system clock ({@link System#nanoTime()}) and block until the next timer is
 * due.
 */
public abstract class LoopClock {
    /** {@link System#nanoTime()}, and block until the next timer is due. */
    static final LoopClock SYSTEM = new LoopClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        protected long idle(EventLoop loop, long nextDeadline) {
            return nextDeadline == Long.MAX_VALUE ? -1 : Math.max(0, nextDeadline - System.nanoTime());
        }

        @Override
        public String toString() {
            return "system clock";
        }
    };

    /** What clocks the loops made by newEventLoop(), getEventLoop() and run() get; null: SYSTEM. */
    private static volatile Supplier<? extends LoopClock> newLoopClocks;

    /** For subclasses. */
    protected LoopClock() {}

    /**
     * Makes every loop made from now on by {@link Asyncio#newEventLoop()}, {@link
     * Asyncio#getEventLoop()} and {@link Asyncio#run} read its time from a clock {@code clocks}
     * gives (a new one per loop); null goes back to the system clock. For a tool that runs a whole
     * program on another clock (jasyncio-test's {@code OnVirtualTime}); it applies to the whole JVM.
     */
    protected static void setClockForNewLoops(Supplier<? extends LoopClock> clocks) {
        newLoopClocks = clocks;
    }

    /** The clock for a loop made now (see {@link #setClockForNewLoops}). */
    static LoopClock forNewLoop() {
        Supplier<? extends LoopClock> clocks = newLoopClocks;
        return clocks == null ? SYSTEM : clocks.get();
    }

    /** The time now, in nanoseconds on a monotonic scale with an arbitrary origin. */
    public abstract long nanoTime();

    /**
     * Called on the loop's thread when {@code loop} has nothing ready to run and is about to block
     * until its next timer is due, a watched channel is ready, or another thread wakes it. Returns
     * how long to block, in real nanoseconds: 0 polls the channels and goes on, -1 blocks until
     * woken. A clock that moves its own time forward here makes the timers due at once.
     *
     * @param nextDeadline the deadline of the earliest timer on this clock's scale, or {@code
     *     Long.MAX_VALUE} if there is none
     */
    protected abstract long idle(EventLoop loop, long nextDeadline);

    /**
     * True if something besides {@code loop}'s timers may give it work: a watched channel, or a
     * call running in another thread on its behalf whose outcome it waits for ({@link
     * EventLoop#runInExecutor}, an awaited {@link java.util.concurrent.CompletionStage}). Threads
     * the loop was not told of (one that will call {@link EventLoop#callSoonThreadsafe}) do not
     * count.
     */
    protected static boolean waitsOnOutside(EventLoop loop) {
        return loop.waitsOnOutside();
    }

    /** The clock {@code loop} reads its time from. */
    protected static LoopClock clockOf(EventLoop loop) {
        return loop.clock;
    }

    /** A new event loop that reads its time from this clock. */
    protected final EventLoop newEventLoop() {
        return new EventLoop(this);
    }
}
