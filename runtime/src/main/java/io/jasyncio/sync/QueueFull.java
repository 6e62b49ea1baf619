package io.jasyncio.sync;

/**
 * Thrown by {@link Queue#putNowait} when the queue holds {@code maxsize} items; asyncio's {@code
 * QueueFull}. An {@link IllegalStateException}, as {@code java.util.Queue.add} throws on a full
 * queue.
 */
public class QueueFull extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public QueueFull() {
        super("the queue is full");
    }
}
