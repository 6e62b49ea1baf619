package io.jasyncio;

/**
 * A callback scheduled on an {@link EventLoop} by {@code callSoon}, {@code callSoonThreadsafe},
 * {@code callLater} or {@code callAt}; asyncio's {@code Handle}. Cancelling it before it runs
 * keeps it from running.
 */
public abstract class Handle {
    private Runnable callback;
    private volatile boolean cancelled;
    /** The context the callback runs in (a copy made when it was scheduled); null: empty, none made yet. */
    Context context;

    /** Only the loop makes handles. */
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

    /** Runs the callback unless cancelled; what it throws goes to the loop's exception handler. */
    final void runReporting(EventLoop loop) {
        Runnable cb = callback;
        if (!cancelled && cb != null) {
            loop.currentHandle = this; // whose context is current: see Context
            try {
                cb.run();
            } catch (Throwable t) {
                loop.reportCallbackError(t, this);
            } finally {
                loop.currentHandle = null;
            }
        }
    }

    /** The handle's context; if it has none yet, a new empty one if {@code create}, else null. */
    Context context(boolean create) {
        if (context == null && create) {
            context = new Context();
        }
        return context;
    }

    Runnable callback() {
        return callback;
    }

    /** The name toString shows: the public type's, not the queued subclass's. */
    String typeName() {
        return "Handle";
    }

    @Override
    public String toString() {
        return "<" + typeName() + (cancelled ? " cancelled" : " " + callback) + ">";
    }
}
