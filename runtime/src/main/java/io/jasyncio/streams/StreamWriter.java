package io.jasyncio.streams;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Future;
import java.net.SocketAddress;
import java.util.Objects;
import javax.net.ssl.SSLContext;

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
    private Transport transport;
    /** The socket under a TLS session: what {@link #startTls} wraps; null for a pipe. */
    private final SocketTransport socket;
    /** True for a connection accepted by a server: {@link #startTls} then takes the server's side. */
    private final boolean serverSide;
    /** Kept from the start, so they stay known after the socket is closed (as asyncio's extra info). */
    private final SocketAddress peername;

    private final SocketAddress sockname;

    StreamWriter(Transport transport) {
        this(transport, null, false);
    }

    StreamWriter(Transport transport, SocketTransport socket, boolean serverSide) {
        this.transport = transport;
        this.socket = socket;
        this.serverSide = serverSide;
        this.peername = (SocketAddress) transport.extraInfo("peername");
        this.sockname = (SocketAddress) transport.extraInfo("sockname");
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

    /**
     * Shuts down the sending side once the buffered bytes are sent; the peer reads EOF. Reading goes on.
     *
     * @throws UnsupportedOperationException on a TLS connection (see {@link #canWriteEof()})
     */
    public void writeEof() {
        transport.writeEof();
    }

    /** True if {@link #writeEof()} works: a TCP or Unix socket, or a pipe; not TLS, which cannot half-close. */
    public boolean canWriteEof() {
        return transport.canWriteEof();
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

    /**
     * Upgrades the connection to TLS (asyncio's {@code start_tls}), for protocols that start in
     * plain text (STARTTLS): from now on writes are encrypted and the reader gets decrypted
     * bytes. Bytes already written are sent first, in plain text; bytes received and not yet
     * read are taken as the start of the TLS handshake. On a connection a {@link Server}
     * accepted, this side is the TLS server; otherwise the client, checking that the server's
     * certificate names {@code serverHostname}.
     *
     * @param serverHostname the name the server's certificate must match (and the SNI sent);
     *     ignored on the server side; null: no check of the name (the chain is still verified)
     * @return an awaitable that completes when the handshake is done; it fails with {@link
     *     java.io.UncheckedIOException} wrapping the {@link javax.net.ssl.SSLException} if the
     *     handshake fails, and the connection is then aborted
     * @throws IllegalStateException if the connection is closing or already TLS
     */
    public Future<Void> startTls(SSLContext context, String serverHostname) {
        if (context == null) {
            throw new NullPointerException("context");
        }
        if (socket == null || transport != socket) {
            throw new IllegalStateException("startTls on a connection that is already TLS, or not a socket: " + this);
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("startTls on a closing connection: " + this);
        }
        TlsTransport tls = TlsTransport.over(
                socket, context, serverSide, serverHostname, ServerOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT);
        transport = tls;
        return tls.handshake();
    }

    /** The reader of the same connection. */
    public StreamReader reader() {
        return transport.reader();
    }

    /**
     * asyncio's {@code get_extra_info}: {@code "peername"} and {@code "sockname"} give the remote
     * and local {@link SocketAddress} (those of the connection's start, also after it closed),
     * {@code "socket"} the {@link java.nio.channels.SocketChannel}; on a TLS connection {@code
     * "ssl_object"} gives the {@link javax.net.ssl.SSLEngine}, {@code "peercert"} the peer's
     * certificate chain ({@code java.security.cert.Certificate[]}, null if it sent none) and
     * {@code "cipher"} the cipher suite's name. Anything else gives null.
     */
    public Object getExtraInfo(String name) {
        switch (name) {
            case "peername":
                return peername;
            case "sockname":
                return sockname;
            default:
                return transport.extraInfo(name);
        }
    }

    /** As {@link #getExtraInfo(String)}, with a default for an unknown or missing value. */
    public Object getExtraInfo(String name, Object defaultValue) {
        Object v = getExtraInfo(name);
        return v != null ? v : defaultValue;
    }

    @Override
    public String toString() {
        return "<StreamWriter " + transport + ">";
    }
}
