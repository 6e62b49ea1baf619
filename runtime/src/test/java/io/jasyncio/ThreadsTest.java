package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadsTest extends TestBase {
    @Test
    void callSoonThreadsafeFrom8ThreadsLosesNothingAndRunsNothingTwice() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        EventLoop loop = newTestLoop();
        BitSet seen = new BitSet(threads * perThread);
        int[] duplicates = {0};
        int[] lastPerThread = new int[threads];
        boolean[] outOfOrder = {false};
        CountDownLatch go = new CountDownLatch(1);
        Thread[] producers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            producers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perThread; i++) {
                    int n = i;
                    loop.callSoonThreadsafe(() -> {
                        int bit = id * perThread + n - 1;
                        if (seen.get(bit)) {
                            duplicates[0]++;
                        }
                        seen.set(bit);
                        if (lastPerThread[id] != n - 1) {
                            outOfOrder[0] = true; // each thread's calls run in the order it made them
                        }
                        lastPerThread[id] = n;
                    });
                }
            });
            producers[t].start();
        }
        Thread stopper = new Thread(() -> {
            go.countDown();
            for (Thread p : producers) {
                try {
                    p.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            loop.callSoonThreadsafe(loop::stop); // after every producer's last call
        });
        stopper.start();
        try {
            loop.runForever(); // on this thread, while the producers run
        } finally {
            stopper.join();
            loop.close();
        }
        assertEquals(threads * perThread, seen.cardinality());
        assertEquals(0, duplicates[0]);
        assertFalse(outOfOrder[0]);
    }

    @Async
    Coroutine<Void> inExecutor() {
        Thread loopThread = Thread.currentThread();
        String where = await(toThread(() -> Thread.currentThread().getName()));
        assertTrue(where.startsWith("jasyncio-executor-"), where);
        assertSame(loopThread, Thread.currentThread()); // resumed on the loop's thread
        ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
        try {
            assertEquals(
                    "mine",
                    await(getRunningLoop()
                            .runInExecutor(mine, () -> Thread.currentThread().getName())));
        } finally {
            mine.shutdown();
        }
        try {
            await(toThread(() -> {
                throw new java.io.IOException("checked, from the thread");
            }));
            throw expectUnreached();
        } catch (Exception e) {
            assertInstanceOf(java.io.IOException.class, e); // delivered as is, not wrapped
        }
        return done();
    }

    @Test
    void runInExecutorAndToThread() {
        runTest(inExecutor());
    }

    @Async
    Coroutine<Void> stageFromAnotherThread() {
        Thread loopThread = Thread.currentThread();
        CompletableFuture<String> cf = new CompletableFuture<>();
        new Thread(() -> {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ignored) {
                    }
                    cf.complete("from elsewhere");
                })
                .start();
        assertEquals("from elsewhere", await(cf));
        assertSame(loopThread, Thread.currentThread()); // resumed on the loop thread
        assertEquals("now", await(CompletableFuture.completedFuture("now"))); // already complete: no suspension
        CompletableFuture<String> failed = CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("async failure");
        });
        try {
            await(failed);
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertEquals("async failure", e.getMessage()); // unwrapped from CompletionException
        }
        assertSame(loopThread, Thread.currentThread());
        return done();
    }

    @Test
    void awaitingACompletionStageResumesOnTheLoopThread() {
        runTest(stageFromAnotherThread());
    }

    @Async
    Coroutine<String> onTheLoop(String s) {
        await(sleep(0.01));
        return done(s + " on " + Thread.currentThread().getName());
    }

    @Test
    void runCoroutineThreadsafeReturnsACompletableFuture() throws Exception {
        EventLoop loop = newTestLoop();
        Thread t = new Thread(loop::runForever, "the-loop");
        t.start();
        try {
            CompletableFuture<String> cf = runCoroutineThreadsafe(onTheLoop("hello"), loop);
            assertEquals("hello on the-loop", cf.get(5, TimeUnit.SECONDS));

            CompletableFuture<String> cancelled = runCoroutineThreadsafe(onTheLoop("never"), loop);
            cancelled.cancel(false); // cancels the task on the loop
            assertTrue(cancelled.isCancelled());

            CompletableFuture<Void> failing = runCoroutineThreadsafe(failsOnLoop(), loop);
            ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
            assertEquals("failed on the loop", e.getCause().getMessage());
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            t.join(5000);
            loop.close();
        }
    }

    @Async
    Coroutine<Void> failsOnLoop() {
        await(sleep(0));
        throw new IllegalStateException("failed on the loop");
    }

    @Test
    void pendingCoroutineAtCloseCompletesTheCompletableFutureCancelled() throws Exception {
        EventLoop loop = newTestLoop();
        CompletableFuture<String> cf = runCoroutineThreadsafe(onTheLoop("stuck"), loop);
        loop.callSoon(loop::stop);
        loop.runForever(); // the task starts and sleeps
        loop.close(); // reported and ended cancelled: the caller is not left hanging
        assertTrue(cf.isCompletedExceptionally());
        // CancelledError is a CancellationException: the CompletableFuture counts as cancelled, and
        // get() throws a CancellationException (JDK 17: the CancelledError itself; JDK 25 wraps it)
        assertThrows(java.util.concurrent.CancellationException.class, () -> cf.get(1, TimeUnit.SECONDS));
        assertTrue(cf.isCancelled());
        Throwable raw = cf.handle((v, x) -> x).join();
        assertInstanceOf(CancelledError.class, raw);
        assertEquals("the event loop was closed while the task was pending", raw.getMessage());
        assertEquals(1, takeUnhandled().size()); // "Task was destroyed but it is pending!"
    }

    @Async
    Coroutine<Integer> answer(int n) {
        return done(n);
    }

    @Test
    void afterCloseEveryThreadsafeEntryFailsAtOnce() throws Exception {
        EventLoop loop = newTestLoop();
        loop.close();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // from another thread, as a caller that cannot know the loop's state would
            IllegalStateException soon = other.submit(
                            () -> assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> {})))
                    .get(5, TimeUnit.SECONDS);
            assertEquals("Event loop is closed: nothing can be scheduled on it any more.", soon.getMessage());
            Coroutine<Integer> coro = answer(1);
            IllegalStateException submit = other.submit(
                            () -> assertThrows(IllegalStateException.class, () -> runCoroutineThreadsafe(coro, loop)))
                    .get(5, TimeUnit.SECONDS);
            assertEquals(soon.getMessage(), submit.getMessage());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aSubmissionTheLoopNeverRanCompletesExceptionallyAtClose() throws Exception {
        EventLoop loop = newTestLoop();
        Coroutine<Integer> coro = answer(7);
        CompletableFuture<Integer> cf = runCoroutineThreadsafe(coro, loop); // the loop never runs it
        Handle plain = loop.callSoonThreadsafe(() -> expectUnreached());
        loop.close();
        assertTrue(cf.isDone(), "a caller waiting on it would wait forever");
        ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(
                "Event loop was closed before the coroutine " + coro + " could start.",
                e.getCause().getMessage());
        assertTrue(plain.cancelled(), "a dropped callback's handle says so");
        assertEquals(List.of(), takeUnhandled());
    }

    @Test
    void aCoroutineThatEndedJustBeforeCloseStillCompletesTheCompletableFuture() throws Exception {
        EventLoop loop = newTestLoop();
        CompletableFuture<Integer> cf = runCoroutineThreadsafe(answer(5), loop); // pass 1 creates the task
        loop.callSoonThreadsafe(() -> loop.callSoon(loop::stop)); // pass 1 asks to stop after pass 2
        loop.runForever(); // pass 2: the task ends, and its done callback is queued for pass 3
        loop.close(); // which never comes: close() must still hand the outcome over
        assertEquals(5, cf.get(1, TimeUnit.SECONDS));
    }

    @Test
    void submissionsFrom8ThreadsWhileTheLoopClosesEachRanOrFailed() throws Exception {
        int threads = 8;
        for (int round = 0; round < 5; round++) {
            EventLoop loop = newTestLoop();
            List<CompletableFuture<Integer>> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Handle> acceptedPlain = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.Set<Handle> ranPlain = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            Thread[] submitters = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                submitters[t] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; ; i++) {
                        try {
                            if ((id + i) % 2 == 0) {
                                accepted.add(runCoroutineThreadsafe(answer(i), loop));
                            } else {
                                Handle[] self = new Handle[1];
                                synchronized (self) {
                                    self[0] = loop.callSoonThreadsafe(() -> {
                                        synchronized (self) {
                                            ranPlain.add(self[0]);
                                        }
                                    });
                                    acceptedPlain.add(self[0]);
                                }
                            }
                        } catch (IllegalStateException closed) {
                            refused.incrementAndGet();
                            return; // the loop said no at once: stop, as a real caller would
                        }
                    }
                });
                submitters[t].start();
            }
            Thread looper = new Thread(() -> {
                loop.callSoon(go::countDown);
                loop.callLater(0.002, loop::stop); // let it run a few passes while the flood is on
                loop.runForever();
                loop.close(); // while the submitters keep going
            });
            looper.start();
            looper.join(10_000);
            for (Thread s : submitters) {
                s.join(10_000);
                assertFalse(s.isAlive(), "a submitter never heard that the loop closed");
            }
            assertEquals(threads, refused.get());
            for (CompletableFuture<Integer> cf : accepted) {
                assertTrue(cf.isDone(), "a runCoroutineThreadsafe caller would wait forever");
                if (!cf.isCompletedExceptionally()) {
                    assertNotNull(cf.join()); // it ran
                } else {
                    Throwable why = cf.handle((v, x) -> x).join();
                    assertTrue(
                            why instanceof IllegalStateException || why instanceof CancelledError,
                            "unexpected failure " + why);
                }
            }
            for (Handle h : acceptedPlain) {
                assertTrue(ranPlain.contains(h) != h.cancelled(), "a callback neither ran nor was dropped: " + h);
            }
            takeUnhandled(); // tasks pending at close are reported: expected here
        }
    }
}
