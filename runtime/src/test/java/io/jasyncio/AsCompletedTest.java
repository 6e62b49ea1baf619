package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsCompletedTest extends TestBase {
    // ---- when_done with as_completed ----

    @Async
    Coroutine<Integer> computeSquare(int x) {
        await(sleep(0.02));
        return done(x * x);
    }

    @Async
    Coroutine<Integer> square(int x) {
        print("Square " + x);
        int res = await(computeSquare(x));
        print("End square " + x);
        return done(res);
    }

    @Async
    Coroutine<Void> whenDone(List<Coroutine<Integer>> tasks) {
        for (Future<Integer> res : asCompleted(tasks)) {
            print("Result: " + await(res));
        }
        return done();
    }

    @Test
    void seed001WhenDone() {
        EventLoop loop = newVirtualTestLoop().loop();
        try {
            loop.runUntilComplete(whenDone(List.of(square(1), square(2), square(3))));
            assertEquals(0.02, loop.time()); // the three sleeps overlap
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
                        "Result: 1",
                        "Result: 4",
                        "Result: 9"),
                events);
    }

    // ---- semantics ----

    @Async
    Coroutine<String> after(double seconds, String v) {
        await(sleep(seconds));
        if (v.startsWith("fail")) {
            throw new IllegalArgumentException(v);
        }
        return done(v);
    }

    @Async
    Coroutine<Void> completionOrder() {
        for (Future<String> f :
                asCompleted(List.of(after(0.05, "slow"), after(0.01, "fast"), after(0.03, "fail-mid")))) {
            try {
                print(await(f));
            } catch (IllegalArgumentException e) {
                print("error " + e.getMessage());
            }
        }
        return done();
    }

    @Test
    void yieldsInCompletionOrderWithExceptions() {
        runTest(completionOrder());
        assertEvents(List.of("fast", "error fail-mid", "slow"), events);
    }

    @Async
    Coroutine<Void> withTimeout() {
        Task<String> slow = createTask(after(10, "slow"));
        int timeouts = 0;
        for (Future<String> f : asCompleted(List.of(after(0.01, "fast"), slow), 0.5)) {
            try {
                print(await(f));
            } catch (TimeoutError e) {
                timeouts++;
            }
        }
        assertEquals(1, timeouts);
        assertFalse(slow.done()); // not cancelled by the timeout
        slow.cancel();
        return done();
    }

    @Test
    void timeoutFailsTheRemainingWithTimeoutError() {
        runTest(withTimeout());
        assertEvents(List.of("fast"), events);
    }

    @Async
    Coroutine<Void> duplicatesAndOnce() {
        Task<String> t = createTask(after(0.01, "once"));
        Iterable<Future<String>> it = asCompleted(List.of(t, t));
        int n = 0;
        for (Future<String> f : it) {
            assertEquals("once", await(f));
            n++;
        }
        assertEquals(1, n); // the same awaitable counts once
        assertThrows(IllegalStateException.class, it::iterator);
        return done();
    }

    @Test
    void sameAwaitableCountsOnceAndIterationHappensOnce() {
        runTest(duplicatesAndOnce());
    }
}
