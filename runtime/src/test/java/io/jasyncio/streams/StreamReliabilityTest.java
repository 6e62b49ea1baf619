package io.jasyncio.streams;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.streams.StreamsTest.HOST;
import static io.jasyncio.streams.StreamsTest.port;
import static io.jasyncio.streams.StreamsTest.s;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Nothing a stream received is lost: read() to EOF returns every byte or fails loudly, and the
 * read buffer grows without overflow. Loopback only; part of the reliability suite (tag {@code
 * reliability}).
 */
@Tag("reliability")
@Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
class StreamReliabilityTest {
    private static final int UPLOAD = 200 * 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;

    /** The same pseudo-random 1 MiB chunk, with its index in front, so a dropped or moved chunk changes the digest. */
    static byte[] chunk(int index) {
        byte[] c = new byte[CHUNK];
        new Random(index).nextBytes(c);
        c[0] = (byte) index;
        c[1] = (byte) (index >> 8);
        return c;
    }

    static String sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                sha.update(p);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String expectedDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < UPLOAD / CHUNK; i++) {
                sha.update(chunk(i));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---- 200 MB through a real socket ----

    @Test
    void twoHundredMegabytesReadToEofArriveWhole() {
        assertEquals(expectedDigest(), run(upload()));
    }

    /** A client uploads 200 MB and half-closes; the server reads to EOF and answers the digest. */
    @Async
    static Coroutine<String> upload() {
        Server server = await(Streams.startServer(StreamReliabilityTest::digestOfAll, HOST, 0));
        Connection c = await(Streams.openConnection(HOST, port(server)));
        for (int i = 0; i < UPLOAD / CHUNK; i++) {
            c.writer().write(chunk(i));
            await(c.writer().drain());
        }
        c.writer().writeEof();
        String answer = s(await(c.reader().readline())).trim();
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done(answer);
    }

    @Async
    static Coroutine<Void> digestOfAll(StreamReader reader, StreamWriter writer) {
        byte[] all = await(reader.read());
        writer.write((all.length == UPLOAD ? sha256(all) : "short read: " + all.length + " bytes").getBytes(UTF_8));
        writer.write(new byte[] {'\n'});
        await(writer.drain());
        return done();
    }

    /**
     * The same upload into a JVM whose heap cannot hold it: the read fails with an
     * OutOfMemoryError that says what happened, never a short result that looks complete.
     */
    @Test
    void readToEofOnAHeapTooSmallFailsLoudly() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Thread sender = new Thread(() -> sendUpload(listener), "uploader");
            sender.setDaemon(true);
            sender.start();
            Process child = new ProcessBuilder(
                            Paths.get(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx64m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ReadToEofChild.class.getName(),
                            Integer.toString(listener.getLocalPort()))
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits");
            String last = lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
            assertTrue(
                    last.startsWith("FAILED java.lang.OutOfMemoryError: the heap cannot hold "),
                    String.join("\n", lines));
            assertTrue(last.contains("-Xmx"), last);
        }
    }

    private static void sendUpload(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < UPLOAD / CHUNK; i++) {
                out.write(chunk(i));
            }
        } catch (IOException expected) {
            // the child aborted the connection: a reset here is the point of the test
        }
    }

    // ---- a limit the user sets ----

    @Test
    void readToEofPastAUserLimitFailsAndKeepsTheBytes() {
        run(pastUserLimit());
    }

    @Async
    static Coroutine<Void> pastUserLimit() {
        byte[] sent = chunk(7);
        Server server = await(Streams.startServer(
                (r, w) -> {
                    w.write(sent);
                    return null; // a plain callback: leaves the connection open, then closes after writing
                },
                HOST,
                0));
        Connection c = await(Streams.openConnection(HOST, port(server)));
        LimitOverrunError e = await(limitOverrun(c.reader(), 1000));
        assertTrue(e.consumed() > 1000, e.getMessage());
        assertTrue(e.getMessage().startsWith("more than 1000 bytes arrived before EOF"), e.getMessage());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < sent.length) {
            got.writeBytes(await(c.reader().read(64 * 1024)));
        }
        assertArrayEquals(sent, got.toByteArray(), "nothing was dropped by the failed read");
        server.abortClients();
        assertEquals(0, await(c.reader().read()).length);
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    /** The error of a readToEof that must fail. */
    @Async
    static Coroutine<LimitOverrunError> limitOverrun(StreamReader reader, int maxBytes) {
        try {
            byte[] got = await(reader.readToEof(maxBytes));
            throw new AssertionError("readToEof(" + maxBytes + ") returned " + got.length + " bytes");
        } catch (LimitOverrunError expected) {
            return done(expected);
        }
    }

    @Test
    void aReadToEofWithinTheLimitReturnsEverything() {
        run(withinUserLimit());
    }

    @Async
    static Coroutine<Void> withinUserLimit() {
        byte[] sent = chunk(3);
        Server server = await(Streams.startServer(
                (r, w) -> {
                    w.write(sent);
                    w.close();
                    return null;
                },
                HOST,
                0));
        Connection c = await(Streams.openConnection(HOST, port(server)));
        assertArrayEquals(sent, await(c.reader().readToEof(sent.length)));
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    @Test
    void aNegativeLimitOrAnImpossibleReadexactlyIsRefusedAtOnce() {
        run(refused());
    }

    @Async
    static Coroutine<Void> refused() {
        StreamReader r = new StreamReader(io.jasyncio.Asyncio.getRunningLoop(), StreamReader.DEFAULT_LIMIT);
        assertThrows(IllegalArgumentException.class, () -> r.readToEof(-1));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> r.readexactly(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("more than a reader can hold"), e.getMessage());
        return done();
    }

    // ---- growth ----

    @Test
    void theBufferDoublesPastOneGibibyteWithoutOverflow() {
        int oneGiB = 1 << 30;
        assertEquals(2048, ReadBuffer.grownCapacity(1024, 1025));
        assertEquals(1024, ReadBuffer.grownCapacity(0, 1));
        assertEquals(
                ReadBuffer.MAX_SIZE,
                ReadBuffer.grownCapacity(oneGiB, oneGiB + 65536L),
                "2 GiB is capped, not negative");
        assertEquals(1_400_000_000, ReadBuffer.grownCapacity(700_000_000, 700_065_536L));
        assertEquals(ReadBuffer.MAX_SIZE, ReadBuffer.grownCapacity(ReadBuffer.MAX_SIZE - 10, ReadBuffer.MAX_SIZE));
        // Filling to the array limit in 64 KiB reads copies the buffer about 21 times, not once per read.
        int copies = 0;
        int capacity = 0;
        for (long size = 0; size + 65536 <= ReadBuffer.MAX_SIZE; size += 65536) {
            if (size + 65536 > capacity) {
                capacity = ReadBuffer.grownCapacity(capacity, size + 65536);
                copies++;
            }
        }
        assertTrue(copies <= 23, "copies: " + copies);
    }

    @Test
    void aGrowingBufferKeepsEveryByteInOrder() {
        ReadBuffer buffer = new ReadBuffer();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            byte[] c = new byte[1000 + 997 * i];
            new Random(i).nextBytes(c);
            buffer.append(java.nio.ByteBuffer.wrap(c));
            expected.writeBytes(c);
            if (i % 7 == 0) {
                byte[] all = expected.toByteArray();
                int n = Math.min(1500, all.length);
                assertArrayEquals(java.util.Arrays.copyOfRange(all, 0, n), buffer.take(1500));
                expected.reset();
                expected.write(all, n, all.length - n);
            }
        }
        assertArrayEquals(expected.toByteArray(), buffer.takeAll());
        assertEquals(0, buffer.size());
    }

    /** A reset while reading to EOF fails the read: the bytes before it are not returned as the whole. */
    @Test
    void aResetDuringReadToEofFailsTheRead() {
        run(resetDuringRead());
    }

    @Async
    static Coroutine<Void> resetDuringRead() {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Thread t = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write(chunk(1));
                    s.getOutputStream().flush();
                    Thread.sleep(100);
                    s.setSoLinger(true, 0);
                } catch (IOException | InterruptedException ignored) {
                    // the test sees what the reader saw
                }
            });
            t.setDaemon(true);
            t.start();
            Connection c = await(Streams.openConnection(HOST, listener.getLocalPort()));
            try {
                byte[] got = await(c.reader().read());
                throw new AssertionError("a reset stream read " + got.length + " bytes as if complete");
            } catch (UncheckedIOException e) {
                assertInstanceOf(java.net.SocketException.class, e.getCause());
            }
            c.writer().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done();
    }
}
