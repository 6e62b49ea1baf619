package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.LoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One server on every loop of a {@link LoopGroup}, made by {@link Streams#startServer(LoopGroup,
 * ClientConnectedHandler, String, int, ServerOptions)}. Each accepted connection belongs to one
 * loop for its whole life: its handler runs there, and so do its reads and writes.
 *
 * <p>How connections are spread ({@link #spread()}): with {@link Spread#REUSE_PORT}, every loop
 * has its own listening socket on the same port (SO_REUSEPORT), and the system hashes each new
 * connection to one of them; with {@link Spread#ONE_ACCEPTOR}, the first loop accepts every
 * connection and hands each, round robin, to a loop (itself included).
 *
 * <p>Thread-safe: its methods may be called from any thread. They return {@link
 * CompletableFuture}s, which a coroutine can await and a plain thread can join.
 */
public final class GroupServer {
    /** How a group server spreads its connections over the loops. */
    public enum Spread {
        /** A listening socket per loop on one port (SO_REUSEPORT); the system picks the loop. */
        REUSE_PORT,
        /** One listening socket, on the first loop, handing each connection to the next loop in turn. */
        ONE_ACCEPTOR
    }

    private final LoopGroup group;
    private final List<Server> servers;
    private final List<InetSocketAddress> addresses;
    private final Spread spread;

    GroupServer(LoopGroup group, List<Server> servers, List<InetSocketAddress> addresses, Spread spread) {
        this.group = group;
        this.servers = List.copyOf(servers);
        this.addresses = List.copyOf(addresses);
        this.spread = spread;
    }

    /** The loop group it serves on. */
    public LoopGroup group() {
        return group;
    }

    /** How connections are spread over the loops. */
    public Spread spread() {
        return spread;
    }

    /** The listening addresses (with the real port when bound to port 0), as they were at the start. */
    public List<InetSocketAddress> addresses() {
        return addresses;
    }

    /**
     * The server of the loop at {@code index}: use it on that loop's thread only (it is an ordinary
     * {@link Server}; under {@link Spread#ONE_ACCEPTOR} only the first one has listening sockets).
     */
    public Server server(int index) {
        return servers.get(index);
    }

    /** The number of open connections on each loop, in loop order. */
    public CompletableFuture<List<Integer>> connectionCounts() {
        return onEach(Server::connectionCount);
    }

    /** Stops listening on every loop ({@link Server#close()}); connections go on. Completes once done on all. */
    public CompletableFuture<Void> close() {
        return onEach(s -> {
                    s.close();
                    return null;
                })
                .thenApply(v -> null);
    }

    /** Closes every connection of every loop, flushing their buffered writes ({@link Server#closeClients()}). */
    public CompletableFuture<Void> closeClients() {
        return onEach(s -> {
                    s.closeClients();
                    return null;
                })
                .thenApply(v -> null);
    }

    /** Completes once every loop's server is closed and has no connection left ({@link Server#waitClosed()}). */
    public CompletableFuture<Void> waitClosed() {
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (Server s : servers) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            each.add(done);
            onLoop(s.getLoop(), () -> {
                s.waitClosed().addDoneCallback(f -> done.complete(null));
                return null;
            });
        }
        return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0]));
    }

    private <T> CompletableFuture<List<T>> onEach(Function<Server, T> action) {
        List<CompletableFuture<T>> each = new ArrayList<>();
        for (Server s : servers) {
            each.add(onLoop(s.getLoop(), () -> action.apply(s)));
        }
        return all(each);
    }

    /** Runs {@code action} on {@code loop}'s thread. */
    static <T> CompletableFuture<T> onLoop(EventLoop loop, Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.callSoonThreadsafe(() -> {
                try {
                    result.complete(action.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (IllegalStateException closed) {
            result.completeExceptionally(closed);
        }
        return result;
    }

    // ---- starting ----

    /** Binds on a helper thread (name lookups and binds block), then makes each loop's server on its loop. */
    static CompletableFuture<GroupServer> start(
            LoopGroup group,
            ClientConnectedHandler handler,
            String host,
            int port,
            ServerOptions options,
            Spread spread) {
        return CompletableFuture.supplyAsync(() -> endpoints(host, port))
                .thenCompose(endpoints -> spread == Spread.REUSE_PORT
                        ? startReusingPort(group, handler, endpoints, options)
                        : startWithAcceptor(group, handler, endpoints, options));
    }

    private static List<InetSocketAddress> endpoints(String host, int port) {
        if (host == null || host.isEmpty()) {
            return List.of(new InetSocketAddress(port));
        }
        try {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress a : new LinkedHashSet<>(List.of(InetAddress.getAllByName(host)))) {
                out.add(new InetSocketAddress(a, port));
            }
            return out;
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompletableFuture<GroupServer> startReusingPort(
            LoopGroup group, ClientConnectedHandler handler, List<InetSocketAddress> endpoints, ServerOptions options) {
        ServerOptions reusing = options.reusePort(true);
        List<List<ServerSocketChannel>> perLoop = new ArrayList<>();
        List<InetSocketAddress> bound = new ArrayList<>(endpoints);
        try {
            for (int i = 0; i < group.size(); i++) {
                // The first loop's sockets pick the port (if 0); the others bind the same one.
                perLoop.add(Streams.bindAll(bound, reusing));
                if (i == 0) {
                    bound = localAddresses(perLoop.get(0));
                }
            }
        } catch (RuntimeException e) {
            perLoop.forEach(GroupServer::closeAll);
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Server>> servers = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            List<ServerSocketChannel> mine = perLoop.get(i);
            EventLoop loop = group.loop(i);
            servers.add(onLoop(loop, () -> new Server(loop, mine, handler, reusing)));
        }
        List<InetSocketAddress> addresses = bound;
        return all(servers).thenApply(list -> new GroupServer(group, list, addresses, Spread.REUSE_PORT));
    }

    private static CompletableFuture<GroupServer> startWithAcceptor(
            LoopGroup group, ClientConnectedHandler handler, List<InetSocketAddress> endpoints, ServerOptions options) {
        List<ServerSocketChannel> listening;
        try {
            listening = Streams.bindAll(endpoints, options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<InetSocketAddress> addresses = localAddresses(listening);
        List<CompletableFuture<Server>> receivers = new ArrayList<>();
        for (int i = 1; i < group.size(); i++) {
            EventLoop loop = group.loop(i);
            receivers.add(onLoop(loop, () -> new Server(loop, List.of(), handler, options)));
        }
        return all(receivers).thenCompose(others -> {
            EventLoop first = group.loop(0);
            return onLoop(first, () -> {
                        Server[] all = new Server[group.size()];
                        int[] turn = {0};
                        Server acceptor = new Server(first, listening, handler, options, ch -> {
                            int k = Math.floorMod(turn[0]++, all.length);
                            if (k == 0) {
                                all[0].adopt(ch);
                            } else {
                                Server target = all[k];
                                handOff(target, ch);
                            }
                        });
                        all[0] = acceptor;
                        for (int i = 1; i < all.length; i++) {
                            all[i] = others.get(i - 1);
                        }
                        return List.of(all);
                    })
                    .thenApply(list -> new GroupServer(group, list, addresses, Spread.ONE_ACCEPTOR));
        });
    }

    /** Passes an accepted channel to another loop; if that loop is closed, the connection is dropped. */
    private static void handOff(Server target, SocketChannel ch) {
        try {
            target.getLoop().callSoonThreadsafe(() -> target.adopt(ch));
        } catch (IllegalStateException closed) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    private static List<InetSocketAddress> localAddresses(List<ServerSocketChannel> channels) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (ServerSocketChannel s : channels) {
            try {
                out.add((InetSocketAddress) s.getLocalAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void closeAll(List<ServerSocketChannel> channels) {
        for (ServerSocketChannel s : channels) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> each) {
        return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public String toString() {
        return "<GroupServer " + addresses + " on " + servers.size() + " loops, " + spread + ">";
    }
}
