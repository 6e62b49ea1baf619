package io.jasyncio;

/**
 * A callback scheduled for a point in time by {@code callLater} or {@code callAt}; asyncio's
 * {@code TimerHandle}.
 */
public final class TimerHandle extends Handle implements TimerQueue.Entry {
    private final long deadlineNanos;
    private final int sequence;
    private final EventLoop loop;
    /** True while in the loop's timer queue; lets cancel() count cancelled timers still queued. */
    private boolean scheduled;

    TimerHandle(EventLoop loop, long deadlineNanos, int sequence, Runnable callback) {
        super(callback);
        this.loop = loop;
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
    }

    /** The time, on the loop's clock ({@link EventLoop#time()}), at which the callback is due. */
    public double when() {
        return loop.toLoopTime(deadlineNanos);
    }

    @Override
    public void cancel() {
        if (!cancelled()) {
            super.cancel();
            if (scheduled) {
                loop.timerCancelled();
            }
        }
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public int sequence() {
        return sequence;
    }

    @Override
    public void setScheduled(boolean scheduled) {
        this.scheduled = scheduled;
    }
}
