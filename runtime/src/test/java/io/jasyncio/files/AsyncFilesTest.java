package io.jasyncio.files;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class AsyncFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesThenReadsBack() {
        run(writeThenRead(dir.resolve("example.txt")));
    }

    @Async
    static Coroutine<Void> writeThenRead(Path p) {
        AsyncFile out = await(AsyncFiles.open(p, "w"));
        assertEquals(13, await(out.write("Hello, world!")));
        await(out.aclose());
        AsyncFile in = await(AsyncFiles.open(p.toString(), "r"));
        assertEquals("Hello, world!", await(in.read()));
        assertEquals("", await(in.read()), "at EOF");
        await(in.aclose());
        return done();
    }

    @Test
    void readsLinesAndChunks() throws IOException {
        Path p = dir.resolve("lines.txt");
        Files.writeString(p, "first\nsecond\r\nthird é\nlast");
        run(lines(p));
    }

    @Async
    static Coroutine<Void> lines(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "r"));
        assertEquals("fir", await(f.read(3)));
        List<String> lines = new ArrayList<>();
        for (String line; !(line = await(f.readline())).isEmpty(); ) {
            lines.add(line);
        }
        assertEquals(List.of("st\n", "second\r\n", "third é\n", "last"), lines);
        await(f.aclose());

        AsyncFile again = await(AsyncFiles.open(p, "r"));
        assertEquals(4, await(again.readlines()).size());
        await(again.aclose());
        return done();
    }

    @Test
    void appendsAndCreatesNew() throws IOException {
        Path p = dir.resolve("log.txt");
        run(appendAndCreateNew(p));
        assertEquals("one\ntwo\n", Files.readString(p));
    }

    @Async
    static Coroutine<Void> appendAndCreateNew(Path p) {
        AsyncFile a = await(AsyncFiles.open(p, "a"));
        await(a.write("one\n"));
        await(a.aclose());
        AsyncFile b = await(AsyncFiles.open(p, "at"));
        await(b.write("two\n"));
        await(b.aclose());
        try {
            await(AsyncFiles.open(p, "x"));
            fail("x on an existing file must fail");
        } catch (UncheckedIOException e) {
            assertInstanceOf(FileAlreadyExistsException.class, e.getCause());
        }
        return done();
    }

    @Test
    void failuresAreClear() {
        run(failures(dir));
    }

    @Async
    static Coroutine<Void> failures(Path dir) {
        try {
            await(AsyncFiles.open(dir.resolve("missing.txt"), "r"));
            fail("no such file");
        } catch (UncheckedIOException e) {
            assertInstanceOf(NoSuchFileException.class, e.getCause());
        }
        IllegalArgumentException binary =
                assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(dir.resolve("a"), "rb"));
        assertTrue(binary.getMessage().contains("openBinary"), binary.getMessage());
        for (String bad : List.of("q", "", "rw", "rr", "r++", "+", "rtt")) {
            assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(dir.resolve("a"), bad), "'" + bad + "'");
        }
        AsyncFile w = await(AsyncFiles.open(dir.resolve("w.txt"), "w"));
        assertThrows(IllegalStateException.class, w::read, "not readable");
        assertThrows(IllegalStateException.class, w::readline, "not readable");
        assertThrows(IllegalArgumentException.class, () -> w.seek(-1));
        await(w.aclose());
        assertTrue(w.isClosed());
        assertThrows(IllegalStateException.class, () -> w.write("late"), "closed");
        assertThrows(IllegalStateException.class, w::tell, "closed");
        assertThrows(IllegalStateException.class, () -> w.seek(0), "closed");
        assertThrows(IllegalStateException.class, () -> w.truncate(0), "closed");
        await(w.aclose()); // idempotent
        AsyncFile r = await(AsyncFiles.open(dir.resolve("w.txt"), "r"));
        assertThrows(IllegalStateException.class, () -> r.write("x"), "not writable");
        assertThrows(IllegalStateException.class, () -> r.truncate(0), "not writable");
        await(r.aclose());
        return done();
    }

    @Test
    void malformedTextFailsTheRead() throws IOException {
        Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', '\n', (byte) 0xff, '\n'});
        Files.write(dir.resolve("cut.txt"), new byte[] {'o', 'k', (byte) 0xc3}); // é cut short by EOF
        run(malformed(dir));
    }

    @Async
    static Coroutine<Void> malformed(Path dir) {
        AsyncFile bad = await(AsyncFiles.open(dir.resolve("bad.txt"), "r"));
        assertEquals("ok\n", await(bad.readline()));
        try {
            await(bad.readline());
            fail("0xff is not UTF-8");
        } catch (UncheckedIOException e) {
            assertInstanceOf(MalformedInputException.class, e.getCause());
        }
        await(bad.aclose());
        AsyncFile cut = await(AsyncFiles.open(dir.resolve("cut.txt"), "r"));
        try {
            await(cut.read());
            fail("a sequence cut short by EOF");
        } catch (UncheckedIOException e) {
            assertInstanceOf(MalformedInputException.class, e.getCause());
        }
        await(cut.aclose());
        return done();
    }

    @Test
    void writePlusReadsWhatWasWritten() throws IOException {
        Path p = dir.resolve("w+.txt");
        Files.writeString(p, "old content, longer than the new one");
        run(writePlus(p));
        assertEquals("héllo\nwörld\n!", Files.readString(p));
    }

    @Async
    static Coroutine<Void> writePlus(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "w+"));
        assertEquals("", await(f.read()), "w+ truncates");
        f.write("héllo\n"); // unawaited: still before the seek
        f.write("wörld\n");
        assertEquals(0L, await(f.seek(0)));
        assertEquals("héllo\n", await(f.readline()));
        assertEquals(7L, await(f.tell()), "in bytes: é is two");
        assertEquals("wörld\n", await(f.read()), "reads see the writes before them");
        assertEquals(14L, await(f.tell()));
        await(f.write("!"));
        await(f.seek(0));
        assertEquals(3, await(f.readlines()).size());
        await(f.aclose());
        return done();
    }

    @Test
    void readPlusWritesRightAfterTheTextRead() throws IOException {
        Path p = dir.resolve("r+.txt");
        Files.writeString(p, "first é line\nsecond\nthird\n");
        run(readPlus(p));
        assertEquals("first é line\nSECOND\nthird\nfourth\n", Files.readString(p));
    }

    @Async
    static Coroutine<Void> readPlus(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "r+"));
        assertEquals("first é line\n", await(f.readline())); // the whole file was decoded ahead
        assertEquals(7, await(f.write("SECOND\n")));
        assertEquals("third\n", await(f.readline()), "a read after a write continues after it");
        await(f.write("fourth\n"));
        assertEquals(34L, await(f.tell()));
        assertEquals("", await(f.read()));
        await(f.aclose());
        return done();
    }

    @Test
    void positionCountsBytesAcrossChunksAndPairs() throws IOException {
        Path p = dir.resolve("chunks.txt");
        Files.writeString(p, "é".repeat(20_000) + "a😀😀b");
        run(chunkPositions(p));
        String expected = "é".repeat(9_000) + "ö" + "é".repeat(10_999) + "a😀😃b";
        assertEquals(expected, Files.readString(p));
    }

    @Async
    static Coroutine<Void> chunkPositions(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "r+"));
        assertEquals(9_000, await(f.read(9_000)).length(), "past the first chunk of decoded text");
        assertEquals(18_000L, await(f.tell()));
        await(f.write("ö")); // over the 9,001st é
        assertEquals("é", await(f.read(1)));
        assertEquals(18_004L, await(f.tell()));
        assertEquals(10_998, await(f.read(10_998)).length());
        assertEquals("a😀", await(f.read(2)), "code points: a pair counts once and is not split");
        assertEquals(40_005L, await(f.tell()));
        assertEquals(1, await(f.write("😃")), "one code point, two chars");
        assertEquals("b", await(f.read()));
        await(f.aclose());
        return done();
    }

    @Test
    void appendPlusReadsAnywhereAndWritesAtTheEnd() throws IOException {
        Path p = dir.resolve("a+.txt");
        Files.writeString(p, "one\n");
        run(appendPlus(p));
        assertEquals("one\ntwo\nthree\n", Files.readString(p));
    }

    @Async
    static Coroutine<Void> appendPlus(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "a+"));
        assertEquals(4L, await(f.tell()), "a+ starts at the end");
        assertEquals("", await(f.read()));
        await(f.seek(0));
        assertEquals("o", await(f.read(1)));
        await(f.write("two\n"));
        assertEquals(8L, await(f.tell()), "written at the end, not after the o");
        await(f.seek(0));
        assertEquals("one\ntwo\n", await(f.read()));
        await(f.aclose());

        AsyncFile a = await(AsyncFiles.open(p, "a"));
        await(a.seek(0));
        await(a.write("three\n"));
        assertThrows(IllegalStateException.class, a::read, "a is write-only");
        await(a.aclose());
        return done();
    }

    @Test
    void createNewPlusMakesAReadableFile() throws IOException {
        Path p = dir.resolve("x+.txt");
        run(createNewPlus(p));
        assertEquals("new\n", Files.readString(p));
    }

    @Async
    static Coroutine<Void> createNewPlus(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "x+"));
        await(f.write("new\n"));
        await(f.seek(0));
        assertEquals("new\n", await(f.readline()));
        await(f.aclose());
        try {
            await(AsyncFiles.open(p, "x+"));
            fail("x+ on an existing file must fail");
        } catch (UncheckedIOException e) {
            assertInstanceOf(FileAlreadyExistsException.class, e.getCause());
        }
        return done();
    }

    @Test
    void truncateKeepsThePosition() throws IOException {
        Path p = dir.resolve("truncate.txt");
        Files.writeString(p, "keep\ndrop\n");
        run(truncateText(p));
        assertEquals("keep\n", Files.readString(p));
    }

    @Async
    static Coroutine<Void> truncateText(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "r+"));
        assertEquals("keep\n", await(f.readline()));
        assertEquals(5L, await(f.truncate(await(f.tell()))));
        assertEquals(5L, await(f.tell()));
        assertEquals("", await(f.read()), "the decoded read-ahead went with the cut");
        await(f.flush());
        await(f.aclose());
        return done();
    }

    @Test
    void cancellingTheOpenClosesTheFileIfItOpensAfterAll() throws Exception {
        Path fifo = mkfifo(dir.resolve("fifo"));
        run(cancelOpen(fifo));
    }

    /**
     * Opening a FIFO blocks until a writer comes; the awaiter gives up meanwhile. Once the writer
     * comes, the file opens and must be closed at once: the writer then gets a broken pipe.
     */
    @Async
    static Coroutine<Void> cancelOpen(Path fifo) {
        Future<AsyncFile> opening = AsyncFiles.open(fifo, "r");
        assertTrue(opening.cancel());
        assertEquals("closed", await(writeUntilTheReaderCloses(fifo)));
        return done();
    }

    static Path mkfifo(Path fifo) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        return fifo;
    }

    /** Opens {@code fifo} for writing and writes to it for 5 s at most: "closed" once its reader closed it. */
    static CompletableFuture<String> writeUntilTheReaderCloses(Path fifo) {
        return CompletableFuture.supplyAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                for (int i = 0; i < 500; i++) {
                    out.write(i);
                    out.flush();
                    Thread.sleep(10);
                }
                return "the reader stayed open";
            } catch (IOException e) {
                return "closed";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
    }

    @Test
    void operationsRunInCallOrderEvenUnawaited() throws IOException {
        Path p = dir.resolve("order.txt");
        run(unawaited(p));
        assertEquals("abc", Files.readString(p));
    }

    @Async
    static Coroutine<Void> unawaited(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "w"));
        f.write("a");
        f.write("b");
        f.write("c");
        await(f.aclose());
        return done();
    }

    @Test
    void theLoopRunsOnWhileADiskOperationBlocks() throws Exception {
        run(blockedOpen(mkfifo(dir.resolve("fifo"))));
    }

    /** Opening a FIFO blocks until a writer comes; the loop must keep running meanwhile. */
    @Async
    static Coroutine<Void> blockedOpen(Path fifo) {
        List<String> events = new ArrayList<>();
        Future<AsyncFile> opening = AsyncFiles.open(fifo, "r");
        Future<Void> ticked = getRunningLoop().createFuture();
        getRunningLoop().callLater(0.05, () -> {
            events.add("loop ticks while the open blocks");
            ticked.setResult(null);
        });
        await(ticked);
        await(CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("through the fifo".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        AsyncFile f = await(opening);
        events.add("opened");
        events.add(await(f.read()));
        await(f.aclose());
        assertEquals(List.of("loop ticks while the open blocks", "opened", "through the fifo"), events);
        return done();
    }
}
