package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Coroutine ... was never awaited", reported by default (not only in debug mode), once, when the
 * loop closes or the collector frees the coroutine; and never for a coroutine that something
 * uses, however late. CPython 3.11 for
 *
 * <pre>{@code
 * async def never_awaited(): pass
 * async def main():
 *     never_awaited()
 *     await asyncio.sleep(0.01)
 * asyncio.run(main())
 * }</pre>
 *
 * warns "RuntimeWarning: coroutine 'never_awaited' was never awaited".
 */
class UnawaitedCoroutinesTest extends TestBase {
    private static final String NEVER_AWAITED = "Coroutine[UnawaitedCoroutinesTest.neverAwaited] was never awaited; ";
    private static final String NO_LINE = " (debug mode records the line that created it)";

    @Async
    Coroutine<Integer> neverAwaited() {
        return done(1);
    }

    @Async
    Coroutine<Integer> value(int v) {
        return done(v);
    }

    @Async
    Coroutine<Integer> later(int v) {
        await(sleep(1));
        return done(v);
    }

    @Async
    Coroutine<Void> dropsOneThenSleeps() {
        neverAwaited(); // BUG on purpose
        await(sleep(0.5));
        return done();
    }

    private List<String> messages() {
        List<String> messages = new ArrayList<>();
        for (Map<String, Object> report : takeUnhandled()) {
            messages.add((String) report.get("message"));
        }
        return messages;
    }

    @Test
    void aCoroutineNeverAwaitedIsReportedByDefaultWhenTheLoopClosesWithTheTaskThatMadeIt() {
        assertFalse(Boolean.getBoolean("jasyncio.debug"), "the test's loops must not be in debug mode");
        runTest(dropsOneThenSleeps());
        List<String> messages = messages();
        assertEquals(1, messages.size(), messages.toString());
        String m = messages.get(0);
        assertTrue(
                m.matches("\\Q" + NEVER_AWAITED + "created by task Task-\\E\\d+\\Q in its step that ended at "
                        + UnawaitedCoroutinesTest.class.getName()
                        + ".dropsOneThenSleeps(UnawaitedCoroutinesTest.java:\\E\\d+\\Q)"
                        + NO_LINE + "\\E"),
                m);
        assertEquals(0.5, vt.time()); // the report came at close, after the sleep: not at the drop
    }

    @Async
    Coroutine<Void> dropsOneAndReturns() {
        neverAwaited(); // BUG on purpose
        return done();
    }

    @Test
    void aTaskThatDropsOneInItsLastStepIsNamed() {
        runTest(dropsOneAndReturns());
        List<String> messages = messages();
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(
                messages.get(0)
                        .matches("\\Q" + NEVER_AWAITED + "created by task Task-\\E\\d+\\Q in its last step" + NO_LINE
                                + "\\E"),
                messages.get(0));
    }

    @Async
    Coroutine<Void> callbackDropsOne() {
        Future<Void> ran = getRunningLoop().createFuture();
        getRunningLoop().callSoon(() -> {
            neverAwaited(); // BUG on purpose
            ran.setResult(null);
        });
        await(ran);
        return done();
    }

    @Test
    void oneDroppedByACallbackIsReportedAsSuch() {
        runTest(callbackDropsOne());
        assertEquals(List.of(NEVER_AWAITED + "created by a callback of the loop" + NO_LINE), messages());
    }

    @Async
    Coroutine<Void> dropsTwo() {
        neverAwaited(); // BUG on purpose
        neverAwaited(); // and again
        return done();
    }

    @Test
    void eachOneIsReportedOnce() {
        runTest(dropsTwo());
        List<String> messages = messages();
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith(NEVER_AWAITED), messages.toString());
        assertTrue(messages.get(1).startsWith(NEVER_AWAITED), messages.toString());
    }

    @Async
    Coroutine<Integer> usesEveryOneItMakes() {
        Coroutine<Integer> first = value(1);
        Coroutine<Integer> second = value(2);
        int sum = await(second); // first is still unused here ...
        sum += await(first); // ... and awaited later in the same step
        Task<Integer> task = createTask(value(4));
        List<Integer> gathered = await(gather(value(8), value(16)));
        sum += gathered.get(0) + gathered.get(1);
        Coroutine<Integer> acrossASleep = value(32);
        await(sleep(1));
        sum += await(acrossASleep); // awaited in a later step
        sum += await(task);
        return done(sum);
    }

    @Test
    void noReportForOneAwaitedLaterInTheStepOrScheduledOrGatheredOrAwaitedInALaterStep() {
        assertEquals(63, runTest(usesEveryOneItMakes()));
        assertEquals(List.of(), messages());
    }

    /** A coroutine one task makes and another awaits, a virtual second later. */
    private Coroutine<Integer> handedOver;

    @Async
    Coroutine<Integer> receiver() {
        await(sleep(1));
        return done(await(handedOver));
    }

    @Async
    Coroutine<Integer> handsOneToAnotherTask() {
        Task<Integer> other = createTask(receiver());
        handedOver = later(5);
        return done(await(other));
    }

    @Test
    void noReportForOneAwaitedByAnotherTaskLater() {
        assertEquals(5, runTest(handsOneToAnotherTask()));
        assertEquals(2.0, vt.time()); // the receiver's sleep, then the handed-over one's
        assertEquals(List.of(), messages());
    }

    @Async
    Coroutine<Integer> makesManyThenGathers(int n) {
        List<Coroutine<Integer>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(value(1));
        }
        int sum = 0;
        for (int v : await(gather(all))) {
            sum += v;
        }
        return done(sum);
    }

    @Test
    void noReportForMoreUnusedAtOnceThanTheListHolds() {
        int n = UnawaitedCoroutines.NewFrames.MAX * 3;
        assertEquals(n, runTest(makesManyThenGathers(n)));
        assertEquals(List.of(), messages());
    }

    @Async
    Coroutine<Void> dropsMany(int n) {
        for (int i = 0; i < n; i++) {
            neverAwaited(); // BUG on purpose
            await(value(i)); // one used for each one dropped
        }
        return done();
    }

    @Test
    void manyDroppedInOneStepAreEachReportedOnce() {
        int n = UnawaitedCoroutines.NewFrames.MAX * 3;
        runTest(dropsMany(n));
        List<String> messages = messages();
        assertEquals(n, messages.size());
        for (String m : messages) {
            assertTrue(m.startsWith(NEVER_AWAITED), m);
        }
    }

    @Async
    Coroutine<Void> generator(Yield<Integer> out) {
        await(out.yield(1));
        return done();
    }

    @Async
    Coroutine<Boolean> makesAGeneratorItNeverIterates() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(this::generator);
        return done(g.isFinished());
    }

    @Test
    void noReportForTheProducerOfAnAsyncGeneratorNeverIterated() {
        // As in Python, where an async generator object never iterated is not warned about.
        assertFalse(runTest(makesAGeneratorItNeverIterates()));
        assertEquals(List.of(), messages());
    }

    @Async
    Coroutine<String> handsOneToAClosedLoop(EventLoop closed) {
        try {
            runCoroutineThreadsafe(value(1), closed);
            return done("accepted");
        } catch (IllegalStateException refused) {
            return done(refused.getMessage());
        }
    }

    @Test
    void noReportForOneThatRunCoroutineThreadsafeRefusedWithAnError() {
        EventLoop closed = newTestLoop();
        closed.close();
        assertEquals(
                "Event loop is closed: nothing can be scheduled on it any more.",
                runTest(handsOneToAClosedLoop(closed)));
        assertEquals(List.of(), messages());
    }

    @Test
    void oneMadeOutsideAnyLoopAndThenRunIsNotReported() {
        Coroutine<Integer> made = value(3);
        assertEquals(3, runTest(made));
        assertEquals(List.of(), messages());
    }

    @Test
    void reportedWhenTheCollectorFreesItWhileTheLoopIsOpen() {
        EventLoop l = newTestLoop();
        l.runUntilComplete(l.createTask(dropsOneAndReturns()));
        assertEquals(List.of(), takeUnhandled());
        // The Cleaner reports from its own thread through callSoonThreadsafe: keep the loop
        // turning while the collector runs, until the report arrives (or a generous deadline).
        List<String> messages = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (messages.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            l.runUntilComplete(l.createTask(value(0)));
            messages.addAll(messages());
        }
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith(NEVER_AWAITED + "created by task Task-"), messages.get(0));
        l.close();
        assertEquals(List.of(), messages(), "reported again at close");
    }

    @Test
    void debugModeNamesTheLineThatCreatedIt() {
        EventLoop l = newVirtualTestLoop().loop();
        l.setDebug(true);
        l.runUntilComplete(l.createTask(dropsOneAndReturns()));
        l.close();
        List<String> messages = messages();
        assertEquals(1, messages.size(), messages.toString());
        String m = messages.get(0);
        assertTrue(
                m.startsWith(NEVER_AWAITED + "created at " + UnawaitedCoroutinesTest.class.getName()
                        + ".dropsOneAndReturns"),
                m);
        assertTrue(m.contains("(UnawaitedCoroutinesTest.java:"), m);
    }

    @Test
    void aStoppedLoopIsNotKeptReachableByTheTracking() {
        EventLoop l = new EventLoop();
        l.runUntilComplete(l.createTask(value(1)));
        l.close();
        WeakReference<EventLoop> closed = new WeakReference<>(l);
        l = null;
        for (int i = 0; closed.get() != null; i++) {
            assertTrue(i < 100, "a closed loop is still reachable");
            System.gc();
        }
    }
}
