package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.ReturnWhen.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code Asyncio.waitTasks}: asyncio's {@code wait}. */
class WaitTest extends TestBase {
    @Async
    Coroutine<String> after(double seconds, String v) {
        await(sleep(seconds));
        if (v.startsWith("fail")) {
            throw new IllegalArgumentException(v);
        }
        return done(v);
    }

    @Async
    Coroutine<Void> firstCompletedCase() {
        Task<String> fast = createTask(after(0.01, "fast"));
        Task<String> slow = createTask(after(0.05, "slow"));
        DoneAndPending<String> r = await(waitTasks(List.of(slow, fast), FIRST_COMPLETED));
        assertEquals(Set.of(fast), r.done());
        assertEquals(Set.of(slow), r.pending());
        assertFalse(slow.cancelled()); // wait never cancels
        assertEquals("slow", await(slow));
        return done();
    }

    @Test
    void firstCompleted() {
        runTest(firstCompletedCase());
    }

    @Async
    Coroutine<Void> firstExceptionCase() {
        Task<String> ok = createTask(after(0.01, "ok"));
        Task<String> bad = createTask(after(0.02, "fail"));
        Task<String> slow = createTask(after(0.2, "slow"));
        DoneAndPending<String> r = await(waitTasks(List.of(ok, bad, slow), FIRST_EXCEPTION));
        assertEquals(List.of(ok, bad), List.copyOf(r.done())); // argument order
        assertEquals(Set.of(slow), r.pending());
        slow.cancel();
        // no exception at all: FIRST_EXCEPTION waits for all
        Task<String> a = createTask(after(0.01, "a"));
        Task<String> b = createTask(after(0.02, "b"));
        r = await(waitTasks(List.of(a, b), FIRST_EXCEPTION));
        assertEquals(Set.of(a, b), r.done());
        return done();
    }

    @Test
    void firstException() {
        runTest(firstExceptionCase());
    }

    @Async
    Coroutine<Void> allCompletedWithTimeout() {
        Task<String> a = createTask(after(0.01, "a"));
        Task<String> b = createTask(after(0.02, "fail"));
        DoneAndPending<String> r = await(waitTasks(List.of(a, b), ALL_COMPLETED));
        assertEquals(Set.of(a, b), r.done());
        assertTrue(r.pending().isEmpty());
        assertEquals("fail", b.exception().getMessage()); // retrieved: else "never retrieved" is reported

        Task<String> slow = createTask(after(1, "slow"));
        double start = getRunningLoop().time();
        r = await(waitTasks(List.of(slow), ALL_COMPLETED, 0.02)); // no TimeoutError: it is in pending
        assertEquals(0.02, getRunningLoop().time() - start, 1e-12);
        assertEquals(Set.of(slow), r.pending());
        slow.cancel();
        return done();
    }

    @Test
    void allCompletedAndTimeout() {
        runTest(allCompletedWithTimeout());
    }

    @Async
    Coroutine<Void> misuse() {
        assertThrows(IllegalArgumentException.class, () -> waitTasks(List.<Future<String>>of(), ALL_COMPLETED));
        return done();
    }

    @Test
    void emptyIsAnError() {
        runTest(misuse());
    }

    @Async
    Coroutine<Void> timeoutFromTheAwait() {
        EventLoop loop = getRunningLoop();
        Future<String> never = loop.createFuture();
        Awaitable<DoneAndPending<String>> w = waitTasks(List.of(never), ALL_COMPLETED, 0.05);
        await(sleep(0.05));
        double start = loop.time();
        DoneAndPending<String> r = await(w);
        // As asyncio's wait coroutine: the timeout counts from the await, not from waitTasks.
        assertEquals(0.1, loop.time());
        assertEquals(0.05, start);
        assertEquals(Set.of(never), r.pending());
        return done();
    }

    @Test
    void theTimeoutCountsFromTheAwait() {
        runTest(timeoutFromTheAwait());
    }

    @Test
    void aFutureOfAnotherLoopIsRefusedWhenTheWaitStarts() {
        EventLoop other = newTestLoop();
        EventLoop loop = newTestLoop();
        try {
            // Made outside any running loop, as an asyncio coroutine can be; checked once awaited.
            Awaitable<DoneAndPending<Object>> w = waitTasks(List.of(other.createFuture()), ALL_COMPLETED);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(w));
            assertTrue(e.getMessage().contains("belongs to a different loop"), e.getMessage());
        } finally {
            loop.close();
            other.close();
        }
    }
}
