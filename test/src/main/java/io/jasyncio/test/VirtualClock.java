package io.jasyncio.test;

import io.jasyncio.EventLoop;
import io.jasyncio.LoopClock;
import java.util.List;

/**
 * The clock of a {@link VirtualTimeLoop}: time that stands still while the loop has work, and
 * jumps to the next timer when the loop has none, as kotlinx-coroutines-test's scheduler and
 * CPython's {@code TestLoop} do.
 *
 * <p>When the loop would block, there are three cases. If the test asked to advance ({@link
 * #advanceTo}), time jumps to the next timer up to the target, then stops the loop at the target.
 * Otherwise, if nothing but the timers can give the loop work (no channel watched, no call running
 * in another thread for it), time jumps to the next timer. Otherwise (real I/O, or a thread, may
 * come first) time flows at the real rate while the loop blocks, up to the next timer: a peer that
 * answers in a millisecond answers well before a two-second timeout, as it would in production.
 * Only the loop's thread uses it.
 */
final class VirtualClock extends LoopClock {
    private static final long NO_TARGET = Long.MIN_VALUE;

    /** The VirtualTimeLoop of this clock's loop; made on first need for a loop made elsewhere. */
    private VirtualTimeLoop owner;

    /** Virtual nanoseconds since the loop was made. */
    private long now;
    /** While time flows: System.nanoTime when it started, else 0 with {@code flowing} false. */
    private long flowStartReal;

    private long flowCap;
    private boolean flowing;
    /** While {@link VirtualTimeLoop#advanceTime}/{@code advanceUntilIdle} runs the loop: where to stop. */
    private long target = NO_TARGET;

    VirtualClock(VirtualTimeLoop owner) {
        this.owner = owner;
    }

    /** The loop on this clock (one per clock). */
    EventLoop newLoop() {
        return newEventLoop();
    }

    /** The VirtualTimeLoop whose clock {@code loop} reads, or null if it is not on virtual time. */
    static VirtualTimeLoop ownerOf(EventLoop loop) {
        LoopClock c = clockOf(loop);
        if (!(c instanceof VirtualClock)) {
            return null;
        }
        VirtualClock clock = (VirtualClock) c;
        if (clock.owner == null) {
            clock.owner = new VirtualTimeLoop(clock, loop); // a loop OnVirtualTime put on this clock
        }
        return clock.owner;
    }

    /**
     * From now on, every loop the JVM makes through {@code newEventLoop()}, {@code getEventLoop()}
     * or {@code run()} gets a new virtual clock, added to {@code made}; null: the system clock again.
     */
    static void useForNewLoops(List<VirtualClock> made) {
        setClockForNewLoops(
                made == null
                        ? null
                        : () -> {
                            VirtualClock clock = new VirtualClock(null);
                            synchronized (made) {
                                made.add(clock);
                            }
                            return clock;
                        });
    }

    @Override
    public long nanoTime() {
        if (!flowing) {
            return now;
        }
        long t = now + (System.nanoTime() - flowStartReal);
        return t < flowCap ? t : flowCap;
    }

    @Override
    protected long idle(EventLoop loop, long nextDeadline) {
        settle();
        if (target != NO_TARGET) {
            if (nextDeadline != Long.MAX_VALUE && nextDeadline <= target) {
                jumpTo(nextDeadline);
            } else {
                if (target != Long.MAX_VALUE) {
                    jumpTo(target);
                }
                loop.stop();
            }
            return 0;
        }
        if (!waitsOnOutside(loop)) {
            if (nextDeadline == Long.MAX_VALUE) {
                return -1; // nothing can ever come: block as a real loop would (a deadlock)
            }
            jumpTo(nextDeadline);
            return 0;
        }
        flowing = true;
        flowStartReal = System.nanoTime();
        flowCap = nextDeadline;
        return nextDeadline == Long.MAX_VALUE ? -1 : nextDeadline - now;
    }

    /** Moves time forward by {@code nanos} at once (timers due by then run on the next passes). */
    void skip(long nanos) {
        settle();
        now = saturatedAdd(now, nanos);
    }

    /**
     * While the loop runs for an advance: jump through the timers due up to {@code until}, then
     * stop the loop there ({@code Long.MAX_VALUE}: when no timer is left, time staying where it is).
     */
    void advanceTo(long until) {
        settle();
        target = until;
    }

    /** The advance is over (the loop returned). */
    void endAdvance() {
        target = NO_TARGET;
    }

    /** Stops time flowing, keeping what flowed. */
    private void settle() {
        if (flowing) {
            now = nanoTime();
            flowing = false;
        }
    }

    private void jumpTo(long when) {
        if (when > now) {
            now = when;
        }
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "virtual clock at " + nanoTime() / 1e9 + " s";
    }
}
