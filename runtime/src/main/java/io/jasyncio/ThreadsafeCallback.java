package io.jasyncio;

/**
 * A callback the runtime schedules from another thread on behalf of someone waiting for it (a
 * {@code runCoroutineThreadsafe} caller): if the loop closes before running it, that someone must
 * hear of it rather than wait forever.
 */
final class ThreadsafeCallback extends QueuedCallback {
    private final Runnable onDropped;

    ThreadsafeCallback(Runnable callback, Runnable onDropped) {
        super(callback);
        this.onDropped = onDropped;
    }

    /** The loop closed without running the callback. */
    void dropped() {
        onDropped.run();
    }
}
