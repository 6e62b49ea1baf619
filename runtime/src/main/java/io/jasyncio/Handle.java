package io.jasyncio;

/**
 * A callback scheduled on an {@link EventLoop} by {@code callSoon}, {@code callSoonThreadsafe},
 * {@code callLater} or {@code callAt}; asyncio's {@code Handle}. Cancelling it before it runs
 * keeps it from running.
 */
public class Handle {
    private Runnable callback;
    private volatile boolean cancelled;

    Handle(Runnable callback) {
        this.callback = callback;
    }

    /** Keeps the callback from running, if it has not run yet. Idempotent. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
        }
    }

    /** True if {@link #cancel()} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Runs the callback unless cancelled; exceptions go to the caller (the loop). */
    final void run() {
        Runnable cb = callback;
        if (!cancelled && cb != null) {
            cb.run();
        }
    }

    Runnable callback() {
        return callback;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + (cancelled ? " cancelled" : " " + callback) + ">";
    }
}
