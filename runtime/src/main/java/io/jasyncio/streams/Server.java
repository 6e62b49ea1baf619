package io.jasyncio.streams;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Listening sockets that accept connections and hand each to a handler; asyncio's {@code
 * Server}, made by {@link Streams#startServer}. It serves from its creation.
 *
 * <p>Lifecycle: serving, then closed ({@link #close()}: listening sockets closed, connections
 * left running), then done ({@link #waitClosed()} completes) once every connection is closed
 * too. {@link #closeClients()} and {@link #abortClients()} end the connections. Not thread-safe:
 * use it from its loop only.
 *
 * <p>In a try-with-resources block of an {@code @Async} method, the end of the block closes the
 * server and waits for it to be done, as Python's {@code async with server:} ({@link
 * #aclose(Throwable)}).
 */
public final class Server implements AsyncCloseable {
    /** Accepts per readiness event, as asyncio's backlog-sized accept loop. */
    private static final int ACCEPTS_PER_EVENT = 100;
    /** asyncio and Netty back off this long when accept fails (for instance out of descriptors). */
    private static final double ACCEPT_RETRY_SECONDS = 1.0;

    private final EventLoop loop;
    private final List<ServerSocketChannel> sockets;
    private final ClientConnectedHandler handler;
    private final int limit;
    private final Consumer<SocketChannel> handOff;
    private final ServerOptions options;
    /** The socket files of Unix listeners and their identity at bind time, to remove only our own at close. */
    private final Map<Path, Object> unixFileKeys = new HashMap<>();

    private final Set<SocketTransport> connections = new LinkedHashSet<>();
    private final List<Future<Void>> closeWaiters = new ArrayList<>(1);
    private Future<Void> servingForever;
    private boolean closed;

    Server(EventLoop loop, List<ServerSocketChannel> sockets, ClientConnectedHandler handler, ServerOptions options) {
        this(loop, sockets, handler, options, null);
    }

    /** {@code handOff}, if not null, gets each accepted channel instead of this server (a group's acceptor). */
    Server(
            EventLoop loop,
            List<ServerSocketChannel> sockets,
            ClientConnectedHandler handler,
            ServerOptions options,
            Consumer<SocketChannel> handOff) {
        this.loop = loop;
        this.sockets = List.copyOf(sockets);
        this.handler = handler;
        this.handOff = handOff;
        this.limit = options.limit();
        this.options = options;
        for (ServerSocketChannel s : this.sockets) {
            Path p = unixPath(s);
            if (p != null) {
                unixFileKeys.put(p, fileKey(p));
            }
        }
        for (ServerSocketChannel s : this.sockets) {
            loop.addReader(s, () -> accept(s));
        }
    }

    /** The listening channels; empty once closed. */
    public List<ServerSocketChannel> sockets() {
        return closed ? List.of() : sockets;
    }

    /**
     * The Internet addresses of the listening channels (with the real port when bound to port 0);
     * empty once closed, and for a Unix socket server (see {@link #socketAddresses()}).
     */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (SocketAddress a : socketAddresses()) {
            if (a instanceof InetSocketAddress) {
                out.add((InetSocketAddress) a);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The local addresses of the listening channels, Internet or Unix ({@link UnixDomainSocketAddress}); empty once closed. */
    public List<SocketAddress> socketAddresses() {
        List<SocketAddress> out = new ArrayList<>();
        for (ServerSocketChannel s : sockets()) {
            try {
                out.add(s.getLocalAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** True until {@link #close()}. */
    public boolean isServing() {
        return !closed;
    }

    /** The loop the server runs on. */
    public EventLoop getLoop() {
        return loop;
    }

    /**
     * An awaitable that stays pending while the server serves; asyncio's {@code serve_forever}.
     * {@link #close()} cancels it (the awaiter gets a {@link io.jasyncio.CancelledError}, as in
     * asyncio); cancelling it (for instance by cancelling the awaiting task) closes the server.
     *
     * @throws IllegalStateException if the server is closed, or serveForever is already pending
     */
    public Future<Void> serveForever() {
        if (closed) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        if (servingForever != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serveForever()");
        }
        Future<Void> f = loop.createFuture();
        servingForever = f;
        f.addDoneCallback(done -> {
            servingForever = null;
            close();
        });
        return f;
    }

    /**
     * Stops listening: closes the listening sockets. Connections already accepted go on (see
     * {@link #closeClients()}). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServerSocketChannel s : sockets) {
            loop.removeReader(s);
            Path unixPath = unixPath(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a listening socket fails only if it is closed already
            }
            if (unixPath != null) {
                removeSocketFile(unixPath, unixFileKeys.get(unixPath));
            }
        }
        Future<Void> f = servingForever;
        if (f != null) {
            f.cancel();
        }
        wakeCloseWaitersIfDone();
    }

    /**
     * {@link #close()}, then {@link #waitClosed()}: the end of a try-with-resources block on this
     * server (see {@link AsyncCloseable}). As in Python, that waits for the open connections to
     * close too.
     */
    @Override
    public Future<Void> aclose(Throwable pendingOrNull) {
        close();
        return waitClosed();
    }

    /**
     * Closes every connection, flushing what each has buffered, TLS ones with {@code close_notify}
     * (asyncio 3.13's {@code close_clients}).
     */
    public void closeClients() {
        for (SocketTransport t : new ArrayList<>(connections)) {
            t.upper().close(); // a TLS connection sends close_notify first
        }
    }

    /** Closes every connection at once, dropping buffered writes (asyncio 3.13's {@code abort_clients}). */
    public void abortClients() {
        for (SocketTransport t : new ArrayList<>(connections)) {
            t.abort();
        }
    }

    /**
     * An awaitable that completes once the server is closed and all its connections are closed
     * (asyncio 3.12's {@code wait_closed}).
     */
    public Future<Void> waitClosed() {
        Future<Void> f = loop.createFuture();
        closeWaiters.add(f);
        wakeCloseWaitersIfDone();
        return f;
    }

    /** The number of open connections. */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public String toString() {
        return "<Server sockets=" + sockets() + " connections=" + connections.size() + (closed ? " closed" : "") + ">";
    }

    // ---- accepting ----

    private void accept(ServerSocketChannel listener) {
        for (int i = 0; i < ACCEPTS_PER_EVENT && !closed; i++) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                acceptFailed(listener, e);
                return;
            }
            if (ch == null) {
                return;
            }
            if (handOff != null) {
                handOff.accept(ch);
            } else {
                connected(ch);
            }
        }
    }

    /** Out of descriptors and the like: report, stop accepting for a second, then try again. */
    private void acceptFailed(ServerSocketChannel listener, IOException e) {
        Map<String, Object> context = new HashMap<>();
        context.put("message", "socket.accept() out of system resource");
        context.put("exception", e);
        context.put("server", this);
        loop.callExceptionHandler(context);
        loop.removeReader(listener);
        loop.callLater(ACCEPT_RETRY_SECONDS, () -> {
            if (!closed) {
                loop.addReader(listener, () -> accept(listener));
            }
        });
    }

    /** A connection accepted on another loop, handed to this one: served here, or dropped if closed. */
    void adopt(SocketChannel ch) {
        if (closed) {
            closeQuietly(ch);
            return;
        }
        connected(ch);
    }

    private void connected(SocketChannel ch) {
        SocketTransport socket;
        try {
            socket = Streams.transport(loop, ch, limit);
        } catch (UncheckedIOException e) {
            closeQuietly(ch);
            return; // the peer is already gone
        }
        connections.add(socket);
        socket.start(this::lost);
        if (options.ssl() == null) {
            serve(socket, socket);
            return;
        }
        TlsTransport tls = TlsTransport.over(socket, options.ssl(), true, null, options.sslHandshakeTimeout());
        tls.handshake().addDoneCallback(h -> {
            if (h.exception() == null) {
                serve(tls, socket);
            } else if (loop.getDebug()) {
                Map<String, Object> context = new HashMap<>();
                context.put("message", "SSL handshake failed");
                context.put("exception", h.exception());
                context.put("transport", socket);
                loop.callExceptionHandler(context);
            }
        });
    }

    /** Calls the handler with the connection's streams; closes the connection when what it returned completes. */
    private void serve(Transport transport, SocketTransport socket) {
        StreamWriter writer = new StreamWriter(transport, socket, true);
        Awaitable<?> outcome;
        try {
            outcome = handler.handle(transport.reader(), writer);
        } catch (Throwable t) {
            handlerFailed(transport, t);
            return;
        }
        if (outcome == null) {
            return; // a plain callback: it keeps the streams and closes them itself
        }
        Future<?> f = outcome instanceof Coroutine ? loop.createTask((Coroutine<?>) outcome) : outcome.asFuture();
        f.addDoneCallback(done -> {
            if (done.cancelled()) {
                writer.close();
            } else if (done.exception() != null) {
                handlerFailed(transport, done.exception());
            } else {
                writer.close();
            }
        });
    }

    private void handlerFailed(Transport transport, Throwable t) {
        Map<String, Object> context = new HashMap<>();
        context.put("message", "Unhandled exception in client connected handler");
        context.put("exception", t);
        context.put("transport", transport);
        loop.callExceptionHandler(context);
        transport.abort();
    }

    private void lost(SocketTransport transport) {
        connections.remove(transport);
        wakeCloseWaitersIfDone();
    }

    private void wakeCloseWaitersIfDone() {
        if (!closed || !connections.isEmpty()) {
            return;
        }
        for (Future<Void> w : closeWaiters) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
        closeWaiters.clear();
    }

    private static Path unixPath(ServerSocketChannel s) {
        try {
            return s.getLocalAddress() instanceof UnixDomainSocketAddress u ? u.getPath() : null;
        } catch (IOException closed) {
            return null;
        }
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes our socket file, unless it is gone or another file took its place (asyncio 3.13 checks the inode too). */
    private static void removeSocketFile(Path p, Object keyAtBind) {
        Object now = fileKey(p);
        if (now != null && now.equals(keyAtBind)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // cannot remove it: it stays, as a stale socket the next server replaces
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
