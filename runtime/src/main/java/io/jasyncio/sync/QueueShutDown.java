package io.jasyncio.sync;

/**
 * Thrown by a {@link Queue}'s put methods after {@link Queue#shutdown()}, and by its get methods
 * once it is shut down and empty; asyncio's {@code QueueShutDown} (Python 3.13).
 */
public class QueueShutDown extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public QueueShutDown() {
        super("the queue is shut down");
    }
}
