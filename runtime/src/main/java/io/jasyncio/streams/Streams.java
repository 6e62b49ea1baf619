package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * asyncio's high-level networking: {@code open_connection} and {@code start_server}, on
 * non-blocking {@code java.nio} channels watched by the running loop's selector. For static import.
 *
 * <pre>{@code
 * Connection c = await(Streams.openConnection("127.0.0.1", 8888));
 * c.writer().write("hello\n".getBytes(UTF_8));
 * await(c.writer().drain());
 * byte[] line = await(c.reader().readline());
 * }</pre>
 *
 * <p>Every method must be called on the loop's thread (from a coroutine or callback); the loop is
 * {@link Asyncio#getEventLoop()}. I/O errors reach the awaiter as {@link UncheckedIOException}
 * wrapping the {@link IOException} (so an {@code @Async} method can catch them).
 */
public final class Streams {
    private Streams() {}

    /**
     * Connects to {@code host:port} (each resolved address in turn, until one accepts) and
     * returns the connection's reader and writer.
     *
     * @return an awaitable of the connection; it fails with {@link UncheckedIOException} (for
     *     instance wrapping {@link java.net.ConnectException}) if no address accepts. Cancelling
     *     it abandons the attempt and closes the socket.
     */
    public static Future<Connection> openConnection(String host, int port) {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /** As {@link #openConnection(String, int)}, with the reader's line limit in bytes. */
    public static Future<Connection> openConnection(String host, int port, int limit) {
        checkLimit(limit);
        EventLoop loop = Asyncio.getEventLoop();
        Future<Connection> result = loop.createFuture();
        Future<List<InetAddress>> addresses = Resolver.resolve(loop, host);
        addresses.addDoneCallback(r -> {
            if (result.done()) {
                return;
            }
            if (r.exception() != null) {
                result.setException(r.exception());
                return;
            }
            new Connector(loop, r.result(), port, limit, result).next(null);
        });
        return result;
    }

    /**
     * Listens on {@code host:port} and calls {@code handler} with a reader and a writer for each
     * accepted connection. {@code host} null or empty listens on every interface; a name bound
     * to several addresses (such as {@code localhost}) gets one listening socket per address.
     * Port 0 picks a free port (see {@link Server#addresses()}). Sockets use SO_REUSEADDR and
     * asyncio's backlog of 100 ({@link ServerOptions} sets others).
     *
     * @return an awaitable of the serving server; it fails with {@link UncheckedIOException} if
     *     the name cannot be resolved or an address cannot be bound (then nothing stays bound)
     */
    public static Future<Server> startServer(ClientConnectedHandler handler, String host, int port) {
        return startServer(handler, host, port, StreamReader.DEFAULT_LIMIT);
    }

    /** As {@link #startServer(ClientConnectedHandler, String, int)}, with the readers' line limit in bytes. */
    public static Future<Server> startServer(ClientConnectedHandler handler, String host, int port, int limit) {
        return startServer(handler, host, port, ServerOptions.defaults().limit(limit));
    }

    /**
     * As {@link #startServer(ClientConnectedHandler, String, int)}, with the line limit, listen
     * backlog and socket options of {@code options}.
     *
     * @throws UnsupportedOperationException (from the future) if {@code reusePort} is asked where
     *     the system has no SO_REUSEPORT
     */
    public static Future<Server> startServer(
            ClientConnectedHandler handler, String host, int port, ServerOptions options) {
        checkHandler(handler);
        if (options == null) {
            throw new NullPointerException("options");
        }
        EventLoop loop = Asyncio.getEventLoop();
        Future<Server> result = loop.createFuture();
        if (host == null || host.isEmpty()) {
            bind(loop, List.of(new InetSocketAddress(port)), handler, options, result);
            return result;
        }
        Resolver.resolve(loop, host).addDoneCallback(r -> {
            if (result.done()) {
                return;
            }
            if (r.exception() != null) {
                result.setException(r.exception());
                return;
            }
            List<InetSocketAddress> endpoints = new ArrayList<>();
            for (InetAddress a : new LinkedHashSet<>(r.result())) {
                endpoints.add(new InetSocketAddress(a, port));
            }
            bind(loop, endpoints, handler, options, result);
        });
        return result;
    }

    /**
     * Serves on an already bound {@code channel} (asyncio's {@code start_server(sock=...)}). The
     * server owns the channel from now on and closes it in {@link Server#close()}.
     *
     * @throws IllegalArgumentException if the channel is not bound
     */
    public static Future<Server> startServer(ClientConnectedHandler handler, ServerSocketChannel channel) {
        return startServer(handler, channel, StreamReader.DEFAULT_LIMIT);
    }

    /** As {@link #startServer(ClientConnectedHandler, ServerSocketChannel)}, with the readers' line limit. */
    public static Future<Server> startServer(ClientConnectedHandler handler, ServerSocketChannel channel, int limit) {
        checkHandler(handler);
        checkLimit(limit);
        try {
            if (channel.getLocalAddress() == null) {
                throw new IllegalArgumentException("the server channel is not bound: " + channel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EventLoop loop = Asyncio.getEventLoop();
        Future<Server> result = loop.createFuture();
        result.setResult(new Server(
                loop, List.of(channel), handler, ServerOptions.defaults().limit(limit)));
        return result;
    }

    // ---- for the package ----

    /** A transport for a connected channel: non-blocking, TCP_NODELAY as in asyncio. */
    static SocketTransport transport(EventLoop loop, SocketChannel ch, int limit) {
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SocketTransport(loop, ch, new StreamReader(loop, limit));
    }

    private static void bind(
            EventLoop loop,
            List<InetSocketAddress> endpoints,
            ClientConnectedHandler handler,
            ServerOptions options,
            Future<Server> result) {
        List<ServerSocketChannel> bound = new ArrayList<>();
        try {
            for (InetSocketAddress endpoint : endpoints) {
                ServerSocketChannel s = ServerSocketChannel.open();
                bound.add(s);
                s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (options.reusePort()) {
                    if (!s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this system");
                    }
                    s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                s.bind(endpoint, options.backlog());
            }
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel s : bound) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            result.setException(
                    e instanceof IOException
                            ? new UncheckedIOException(
                                    "cannot listen on " + endpoints + ": " + e.getMessage(), (IOException) e)
                            : e);
            return;
        }
        result.setResult(new Server(loop, bound, handler, options));
    }

    private static void checkHandler(ClientConnectedHandler handler) {
        if (handler == null) {
            throw new NullPointerException("handler");
        }
    }

    private static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }
}
