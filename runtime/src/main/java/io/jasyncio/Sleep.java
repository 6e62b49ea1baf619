package io.jasyncio;

/**
 * What an awaited {@code sleep(delay, result)} waits on: a future that is its own entry in the loop's timer
 * queue (no TimerHandle nor callback object per sleep).
 * When due, the loop puts it in the ready queue like any timer handle and then runs it, so its waiters run one pass later, exactly as with a timer callback that sets the
 * result. Cancelling it (as cancelling the sleeping task does) takes it out of the timers' count.
 */
final class Sleep<T> extends Future<T> implements TimerQueue.Entry {
    private final long deadlineNanos;
    private final int sequence;
    private boolean scheduled;

    /** Starts a sleep on {@code loop}: its deadline is {@code delayNanos} from now. */
    Sleep(EventLoop loop, long delayNanos, T value) {
        super(loop);
        setPendingData(value); // until the sleep finishes with it
        this.deadlineNanos = loop.nanoTime() + delayNanos;
        this.sequence = loop.newTimerSequence();
        loop.addTimer(this);
    }

    /** The timer is due: the loop reached it in its ready queue. */
    @Override
    @SuppressWarnings("unchecked")
    public void runReady(EventLoop loop) {
        if (!done()) {
            setResult((T) pendingData());
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

    /**
     * What {@code sleep(...)} returns: a sleep not started yet. Its timer starts, counting the
     * whole delay, when it is first awaited or handed to a loop (see {@link LazyAwaitable}),
     * as asyncio's {@code sleep} coroutine starts when it runs. Made outside any loop, it binds
     * to the loop that starts it.
     */
    static final class Unstarted<T> extends LazyAwaitable<T> {
        private final long delayNanos;
        private final T value;

        Unstarted(long delayNanos, T value) {
            this.delayNanos = delayNanos;
            this.value = value;
        }

        @Override
        Future<T> start(EventLoop loop) {
            return new Sleep<>(loop, delayNanos, value);
        }

        @Override
        public String toString() {
            return "<sleep " + delayNanos / 1e9 + " s, not started>";
        }
    }
}
