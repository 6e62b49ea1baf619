package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import io.jasyncio.test.VirtualTimeLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopTest extends TestBase {
    @Test
    void callSoonRunsInOrderOnTheNextIteration() {
        EventLoop loop = newVirtualTestLoop().loop();
        try {
            loop.callSoon(() -> {
                expect(1);
                loop.callSoon(() -> expect(4)); // scheduled during the pass: runs on the next one
            });
            loop.callSoon(() -> expect(2));
            Handle cancelled = loop.callSoon(() -> expectUnreached());
            loop.callSoon(() -> expect(3));
            cancelled.cancel();
            assertTrue(cancelled.cancelled());
            loop.callLater(0.001, loop::stop);
            loop.runForever();
            finish(5);
        } finally {
            loop.close();
        }
    }

    @Test
    void timersRunByDeadlineThenSchedulingOrder() {
        EventLoop loop = newVirtualTestLoop().loop();
        try {
            assertEquals(0.0, loop.time());
            loop.callLater(0.03, () -> {
                assertEquals(0.03, loop.time());
                expect(5);
            });
            loop.callAt(0.01, () -> expect(2));
            TimerHandle cancelled = loop.callLater(0.005, () -> expectUnreached());
            loop.callAt(0.01, () -> expect(3)); // same deadline: after the earlier one
            loop.callSoon(() -> expect(1));
            assertEquals(
                    0.01,
                    loop.callAt(0.01, () -> {
                                assertEquals(0.01, loop.time());
                                expect(4);
                            })
                            .when());
            cancelled.cancel();
            loop.callLater(0.04, loop::stop);
            loop.runForever();
            assertEquals(0.04, loop.time());
            finish(6);
        } finally {
            loop.close();
        }
    }

    @Test
    void cancelledTimersDoNotPileUp() {
        EventLoop loop = newTestLoop();
        try {
            for (int round = 0; round < 100; round++) {
                for (int i = 0; i < 1000; i++) {
                    loop.callLater(100, () -> expectUnreached()).cancel();
                }
                loop.callSoon(loop::stop);
                loop.runForever();
            }
            assertTrue(timerCount(loop) < 1000, "timers left: " + timerCount(loop));
        } finally {
            loop.close();
        }
    }

    private static int timerCount(EventLoop loop) {
        try {
            java.lang.reflect.Field f = EventLoop.class.getDeclaredField("timers");
            f.setAccessible(true);
            return ((TimerQueue) f.get(loop)).size();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stopBeforeRunForeverRunsOneIteration() {
        EventLoop loop = newTestLoop();
        try {
            loop.callSoon(() -> expect(1));
            loop.stop();
            loop.runForever();
            assertFalse(loop.isRunning());
            finish(2);
        } finally {
            loop.close();
        }
    }

    @Test
    void closeRefusesWhileRunningAndIsIdempotent() {
        EventLoop loop = newTestLoop();
        loop.callSoon(() -> {
            assertTrue(loop.isRunning());
            IllegalStateException e = assertThrows(IllegalStateException.class, loop::close);
            assertTrue(e.getMessage().contains("running"), e.getMessage());
            expect(1);
            loop.stop();
        });
        loop.runForever();
        loop.close();
        assertTrue(loop.isClosed());
        loop.close();
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> {}));
        assertThrows(IllegalStateException.class, loop::runForever);
        finish(2);
    }

    @Async
    Coroutine<String> forever() {
        await(sleep(100));
        return done("never");
    }

    @Test
    void closeWarnsAboutAndCancelsPendingTasks() {
        EventLoop loop = newTestLoop();
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler(reports::add);
        Task<String> t = loop.createTask(forever(), "stuck");
        loop.callSoon(loop::stop);
        loop.runForever();
        assertFalse(t.done());
        java.util.concurrent.atomic.AtomicBoolean callbackRan = new java.util.concurrent.atomic.AtomicBoolean();
        t.addDoneCallback(f -> callbackRan.set(f.cancelled()));
        loop.close();
        assertTrue(t.cancelled());
        assertTrue(callbackRan.get()); // the loop will not run again: done callbacks run during close
        assertEquals(1, reports.size());
        assertEquals("Task was destroyed but it is pending!", reports.get(0).get("message"));
        assertSame(t, reports.get(0).get("task"));
    }

    @Async
    Coroutine<Void> nested() {
        getRunningLoop().runUntilComplete(forever());
        return done();
    }

    @Test
    void nestedRunUntilCompleteIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runTest(nested()));
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
        assertTrue(e.getMessage().contains("nested runUntilComplete"), e.getMessage());
        takeUnhandled(); // a debug-mode report of the coroutine never run, if another test left debug on
    }

    @Test
    void getRunningLoopWithoutALoopIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::getRunningLoop);
        assertTrue(e.getMessage().startsWith("no running event loop"), e.getMessage());
        EventLoop loop = newTestLoop();
        try {
            loop.callSoon(() -> {
                assertSame(loop, getRunningLoop());
                assertSame(loop, getEventLoop());
                expect(1);
            });
            loop.callSoon(loop::stop);
            loop.runForever();
        } finally {
            loop.close();
        }
        finish(2);
    }

    @Test
    void getEventLoopIsPerThreadAndReplacedWhenClosed() {
        EventLoop a = getEventLoop();
        assertSame(a, getEventLoop());
        a.close();
        EventLoop b = getEventLoop();
        assertNotSame(a, b);
        setEventLoop(null);
        b.close();
    }

    @Test
    void callbackErrorsGoToTheExceptionHandler() {
        EventLoop loop = newTestLoop();
        try {
            List<Map<String, Object>> reports = new ArrayList<>();
            loop.setExceptionHandler(reports::add);
            RuntimeException boom = new RuntimeException("boom");
            loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(() -> expect(1)); // the loop goes on
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(1, reports.size());
            assertSame(boom, reports.get(0).get("exception"));
            assertTrue(((String) reports.get(0).get("message")).startsWith("Exception in callback"));
            finish(2);
        } finally {
            loop.close();
        }
    }

    @Test
    void anIdleLoopBlocksInTheSelectorAndUsesNoCpu() throws Exception {
        EventLoop loop = newTestLoop();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(
                () -> {
                    loop.callSoon(started::countDown);
                    loop.callLater(3600, () -> {}); // a far timer: the loop must still block, not spin
                    loop.runForever();
                },
                "idle-loop");
        t.start();
        try {
            assertTrue(started.await(5, TimeUnit.SECONDS));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Thread.sleep(50);
            long cpuBefore = threads.getThreadCpuTime(t.getId());
            Thread.sleep(300); // timing is the point here: an idle loop burns nothing
            long cpu = threads.getThreadCpuTime(t.getId()) - cpuBefore;
            assertTrue(cpu < 30_000_000L, "idle loop used " + cpu / 1e6 + " ms of CPU in 300 ms");
            // and callSoonThreadsafe wakes it at once
            CountDownLatch woke = new CountDownLatch(1);
            loop.callSoonThreadsafe(woke::countDown);
            assertTrue(woke.await(5, TimeUnit.SECONDS));
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            t.join(5000);
            loop.close();
        }
    }

    // ---- fairness: a flood from other threads ----

    /** Queues {@code count} callbacks from another thread before the loop runs: a flood, reproducibly. */
    private static void flood(EventLoop loop, int count, Runnable each) throws InterruptedException {
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                loop.callSoonThreadsafe(each);
            }
            loop.callSoonThreadsafe(loop::stop);
        });
        producer.start();
        producer.join();
    }

    @Test
    void aFloodFromOtherThreadsDoesNotHoldBackADueTimer() throws Exception {
        EventLoop loop = newTestLoop();
        try {
            int[] ran = {0};
            int[] ranBeforeTimer = {-1};
            flood(loop, 20 * EventLoop.THREADSAFE_BATCH, () -> ran[0]++);
            loop.callLater(0, () -> ranBeforeTimer[0] = ran[0]); // due from the start
            loop.runForever();
            assertEquals(20 * EventLoop.THREADSAFE_BATCH, ran[0]);
            // the timer is late by at most one batch of the flood, not by all of it
            assertTrue(
                    ranBeforeTimer[0] >= 0 && ranBeforeTimer[0] <= EventLoop.THREADSAFE_BATCH,
                    "the due timer ran after " + ranBeforeTimer[0] + " callbacks of the flood");
        } finally {
            loop.close();
        }
    }

    @Test
    void aFloodFromOtherThreadsDoesNotHoldBackIo() throws Exception {
        EventLoop loop = newTestLoop();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            int[] ran = {0};
            int[] ranBeforeRead = {-1};
            flood(loop, 20 * EventLoop.THREADSAFE_BATCH, () -> {
                if (++ran[0] == 100) { // the pipe becomes readable in the middle of the flood
                    try {
                        pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {42}));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            loop.addReader(pipe.source(), () -> {
                try {
                    pipe.source().read(java.nio.ByteBuffer.allocate(1));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (ranBeforeRead[0] < 0) {
                    ranBeforeRead[0] = ran[0];
                }
            });
            loop.runForever();
            assertEquals(20 * EventLoop.THREADSAFE_BATCH, ran[0]);
            // read on the next pass or the one after, not after the whole flood
            assertTrue(
                    ranBeforeRead[0] >= 100 && ranBeforeRead[0] <= 2 * EventLoop.THREADSAFE_BATCH,
                    "the reader ran after " + ranBeforeRead[0] + " callbacks of the flood");
        } finally {
            loop.close();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    // ---- the default exception handler ----

    private static void failHere(String message) {
        throw new IllegalStateException(message);
    }

    private static void failThere(String message) {
        throw new IllegalStateException(message);
    }

    /** What the default handler prints to standard error for each of {@code errors}, as lines. */
    private static List<String> defaultHandlerOutput(boolean debug, Runnable... errors) {
        EventLoop loop = newEventLoop();
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            loop.setDebug(debug);
            System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            for (Runnable error : errors) {
                loop.callSoon(error);
            }
            loop.callSoon(loop::stop);
            loop.runForever();
        } finally {
            System.setErr(saved);
            loop.close();
        }
        return List.of(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\\R"));
    }

    @Test
    void theDefaultHandlerPrintsOneLinePerErrorAndEachKindsTraceOnce() {
        List<String> out = defaultHandlerOutput(
                false, () -> failHere("first"), () -> failHere("second"), () -> failThere("third"));
        List<String> heads = new ArrayList<>();
        for (String line : out) {
            if (!line.startsWith("\t") && !line.startsWith("Caused by")) {
                heads.add(line);
            }
        }
        assertEquals(5, heads.size(), String.join("\n", out)); // 3 reports, 2 trace headers
        assertTrue(heads.get(0).startsWith("Exception in callback <Handle "), heads.get(0));
        assertTrue(heads.get(0).contains(": java.lang.IllegalStateException: first (handle: <Handle "), heads.get(0));
        assertEquals("java.lang.IllegalStateException: first", heads.get(1)); // the first of its kind: traced
        assertTrue(out.get(2).contains("at io.jasyncio.EventLoopTest.failHere("), out.get(2));
        assertTrue(heads.get(2).contains("IllegalStateException: second"), heads.get(2));
        assertTrue(heads.get(2).endsWith("[stack trace printed at its first occurrence; debug mode prints every one]"));
        assertTrue(heads.get(3).contains("IllegalStateException: third"), heads.get(3)); // thrown elsewhere: a new kind
        assertEquals("java.lang.IllegalStateException: third", heads.get(4));
        int secondAt = out.indexOf(heads.get(2));
        assertEquals(heads.get(3), out.get(secondAt + 1), "a repeated kind is one line, no trace");
    }

    @Test
    void inDebugModeTheDefaultHandlerPrintsEveryTrace() {
        List<String> out = defaultHandlerOutput(true, () -> failHere("first"), () -> failHere("second"));
        assertTrue(out.contains("java.lang.IllegalStateException: first"), String.join("\n", out));
        assertTrue(out.contains("java.lang.IllegalStateException: second"), String.join("\n", out));
    }

    // ---- debug mode ----

    @Test
    void debugModeReportsSlowCallbacksWithTheirDuration() {
        VirtualTimeLoop vt = newVirtualTestLoop();
        EventLoop loop = vt.loop();
        try {
            List<Map<String, Object>> reports = new ArrayList<>();
            loop.setExceptionHandler(reports::add);
            assertFalse(loop.getDebug());
            loop.setDebug(true);
            assertTrue(loop.getDebug());
            loop.setSlowCallbackDuration(0.02);
            assertEquals(0.02, loop.getSlowCallbackDuration(), 1e-9);
            loop.callSoon(() -> vt.advanceTime(0.03)); // on virtual time: as if it had taken 30 ms
            loop.callSoon(() -> vt.advanceTime(0.019)); // under the threshold: not reported
            loop.callSoon(() -> {});
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(1, reports.size(), reports.toString());
            String message = (String) reports.get(0).get("message");
            assertTrue(message.matches("Executing <Handle .*> took 0\\.030 seconds"), message);
        } finally {
            loop.close();
        }
    }

    @Async
    Coroutine<Void> neverAwaited() {
        expectUnreached();
        return done();
    }

    @Test
    void callingAnAsyncMethodWithoutAwaitRunsNothing() {
        Coroutine<Void> c = neverAwaited();
        assertNotNull(c);
    }

    @Async
    Coroutine<Void> awaited() {
        return done();
    }

    @Async
    Coroutine<Void> dropsACoroutine() {
        neverAwaited(); // BUG on purpose: created, never awaited
        await(awaited()); // this one is fine
        return done();
    }

    @Test
    void debugModeReportsCoroutinesNeverAwaitedWithWhereTheyWereCreated() {
        EventLoop loop = newTestLoop();
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler(reports::add);
        loop.setDebug(true);
        loop.runUntilComplete(loop.createTask(dropsACoroutine()));
        assertTrue(reports.isEmpty(), reports.toString());
        loop.close();
        assertEquals(1, reports.size(), reports.toString());
        String message = (String) reports.get(0).get("message");
        assertTrue(
                message.startsWith("Coroutine[EventLoopTest.neverAwaited] was never awaited; created at "
                        + EventLoopTest.class.getName() + ".dropsACoroutine"),
                message);
        assertTrue(message.contains("EventLoopTest.java:"), message);
    }

    @Async
    Coroutine<Void> pause() {
        await(sleep(0.01));
        return done();
    }

    @Test
    void debugModeReportsACoroutineNeverAwaitedWhenTheCollectorFreesIt() {
        EventLoop loop = newTestLoop();
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler(reports::add);
        loop.setDebug(true);
        loop.runUntilComplete(loop.createTask(dropsACoroutine()));
        // The Cleaner reports from its own thread through callSoonThreadsafe: keep the loop
        // turning while the collector runs, until the report arrives (or a generous deadline).
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            loop.runUntilComplete(loop.createTask(pause()));
        }
        assertEquals(1, reports.size(), reports.toString());
        String message = (String) reports.get(0).get("message");
        assertTrue(
                message.startsWith("Coroutine[EventLoopTest.neverAwaited] was never awaited; created at "
                        + EventLoopTest.class.getName() + ".dropsACoroutine"),
                message);
        loop.close();
        assertEquals(1, reports.size(), "reported again at close: " + reports);
    }
}
