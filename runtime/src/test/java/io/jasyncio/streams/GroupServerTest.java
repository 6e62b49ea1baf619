package io.jasyncio.streams;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Coroutine;
import io.jasyncio.LoopGroup;
import io.jasyncio.annotation.Async;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A server on every loop of a group: connections spread over the loops, each staying on one. */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class GroupServerTest {
    private static final int CLIENTS = 40;

    /**
     * Answers each line with the thread its connection runs on; the connection fails if any await
     * resumes on another thread.
     */
    @Async
    static Coroutine<Void> whereAmI(StreamReader reader, StreamWriter writer) {
        String thread = Thread.currentThread().getName();
        while (true) {
            byte[] line = await(reader.readline());
            if (!Thread.currentThread().getName().equals(thread)) {
                throw new AssertionError(
                        "moved from " + thread + " to " + Thread.currentThread().getName());
            }
            if (line.length == 0) {
                break;
            }
            writer.write((thread + " " + new String(line, US_ASCII)).getBytes(US_ASCII));
            await(writer.drain());
        }
        return done();
    }

    @ParameterizedTest
    @EnumSource(GroupServer.Spread.class)
    void connectionsSpreadOverTheLoopsAndEachStaysOnOne(GroupServer.Spread spread) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try (LoopGroup group = LoopGroup.start(2)) {
            GroupServer server = Streams.startServer(
                            group,
                            GroupServerTest::whereAmI,
                            "127.0.0.1",
                            0,
                            ServerOptions.defaults().backlog(CLIENTS),
                            spread)
                    .join();
            assertEquals(spread, server.spread());
            int port = server.addresses().get(0).getPort();
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                answers.add(clients.submit(() -> talk(port, n)));
            }
            Map<String, Integer> perLoop = new ConcurrentHashMap<>();
            for (Future<String> a : answers) {
                perLoop.merge(a.get(), 1, Integer::sum);
            }
            assertEquals(
                    CLIENTS,
                    perLoop.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(2, perLoop.size(), "both loops served connections: " + perLoop);
            if (spread == GroupServer.Spread.ONE_ACCEPTOR) {
                assertEquals(Map.of("jasyncio-loop-0", CLIENTS / 2, "jasyncio-loop-1", CLIENTS / 2), perLoop);
            }
            server.close().join();
            server.waitClosed().join();
            assertEquals(List.of(0, 0), server.connectionCounts().join());
        } finally {
            clients.shutdownNow();
        }
    }

    /** Sends two lines on one connection; both answers must come from the same loop thread; returns it. */
    static String talk(int port, int n) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
            s.getOutputStream().write(("first " + n + "\n").getBytes(US_ASCII));
            String[] a = in.readLine().split(" ");
            s.getOutputStream().write(("second " + n + "\n").getBytes(US_ASCII));
            String[] b = in.readLine().split(" ");
            assertEquals(List.of("first", String.valueOf(n)), List.of(a[1], a[2]));
            assertEquals(List.of("second", String.valueOf(n)), List.of(b[1], b[2]));
            assertEquals(a[0], b[0], "one connection, one loop");
            s.shutdownOutput();
            assertEquals(null, in.readLine());
            return a[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void reusePortIsTheDefaultWhereTheSystemHasIt() {
        try (LoopGroup group = LoopGroup.start(2)) {
            GroupServer server = Streams.startServer(
                            group, GroupServerTest::whereAmI, "127.0.0.1", 0, ServerOptions.defaults())
                    .join();
            assertEquals(
                    Streams.reusePortSupported() ? GroupServer.Spread.REUSE_PORT : GroupServer.Spread.ONE_ACCEPTOR,
                    server.spread());
            assertTrue(server.toString().contains("on 2 loops"), server.toString());
            server.close().join();
        }
    }

    @Test
    void aPortInUseFailsAndLeavesNothingBound() throws Exception {
        try (LoopGroup group = LoopGroup.start(2);
                java.net.ServerSocket taken =
                        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class,
                    () -> Streams.startServer(
                                    group,
                                    GroupServerTest::whereAmI,
                                    "127.0.0.1",
                                    taken.getLocalPort(),
                                    ServerOptions.defaults(),
                                    GroupServer.Spread.ONE_ACCEPTOR)
                            .join());
            assertTrue(e.getCause() instanceof UncheckedIOException, String.valueOf(e.getCause()));
            assertTrue(
                    e.getCause().getMessage().startsWith("cannot listen on"),
                    e.getCause().getMessage());
        }
    }
}
