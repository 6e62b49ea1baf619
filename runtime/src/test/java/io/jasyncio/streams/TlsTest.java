package io.jasyncio.streams;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static io.jasyncio.streams.StreamsTest.HOST;
import static io.jasyncio.streams.StreamsTest.b;
import static io.jasyncio.streams.StreamsTest.port;
import static io.jasyncio.streams.StreamsTest.s;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the streams against peers we did not write: {@code openssl s_client} and {@code curl}
 * against a jasyncio server, a jasyncio client against {@code openssl s_server}; with a
 * certificate made by keytool in the test. And bad peers, each closing only its own connection.
 */
@Tag("reliability")
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class TlsTest {
    @TempDir
    static Path dir;

    static TestCertificates certs;
    static SSLContext serverTls;
    static SSLContext clientTls;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        serverTls = certs.serverContext();
        clientTls = certs.clientContext();
        for (String program : List.of("openssl", "curl")) {
            assertTrue(
                    TestCertificates.onPath(program),
                    program + " is needed by these tests: install it (Debian: apt-get install " + program + ")");
        }
    }

    static ServerOptions tls() {
        return ServerOptions.defaults().ssl(serverTls);
    }

    /** Answers one line with "echo: " and the line, then closes (close_notify). */
    @Async
    static Coroutine<Void> echoOnce(StreamReader reader, StreamWriter writer) {
        byte[] line = await(reader.readline());
        writer.write(b("echo: " + s(line)));
        await(writer.drain());
        return done();
    }

    // ---- real peers ----

    @Test
    void opensslClientTalksToAJasyncioServer() {
        assertEquals("echo: hello from openssl", run(opensslClient()));
    }

    @Async
    static Coroutine<String> opensslClient() {
        Server server = await(Streams.startServer(TlsTest::echoOnce, HOST, 0, tls()));
        int port = port(server);
        String out = await(toThread(() -> {
            Process p = new ProcessBuilder(
                            "openssl",
                            "s_client",
                            "-connect",
                            HOST + ":" + port,
                            "-CAfile",
                            certs.certPem.toString(),
                            "-verify_return_error",
                            "-servername",
                            "localhost",
                            "-quiet")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().write(b("hello from openssl\n"));
            p.getOutputStream().flush();
            // -quiet keeps reading after its input ends: it exits when the server's close_notify arrives.
            String all = new String(p.getInputStream().readAllBytes(), US_ASCII);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "s_client ends when the server closes");
            assertEquals(0, p.exitValue(), all);
            return all;
        }));
        server.close();
        await(server.waitClosed());
        List<String> lines = new ArrayList<>(List.of(out.split("\n")));
        lines.removeIf(l -> l.startsWith("depth=") || l.startsWith("verify return"));
        return done(String.join("\n", lines));
    }

    /** Server.closeClients ends TLS connections with close_notify: openssl sees a clean close, not a truncation. */
    @Test
    void closeClientsSendsCloseNotify() {
        String out = run(closeClientsUnderOpenssl());
        assertFalse(out.contains("unexpected eof"), out);
        assertTrue(out.contains("exit 0"), out);
    }

    @Async
    static Coroutine<String> closeClientsUnderOpenssl() {
        boolean[] serving = {false};
        Server server = await(Streams.startServer(
                (r, w) -> {
                    serving[0] = true;
                    return r.read(); // until the client's EOF
                },
                HOST,
                0,
                tls()));
        int port = port(server);
        Process p = await(toThread(() -> new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-connect",
                        HOST + ":" + port,
                        "-CAfile",
                        certs.certPem.toString(),
                        "-servername",
                        "localhost",
                        "-quiet")
                .redirectErrorStream(true)
                .start()));
        while (!serving[0]) {
            await(sleep(0.01));
        }
        server.closeClients();
        String out = await(toThread(() -> {
            String all = new String(p.getInputStream().readAllBytes(), US_ASCII);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            p.getOutputStream().close();
            return all + "\nexit " + p.exitValue();
        }));
        server.close();
        await(server.waitClosed());
        return done(out);
    }

    @Test
    void curlWithTheCertificateGetsTheAnswerOfAJasyncioHttpsServer() {
        assertEquals("Hello over TLS!", run(curlClient()));
    }

    @Async
    static Coroutine<Void> https(StreamReader reader, StreamWriter writer) {
        await(reader.readuntil(b("\r\n\r\n")));
        byte[] body = b("Hello over TLS!");
        writer.write(b("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n"));
        writer.write(body);
        await(writer.drain());
        return done();
    }

    @Async
    static Coroutine<String> curlClient() {
        Server server = await(Streams.startServer(TlsTest::https, HOST, 0, tls()));
        int port = port(server);
        String out = await(toThread(() -> TestCertificates.run(
                "curl",
                "-sS",
                "--max-time",
                "20",
                "--cacert",
                certs.certPem.toString(),
                "--resolve",
                "localhost:" + port + ":127.0.0.1",
                "https://localhost:" + port + "/")));
        server.close();
        await(server.waitClosed());
        return done(out);
    }

    @Test
    void curlWithoutTheCertificateRefusesTheServerAndTheServerGoesOn() {
        run(curlUntrusting());
    }

    @Async
    static Coroutine<Void> curlUntrusting() {
        Server server = await(Streams.startServer(TlsTest::https, HOST, 0, tls()));
        int port = port(server);
        IOException refused = await(toThread(() -> {
            try {
                TestCertificates.run("curl", "-sS", "--max-time", "20", "https://127.0.0.1:" + port + "/");
                return null;
            } catch (IOException e) {
                return e;
            }
        }));
        assertTrue(refused != null && refused.getMessage().contains("certificate"), String.valueOf(refused));
        Connection c = await(Streams.openConnection(HOST, port, clientTls, "localhost"));
        c.writer().write(b("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertTrue(s(await(c.reader().read())).endsWith("Hello over TLS!"));
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    @Test
    void aJasyncioClientTalksToOpensslServer() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(
                        "openssl",
                        "s_server",
                        "-accept",
                        HOST + ":" + port,
                        "-cert",
                        certs.certPem.toString(),
                        "-key",
                        certs.keyPem().toString(),
                        "-rev")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), US_ASCII));
            for (String line; !(line = String.valueOf(out.readLine())).equals("ACCEPT"); ) {
                assertFalse(line.equals("null"), "s_server did not start");
            }
            // -rev answers each line reversed.
            assertEquals("desrever revo\n", run(talkTo(port, "over reversed\n")));
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Async
    static Coroutine<String> talkTo(int port, String line) {
        Connection c = await(Streams.openConnection(HOST, port, clientTls, "localhost"));
        assertFalse(c.writer().canWriteEof());
        assertInstanceOf(SSLEngine.class, c.writer().getExtraInfo("ssl_object"));
        assertTrue(((String) c.writer().getExtraInfo("cipher")).startsWith("TLS_"));
        c.writer().write(b(line));
        await(c.writer().drain());
        String answer = s(await(c.reader().readline()));
        c.writer().close();
        await(c.writer().waitClosed());
        return done(answer);
    }

    // ---- jasyncio on both sides ----

    @Test
    void aNameTheCertificateDoesNotHaveIsRefused() {
        run(wrongName());
    }

    @Async
    static Coroutine<Void> wrongName() {
        Server server = await(Streams.startServer(TlsTest::echoOnce, HOST, 0, tls()));
        try {
            await(Streams.openConnection(HOST, port(server), clientTls, "example.org"));
            throw new AssertionError("connected to a server whose certificate names localhost as example.org");
        } catch (UncheckedIOException e) {
            assertInstanceOf(SSLException.class, e.getCause());
        }
        String answer = await(echoThroughTls(port(server), "localhost"));
        assertEquals("echo: right name\n", answer);
        server.close();
        await(server.waitClosed());
        return done();
    }

    @Async
    static Coroutine<String> echoThroughTls(int port, String name) {
        Connection c = await(Streams.openConnection(HOST, port, clientTls, name));
        c.writer().write(b("right name\n"));
        String answer = s(await(c.reader().readline()));
        assertEquals(0, await(c.reader().read()).length, "the server's close_notify is EOF");
        c.writer().close();
        await(c.writer().waitClosed());
        return done(answer);
    }

    @Test
    void writeEofIsRefusedOnTls() {
        run(noHalfClose());
    }

    @Async
    static Coroutine<Void> noHalfClose() {
        Server server = await(Streams.startServer(TlsTest::echoOnce, HOST, 0, tls()));
        Connection c = await(Streams.openConnection(HOST, port(server), clientTls, "localhost"));
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class, () -> c.writer().writeEof());
        assertEquals("TLS cannot half-close a connection: close() it instead", e.getMessage());
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    /** STARTTLS: a plain line each way, then both sides upgrade the same connection. */
    @Test
    void startTlsUpgradesAnOpenConnection() {
        assertEquals(List.of("server: plain STARTTLS", "server: secret", "client got: secret back"), run(starttls()));
    }

    @Async
    static Coroutine<List<String>> starttls() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Server server = await(Streams.startServer((r, w) -> starttlsServer(r, w, events), HOST, 0));
        Connection c = await(Streams.openConnection(HOST, port(server)));
        c.writer().write(b("STARTTLS\n"));
        assertEquals("OK\n", s(await(c.reader().readline())));
        await(c.writer().startTls(clientTls, "localhost"));
        assertInstanceOf(SSLEngine.class, c.writer().getExtraInfo("ssl_object"));
        c.writer().write(b("secret\n"));
        events.add("client got: " + s(await(c.reader().readline())).trim());
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done(events);
    }

    @Async
    static Coroutine<Void> starttlsServer(StreamReader reader, StreamWriter writer, List<String> events) {
        events.add("server: plain " + s(await(reader.readline())).trim());
        writer.write(b("OK\n"));
        await(writer.startTls(serverTls, null));
        events.add("server: " + s(await(reader.readline())).trim());
        writer.write(b("secret back\n"));
        await(writer.drain());
        await(reader.read()); // until the client's close_notify
        return done();
    }

    // ---- back-pressure ----

    @Test
    void drainSuspendsWhileATlsPeerDoesNotReadAndEveryByteArrives() {
        run(tlsBackPressure());
    }

    @Async
    static Coroutine<Void> tlsBackPressure() {
        byte[] payload = new byte[8 * 1024 * 1024];
        new Random(5).nextBytes(payload);
        long[] written = {0};
        Server server = await(Streams.startServer((r, w) -> flood(w, payload, written), HOST, 0, tls()));
        Connection c = await(Streams.openConnection(HOST, port(server), clientTls, "localhost"));
        long before;
        do {
            before = written[0];
            await(sleep(0.1));
        } while (written[0] != before);
        assertTrue(written[0] < payload.length, "the writer waits in drain: wrote " + written[0]);
        assertArrayEquals(payload, await(c.reader().read()));
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    @Async
    static Coroutine<Void> flood(StreamWriter writer, byte[] payload, long[] written) {
        for (int off = 0; off < payload.length; off += 16 * 1024) {
            writer.write(payload, off, 16 * 1024);
            written[0] += 16 * 1024;
            await(writer.drain());
        }
        return done();
    }

    // ---- bad peers: each closes only its own connection ----

    /** Plain text on the TLS port, a handshake that stops halfway, a reset mid-record; a good client meanwhile. */
    @Test
    void badPeersCloseOnlyTheirOwnConnection() {
        assertEquals(List.of("handler: reset mid-record: UncheckedIOException"), run(badPeers()));
    }

    @Async
    static Coroutine<List<String>> badPeers() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Object> loopErrors = Collections.synchronizedList(new ArrayList<>());
        io.jasyncio.Asyncio.getRunningLoop().setExceptionHandler((Map<String, Object> ctx) -> loopErrors.add(ctx));
        Server server = await(
                Streams.startServer((r, w) -> readOrRecord(r, w, events), HOST, 0, tls().sslHandshakeTimeout(0.5)));
        int port = port(server);

        // Plain text: the server's handshake fails, the connection closes (the peer reads EOF or a reset).
        String plain = await(toThread(() -> {
            try (Socket s = new Socket(HOST, port)) {
                s.getOutputStream().write(b("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
                return "read " + s.getInputStream().read();
            } catch (IOException e) {
                return "reset";
            }
        }));
        assertTrue(plain.equals("read -1") || plain.equals("reset") || plain.startsWith("read 21"), plain);

        // Half a handshake: a TLS record header and a few bytes, then silence: the 0.5 s timer aborts it.
        String stall = await(toThread(() -> {
            try (Socket s = new Socket(HOST, port)) {
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
                s.setSoTimeout(20_000);
                long start = System.nanoTime();
                int n = s.getInputStream().read();
                return "closed after " + (System.nanoTime() - start) / 1_000_000_000 + " s: " + n;
            } catch (IOException e) {
                return "closed: " + e.getClass().getSimpleName();
            }
        }));
        assertTrue(stall.startsWith("closed"), stall);
        assertFalse(stall.contains("SocketTimeoutException"), "the server's handshake timer closed it: " + stall);

        // A reset in the middle of a record, after a good handshake.
        await(toThread(() -> {
            try (Socket plainSocket = new Socket(HOST, port)) {
                SSLSocket tlsSocket =
                        (SSLSocket) clientTls.getSocketFactory().createSocket(plainSocket, "localhost", port, false);
                tlsSocket.startHandshake();
                tlsSocket.getOutputStream().write(b("first line\n"));
                tlsSocket.getOutputStream().flush();
                // A record header announcing 16 KiB of application data, 10 bytes of it, then RST.
                plainSocket
                        .getOutputStream()
                        .write(new byte[] {0x17, 0x03, 0x03, 0x40, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
                plainSocket.getOutputStream().flush();
                Thread.sleep(100);
                plainSocket.setSoLinger(true, 0);
            }
            return null;
        }));
        while (server.connectionCount() > 0) {
            await(sleep(0.01));
        }
        // Meanwhile, and after: a good TLS client is served.
        Connection good = await(Streams.openConnection(HOST, port, clientTls, "localhost"));
        good.writer().write(b("good\n"));
        assertEquals("good\n", s(await(good.reader().readline())));
        good.writer().close();
        await(good.writer().waitClosed());
        server.close();
        await(server.waitClosed());
        assertEquals(List.of(), loopErrors, "handshake failures are not reported outside debug mode");
        events.remove("handler: good");
        return done(events);
    }

    /** Echoes lines; records how the connection ended if it failed. */
    @Async
    static Coroutine<Void> readOrRecord(StreamReader reader, StreamWriter writer, List<String> events) {
        try {
            while (true) {
                byte[] line = await(reader.readline());
                if (line.length == 0) {
                    break;
                }
                if (s(line).equals("good\n")) {
                    events.add("handler: good");
                }
                writer.write(line);
                await(writer.drain());
            }
        } catch (UncheckedIOException e) {
            events.add("handler: reset mid-record: " + e.getClass().getSimpleName());
        }
        return done();
    }
}
