package io.jasyncio.test;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;

/**
 * An event loop on virtual time: time stands still while tasks run, and when every task waits on
 * a timer it jumps to the next deadline, so an hour of {@code sleep} passes in microseconds and
 * every timer fires in deadline order, exactly on time, whatever the machine's load.
 *
 * <p>The loop is an ordinary {@link EventLoop} ({@link #loop()}): run it with {@code
 * runUntilComplete}, create tasks, use real sockets. Its clock ({@link EventLoop#time()}, which
 * {@link #time()} returns) starts at 0.0. Time jumps only when nothing but the timers can give the
 * loop work: while a channel is watched or a call runs in another thread on the loop's behalf
 * ({@link EventLoop#runInExecutor}, {@link Asyncio#toThread}, an awaited {@code CompletionStage})
 * and no timer is due, time flows at the real rate instead, up to the next timer, so a real peer
 * answering in a millisecond still beats a two-second timeout. {@link #advanceTime} and {@link
 * #advanceUntilIdle} move time on regardless. A thread the loop does not know of (one you start
 * yourself and that calls {@link EventLoop#callSoonThreadsafe}) does not hold time back.
 *
 * <pre>{@code
 * try (VirtualTimeLoop vt = new VirtualTimeLoop()) {
 *     Task<String> t = vt.loop().createTask(fetchWithRetries());  // retries after 1 s, 2 s, 4 s
 *     vt.advanceTime(2.5);
 *     assertFalse(t.done());                                      // two attempts so far
 *     vt.advanceUntilIdle();
 *     assertEquals(7.0, vt.time());
 * }
 * }</pre>
 *
 * <p>The {@link AsyncTest @AsyncTest} extension runs each test on a fresh one; a test method (or a
 * {@code @BeforeEach} method) gets it by declaring a {@code VirtualTimeLoop} parameter, and code
 * running on the loop by {@link #current()}. Like any loop, it is used from one thread.
 */
public final class VirtualTimeLoop implements AutoCloseable {
    private final VirtualClock clock;
    private final EventLoop loop;

    /** A new, open loop at virtual time 0.0, not set as the current loop of any thread. */
    public VirtualTimeLoop() {
        this.clock = new VirtualClock(this);
        this.loop = clock.newLoop();
    }

    /** The virtual time of a loop made elsewhere on {@code clock} ({@link OnVirtualTime}). */
    VirtualTimeLoop(VirtualClock clock, EventLoop loop) {
        this.clock = clock;
        this.loop = loop;
    }

    /**
     * The virtual time of the loop running in this thread.
     *
     * @throws IllegalStateException if no loop runs in this thread, or the running loop is not on
     *     virtual time
     */
    public static VirtualTimeLoop current() {
        EventLoop running = Asyncio.getRunningLoop();
        VirtualTimeLoop vt = VirtualClock.ownerOf(running);
        if (vt == null) {
            throw new IllegalStateException("the running loop is not on virtual time: run the code on a "
                    + "VirtualTimeLoop's loop(), or in an @AsyncTest method");
        }
        return vt;
    }

    /** The event loop, on this virtual time. */
    public EventLoop loop() {
        return loop;
    }

    /** The virtual time in seconds, {@link EventLoop#time()} of {@link #loop()}: 0.0 when made. */
    public double time() {
        return loop.time();
    }

    /**
     * Moves time forward by {@code seconds}, running everything that is ready or becomes due on
     * the way, timers in deadline order.
     *
     * <p>Called from outside the loop (it is not running), this runs the loop until the timers due
     * up to {@code time() + seconds} have run and nothing is ready, leaves time at exactly that
     * point, and returns; kotlinx-coroutines-test's {@code advanceTimeBy} followed by {@code
     * runCurrent}. Called from a coroutine or callback on the loop, it moves time at once, as if
     * the running code had taken that long, and returns: the timers now due join the ready queue
     * on the loop's next pass, in deadline order, behind what is ready already. This is also the
     * way to make time pass while a channel is watched.
     * {@code advanceTime(0)} from outside runs what is ready now.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or NaN
     * @throws IllegalStateException if the loop is closed, or runs in another thread
     */
    public void advanceTime(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("advanceTime: seconds must be >= 0, got " + seconds);
        }
        long nanos = seconds >= Long.MAX_VALUE / 1e9 ? Long.MAX_VALUE : (long) (seconds * 1e9);
        if (runsHere()) {
            clock.skip(nanos);
            return;
        }
        runUntil(VirtualClock.saturatedAdd(clock.nanoTime(), nanos));
    }

    /**
     * Runs the loop, jumping from timer to timer, until nothing is ready and no timer is left;
     * kotlinx-coroutines-test's {@code advanceUntilIdle}. Time is left at the last timer that ran.
     * It does not wait for channels or other threads: work they bring later stays for the next
     * run. A task that keeps scheduling timers forever (a periodic job) makes this never return.
     *
     * @throws IllegalStateException if called from the loop itself (it has to run the loop), or
     *     the loop is closed, or runs in another thread
     */
    public void advanceUntilIdle() {
        if (runsHere()) {
            throw new IllegalStateException("advanceUntilIdle() runs the loop, which is running already: "
                    + "call it from outside the loop; inside a coroutine, await what you are waiting for");
        }
        runUntil(Long.MAX_VALUE);
    }

    /** Closes the loop ({@link EventLoop#close()}). */
    @Override
    public void close() {
        loop.close();
    }

    @Override
    public String toString() {
        return "VirtualTimeLoop[time=" + time() + (loop.isClosed() ? ", closed]" : "]");
    }

    private boolean runsHere() {
        if (!loop.isRunning()) {
            return false;
        }
        EventLoop running;
        try {
            running = Asyncio.getRunningLoop();
        } catch (IllegalStateException notInThisThread) {
            running = null;
        }
        if (running != loop) {
            throw new IllegalStateException("this VirtualTimeLoop's loop is running in another thread");
        }
        return true;
    }

    private void runUntil(long target) {
        if (loop.isClosed()) {
            throw new IllegalStateException("Event loop is closed.");
        }
        clock.advanceTo(target);
        try {
            loop.runForever();
        } finally {
            clock.endAdvance();
        }
    }
}
