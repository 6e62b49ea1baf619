package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatherTest extends TestBase {
    // ---- squares ----

    @Async
    Coroutine<Integer> square(int x) {
        print("Square " + x);
        await(sleep(0.02));
        print("End square " + x);
        return done(x * x);
    }

    @Test
    void seed001GatherSquaresOnALoop() {
        EventLoop loop = newVirtualTestLoop().loop();
        try {
            List<Integer> results = loop.runUntilComplete(gatherOn(loop));
            print(results);
            assertEquals(0.02, loop.time()); // concurrently: one sleep's worth
        } finally {
            loop.close();
        }
        assertEvents(
                List.of(
                        "Square 1",
                        "Square 2",
                        "Square 3",
                        "End square 1",
                        "End square 2",
                        "End square 3",
                        "[1, 4, 9]"),
                events);
    }

    @Async
    Coroutine<List<Integer>> gatherOn(EventLoop loop) {
        return done(await(gather(square(1), square(2), square(3))));
    }

    // ---- coffee and bagel ----

    @Async
    Coroutine<String> brewCoffee() {
        print("Start brewing coffee...");
        await(sleep(0.1));
        print("Done brewing coffee.");
        return done("Coffee is ready!");
    }

    @Async
    Coroutine<String> toastBagel() {
        print("Start toasting bagel...");
        await(sleep(0.1));
        print("Done toasting bagel.");
        return done("Bagel is ready!");
    }

    @Async
    Coroutine<Void> breakfast() {
        Future<List<String>> batch = gather(brewCoffee(), toastBagel());
        List<String> r = await(batch);
        print(r.get(0));
        print(r.get(1));
        return done();
    }

    @Test
    void seed003BreakfastInOneBatch() {
        runTest(breakfast());
        assertEvents(
                List.of(
                        "Start brewing coffee...",
                        "Start toasting bagel...",
                        "Done brewing coffee.",
                        "Done toasting bagel.",
                        "Coffee is ready!",
                        "Bagel is ready!"),
                events);
        assertEquals(0.1, vt.time(), "concurrently, not one after the other");
    }

    // ---- my_coroutine(n) x3 ----

    @Async
    Coroutine<Void> myCoroutine(int n) {
        print("coroutine started " + n);
        await(sleep(0.01));
        print("coroutine ended " + n);
        return done();
    }

    @Async
    Coroutine<Void> threeAtOnce() {
        await(gather(myCoroutine(1), myCoroutine(2), myCoroutine(3)));
        return done();
    }

    @Test
    void seed004ThreeCoroutinesConcurrently() {
        run(threeAtOnce());
        assertEvents(
                List.of(
                        "coroutine started 1",
                        "coroutine started 2",
                        "coroutine started 3",
                        "coroutine ended 1",
                        "coroutine ended 2",
                        "coroutine ended 3"),
                events);
    }

    // ---- semantics ----

    @Async
    Coroutine<Integer> valueAfter(double seconds, int v) {
        await(sleep(seconds));
        return done(v);
    }

    @Async
    Coroutine<Integer> failAfter(double seconds, String message) {
        await(sleep(seconds));
        throw new IllegalStateException(message);
    }

    @Async
    Coroutine<Void> argumentOrder() {
        List<Integer> r = await(gather(valueAfter(0.03, 1), valueAfter(0.01, 2), valueAfter(0.02, 3)));
        assertEquals(List.of(1, 2, 3), r);
        assertEquals(List.of(), await(gather(List.<Awaitable<Integer>>of())));
        return done();
    }

    @Test
    void resultsComeInArgumentOrder() {
        runTest(argumentOrder());
    }

    @Async
    Coroutine<Void> oneFailureFailsTheWhole() {
        Task<Integer> slow = createTask(valueAfter(0.05, 1));
        try {
            await(gather(slow, failAfter(0.01, "boom")));
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertEquals("boom", e.getMessage());
        }
        assertFalse(slow.done()); // the other children keep running
        assertEquals(1, await(slow));
        return done();
    }

    @Test
    void firstFailureFailsTheWholeAndOthersKeepRunning() {
        runTest(oneFailureFailsTheWhole());
    }

    @Async
    Coroutine<Void> exceptionsAsValues() {
        Task<Integer> cancelled = createTask(valueAfter(1, 0));
        getRunningLoop().callSoon(cancelled::cancel);
        List<Object> r = await(gatherReturningExceptions(valueAfter(0.01, 1), failAfter(0.01, "boom"), cancelled));
        assertEquals(1, r.get(0));
        assertEquals("boom", ((IllegalStateException) r.get(1)).getMessage());
        assertInstanceOf(CancelledError.class, r.get(2));
        return done();
    }

    @Test
    void returningExceptionsPutsThemInTheList() {
        runTest(exceptionsAsValues());
    }

    @Async
    Coroutine<Void> cancelTheGather() {
        Task<Integer> a = createTask(valueAfter(1, 1));
        Task<Integer> b = createTask(valueAfter(1, 2));
        Future<List<Integer>> g = gather(a, b);
        await(sleep(0));
        assertTrue(g.cancel());
        try {
            await(g);
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(1);
        }
        assertTrue(a.cancelled());
        assertTrue(b.cancelled());
        return done();
    }

    @Test
    void cancellingTheGatherCancelsItsChildren() {
        runTest(cancelTheGather());
        finish(2);
    }

    @Async
    Coroutine<Void> awaitGatherThenGetCancelled(Task<Integer> child) {
        await(gather(child));
        return done();
    }

    @Async
    Coroutine<Void> cancelTheAwaiter() {
        Task<Integer> child = createTask(valueAfter(1, 1));
        Task<Void> awaiter = createTask(awaitGatherThenGetCancelled(child));
        await(sleep(0));
        awaiter.cancel();
        await(gatherReturningExceptions(awaiter));
        assertTrue(awaiter.cancelled());
        assertTrue(child.cancelled()); // cancellation went through the gather to the child
        return done();
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheChildren() {
        runTest(cancelTheAwaiter());
    }

    // ---- the same awaitable twice ----

    @Async
    Coroutine<Integer> counted(int v) {
        print("run " + v);
        await(sleep(0.01));
        return done(v);
    }

    @Async
    Coroutine<Void> sameFutureTwice() {
        Task<Integer> t = createTask(valueAfter(0.01, 7));
        Future<Integer> f = getRunningLoop().createFuture();
        getRunningLoop().callLater(0.02, () -> f.setResult(8));
        assertEquals(List.of(7, 8, 7, 8), await(gather(t, f, t, f)));
        return done();
    }

    @Test
    void aFuturePassedTwiceGivesItsResultInBothPlaces() {
        runTest(sameFutureTwice());
    }

    @Async
    Coroutine<Void> sameCoroutineTwice() {
        Coroutine<Integer> c = counted(5);
        assertEquals(List.of(5, 6, 5), await(gather(c, counted(6), c)));
        return done();
    }

    @Test
    void aCoroutinePassedTwiceRunsOnce() {
        runTest(sameCoroutineTwice());
        assertEvents(List.of("run 5", "run 6"), events);
    }

    @Async
    Coroutine<Void> sameFailingFutureTwice() {
        Task<Integer> bad = createTask(failAfter(0.01, "once"));
        List<Object> r = await(gatherReturningExceptions(bad, bad));
        assertSame(r.get(0), r.get(1));
        assertEquals("once", ((IllegalStateException) r.get(0)).getMessage());
        return done();
    }

    @Test
    void aFailedFuturePassedTwiceIsReportedInBothPlaces() {
        runTest(sameFailingFutureTwice());
    }
}
