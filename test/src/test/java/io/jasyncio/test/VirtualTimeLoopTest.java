package io.jasyncio.test;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.annotation.Async;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class VirtualTimeLoopTest {
    private final VirtualTimeLoop vt = new VirtualTimeLoop();
    private final EventLoop loop = vt.loop();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void close() {
        vt.close();
    }

    @Async
    Coroutine<Double> sleepsAnHour() {
        await(sleep(3600));
        return done(getRunningLoop().time());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // an hour on the real clock would end the run
    void anHourOfSleepPassesAtOnceAndTheClockSaysAnHour() {
        assertEquals(0.0, vt.time());
        assertEquals(3600.0, loop.runUntilComplete(sleepsAnHour()));
        assertEquals(3600.0, vt.time());
    }

    @Async
    Coroutine<Void> sleeper(String name, double seconds) {
        await(sleep(seconds));
        events.add(name + "@" + getRunningLoop().time());
        return done();
    }

    @Async
    Coroutine<Void> sleepers(String... namesAndDelays) {
        List<Coroutine<Void>> all = new ArrayList<>();
        for (int i = 0; i < namesAndDelays.length; i += 2) {
            all.add(sleeper(namesAndDelays[i], Double.parseDouble(namesAndDelays[i + 1])));
        }
        await(gather(all));
        return done();
    }

    @Test
    void timersFireInDeadlineOrderExactlyOnTime() {
        loop.callLater(3, () -> events.add("callLater(3)@" + loop.time()));
        loop.callAt(0.5, () -> events.add("callAt(0.5)@" + loop.time()));
        loop.runUntilComplete(sleepers("b", "2", "a", "1"));
        vt.advanceUntilIdle();
        assertEquals(List.of("callAt(0.5)@0.5", "a@1.0", "b@2.0", "callLater(3)@3.0"), events);
    }

    @Test
    void equalDeadlinesRunInTheOrderTheyWereScheduled() {
        loop.runUntilComplete(sleepers("first", "1", "second", "1", "third", "1"));
        assertEquals(List.of("first@1.0", "second@1.0", "third@1.0"), events);
    }

    @Async
    Coroutine<Void> twoNaps() {
        await(sleep(1));
        events.add("one@" + getRunningLoop().time());
        await(sleep(2));
        events.add("two@" + getRunningLoop().time());
        return done();
    }

    @Test
    void advanceTimeFromOutsideRunsWhatIsDueAndStopsThere() {
        Task<Void> t = loop.createTask(twoNaps());
        vt.advanceTime(1.5);
        assertEquals(List.of("one@1.0"), events);
        assertEquals(1.5, vt.time());
        assertFalse(t.done());
        vt.advanceTime(1.5); // a timer due exactly at the end runs too
        assertEquals(List.of("one@1.0", "two@3.0"), events);
        assertTrue(t.done());
        assertEquals(3.0, vt.time());
    }

    @Test
    void advanceTimeZeroRunsWhatIsReadyNow() {
        Task<Void> t = loop.createTask(sleeper("now", 0));
        vt.advanceTime(0);
        assertTrue(t.done());
        assertEquals(List.of("now@0.0"), events);
    }

    @Test
    void advanceUntilIdleRunsEveryTimerAndLeavesTimeAtTheLast() {
        loop.createTask(twoNaps());
        loop.callLater(10, () -> events.add("ten@" + loop.time()));
        vt.advanceUntilIdle();
        assertEquals(List.of("one@1.0", "two@3.0", "ten@10.0"), events);
        assertEquals(10.0, vt.time());
        vt.advanceUntilIdle(); // nothing left: time stays
        assertEquals(10.0, vt.time());
    }

    @Async
    Coroutine<Void> skipsTimeItself() {
        getRunningLoop()
                .callLater(5, () -> events.add("timer@" + getRunningLoop().time()));
        VirtualTimeLoop.current().advanceTime(7); // as if this step had taken 7 s
        events.add("step@" + getRunningLoop().time());
        await(sleep(0));
        events.add("after@" + getRunningLoop().time());
        return done();
    }

    @Test
    void advanceTimeInsideACoroutineMovesTimeAndTheDueTimersRunOnTheNextPass() {
        loop.runUntilComplete(skipsTimeItself());
        // As in asyncio's _run_once: the timers that became due join the ready queue behind the
        // task's own next step, queued by its sleep(0).
        assertEquals(List.of("step@7.0", "after@7.0", "timer@7.0"), events);
    }

    @Async
    Coroutine<Void> triesToRunTheLoopFromInside() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vt.advanceUntilIdle());
        assertTrue(e.getMessage().contains("running already"), e.getMessage());
        assertSame(vt, VirtualTimeLoop.current());
        return done();
    }

    @Test
    void advanceUntilIdleInsideTheLoopIsRefusedAndCurrentFindsTheLoop() {
        loop.runUntilComplete(triesToRunTheLoopFromInside());
    }

    @Test
    void badArgumentsAndAClosedLoopAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> vt.advanceTime(-1));
        assertThrows(IllegalArgumentException.class, () -> vt.advanceTime(Double.NaN));
        vt.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vt.advanceTime(1));
        assertEquals("Event loop is closed.", e.getMessage());
    }

    @Async
    Coroutine<Void> notVirtual() {
        IllegalStateException e = assertThrows(IllegalStateException.class, VirtualTimeLoop::current);
        assertTrue(e.getMessage().contains("not on virtual time"), e.getMessage());
        return done();
    }

    @Test
    void currentOnAnOrdinaryLoopSaysSo() {
        run(notVirtual());
    }

    // ---- real I/O and threads: time flows instead of jumping ----

    @Async
    Coroutine<String> readWithin(Pipe pipe, double seconds) {
        io.jasyncio.Future<String> line = getRunningLoop().createFuture();
        getRunningLoop().addReader(pipe.source(), () -> {
            ByteBuffer buf = ByteBuffer.allocate(64);
            try {
                pipe.source().read(buf);
            } catch (java.io.IOException e) {
                line.setException(e);
                return;
            }
            getRunningLoop().removeReader(pipe.source());
            line.setResult(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8));
        });
        try {
            return done(await(waitFor(line, seconds)));
        } finally {
            getRunningLoop().removeReader(pipe.source());
        }
    }

    @Test
    void aWatchedChannelHoldsTimeBackSoARealPeerBeatsTheTimeout() throws Exception {
        Pipe pipe = Pipe.open();
        Thread peer = new Thread(() -> {
            try {
                Thread.sleep(50);
                pipe.sink().write(ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        peer.start();
        // Were time to jump while the channel is watched, the 30 s timeout would fire at once.
        assertEquals("hello", loop.runUntilComplete(readWithin(pipe, 30)));
        assertTrue(vt.time() < 30, "virtual time " + vt.time());
        peer.join();
        pipe.sink().close();
        pipe.source().close();
    }

    @Test
    void whileAChannelIsWatchedTimeFlowsAtTheRealRateUpToTheTimeout() throws Exception {
        Pipe pipe = Pipe.open();
        // No peer writes: the 0.05 s timeout passes in real time, and exactly then.
        assertThrows(TimeoutError.class, () -> loop.runUntilComplete(readWithin(pipe, 0.05)));
        assertEquals(0.05, vt.time());
        pipe.sink().close();
        pipe.source().close();
    }

    @Async
    Coroutine<Integer> slowThreadWithin(double seconds) {
        return done(await(waitFor(
                toThread(() -> {
                    Thread.sleep(50);
                    return 42;
                }),
                seconds)));
    }

    @Test
    void aCallInAnotherThreadHoldsTimeBackToo() {
        assertEquals(42, loop.runUntilComplete(slowThreadWithin(30)));
        assertTrue(vt.time() < 30, "virtual time " + vt.time());
    }

    @Async
    Coroutine<String> awaitsAStage(java.util.concurrent.CompletableFuture<String> stage) {
        return done(await(waitFor(sleepThen(stage), 30)));
    }

    @Async
    Coroutine<String> sleepThen(java.util.concurrent.CompletableFuture<String> stage) {
        return done(await(stage));
    }

    @Test
    void anAwaitedCompletionStageHoldsTimeBack() {
        java.util.concurrent.CompletableFuture<String> stage = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                .execute(() -> stage.complete("done"));
        assertEquals("done", loop.runUntilComplete(awaitsAStage(stage)));
        assertTrue(vt.time() < 30, "virtual time " + vt.time());
    }

    @Async
    Coroutine<Void> watchesForever(Pipe pipe) {
        getRunningLoop().addReader(pipe.source(), () -> {});
        await(sleep(3600));
        getRunningLoop().removeReader(pipe.source());
        return done();
    }

    @Test
    void advanceTimeMovesOnEvenWhileAChannelIsWatched() throws Exception {
        Pipe pipe = Pipe.open();
        Task<Void> t = loop.createTask(watchesForever(pipe));
        vt.advanceTime(3600);
        assertTrue(t.done());
        assertEquals(3600.0, vt.time());
        pipe.sink().close();
        pipe.source().close();
    }
}
