package io.jasyncio.streams;

import io.jasyncio.Awaitable;

/**
 * What {@link Streams#startServer} calls for each accepted connection; asyncio's {@code
 * client_connected_cb}. Usually a method reference to an {@code @Async} method:
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Void> handle(StreamReader reader, StreamWriter writer) { ... }
 *
 * Server server = await(Streams.startServer(Echo::handle, "127.0.0.1", 8888));
 * }</pre>
 */
@FunctionalInterface
public interface ClientConnectedHandler {
    /**
     * Handles one connection. A returned coroutine runs as a task of the server's loop; another
     * awaitable is waited for; null means the handler is a plain callback that finished. When
     * what it returned completes, the connection is closed (flushing buffered writes); if it
     * failed, the connection is aborted and the error goes to the loop's exception handler.
     * The connection is closed the same way if the handler itself throws.
     */
    Awaitable<?> handle(StreamReader reader, StreamWriter writer);
}
