package io.jasyncio.streams;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.streams.StreamsTest.b;
import static io.jasyncio.streams.StreamsTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/** The stream API over Unix domain sockets: client, server, and the socket file's lifecycle. */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class UnixSocketTest {
    @TempDir
    Path dir;

    @Test
    void aUnixServerEchoesAndRemovesItsSocketFileOnClose() {
        Path sock = dir.resolve("echo.sock");
        run(echoOverUnix(sock));
        assertFalse(Files.exists(sock), "the socket file is removed on close");
    }

    @Async
    static Coroutine<Void> echoOverUnix(Path sock) {
        Server server = await(Streams.startUnixServer(StreamsTest::echo, sock));
        assertTrue(Files.exists(sock));
        assertEquals(List.of(UnixDomainSocketAddress.of(sock)), server.socketAddresses());
        assertEquals(List.of(), server.addresses(), "no Internet address");
        Connection c = await(Streams.openUnixConnection(sock));
        c.writer().write(b("over a unix socket\n"));
        assertEquals("over a unix socket\n", s(await(c.reader().readline())));
        assertTrue(c.writer().canWriteEof());
        c.writer().writeEof();
        assertEquals(0, await(c.reader().read()).length, "the server closed after our EOF");
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    /** A client we did not write: a plain blocking JDK channel. */
    @Test
    void aPlainClientTalksToAUnixServer() {
        Path sock = dir.resolve("plain.sock");
        run(plainClient(sock));
    }

    @Async
    static Coroutine<Void> plainClient(Path sock) {
        Server server = await(Streams.startUnixServer(StreamsTest::echo, sock));
        String answer = await(io.jasyncio.Asyncio.toThread(() -> {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                ch.write(ByteBuffer.wrap(b("ping\n")));
                ByteBuffer buf = ByteBuffer.allocate(64);
                while (buf.position() < 5 && ch.read(buf) >= 0) {}
                return new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.US_ASCII);
            }
        }));
        assertEquals("ping\n", answer);
        server.close();
        await(server.waitClosed());
        return done();
    }

    /** A socket file left by a server that died is replaced; any other file is an error. */
    @Test
    void aStaleSocketIsReplacedAndARegularFileIsNot() throws IOException {
        Path stale = dir.resolve("stale.sock");
        try (java.nio.channels.ServerSocketChannel dead =
                java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        } // closed without removing the file, as a crashed server leaves it
        assertTrue(Files.exists(stale));
        Path regular = dir.resolve("regular.txt");
        Files.writeString(regular, "keep me");
        run(staleAndRegular(stale, regular));
        assertEquals("keep me", Files.readString(regular));
    }

    @Async
    static Coroutine<Void> staleAndRegular(Path stale, Path regular) {
        Server server = await(Streams.startUnixServer(StreamsTest::echo, stale));
        Connection c = await(Streams.openUnixConnection(stale));
        c.writer().write(b("fresh\n"));
        assertEquals("fresh\n", s(await(c.reader().readline())));
        c.writer().close();
        server.close();
        await(server.waitClosed());
        try {
            await(Streams.startUnixServer(StreamsTest::echo, regular));
            throw new AssertionError("bound over a regular file");
        } catch (UncheckedIOException e) {
            assertTrue(e.getMessage().startsWith("cannot listen on " + regular), e.getMessage());
        }
        return done();
    }

    @Test
    void connectingWhereNothingListensFails() {
        Path nothing = dir.resolve("nothing.sock");
        run(nobodyThere(nothing));
    }

    @Async
    static Coroutine<Void> nobodyThere(Path nothing) {
        try {
            await(Streams.openUnixConnection(nothing));
            throw new AssertionError("connected to nothing");
        } catch (UncheckedIOException e) {
            assertInstanceOf(IOException.class, e.getCause());
        }
        return done();
    }
}
