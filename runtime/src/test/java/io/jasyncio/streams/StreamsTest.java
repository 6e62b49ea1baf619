package io.jasyncio.streams;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** open_connection / start_server on loopback: the happy paths and the lifecycle. */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class StreamsTest {
    static final String HOST = "127.0.0.1";

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static String s(byte[] b) {
        return new String(b, US_ASCII);
    }

    /** Echoes lines until EOF. */
    @Async
    static Coroutine<Void> echo(StreamReader reader, StreamWriter writer) {
        while (true) {
            byte[] line = await(reader.readline());
            if (line.length == 0) {
                break;
            }
            writer.write(line);
            await(writer.drain());
        }
        writer.close();
        return done();
    }

    static int port(Server server) {
        return server.addresses().get(0).getPort();
    }

    @Test
    void echoesLinesAndReportsAddresses() {
        run(echoRoundTrip());
    }

    @Async
    static Coroutine<Void> echoRoundTrip() {
        Server server = await(Streams.startServer(StreamsTest::echo, HOST, 0));
        assertTrue(server.isServing());
        int port = port(server);
        assertEquals(new InetSocketAddress(HOST, port), server.addresses().get(0));

        Connection c = await(Streams.openConnection(HOST, port));
        c.writer().writelines(List.of(b("hello\n"), b("wor"), b("ld\n")));
        await(c.writer().drain());
        assertEquals("hello\n", s(await(c.reader().readline())));
        assertEquals("world\n", s(await(c.reader().readline())));

        InetSocketAddress peer = (InetSocketAddress) c.writer().getExtraInfo("peername");
        InetSocketAddress local = (InetSocketAddress) c.writer().getExtraInfo("sockname");
        assertEquals(port, peer.getPort());
        assertEquals(HOST, local.getAddress().getHostAddress());
        assertEquals(null, c.writer().getExtraInfo("nonsense"));
        assertEquals("x", c.writer().getExtraInfo("nonsense", "x"));

        c.writer().close();
        assertTrue(c.writer().isClosing());
        await(c.writer().waitClosed());
        assertEquals(peer, c.writer().getExtraInfo("peername"), "known after close, as in asyncio");

        server.close();
        assertFalse(server.isServing());
        assertEquals(List.of(), server.sockets());
        await(server.waitClosed());
        return done();
    }

    @Test
    void halfCloseLetsThePeerAnswerAfterOurEof() {
        run(halfClose());
    }

    /** The server reads to EOF, then answers on the same socket; the client reads after its own EOF. */
    @Async
    static Coroutine<Void> halfClose() {
        Server server = await(Streams.startServer(StreamsTest::answerAfterEof, HOST, 0));
        Connection c = await(Streams.openConnection(HOST, port(server)));
        assertTrue(c.writer().canWriteEof());
        c.writer().write(b("ping"));
        c.writer().writeEof();
        try {
            c.writer().write(b("more"));
            fail("write after writeEof must fail");
        } catch (IllegalStateException expected) {
            // as asyncio's RuntimeError
        }
        assertEquals("got 4 bytes: ping", s(await(c.reader().read())));
        assertTrue(c.reader().atEof());
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    @Async
    static Coroutine<Void> answerAfterEof(StreamReader reader, StreamWriter writer) {
        byte[] all = await(reader.read());
        writer.write(b("got " + all.length + " bytes: " + s(all)));
        await(writer.drain());
        writer.close();
        return done();
    }

    @Test
    void closeCancelsServeForeverAndCancellingItCloses() {
        run(serveForever());
    }

    @Async
    static Coroutine<Void> serveForever() {
        List<String> events = new ArrayList<>();
        Server server = await(Streams.startServer(StreamsTest::echo, HOST, 0));
        Task<Void> serving = createTask(serveUntilClosed(server, events));
        await(sleep(0.01));
        events.add("closing");
        server.close();
        await(server.waitClosed());
        await(sleep(0));
        assertEquals(List.of("serving", "closing", "serveForever cancelled"), events);
        assertTrue(serving.done());

        Server second = await(Streams.startServer(StreamsTest::echo, HOST, 0));
        Task<Void> serving2 = createTask(serveUntilClosed(second, events));
        await(sleep(0.01));
        serving2.cancel();
        await(second.waitClosed());
        assertFalse(second.isServing(), "cancelling serveForever closes the server");
        return done();
    }

    @Async
    static Coroutine<Void> serveUntilClosed(Server server, List<String> events) {
        events.add("serving");
        try {
            await(server.serveForever());
        } catch (CancelledError e) {
            events.add("serveForever cancelled");
        }
        return done();
    }

    @Test
    void servesOnAnAlreadyBoundChannel() {
        run(boundChannel());
    }

    @Async
    static Coroutine<Void> boundChannel() {
        ServerSocketChannel channel;
        try {
            channel = ServerSocketChannel.open().bind(new InetSocketAddress(HOST, 0));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        Server server = await(Streams.startServer(StreamsTest::echo, channel));
        assertEquals(List.of(channel), server.sockets());
        Connection c = await(Streams.openConnection(HOST, port(server)));
        c.writer().write(b("on a given channel\n"));
        assertEquals("on a given channel\n", s(await(c.reader().readline())));
        c.writer().close();
        server.close();
        await(server.waitClosed());
        assertFalse(channel.isOpen(), "the server owns the channel");
        return done();
    }

    @Test
    void connectingToAClosedPortFailsWithConnectException() {
        run(refused());
    }

    @Async
    static Coroutine<Void> refused() {
        Server server = await(Streams.startServer(StreamsTest::echo, HOST, 0));
        int port = port(server);
        server.close();
        await(server.waitClosed());
        try {
            await(Streams.openConnection(HOST, port));
            fail("nothing listens any more");
        } catch (UncheckedIOException e) {
            assertInstanceOf(ConnectException.class, e.getCause());
        }
        return done();
    }

    @Test
    void resolvesHostNamesOffTheLoop() {
        run(byName());
    }

    @Async
    static Coroutine<Void> byName() {
        Server server = await(Streams.startServer(StreamsTest::echo, "localhost", 0));
        assertFalse(server.addresses().isEmpty());
        InetSocketAddress a = server.addresses().get(0);
        Connection c = await(Streams.openConnection(a.getAddress().getHostAddress(), a.getPort()));
        c.writer().write(b("by name\n"));
        assertEquals("by name\n", s(await(c.reader().readline())));
        c.writer().close();
        try {
            await(Streams.openConnection("no-such-host.invalid", 80));
            fail("an unknown host must fail");
        } catch (UncheckedIOException e) {
            assertInstanceOf(java.net.UnknownHostException.class, e.getCause());
        }
        server.close();
        await(server.waitClosed());
        return done();
    }

    // ---- the listen backlog ----

    @Test
    void theBacklogIsAsyncioDefaultOrTheOneGiven() {
        run(backlogs());
    }

    @Async
    static Coroutine<Void> backlogs() {
        Server plain = await(Streams.startServer(StreamsTest::echo, HOST, 0));
        Server large = await(Streams.startServer(
                StreamsTest::echo, HOST, 0, ServerOptions.defaults().backlog(1000)));
        assertEquals(100, await(io.jasyncio.Asyncio.toThread(() -> listenBacklog(port(plain)))));
        assertEquals(1000, await(io.jasyncio.Asyncio.toThread(() -> listenBacklog(port(large)))));
        plain.close();
        large.close();
        return done();
    }

    /** The backlog of the socket listening on {@code port}, as Linux's {@code ss -ltn} shows it (its Send-Q). */
    static int listenBacklog(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).start();
        String out = new String(ss.getInputStream().readAllBytes(), US_ASCII).trim();
        ss.waitFor();
        String[] fields = out.split("\\s+");
        assertEquals("LISTEN", fields[0], out);
        return Integer.parseInt(fields[2]);
    }

    @Test
    void aBacklogOrLimitThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ServerOptions.defaults().backlog(0));
        assertEquals("backlog must be positive, got 0", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ServerOptions.defaults().limit(-1));
    }
}
