package io.jasyncio;

/** The handle of a callback scheduled by {@code callSoon} or {@code callSoonThreadsafe}, as queued. */
class QueuedCallback extends Handle implements ReadyItem {
    QueuedCallback(Runnable callback) {
        super(callback);
    }

    @Override
    public void runReady(EventLoop loop) {
        runReporting(loop);
    }
}
