package io.jasyncio;

/**
 * What {@code sleep(delay, result)} awaits: a future that is its own entry in the loop's timer
 * queue (no TimerHandle nor callback per sleep: a million sleeping tasks are 40 MB lighter).
 * When due, the loop puts it in the ready queue like any timer handle and then runs it, so its waiters run one pass later, exactly as with a timer callback that sets the
 * result. Cancelling it (as cancelling the sleeping task does) takes it out of the timers' count.
 */
final class Sleep<T> extends Future<T> implements TimerQueue.Entry {
    private final long deadlineNanos;
    private final int sequence;
    private boolean scheduled;

    Sleep(EventLoop loop, long delayNanos, T value) {
        super(loop);
        this.outcome = value; // kept in the outcome slot until the sleep finishes with it
        this.deadlineNanos = System.nanoTime() + delayNanos;
        this.sequence = loop.newTimerSequence();
        loop.addTimer(this);
    }

    /** The timer is due: the loop reached it in its ready queue. */
    @Override
    @SuppressWarnings("unchecked")
    public void runReady(EventLoop loop) {
        if (!done()) {
            setResult((T) outcome);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        if (scheduled) {
            loop.timerCancelled();
        }
        return true;
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
