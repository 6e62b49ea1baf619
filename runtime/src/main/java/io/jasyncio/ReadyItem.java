package io.jasyncio;

/**
 * What the loop's ready queue holds: a task's next step ({@link QueuedTask}), a due sleep ({@link
 * Sleep}), a callback's handle ({@link QueuedCallback}, {@link QueuedTimer}). The loop runs each
 * one, in queue order, by calling {@link #runReady}.
 *
 * <p>Package-private, so the public types that are queued ({@link Task}, {@link Handle}, {@link
 * TimerHandle}) do not implement it themselves, which would publish its method: the loop makes
 * package-private subclasses of them that do.
 */
interface ReadyItem {
    /**
     * Runs this item on the loop's thread. A callback's exception is reported through the loop's
     * exception handler here; a task step and a sleep report their own.
     */
    void runReady(EventLoop loop);
}
