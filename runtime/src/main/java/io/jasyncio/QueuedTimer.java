package io.jasyncio;

/** The handle of a callback scheduled by {@code callLater} or {@code callAt}: a timer entry, then a ready item. */
final class QueuedTimer extends TimerHandle implements TimerQueue.Entry {
    private final int sequence;
    /** True while in the loop's timer queue; lets cancel() count cancelled timers still queued. */
    private boolean scheduled;

    QueuedTimer(EventLoop loop, long deadlineNanos, int sequence, Runnable callback) {
        super(loop, deadlineNanos, callback);
        this.sequence = sequence;
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

    @Override
    public void runReady(EventLoop loop) {
        runReporting(loop);
    }
}
