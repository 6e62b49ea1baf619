package io.jasyncio.streams;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's asyncio semantics, fed directly (no socket). */
class StreamReaderTest {

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] b) {
        return new String(b, US_ASCII);
    }

    private static StreamReader reader(int limit) {
        return new StreamReader(getRunningLoop(), limit);
    }

    @Test
    void readlineReturnsLinesThenTheRestThenEmpty() {
        run(readlines());
    }

    @Async
    static Coroutine<Void> readlines() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        r.feedData(b("one\ntwo\nthr"));
        assertEquals("one\n", s(await(r.readline())));
        assertEquals("two\n", s(await(r.readline())));
        r.feedData(b("ee"));
        r.feedEof();
        assertFalse(r.atEof());
        assertEquals("three", s(await(r.readline())));
        assertTrue(r.atEof());
        assertEquals("", s(await(r.readline())));
        return done();
    }

    @Test
    void aPendingReadlineWakesWhenTheNewlineArrivesInLaterChunks() {
        run(readlineAcrossChunks());
    }

    @Async
    static Coroutine<Void> readlineAcrossChunks() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        List<String> events = new ArrayList<>();
        Future<byte[]> line = r.readline();
        getRunningLoop().callSoon(() -> {
            events.add("feed 1");
            r.feedData(b("hel"));
        });
        getRunningLoop().callLater(0.01, () -> {
            events.add("feed 2");
            r.feedData(b("lo\nrest"));
        });
        events.add("awaiting");
        byte[] got = await(line);
        events.add("got " + s(got).trim());
        assertEquals(List.of("awaiting", "feed 1", "feed 2", "got hello"), events);
        assertEquals("rest", s(await(r.read(100))));
        return done();
    }

    @Test
    void readReturnsWhatIsBufferedUpToN() {
        run(readN());
    }

    @Async
    static Coroutine<Void> readN() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        r.feedData(b("abcdef"));
        assertEquals("abcd", s(await(r.read(4))));
        assertEquals("ef", s(await(r.read(4))));
        assertEquals("", s(await(r.read(0))));
        r.feedEof();
        assertEquals("", s(await(r.read(4))));
        return done();
    }

    @Test
    void readWithoutSizeWaitsForEof() {
        run(readAll());
    }

    @Async
    static Coroutine<Void> readAll() {
        StreamReader r = reader(4);
        getRunningLoop().callSoon(() -> r.feedData(b("0123456789")));
        getRunningLoop().callLater(0.01, () -> {
            r.feedData(b("abc"));
            r.feedEof();
        });
        assertEquals("0123456789abc", s(await(r.read())));
        assertTrue(r.atEof());
        return done();
    }

    @Test
    void readexactlyFailsAtEofWithThePartialBytes() {
        run(readexactly());
    }

    @Async
    static Coroutine<Void> readexactly() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        r.feedData(b("12345678"));
        assertEquals("1234", s(await(r.readexactly(4))));
        r.feedEof();
        try {
            await(r.readexactly(10));
            fail("readexactly past EOF must fail");
        } catch (IncompleteReadError e) {
            assertEquals("5678", s(e.partial()));
            assertEquals(10, e.expected());
        }
        assertTrue(r.atEof());
        return done();
    }

    @Test
    void readuntilPastTheLimitFailsAndKeepsTheBytes() {
        run(readuntilLimit());
    }

    @Async
    static Coroutine<Void> readuntilLimit() {
        StreamReader r = reader(8);
        r.feedData(b("0123456789AB|rest"));
        try {
            await(r.readuntil(b("|")));
            fail("a separator past the limit must fail");
        } catch (LimitOverrunError e) {
            assertEquals(12, e.consumed());
        }
        // The bytes are still there: consume them explicitly, as asyncio's users do.
        assertEquals("0123456789AB|", s(await(r.readexactly(13))));
        r.feedData(b("|"));
        assertEquals("rest|", s(await(r.readuntil(b("|")))));
        return done();
    }

    @Test
    void readuntilFailsWhenTheSeparatorIsNotFoundWithinTheLimit() {
        run(readuntilNotFound());
    }

    @Async
    static Coroutine<Void> readuntilNotFound() {
        StreamReader r = reader(8);
        Future<byte[]> pending = r.readuntil(b("\r\n"));
        r.feedData(b("0123456"));
        assertFalse(pending.done());
        r.feedData(b("789X"));
        try {
            await(pending);
            fail("no separator within the limit must fail");
        } catch (LimitOverrunError e) {
            assertEquals(10, e.consumed());
        }
        assertEquals("0123456789X", s(await(r.read(100))), "the bytes stay in the reader");
        r.feedData(b("ab"));
        r.feedEof();
        try {
            await(r.readuntil(b("\r\n")));
            fail("EOF before the separator must fail");
        } catch (IncompleteReadError e) {
            assertEquals("ab", s(e.partial()));
            assertEquals(null, e.expected());
        }
        return done();
    }

    @Test
    void readlineOverTheLimitDropsTheLineAndGoesOn() {
        run(readlineOverLimit());
    }

    @Async
    static Coroutine<Void> readlineOverLimit() {
        StreamReader r = reader(8);
        r.feedData(b("way too long a line\nnext\n"));
        try {
            await(r.readline());
            fail("a line over the limit must fail");
        } catch (LimitOverrunError e) {
            assertEquals(19, e.consumed());
        }
        assertEquals("next\n", s(await(r.readline())));
        return done();
    }

    @Test
    void aSecondConcurrentReadIsRejected() {
        run(concurrentRead());
    }

    @Async
    static Coroutine<Void> concurrentRead() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        Future<byte[]> first = r.readline();
        assertThrows(IllegalStateException.class, r::readline);
        r.feedData(b("x\n"));
        assertEquals("x\n", s(await(first)));
        return done();
    }

    @Test
    void aCancelledReadLeavesTheDataForTheNextRead() {
        run(cancelledRead());
    }

    @Async
    static Coroutine<Void> cancelledRead() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        Future<byte[]> first = r.readexactly(4);
        first.cancel();
        r.feedData(b("abcd"));
        try {
            await(first);
            fail("cancelled");
        } catch (CancelledError expected) {
            // as asyncio
        }
        assertEquals("abcd", s(await(r.readexactly(4))));
        return done();
    }

    @Test
    void aFailedConnectionFailsPendingAndLaterReads() {
        run(failedConnection());
    }

    @Async
    static Coroutine<Void> failedConnection() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        Future<byte[]> pending = r.read(10);
        UncheckedIOException reset = new UncheckedIOException(new SocketException("Connection reset"));
        r.setException(reset);
        try {
            await(pending);
            fail("must fail");
        } catch (UncheckedIOException e) {
            assertEquals(reset, e);
        }
        try {
            await(r.readline());
            fail("must fail");
        } catch (UncheckedIOException e) {
            assertEquals(reset, e);
        }
        await(sleep(0));
        return done();
    }
}
