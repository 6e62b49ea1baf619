package io.jasyncio;

/**
 * A callback scheduled for a point in time by {@code callLater} or {@code callAt}; asyncio's
 * {@code TimerHandle}. Cancelling it before it is due keeps it from running.
 */
public abstract class TimerHandle extends Handle {
    final EventLoop loop;
    final long deadlineNanos;

    /** Only the loop makes timer handles. */
    TimerHandle(EventLoop loop, long deadlineNanos, Runnable callback) {
        super(callback);
        this.loop = loop;
        this.deadlineNanos = deadlineNanos;
    }

    /** The time, on the loop's clock ({@link EventLoop#time()}), at which the callback is due. */
    public double when() {
        return loop.toLoopTime(deadlineNanos);
    }

    @Override
    String typeName() {
        return "TimerHandle";
    }
}
