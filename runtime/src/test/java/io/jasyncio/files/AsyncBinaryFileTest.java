package io.jasyncio.files;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class AsyncBinaryFileTest {
    @TempDir
    Path dir;

    /** Every byte value, twice, the second time backwards. */
    static byte[] allBytes() {
        byte[] b = new byte[512];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
            b[511 - i] = (byte) i;
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void roundTripsEveryByteValue() throws IOException {
        Path p = dir.resolve("all.bin");
        run(roundTrip(p));
        assertArrayEquals(allBytes(), Files.readAllBytes(p));
    }

    @Async
    static Coroutine<Void> roundTrip(Path p) {
        AsyncBinaryFile out = await(AsyncFiles.openBinary(p, "wb"));
        byte[] data = allBytes();
        Future<Integer> written = out.write(data);
        data[0] = 42; // the write took a copy
        assertEquals(512, await(written));
        await(out.aclose());
        AsyncBinaryFile in = await(AsyncFiles.openBinary(p.toString(), "rb"));
        assertArrayEquals(allBytes(), await(in.read()));
        assertArrayEquals(new byte[0], await(in.read()), "at EOF");
        await(in.aclose());
        return done();
    }

    @Test
    void readsChunksUpToEof() throws IOException {
        Path p = dir.resolve("ten.bin");
        Files.write(p, ascii("0123456789"));
        run(chunks(p));
    }

    @Async
    static Coroutine<Void> chunks(Path p) {
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "rb"));
        assertArrayEquals(ascii("0123"), await(f.read(4)));
        assertArrayEquals(new byte[0], await(f.read(0)));
        assertArrayEquals(ascii("4567"), await(f.read(4)));
        assertArrayEquals(ascii("89"), await(f.read(4)), "fewer at EOF");
        assertArrayEquals(new byte[0], await(f.read(4)), "empty at EOF");
        await(f.seek(7));
        assertArrayEquals(ascii("789"), await(f.read(-1)), "a negative size reads the rest");
        await(f.aclose());
        return done();
    }

    @Test
    void readsLargeFilesPastTheReadAhead() throws IOException {
        Path p = dir.resolve("large.bin");
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 256);
        }
        Files.write(p, data);
        run(large(p, data));
    }

    @Async
    static Coroutine<Void> large(Path p, byte[] data) {
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "rb"));
        byte[] head = await(f.read(30_000));
        byte[] rest = await(f.read());
        assertEquals(30_000, head.length);
        byte[] both = new byte[head.length + rest.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(rest, 0, both, head.length, rest.length);
        assertArrayEquals(data, both);
        await(f.aclose());
        return done();
    }

    @Test
    void readsLinesOfBytes() throws IOException {
        Path p = dir.resolve("lines.bin");
        Files.write(p, new byte[] {'a', '\n', (byte) 0xff, 0, '\r', '\n', '\n', 'e', 'n', 'd'});
        run(lines(p));
    }

    @Async
    static Coroutine<Void> lines(Path p) {
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "rb"));
        assertArrayEquals(ascii("a\n"), await(f.readline()));
        assertArrayEquals(new byte[] {(byte) 0xff, 0, '\r', '\n'}, await(f.readline()));
        assertArrayEquals(ascii("\n"), await(f.readline()));
        assertArrayEquals(ascii("end"), await(f.readline()), "the last line has no newline");
        assertArrayEquals(new byte[0], await(f.readline()), "empty at EOF");
        await(f.seek(2));
        List<byte[]> rest = await(f.readlines());
        assertEquals(3, rest.size());
        assertArrayEquals(ascii("end"), rest.get(2));
        await(f.aclose());
        return done();
    }

    @Test
    void seeksAndTells() throws IOException {
        Path p = dir.resolve("seek.bin");
        Files.write(p, ascii("abcdef"));
        run(seekTell(p));
        assertArrayEquals(ascii("abcdef\0\0X"), Files.readAllBytes(p), "a write past the end leaves zeros");
    }

    @Async
    static Coroutine<Void> seekTell(Path p) {
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "r+b"));
        assertEquals(0L, await(f.tell()));
        await(f.read(3));
        assertEquals(3L, await(f.tell()), "after a read, not after the read-ahead");
        assertEquals(1L, await(f.seek(1)));
        assertArrayEquals(ascii("bc"), await(f.read(2)));
        assertEquals(3L, await(f.tell()));
        await(f.seek(100));
        assertArrayEquals(new byte[0], await(f.read()), "past the end");
        await(f.seek(8));
        await(f.write(ascii("X")));
        assertEquals(9L, await(f.tell()));
        await(f.aclose());
        return done();
    }

    @Test
    void appendModesWriteAtTheEndWhereverThePosition() throws IOException {
        Path p = dir.resolve("log.bin");
        Files.write(p, ascii("one\n"));
        run(append(p));
        assertEquals("one\ntwo\nthree\nfour\n", Files.readString(p));
    }

    @Async
    static Coroutine<Void> append(Path p) {
        AsyncBinaryFile a = await(AsyncFiles.openBinary(p, "ab"));
        assertEquals(4L, await(a.tell()), "append starts at the end");
        await(a.seek(0));
        await(a.write(ascii("two\n")));
        assertEquals(8L, await(a.tell()));
        assertThrows(IllegalStateException.class, a::read, "ab is write-only");
        await(a.aclose());

        AsyncBinaryFile u = await(AsyncFiles.openBinary(p, "a+b"));
        assertEquals(8L, await(u.tell()), "a+ starts at the end");
        assertArrayEquals(new byte[0], await(u.read()));
        await(u.seek(0));
        assertArrayEquals(ascii("one\n"), await(u.readline()));
        await(u.write(ascii("three\n")));
        assertEquals(14L, await(u.tell()), "written at the end, not after the line read");
        await(u.seek(4));
        await(u.write(ascii("four\n")));
        await(u.seek(8));
        assertArrayEquals(ascii("three\nfour\n"), await(u.read()), "reads see the writes");
        await(u.aclose());
        return done();
    }

    @Test
    void updateModeOverwritesInTheMiddle() throws IOException {
        Path p = dir.resolve("update.bin");
        Files.write(p, ascii("0123456789"));
        run(update(p));
        assertEquals("0abc4XY789", Files.readString(p));
    }

    @Async
    static Coroutine<Void> update(Path p) {
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "r+b"));
        assertArrayEquals(ascii("0"), await(f.read(1)));
        await(f.write(ascii("abc"))); // right after the byte read, though the read-ahead went further
        assertArrayEquals(ascii("4"), await(f.read(1)), "a read after a write continues after it");
        await(f.aclose());

        AsyncBinaryFile g = await(AsyncFiles.openBinary(p, "rb+"));
        await(g.seek(5));
        await(g.write(ascii("XY")));
        await(g.seek(0));
        assertArrayEquals(ascii("0abc4XY789"), await(g.read()), "reads see the writes before them");
        await(g.aclose());
        return done();
    }

    @Test
    void writeUpdateAndCreateNewModes() throws IOException {
        Path p = dir.resolve("w.bin");
        Files.write(p, ascii("old content"));
        run(writeUpdate(p, dir.resolve("x.bin")));
        assertEquals("new", Files.readString(p));
        assertEquals("fresh", Files.readString(dir.resolve("x.bin")));
    }

    @Async
    static Coroutine<Void> writeUpdate(Path p, Path fresh) {
        AsyncBinaryFile w = await(AsyncFiles.openBinary(p, "w+b"));
        assertArrayEquals(new byte[0], await(w.read()), "w+ truncates");
        await(w.write(ascii("new")));
        await(w.seek(0));
        assertArrayEquals(ascii("new"), await(w.read()));
        await(w.aclose());

        AsyncBinaryFile x = await(AsyncFiles.openBinary(fresh, "x+b"));
        await(x.write(ascii("fresh")));
        await(x.seek(1));
        assertArrayEquals(ascii("res"), await(x.read(3)));
        await(x.aclose());
        return done();
    }

    @Test
    void truncateCutsOrExtendsAndKeepsThePosition() throws IOException {
        Path p = dir.resolve("trunc.bin");
        Files.write(p, ascii("0123456789"));
        run(truncate(p));
        assertArrayEquals(ascii("01234\0\0\0!"), Files.readAllBytes(p));
    }

    @Async
    static Coroutine<Void> truncate(Path p) {
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "r+b"));
        await(f.read(2));
        assertEquals(5L, await(f.truncate(5)));
        assertEquals(2L, await(f.tell()), "the position does not move");
        assertArrayEquals(ascii("234"), await(f.read()), "cut at 5");
        assertEquals(7L, await(f.truncate(7)));
        await(f.seek(0));
        assertArrayEquals(ascii("01234\0\0"), await(f.read()), "extended with zeros");
        await(f.seek(8));
        assertEquals(6L, await(f.truncate(6)));
        assertEquals(8L, await(f.tell()), "not even when past the new end");
        await(f.write(ascii("!")));
        await(f.aclose());
        return done();
    }

    @Test
    void truncateInAppendMode() throws IOException {
        Path p = dir.resolve("trunc-append.bin");
        Files.write(p, ascii("0123"));
        run(truncateAppend(p));
        assertArrayEquals(ascii("01\0\0\0!"), Files.readAllBytes(p));
    }

    @Async
    static Coroutine<Void> truncateAppend(Path p) {
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "ab"));
        await(f.truncate(2));
        await(f.truncate(5));
        await(f.write(ascii("!")));
        await(f.aclose());
        return done();
    }

    @Test
    void createNewFailsOnAnExistingFile() throws IOException {
        Path p = dir.resolve("exists.bin");
        Files.write(p, ascii("keep"));
        run(createNew(p));
        assertEquals("keep", Files.readString(p));
    }

    @Async
    static Coroutine<Void> createNew(Path p) {
        for (String mode : List.of("xb", "x+b", "x")) {
            try {
                await(AsyncFiles.openBinary(p, mode));
                fail(mode + " on an existing file must fail");
            } catch (UncheckedIOException e) {
                assertInstanceOf(FileAlreadyExistsException.class, e.getCause(), mode);
            }
        }
        return done();
    }

    @Test
    void modesAreCheckedAsPythonDoes() throws IOException {
        Path p = dir.resolve("modes.bin");
        Files.write(p, ascii("bytes"));
        run(modes(p));
    }

    @Async
    static Coroutine<Void> modes(Path p) {
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(p, "rb"));
        assertTrue(text.getMessage().contains("openBinary"), text.getMessage());
        IllegalArgumentException binary =
                assertThrows(IllegalArgumentException.class, () -> AsyncFiles.openBinary(p, "rt"));
        assertTrue(binary.getMessage().contains("AsyncFiles.open"), binary.getMessage());
        for (String bad : List.of("", "b", "+", "rw", "rr", "r++", "rbb", "rtb", "q", "rb ")) {
            assertThrows(IllegalArgumentException.class, () -> AsyncFiles.openBinary(p, bad), "'" + bad + "'");
        }
        AsyncBinaryFile f = await(AsyncFiles.openBinary(p, "r")); // the b is optional
        assertArrayEquals(ascii("bytes"), await(f.read()));
        assertThrows(IllegalStateException.class, () -> f.write(ascii("x")), "r is read-only");
        assertEquals("r", f.mode());
        assertEquals(p, f.name());
        await(f.aclose());
        AsyncBinaryFile g = await(AsyncFiles.openBinary(p, "+br")); // any order, as Python
        assertArrayEquals(ascii("bytes"), await(g.read()));
        await(g.write(ascii("!")));
        await(g.aclose());
        return done();
    }

    @Test
    void failuresAreClear() {
        run(failures(dir));
    }

    @Async
    static Coroutine<Void> failures(Path dir) {
        try {
            await(AsyncFiles.openBinary(dir.resolve("missing.bin"), "rb"));
            fail("no such file");
        } catch (UncheckedIOException e) {
            assertInstanceOf(NoSuchFileException.class, e.getCause());
        }
        AsyncBinaryFile w = await(AsyncFiles.openBinary(dir.resolve("w.bin"), "wb"));
        assertThrows(IllegalStateException.class, w::read, "not readable");
        assertThrows(IllegalStateException.class, () -> w.read(1), "not readable");
        assertThrows(IllegalStateException.class, w::readline, "not readable");
        assertThrows(IllegalArgumentException.class, () -> w.seek(-1));
        assertThrows(IllegalArgumentException.class, () -> w.truncate(-1));
        assertFalse(w.isClosed());
        await(w.aclose());
        assertTrue(w.isClosed());
        assertTrue(w.toString().contains("closed"), w.toString());
        assertThrows(IllegalStateException.class, () -> w.write(new byte[1]), "closed");
        assertThrows(IllegalStateException.class, w::tell, "closed");
        assertThrows(IllegalStateException.class, () -> w.seek(0), "closed");
        assertThrows(IllegalStateException.class, w::flush, "closed");
        await(w.aclose()); // idempotent
        return done();
    }

    @Test
    void cancellingTheOpenClosesTheFileIfItOpensAfterAll() throws Exception {
        Path fifo = AsyncFilesTest.mkfifo(dir.resolve("fifo"));
        run(cancelOpen(fifo));
    }

    /** As AsyncFilesTest.cancelOpen: the writer gets a broken pipe once the file opened too late is closed. */
    @Async
    static Coroutine<Void> cancelOpen(Path fifo) {
        Future<AsyncBinaryFile> opening = AsyncFiles.openBinary(fifo, "rb");
        assertTrue(opening.cancel());
        assertEquals("closed", await(AsyncFilesTest.writeUntilTheReaderCloses(fifo)));
        return done();
    }
}
