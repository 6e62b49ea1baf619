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
        await(out.close());
        AsyncFile in = await(AsyncFiles.open(p.toString(), "r"));
        assertEquals("Hello, world!", await(in.read()));
        assertEquals("", await(in.read()), "at EOF");
        await(in.close());
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
        await(f.close());

        AsyncFile again = await(AsyncFiles.open(p, "r"));
        assertEquals(4, await(again.readlines()).size());
        await(again.close());
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
        await(a.close());
        AsyncFile b = await(AsyncFiles.open(p, "at"));
        await(b.write("two\n"));
        await(b.close());
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
        assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(dir.resolve("a"), "rb"));
        assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(dir.resolve("a"), "q"));
        AsyncFile w = await(AsyncFiles.open(dir.resolve("w.txt"), "w"));
        assertThrows(IllegalStateException.class, w::read, "not readable");
        await(w.close());
        assertTrue(w.isClosed());
        assertThrows(IllegalStateException.class, () -> w.write("late"), "closed");
        await(w.close()); // idempotent
        return done();
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
        await(f.close());
        return done();
    }

    @Test
    void theLoopRunsOnWhileADiskOperationBlocks() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        run(blockedOpen(fifo));
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
        await(f.close());
        assertEquals(List.of("loop ticks while the open blocks", "opened", "through the fifo"), events);
        return done();
    }
}
