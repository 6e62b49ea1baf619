package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Coroutine;
import io.jasyncio.LoopGroup;
import io.jasyncio.annotation.Async;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.GroupServer;
import io.jasyncio.streams.ServerOptions;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * More than one core: a {@link LoopGroup} of two event loops, each on its own thread, with the
 * same server on both (SO_REUSEPORT: the system spreads the connections). Each connection is
 * served by one loop from start to end. Then a task on one loop awaits work done on the other.
 *
 * <p>There is no asyncio original: a Python process has one loop per thread and the GIL; the
 * nearest is one process per core, each with {@code start_server(..., reuse_port=True)}.
 */
public class MultiLoopServer {
    private static final int CLIENTS = 20;

    /** Answers one line with the name of the loop thread serving the connection. */
    @Async
    static Coroutine<Void> whichLoop(StreamReader reader, StreamWriter writer) {
        await(reader.readline());
        writer.write((Thread.currentThread().getName() + "\n").getBytes(UTF_8));
        await(writer.drain());
        return done();
    }

    @Async
    static Coroutine<String> askOnce(int port) {
        Connection c = await(Streams.openConnection("127.0.0.1", port));
        c.writer().write("which loop?\n".getBytes(UTF_8));
        String loop = new String(await(c.reader().readline()), UTF_8).trim();
        c.writer().close();
        return done(loop);
    }

    /** The clients, from the first loop: how many connections each loop served. */
    @Async
    static Coroutine<TreeMap<String, Integer>> clients(int port) {
        List<io.jasyncio.Awaitable<String>> asks = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            asks.add(askOnce(port));
        }
        TreeMap<String, Integer> served = new TreeMap<>();
        for (String loop : await(io.jasyncio.Asyncio.gather(asks))) {
            served.merge(loop, 1, Integer::sum);
        }
        return done(served);
    }

    @Async
    static Coroutine<String> work() {
        return done("computed on " + Thread.currentThread().getName());
    }

    /** A task of the first loop awaits a coroutine that runs on the second. */
    @Async
    static Coroutine<String> crossLoop(LoopGroup group) {
        String answer = await(group.runOn(group.loop(1), work()));
        return done(answer + ", awaited on " + Thread.currentThread().getName());
    }

    public static void main(String[] args) {
        try (LoopGroup group = LoopGroup.start(2)) {
            GroupServer server = Streams.startServer(
                            group, MultiLoopServer::whichLoop, "127.0.0.1", 0, ServerOptions.defaults())
                    .join();
            System.out.println("Serving on " + group.size() + " loops, spread by " + server.spread());
            TreeMap<String, Integer> served = group.submit(
                            group.loop(0), clients(server.addresses().get(0).getPort()))
                    .join();
            System.out.println(CLIENTS + " clients answered by " + served.keySet());
            System.out.println(group.submit(group.loop(0), crossLoop(group)).join());
            server.close().join();
            server.waitClosed().join();
            System.out.println("Server closed");
        }
    }
}
