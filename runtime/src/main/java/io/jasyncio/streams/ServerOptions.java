package io.jasyncio.streams;

import javax.net.ssl.SSLContext;

/**
 * The settings of {@link Streams#startServer(ClientConnectedHandler, String, int, ServerOptions)}:
 * asyncio's keyword arguments of {@code start_server}. Immutable: each setter returns a changed
 * copy.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults().backlog(1000);
 * Server server = await(Streams.startServer(Echo::handle, "0.0.0.0", 8888, options));
 * }</pre>
 */
public final class ServerOptions {
    /** asyncio's listen backlog: 100. */
    public static final int DEFAULT_BACKLOG = 100;

    /** asyncio's TLS handshake timeout: 60 seconds. */
    public static final double DEFAULT_SSL_HANDSHAKE_TIMEOUT = 60.0;

    private static final ServerOptions DEFAULTS =
            new ServerOptions(StreamReader.DEFAULT_LIMIT, DEFAULT_BACKLOG, false, null, DEFAULT_SSL_HANDSHAKE_TIMEOUT);

    private final int limit;
    private final int backlog;
    private final boolean reusePort;
    private final SSLContext ssl;
    private final double sslHandshakeTimeout;

    private ServerOptions(int limit, int backlog, boolean reusePort, SSLContext ssl, double sslHandshakeTimeout) {
        this.limit = limit;
        this.backlog = backlog;
        this.reusePort = reusePort;
        this.ssl = ssl;
        this.sslHandshakeTimeout = sslHandshakeTimeout;
    }

    /** Line limit 64 KiB, backlog 100, no SO_REUSEPORT, plain TCP (no TLS), TLS handshake timeout 60 s. */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The readers' line limit in bytes ({@link StreamReader#limit()}).
     *
     * @throws IllegalArgumentException if not positive
     */
    public ServerOptions limit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return new ServerOptions(limit, backlog, reusePort, ssl, sslHandshakeTimeout);
    }

    /**
     * The listen backlog: how many connections the system queues before the server accepts them
     * (capped by the system, {@code net.core.somaxconn} on Linux). A burst of connects larger than
     * the backlog overflows the queue, and the overflowing clients wait for their SYN to be
     * retried (1 s, then 2, 4, 8 ... s): raise it for servers that take connection storms.
     *
     * @throws IllegalArgumentException if not positive
     */
    public ServerOptions backlog(int backlog) {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        return new ServerOptions(limit, backlog, reusePort, ssl, sslHandshakeTimeout);
    }

    /**
     * Sets SO_REUSEPORT, so several sockets (of this process or others) can listen on the same
     * port and the system spreads the connections over them; asyncio's {@code reuse_port=True}.
     * Where the system has no SO_REUSEPORT, starting the server fails with {@link
     * UnsupportedOperationException}.
     */
    public ServerOptions reusePort(boolean reusePort) {
        return new ServerOptions(limit, backlog, reusePort, ssl, sslHandshakeTimeout);
    }

    /**
     * Serves TLS with {@code context} (null: plain TCP); asyncio's {@code ssl=}. Each accepted
     * connection does its handshake first; the handler is called once it succeeded. A connection
     * whose handshake fails (a plain-text client, a bad certificate, a peer that stops halfway and
     * times out) is closed without calling the handler; the failure is reported through the
     * loop's exception handler only in debug mode, as asyncio does.
     */
    public ServerOptions ssl(SSLContext context) {
        return new ServerOptions(limit, backlog, reusePort, context, sslHandshakeTimeout);
    }

    /**
     * How long a TLS handshake may take, in seconds, before the connection is aborted (asyncio's
     * {@code ssl_handshake_timeout}, default 60).
     *
     * @throws IllegalArgumentException if not positive
     */
    public ServerOptions sslHandshakeTimeout(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("sslHandshakeTimeout must be positive, got " + seconds);
        }
        return new ServerOptions(limit, backlog, reusePort, ssl, seconds);
    }

    /** The TLS context, or null for plain TCP. */
    public SSLContext ssl() {
        return ssl;
    }

    /** The TLS handshake timeout in seconds. */
    public double sslHandshakeTimeout() {
        return sslHandshakeTimeout;
    }

    /** The readers' line limit. */
    public int limit() {
        return limit;
    }

    /** The listen backlog. */
    public int backlog() {
        return backlog;
    }

    /** True if the listening sockets set SO_REUSEPORT. */
    public boolean reusePort() {
        return reusePort;
    }

    @Override
    public String toString() {
        return "ServerOptions[limit=" + limit + ", backlog=" + backlog + ", reusePort=" + reusePort + ", ssl="
                + (ssl != null) + ", sslHandshakeTimeout=" + sslHandshakeTimeout + "]";
    }
}
