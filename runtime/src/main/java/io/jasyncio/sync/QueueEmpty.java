package io.jasyncio.sync;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link Queue#getNowait()} when the queue is empty; asyncio's {@code QueueEmpty}. A
 * {@link NoSuchElementException}, as {@code java.util.Queue.remove()} throws on an empty queue.
 */
public class QueueEmpty extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    public QueueEmpty() {
        super("the queue is empty");
    }
}
