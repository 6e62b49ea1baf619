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
        EventLoop loop = newVirtualTestLoop().loop();
        try {
            Awaitable<String> s = sleep(10, "woke"); // made before the loop runs
            loop.runUntilComplete(sleep(4));
            assertEquals("woke", loop.runUntilComplete(s));
            assertEquals(14.0, loop.time());
        } finally {
            loop.close();
        }
    }

    @Async
    Coroutine<Void> countsFromTheAwait() {
        EventLoop loop = getRunningLoop();
        Awaitable<String> early = sleep(5, "early");
        await(sleep(3));
        assertEquals("early", await(early));
        // Had its timer started when it was made, it would have woken at 5, not 3 + 5.
        assertEquals(8.0, loop.time());
        return done();
    }

    @Test
    void aSleepMadeEarlyCountsFromItsAwait() {
        runTest(countsFromTheAwait());
    }

    @Async
    Coroutine<Void> awaitedTwice() {
        EventLoop loop = getRunningLoop();
        Awaitable<String> s = sleep(2, "once");
        assertEquals("once", await(s));
        assertEquals(2.0, loop.time());
        assertEquals("once", await(s)); // the same timer, already done: no second wait
        assertEquals(List.of("once", "once"), await(gather(s, s)));
        assertEquals(2.0, loop.time());
        return done();
    }

    @Test
    void awaitingTheSameSleepAgainWaitsForTheSameTimer() {
        runTest(awaitedTwice());
    }

    @Async
    Coroutine<Void> startedByGather() {
        Awaitable<String> a = sleep(2, "a");
        Awaitable<String> b = sleep(1, "b");
        List<String> order = new java.util.ArrayList<>();
        Future<List<String>> both = gather(a, b); // handed to the loop: both timers start now
        for (Future<String> f : asCompleted(List.of(a, b))) {
            order.add(await(f));
        }
        assertEquals(List.of("b", "a"), order);
        assertEquals(List.of("a", "b"), await(both));
        assertEquals(2.0, getRunningLoop().time()); // one timer each, started once
        return done();
    }

    @Test
    void gatherAndAsCompletedStartTheSameTimer() {
        runTest(startedByGather());
    }
}
