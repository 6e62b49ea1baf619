package io.jasyncio.files;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every acknowledged write is in the file, whole: concurrent appends from many tasks, through one
 * handle or many handles on one path; and the disk pool survives a thread it cannot start. Part
 * of the reliability suite (tag {@code reliability}).
 */
@Tag("reliability")
@Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
class FileReliabilityTest {
    private static final int TASKS = 200;
    private static final int LINES = 100;

    @TempDir
    Path dir;

    /** A line long enough that a torn or interleaved write shows: task, line, then filler that repeats both. */
    static String line(String mode, int task, int n) {
        String id = mode + " " + task + " " + n;
        return id + " " + ("<" + id + ">").repeat(8) + "\n";
    }

    /** Checks the file holds exactly the expected lines, each whole, in any order between tasks. */
    static void assertAllLinesWhole(Path p, List<String> modes) throws IOException {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        Set<String> expected = new HashSet<>();
        for (String mode : modes) {
            for (int t = 0; t < TASKS / modes.size(); t++) {
                for (int n = 0; n < LINES; n++) {
                    expected.add(line(mode, t, n).trim());
                }
            }
        }
        int torn = 0;
        for (String l : lines) {
            if (!expected.contains(l)) {
                torn++;
            }
        }
        assertEquals(0, torn, "torn or interleaved lines");
        assertEquals(expected.size(), lines.size(), "every acknowledged append is in the file once");
        assertEquals(expected, new HashSet<>(lines));
    }

    // ---- one handle per task, on one path ----

    @Test
    void tasksEachWithTheirOwnAppendHandleLoseNothing() throws IOException {
        Path p = dir.resolve("log.txt");
        List<String> modes = List.of("a+b", "ab", "a+", "a");
        run(appendFromManyHandles(p, modes));
        assertAllLinesWhole(p, modes);
    }

    @Async
    static Coroutine<Void> appendFromManyHandles(Path p, List<String> modes) {
        List<Awaitable<Void>> writers = new ArrayList<>();
        for (String mode : modes) {
            for (int t = 0; t < TASKS / modes.size(); t++) {
                writers.add(appendLines(p, mode, t));
            }
        }
        await(gather(writers));
        return done();
    }

    /** Opens its own handle and appends LINES lines, one awaited write each, then closes. */
    @Async
    static Coroutine<Void> appendLines(Path p, String mode, int task) {
        if (mode.contains("b")) {
            AsyncBinaryFile f = await(AsyncFiles.openBinary(p, mode));
            for (int n = 0; n < LINES; n++) {
                await(f.write(line(mode, task, n).getBytes(StandardCharsets.UTF_8)));
            }
            await(f.aclose());
        } else {
            AsyncFile f = await(AsyncFiles.open(p, mode));
            for (int n = 0; n < LINES; n++) {
                await(f.write(line(mode, task, n)));
            }
            await(f.aclose());
        }
        return done();
    }

    @Test
    void anAPlusHandleReadsItsOwnAppendsAndTheOthers() throws IOException {
        Path p = dir.resolve("both.txt");
        Files.writeString(p, "first\n");
        run(readAfterAppend(p));
    }

    @Async
    static Coroutine<Void> readAfterAppend(Path p) {
        AsyncBinaryFile a = await(AsyncFiles.openBinary(p, "a+b"));
        AsyncBinaryFile b = await(AsyncFiles.openBinary(p, "a+b"));
        await(a.write("from a\n".getBytes(StandardCharsets.UTF_8)));
        await(b.write("from b\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(20L, await(b.tell()), "after a write the position is the end");
        await(a.seek(0));
        assertEquals("first\nfrom a\nfrom b\n", new String(await(a.read()), StandardCharsets.UTF_8));
        await(a.aclose());
        await(b.aclose());
        return done();
    }

    // ---- one handle shared by many tasks ----

    @Test
    void tasksSharingOneHandleLoseNothing() throws IOException {
        Path p = dir.resolve("shared.txt");
        run(appendThroughOneHandle(p));
        assertAllLinesWhole(p, List.of("shared"));
    }

    @Async
    static Coroutine<Void> appendThroughOneHandle(Path p) {
        AsyncFile f = await(AsyncFiles.open(p, "a+"));
        List<Awaitable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
            writers.add(appendThrough(f, t));
        }
        await(gather(writers));
        await(f.aclose());
        return done();
    }

    @Async
    static Coroutine<Void> appendThrough(AsyncFile f, int task) {
        for (int n = 0; n < LINES; n++) {
            await(f.write(line("shared", task, n)));
        }
        return done();
    }

    // ---- the disk pool ----

    /**
     * A pool whose first thread cannot start, as under a process limit: the operation fails with
     * that error, and the file's next operations (and its close) work once threads can start.
     */
    @Test
    void aThreadThatCannotStartFailsOneOperationAndTheFileStaysUsable() throws IOException {
        Path p = dir.resolve("limit.bin");
        AtomicInteger refusals = new AtomicInteger(1);
        ThreadPoolExecutor pool = DiskQueue.newPool(2);
        // The JVM throws this from Thread.start under a process limit; the factory throws it where
        // every JDK's ThreadPoolExecutor lets it out of execute() the same way (JDK 21+ starts
        // pool threads through an internal method a Thread subclass cannot override).
        pool.setThreadFactory(r -> {
            if (refusals.getAndDecrement() > 0) {
                throw new OutOfMemoryError(
                        "unable to create native thread: possibly out of memory or process/resource limits reached");
            }
            return new Thread(r, "limited-disk");
        });
        try {
            run(survivesRefusedThread(p, pool, refusals));
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals("second\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(p));
    }

    @Async
    static Coroutine<Void> survivesRefusedThread(Path p, ThreadPoolExecutor pool, AtomicInteger refusals) {
        DiskQueue disk = new DiskQueue(getRunningLoop(), pool);
        AsyncBinaryFile f = await(openOn(disk, p, "wb")); // the test's own open runs on the shared pool
        refusals.set(1);
        Future<Integer> first = f.write("first\n".getBytes(StandardCharsets.UTF_8));
        Throwable error = await(failure(first));
        assertTrue(
                error instanceof OutOfMemoryError && error.getMessage().startsWith("unable to create native thread"),
                String.valueOf(error));
        assertEquals(7, await(f.write("second\n".getBytes(StandardCharsets.UTF_8))), "the next write runs");
        await(f.aclose());
        return done();
    }

    /** Opens {@code p} with its operations on {@code disk}. */
    static Future<AsyncBinaryFile> openOn(DiskQueue disk, Path p, String mode) {
        return new DiskQueue(disk.loop())
                .submit(() -> new AsyncBinaryFile(ChannelFile.open(disk, p, mode, OpenMode.parse(mode))));
    }

    @Async
    static Coroutine<Throwable> failure(Future<?> f) {
        try {
            await(f);
        } catch (Throwable t) {
            return done(t);
        }
        throw new AssertionError("the operation did not fail");
    }

    /** Many files busy at once use at most DiskQueue.THREADS disk threads; the rest wait their turn and then run. */
    @Test
    void theDiskThreadsAreBounded() {
        int files = DiskQueue.THREADS * 3;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        run(manyBusyFiles(files, release, running, most));
        assertTrue(most.get() <= DiskQueue.THREADS, "at most " + DiskQueue.THREADS + " at once, saw " + most.get());
        assertEquals(DiskQueue.THREADS, most.get(), "the pool is used up to its bound");
    }

    @Async
    static Coroutine<Void> manyBusyFiles(int files, CountDownLatch release, AtomicInteger running, AtomicInteger most) {
        List<Future<Integer>> ops = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            ops.add(new DiskQueue(getRunningLoop()).submit(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return 1;
            }));
        }
        // Wait (off the loop) until the pool is full, then count its threads before releasing them.
        int busy = await(io.jasyncio.Asyncio.toThread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (running.get() < DiskQueue.THREADS && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            int threads = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("jasyncio-disk")) {
                    threads++;
                }
            }
            return threads;
        }));
        assertTrue(busy <= DiskQueue.THREADS, busy + " disk threads");
        release.countDown();
        List<Integer> results = await(gather(ops));
        assertEquals(files, results.size());
        return done();
    }
}
