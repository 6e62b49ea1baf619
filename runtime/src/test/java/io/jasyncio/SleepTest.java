package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sleep}: its timer starts when it is first awaited or handed to a loop, as asyncio's coroutine does. */
class SleepTest extends TestBase {
    @Test
    void aSleepMadeOutsideAnyLoopStartsOnTheLoopThatAwaitsIt() {
        Awaitable<Void> s = sleep(10); // no running loop: nothing starts, nothing throws
        assertNotNull(s);
        assertThrows(TimeoutError.class, () -> run(waitFor(s, 0.001)));
    }

    @Test
    void runUntilCompleteStartsASleepOnItsOwnLoop() {
        EventLoop loop = newTestLoop();
        try {
            assertEquals("woke", loop.runUntilComplete(sleep(0.001, "woke")));
        } finally {
            loop.close();
        }
    }

    @Async
    Coroutine<Void> countsFromTheAwait() {
        EventLoop loop = getRunningLoop();
        Awaitable<String> early = sleep(0.05, "early");
        await(sleep(0.05));
        double start = loop.time();
        assertEquals("early", await(early));
        // Had its timer started when it was made, it would have been due already.
        assertTrue(loop.time() - start >= 0.05, "woke after " + (loop.time() - start) + " s");
        return done();
    }

    @Test
    void aSleepMadeEarlyCountsFromItsAwait() {
        runTest(countsFromTheAwait());
    }

    @Async
    Coroutine<Void> awaitedTwice() {
        EventLoop loop = getRunningLoop();
        Awaitable<String> s = sleep(0.02, "once");
        double start = loop.time();
        assertEquals("once", await(s));
        double first = loop.time() - start;
        assertEquals("once", await(s)); // the same timer, already done: no second wait
        assertEquals(List.of("once", "once"), await(gather(s, s)));
        assertTrue(first >= 0.02, "woke after " + first + " s");
        return done();
    }

    @Test
    void awaitingTheSameSleepAgainWaitsForTheSameTimer() {
        runTest(awaitedTwice());
    }

    @Async
    Coroutine<Void> startedByGather() {
        Awaitable<String> a = sleep(0.02, "a");
        Awaitable<String> b = sleep(0.01, "b");
        List<String> order = new java.util.ArrayList<>();
        Future<List<String>> both = gather(a, b); // handed to the loop: both timers start now
        for (Future<String> f : asCompleted(List.of(a, b))) {
            order.add(await(f));
        }
        assertEquals(List.of("b", "a"), order);
        assertEquals(List.of("a", "b"), await(both));
        return done();
    }

    @Test
    void gatherAndAsCompletedStartTheSameTimer() {
        runTest(startedByGather());
    }
}
