package io.jasyncio.streams;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * The writing side of a connection; asyncio's {@code StreamWriter}. Made by {@link
 * Streams#openConnection} and {@link Streams#startServer}, not by users.
 *
 * <p>{@link #write} never blocks and never suspends: what the socket does not take at once is
 * buffered. Await {@link #drain()} after writing to wait while the buffer is above its high-water
 * mark (64 KiB) until it falls to the low-water mark (16 KiB); that is the back-pressure on a
 * slow peer. Not thread-safe: use it from its loop only.
 *
 * <p>In a try-with-resources block of an {@code @Async} method, the end of the block closes the
 * writer and waits until the socket is closed ({@link #aclose(Throwable)}).
 */
public final class StreamWriter implements AsyncCloseable {
    private final SocketTransport transport;
    /** Kept from the start, so they stay known after the socket is closed (as asyncio's extra info). */
    private final SocketAddress peername;

    private final SocketAddress sockname;

    StreamWriter(SocketTransport transport) {
        this.transport = transport;
        this.peername = address(transport, true);
        this.sockname = address(transport, false);
    }

    /**
     * Writes {@code data} (copied if it must be buffered). Writes after the connection was lost
     * are dropped, as in asyncio.
     *
     * @throws IllegalStateException after {@link #writeEof()}
     */
    public void write(byte[] data) {
        transport.write(data, 0, data.length);
    }

    /** Writes {@code length} bytes of {@code data} from {@code offset}; as {@link #write(byte[])}. */
    public void write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        transport.write(data, offset, length);
    }

    /** Writes each array in order; as {@link #write(byte[])}. */
    public void writelines(Iterable<byte[]> lines) {
        for (byte[] line : lines) {
            write(line);
        }
    }

    /**
     * An awaitable that completes when it is fine to write more: at once if the write buffer is
     * below the high-water mark, else once it drained to the low-water mark.
     *
     * <p>Fails with the connection's {@link java.io.UncheckedIOException} if it failed (reset,
     * broken pipe), or with one wrapping {@code SocketException("Connection lost")} if it was
     * closed; asyncio's {@code ConnectionResetError}.
     */
    public Future<Void> drain() {
        return transport.drain();
    }

    /** Shuts down the sending side once the buffered bytes are sent; the peer reads EOF. Reading goes on. */
    public void writeEof() {
        transport.writeEof();
    }

    /** True: a TCP socket can send EOF and keep reading. */
    public boolean canWriteEof() {
        return true;
    }

    /**
     * Closes the connection once the buffered bytes are sent; stops reading at once. Idempotent.
     * Does not wait: await {@link #waitClosed()} for that, or {@link #aclose()}.
     */
    @Override
    public void close() {
        transport.close();
    }

    /** True once {@link #close()} was called or the connection was lost. */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * An awaitable that completes once the socket is closed; it fails with the connection's
     * exception if the connection failed (asyncio's {@code wait_closed}).
     */
    public Future<Void> waitClosed() {
        return transport.closed();
    }

    /**
     * {@link #close()}, then {@link #waitClosed()}: the end of a try-with-resources block on this
     * writer (see {@link AsyncCloseable}).
     */
    @Override
    public Future<Void> aclose(Throwable pendingOrNull) {
        close();
        return waitClosed();
    }

    /** The reader of the same connection. */
    public StreamReader reader() {
        return transport.reader();
    }

    /**
     * asyncio's {@code get_extra_info}: {@code "peername"} and {@code "sockname"} give the remote
     * and local {@link SocketAddress}, {@code "socket"} the {@link java.nio.channels.SocketChannel}.
     * The addresses are those of the connection's start, also after it closed. Anything else gives null.
     */
    public Object getExtraInfo(String name) {
        switch (name) {
            case "peername":
                return peername;
            case "sockname":
                return sockname;
            case "socket":
                return transport.channel();
            default:
                return null;
        }
    }

    /** As {@link #getExtraInfo(String)}, with a default for an unknown or missing value. */
    public Object getExtraInfo(String name, Object defaultValue) {
        Object v = getExtraInfo(name);
        return v != null ? v : defaultValue;
    }

    private static SocketAddress address(SocketTransport transport, boolean remote) {
        try {
            return remote
                    ? transport.channel().getRemoteAddress()
                    : transport.channel().getLocalAddress();
        } catch (IOException closedAlready) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "<StreamWriter " + transport + ">";
    }
}
