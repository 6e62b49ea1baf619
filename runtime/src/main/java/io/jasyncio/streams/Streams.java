package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.LoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

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
        return openConnection(host, port, limit, null, null);
    }

    /**
     * Connects to {@code host:port} over TLS (asyncio's {@code open_connection(ssl=context,
     * server_hostname=...)}): the awaitable completes once the handshake is done, and the
     * connection reads and writes plain bytes. The server's certificate chain is checked by the
     * context's trust managers, and its name against {@code serverHostname}.
     *
     * <pre>{@code
     * SSLContext tls = SSLContext.getDefault(); // the JDK's trusted CAs
     * Connection c = await(Streams.openConnection("example.org", 443, tls, "example.org"));
     * }</pre>
     *
     * @param serverHostname the name the certificate must match, also sent as SNI; null to skip
     *     the name check (asyncio's {@code server_hostname=''} with {@code check_hostname} off)
     * @return an awaitable of the connection; it fails with {@link UncheckedIOException} if no
     *     address accepts, or wrapping the {@link javax.net.ssl.SSLException} if the handshake
     *     fails (a certificate not trusted, a name that does not match, a peer that is not TLS),
     *     or if it takes longer than 60 s
     */
    public static Future<Connection> openConnection(String host, int port, SSLContext context, String serverHostname) {
        if (context == null) {
            throw new NullPointerException("context: use openConnection(host, port) for plain TCP");
        }
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT, context, serverHostname);
    }

    private static Future<Connection> openConnection(
            String host, int port, int limit, SSLContext context, String serverHostname) {
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
            new Connector(loop, r.result(), port, limit, result, context, serverHostname).next(null);
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
     * Listens on {@code host:port} on every loop of {@code group}, each connection handled on one
     * loop for its whole life; see {@link GroupServer}. Connections are spread by SO_REUSEPORT
     * where the system has it ({@link GroupServer.Spread#REUSE_PORT}), else by one acceptor
     * handing them to the loops in turn. May be called from any thread: name lookup and binding
     * run on a helper thread.
     *
     * @return a CompletableFuture of the serving group server (await it in a coroutine, join it
     *     in a plain thread); it fails with {@link UncheckedIOException} if the name cannot be
     *     resolved or an address cannot be bound (then nothing stays bound)
     */
    public static CompletableFuture<GroupServer> startServer(
            LoopGroup group, ClientConnectedHandler handler, String host, int port, ServerOptions options) {
        return startServer(
                group,
                handler,
                host,
                port,
                options,
                reusePortSupported() ? GroupServer.Spread.REUSE_PORT : GroupServer.Spread.ONE_ACCEPTOR);
    }

    /** As {@link #startServer(LoopGroup, ClientConnectedHandler, String, int, ServerOptions)}, spreading as {@code spread} says. */
    public static CompletableFuture<GroupServer> startServer(
            LoopGroup group,
            ClientConnectedHandler handler,
            String host,
            int port,
            ServerOptions options,
            GroupServer.Spread spread) {
        checkHandler(handler);
        if (group == null || options == null || spread == null) {
            throw new NullPointerException(group == null ? "group" : options == null ? "options" : "spread");
        }
        return GroupServer.start(group, handler, host, port, options, spread);
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

    // ---- Unix domain sockets ----

    /**
     * Connects to the Unix domain socket at {@code path} (asyncio's {@code open_unix_connection}).
     *
     * @return an awaitable of the connection; it fails with {@link UncheckedIOException} (for
     *     instance wrapping {@link java.net.SocketException} if nothing listens there)
     */
    public static Future<Connection> openUnixConnection(Path path) {
        return openUnixConnection(path, StreamReader.DEFAULT_LIMIT);
    }

    /** As {@link #openUnixConnection(Path)}, with the reader's line limit in bytes. */
    public static Future<Connection> openUnixConnection(Path path, int limit) {
        checkLimit(limit);
        EventLoop loop = Asyncio.getEventLoop();
        Future<Connection> result = loop.createFuture();
        new Connector(loop, List.of(UnixDomainSocketAddress.of(path)), limit, result, null, null).next(null);
        return result;
    }

    /**
     * Listens on the Unix domain socket at {@code path} (asyncio's {@code start_unix_server}). A
     * socket file left there by an earlier server is replaced, as asyncio does; any other file
     * there is an error. {@link Server#close()} removes the socket file (asyncio 3.13's
     * {@code cleanup_socket}), unless another file took its place meanwhile.
     *
     * @return an awaitable of the serving server; it fails with {@link UncheckedIOException} if
     *     the path cannot be bound
     */
    public static Future<Server> startUnixServer(ClientConnectedHandler handler, Path path) {
        return startUnixServer(handler, path, ServerOptions.defaults());
    }

    /** As {@link #startUnixServer(ClientConnectedHandler, Path)}, with the line limit and backlog of {@code options} (not TLS). */
    public static Future<Server> startUnixServer(ClientConnectedHandler handler, Path path, ServerOptions options) {
        checkHandler(handler);
        EventLoop loop = Asyncio.getEventLoop();
        Future<Server> result = loop.createFuture();
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .isOther()) {
                Files.delete(path); // a stale socket of an earlier server
            }
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                s.bind(UnixDomainSocketAddress.of(path), options.backlog());
            } catch (IOException e) {
                s.close();
                throw e;
            }
            result.setResult(new Server(loop, List.of(s), handler, options));
        } catch (IOException e) {
            result.setException(new UncheckedIOException("cannot listen on " + path + ": " + e.getMessage(), e));
        }
        return result;
    }

    // ---- subprocesses ----

    /**
     * Starts {@code program} with {@code args}, stdin, stdout and stderr piped (asyncio's {@code
     * create_subprocess_exec(..., stdin=PIPE, stdout=PIPE, stderr=PIPE)}; a Java
     * {@link ProcessBuilder}'s default). See {@link Subprocess}.
     *
     * @return an awaitable of the running child; it fails with {@link UncheckedIOException} if
     *     it cannot be started (for instance no such program)
     */
    public static Future<Subprocess> createSubprocessExec(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        return createSubprocess(new ProcessBuilder(command));
    }

    /** As {@link #createSubprocessExec}, running {@code command} with {@code /bin/sh -c} (asyncio's {@code create_subprocess_shell}). */
    public static Future<Subprocess> createSubprocessShell(String command) {
        return createSubprocess(new ProcessBuilder("/bin/sh", "-c", command));
    }

    /**
     * Starts the process {@code builder} describes (command, directory, environment, redirects):
     * each stream redirected to {@link ProcessBuilder.Redirect#PIPE} becomes a stream of the
     * {@link Subprocess}; others (inherited, a file, discarded) have none.
     */
    public static Future<Subprocess> createSubprocess(ProcessBuilder builder) {
        return Subprocess.start(builder);
    }

    // ---- UDP ----

    /**
     * Opens a UDP endpoint bound to {@code localHost:localPort} (port 0 picks one; host null or
     * empty: every interface); asyncio's {@code create_datagram_endpoint(local_addr=...)}.
     *
     * @return an awaitable of the endpoint; it fails with {@link UncheckedIOException} if the
     *     address cannot be resolved or bound
     */
    public static Future<DatagramEndpoint> openDatagramEndpoint(String localHost, int localPort) {
        return openDatagramEndpoint(localHost, localPort, null, 0);
    }

    /**
     * As {@link #openDatagramEndpoint(String, int)}, connected to {@code remoteHost:remotePort}
     * (asyncio's {@code remote_addr=}): {@link DatagramEndpoint#send} goes there, only its
     * datagrams are received, and an ICMP "port unreachable" from it fails the next recvfrom. A
     * null {@code localHost} with port 0 binds wherever the system picks.
     */
    public static Future<DatagramEndpoint> openDatagramEndpoint(
            String localHost, int localPort, String remoteHost, int remotePort) {
        EventLoop loop = Asyncio.getEventLoop();
        Future<DatagramEndpoint> result = loop.createFuture();
        Future<List<InetAddress>> local =
                localHost == null || localHost.isEmpty() ? completed(loop, null) : Resolver.resolve(loop, localHost);
        Future<List<InetAddress>> peer =
                remoteHost == null ? completed(loop, null) : Resolver.resolve(loop, remoteHost);
        local.addDoneCallback(l -> peer.addDoneCallback(r -> {
            if (result.done()) {
                return;
            }
            Throwable e = l.exception() != null ? l.exception() : r.exception();
            if (e != null) {
                result.setException(e);
                return;
            }
            InetSocketAddress remote =
                    r.result() == null ? null : new InetSocketAddress(r.result().get(0), remotePort);
            InetSocketAddress bindTo = l.result() == null
                    ? new InetSocketAddress(localPort)
                    : new InetSocketAddress(l.result().get(0), localPort);
            DatagramChannel ch = null;
            try {
                ch = DatagramChannel.open(
                        (remote != null ? remote.getAddress() : bindTo.getAddress()) instanceof java.net.Inet6Address
                                ? StandardProtocolFamily.INET6
                                : StandardProtocolFamily.INET);
                if (l.result() != null || localPort != 0 || remote == null) {
                    ch.bind(bindTo);
                }
                if (remote != null) {
                    ch.connect(remote);
                }
                ch.configureBlocking(false);
                result.setResult(new DatagramEndpoint(loop, ch, remote));
            } catch (IOException | RuntimeException ex) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // already failing
                    }
                }
                result.setException(
                        ex instanceof IOException
                                ? new UncheckedIOException(
                                        "cannot open a datagram endpoint on " + bindTo
                                                + (remote != null ? " to " + remote : "") + ": " + ex.getMessage(),
                                        (IOException) ex)
                                : ex);
            }
        }));
        return result;
    }

    private static <T> Future<T> completed(EventLoop loop, T value) {
        Future<T> f = loop.createFuture();
        f.setResult(value);
        return f;
    }

    // ---- for the package ----

    /** A transport for a connected channel: non-blocking, TCP_NODELAY as in asyncio. */
    static SocketTransport transport(EventLoop loop, SocketChannel ch, int limit) {
        try {
            ch.configureBlocking(false);
            if (ch.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) { // not on Unix sockets
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
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
        List<ServerSocketChannel> bound;
        try {
            bound = bindAll(endpoints, options);
        } catch (RuntimeException e) {
            result.setException(e);
            return;
        }
        result.setResult(new Server(loop, bound, handler, options));
    }

    /**
     * Opens a listening socket on each endpoint, with SO_REUSEADDR, the options' backlog and (if
     * asked) SO_REUSEPORT; all or nothing.
     *
     * @throws UncheckedIOException if an endpoint cannot be bound (none stays bound)
     * @throws UnsupportedOperationException if SO_REUSEPORT is asked where the system has none
     */
    static List<ServerSocketChannel> bindAll(List<InetSocketAddress> endpoints, ServerOptions options) {
        List<ServerSocketChannel> bound = new ArrayList<>();
        try {
            for (InetSocketAddress endpoint : endpoints) {
                ServerSocketChannel s = ServerSocketChannel.open();
                bound.add(s);
                s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (options.reusePort()) {
                    if (!supportsReusePort(s)) {
                        throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this system");
                    }
                    s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                s.bind(endpoint, options.backlog());
            }
            return bound;
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel s : bound) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            if (e instanceof IOException) {
                throw new UncheckedIOException(
                        "cannot listen on " + endpoints + ": " + e.getMessage(), (IOException) e);
            }
            throw (RuntimeException) e;
        }
    }

    private static boolean supportsReusePort(ServerSocketChannel s) {
        return s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    }

    /** True if listening sockets can share a port here (SO_REUSEPORT). */
    static boolean reusePortSupported() {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            return supportsReusePort(s);
        } catch (IOException e) {
            return false;
        }
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
