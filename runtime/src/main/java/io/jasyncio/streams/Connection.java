package io.jasyncio.streams;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Future;

/**
 * The two ends {@link Streams#openConnection} gives: asyncio's {@code (reader, writer)} pair.
 *
 * <p>In a try-with-resources block of an {@code @Async} method, the end of the block closes the
 * connection and waits until its socket is closed:
 *
 * <pre>{@code
 * try (Connection c = await(Streams.openConnection("example.com", 80))) {
 *     c.writer().write(request);
 *     byte[] status = await(c.reader().readline());
 * }
 * }</pre>
 *
 * @param reader the connection's reading side
 * @param writer the connection's writing side
 */
public record Connection(StreamReader reader, StreamWriter writer) implements AsyncCloseable {
    /** Starts closing the connection without waiting: {@link StreamWriter#close()}. */
    @Override
    public void close() {
        writer.close();
    }

    /** Closes the connection and waits until its socket is closed: {@link StreamWriter#aclose(Throwable)}. */
    @Override
    public Future<Void> aclose(Throwable pendingOrNull) {
        return writer.aclose(pendingOrNull);
    }
}
