package io.jasyncio;

/**
 * A task as the loop queues it: each entry in the ready queue is one step. Every task is one of
 * these; {@link Task} holds all of the logic.
 */
final class QueuedTask<T> extends Task<T> implements ReadyItem {
    QueuedTask(EventLoop loop, Coroutine<T> coro, String name, Context context) {
        super(loop, coro, name, context);
    }

    @Override
    public void runReady(EventLoop loop) {
        wakeUp();
    }
}
