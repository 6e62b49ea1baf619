package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Async generators against CPython 3.11: each test runs the Java twin of a Python program (quoted
 * above it) and compares the recorded events with what CPython printed.
 */
class AsyncGeneratorTest extends TestBase {
    /**
     * <pre>{@code
     * async def numbers(n):
     *     log.append("start")
     *     try:
     *         for i in range(n):
     *             await asyncio.sleep(0.01)
     *             got = yield i
     *             log.append(f"got {got}")
     *     finally:
     *         log.append("cleanup")
     * }</pre>
     */
    @Async
    Coroutine<Void> numbers(Yield<Integer> out, int n) {
        print("start");
        try {
            for (int i = 0; i < n; i++) {
                await(sleep(0.01));
                Object got = await(out.yield(i));
                print("got " + got);
            }
        } finally {
            print("cleanup");
        }
        return done();
    }

    AsyncGenerator<Integer> numbers(int n) {
        return AsyncGenerator.of(out -> numbers(out, n));
    }

    /**
     * <pre>{@code
     * g = numbers(3)
     * log.append("made")
     * async for x in g:
     *     log.append(f"item {x}")
     * log.append("after loop")
     * try: await g.__anext__()
     * except StopAsyncIteration: log.append("StopAsyncIteration")
     * g = numbers(5)
     * async for x in g:
     *     log.append(f"item {x}")
     *     if x == 1: break
     * await g.aclose()
     * log.append("closed")
     * try: await g.__anext__()
     * except StopAsyncIteration: log.append("StopAsyncIteration after close")
     * }</pre>
     */
    @Async
    Coroutine<Void> iterateAndClose() {
        AsyncGenerator<Integer> g = numbers(3);
        print("made");
        while (await(g.hasNext())) {
            print("item " + g.next());
        }
        print("after loop");
        try {
            await(g.anext());
            expectUnreached();
        } catch (StopAsyncIteration e) {
            print("StopAsyncIteration");
        }
        g = numbers(5);
        while (await(g.hasNext())) {
            int x = g.next();
            print("item " + x);
            if (x == 1) {
                break;
            }
        }
        await(g.aclose());
        print("closed");
        try {
            await(g.anext());
            expectUnreached();
        } catch (StopAsyncIteration e) {
            print("StopAsyncIteration after close");
        }
        return done();
    }

    @Test
    void valuesComeOnDemandAndAcloseRunsTheFinallyBlocks() {
        runTest(iterateAndClose());
        assertEvents(
                List.of(
                        "made",
                        "start",
                        "item 0",
                        "got null",
                        "item 1",
                        "got null",
                        "item 2",
                        "got null",
                        "cleanup",
                        "after loop",
                        "StopAsyncIteration",
                        "start",
                        "item 0",
                        "got null",
                        "item 1",
                        "cleanup",
                        "closed",
                        "StopAsyncIteration after close"),
                events);
    }

    /**
     * <pre>{@code
     * g = numbers(3)
     * log.append(f"first {await g.asend(None)}")
     * log.append(f"sent {await g.asend('hello')}")
     * try:
     *     await g.asend('x'); await g.asend('y')
     * except StopAsyncIteration: log.append("end by asend")
     * g = numbers(3)
     * try: await g.asend(1)
     * except TypeError as e: log.append(f"TypeError {e}")
     * }</pre>
     */
    @Async
    Coroutine<Void> sending() {
        AsyncGenerator<Integer> g = numbers(3);
        print("first " + await(g.asend(null)));
        print("sent " + await(g.asend("hello")));
        try {
            await(g.asend("x"));
            await(g.asend("y"));
            expectUnreached();
        } catch (StopAsyncIteration e) {
            print("end by asend");
        }
        AsyncGenerator<Integer> fresh = numbers(3);
        try {
            await(fresh.asend(1));
            expectUnreached();
        } catch (IllegalArgumentException e) {
            print("TypeError " + e.getMessage());
        }
        return done();
    }

    @Test
    void asendDeliversTheValueAtTheYield() {
        runTest(sending());
        assertEvents(
                List.of(
                        "start",
                        "first 0",
                        "got hello",
                        "sent 1",
                        "got x",
                        "got y",
                        "cleanup",
                        "end by asend",
                        "TypeError can't send non-null value to a just-started async generator: send null (or call"
                                + " anext) first"),
                events);
    }

    /**
     * <pre>{@code
     * async def catcher():
     *     i = 0
     *     while True:
     *         try:
     *             yield i
     *         except ValueError as e:
     *             log.append(f"caught {e}")
     *             i += 100
     *         i += 1
     * }</pre>
     */
    @Async
    Coroutine<Void> catcher(Yield<Integer> out) {
        int i = 0;
        while (true) {
            try {
                await(out.yield(i));
            } catch (IllegalArgumentException e) {
                print("caught " + e.getMessage());
                i += 100;
            }
            i += 1;
        }
    }

    /**
     * <pre>{@code
     * g = catcher()
     * log.append(f"c {await g.__anext__()}")
     * log.append(f"c {await g.athrow(ValueError('boom'))}")
     * await g.aclose()
     * g = numbers(3)
     * await g.__anext__()
     * try: await g.athrow(KeyError("k"))
     * except KeyError as e: log.append(f"KeyError out {e}")
     * try: await g.__anext__()
     * except StopAsyncIteration: log.append("finished after athrow")
     * g = numbers(3)
     * try: await g.athrow(KeyError("u"))
     * except KeyError: log.append("unstarted athrow raises")
     * try: await g.__anext__()
     * except StopAsyncIteration: log.append("unstarted athrow finished it")
     * g = numbers(3)
     * await g.aclose()
     * try: await g.__anext__()
     * except StopAsyncIteration: log.append("unstarted aclose finished it")
     * }</pre>
     */
    @Async
    Coroutine<Void> throwing() {
        AsyncGenerator<Integer> c = AsyncGenerator.of(this::catcher);
        print("c " + await(c.anext()));
        print("c " + await(c.athrow(new IllegalArgumentException("boom"))));
        await(c.aclose());
        AsyncGenerator<Integer> g = numbers(3);
        await(g.anext());
        try {
            await(g.athrow(new IllegalStateException("k")));
            expectUnreached();
        } catch (IllegalStateException e) {
            print("KeyError out " + e.getMessage());
        }
        try {
            await(g.anext());
            expectUnreached();
        } catch (StopAsyncIteration e) {
            print("finished after athrow");
        }
        AsyncGenerator<Integer> unstarted = numbers(3);
        try {
            await(unstarted.athrow(new IllegalStateException("u")));
            expectUnreached();
        } catch (IllegalStateException e) {
            print("unstarted athrow raises");
        }
        try {
            await(unstarted.anext());
            expectUnreached();
        } catch (StopAsyncIteration e) {
            print("unstarted athrow finished it");
        }
        AsyncGenerator<Integer> closed = numbers(3);
        await(closed.aclose());
        try {
            await(closed.anext());
            expectUnreached();
        } catch (StopAsyncIteration e) {
            print("unstarted aclose finished it");
        }
        return done();
    }

    @Test
    void athrowRaisesAtTheYield() {
        runTest(throwing());
        assertEvents(
                List.of(
                        "c 0",
                        "caught boom",
                        "c 101",
                        "start",
                        "cleanup",
                        "KeyError out k",
                        "finished after athrow",
                        "unstarted athrow raises",
                        "unstarted athrow finished it",
                        "unstarted aclose finished it"),
                events);
    }

    @Async
    Coroutine<Void> stubborn(Yield<Integer> out) {
        while (true) {
            try {
                await(out.yield(1));
            } catch (GeneratorExit e) {
                print("ignoring exit");
            }
        }
    }

    @Async
    Coroutine<Void> failing(Yield<Integer> out) {
        await(out.yield(1));
        throw new IllegalArgumentException("producer failed");
    }

    /**
     * <pre>{@code
     * async def stubborn():
     *     while True:
     *         try: yield 1
     *         except GeneratorExit: log.append("ignoring exit")
     * g = stubborn(); await g.__anext__()
     * try: await g.aclose()
     * except RuntimeError as e: log.append(f"RuntimeError {e}")
     * async def failing():
     *     yield 1
     *     raise ValueError("producer failed")
     * try:
     *     async for x in failing(): log.append(f"f {x}")
     * except ValueError as e: log.append(f"consumer got {e}")
     * }</pre>
     */
    @Async
    Coroutine<Void> misbehaving() {
        AsyncGenerator<Integer> s = AsyncGenerator.of(this::stubborn);
        await(s.anext());
        try {
            await(s.aclose());
            expectUnreached();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("async generator ignored GeneratorExit"), e.getMessage());
            print("RuntimeError async generator ignored GeneratorExit");
        }
        AsyncGenerator<Integer> f = AsyncGenerator.of(this::failing);
        try {
            while (await(f.hasNext())) {
                print("f " + f.next());
            }
            expectUnreached();
        } catch (IllegalArgumentException e) {
            print("consumer got " + e.getMessage());
        }
        assertTrue(f.isFinished());
        return done();
    }

    @Test
    void producerErrorsReachTheConsumer() {
        runTest(misbehaving());
        assertEvents(
                List.of(
                        "ignoring exit",
                        "RuntimeError async generator ignored GeneratorExit",
                        "f 1",
                        "consumer got producer failed"),
                events);
    }

    @Async
    Coroutine<Void> ticker() {
        for (int i = 0; i < 6; i++) {
            print("tick " + i);
            await(sleep(0));
        }
        return done();
    }

    @Async
    Coroutine<Void> quick(Yield<Integer> out) {
        for (int i = 0; i < 3; i++) {
            print("yield " + i);
            await(out.yield(i));
        }
        return done();
    }

    /**
     * A value goes from the producer to the consumer within the step, with no pass of the loop:
     * the other task does not run in between.
     *
     * <pre>{@code
     * t = asyncio.create_task(ticker())
     * async for x in quick():
     *     log.append(f"got {x}")
     * await asyncio.sleep(0)
     * await t
     * }</pre>
     */
    @Async
    Coroutine<Void> interleaving() {
        Task<Void> t = createTask(ticker());
        AsyncGenerator<Integer> q = AsyncGenerator.of(this::quick);
        while (await(q.hasNext())) {
            print("got " + q.next());
        }
        await(sleep(0));
        await(t);
        return done();
    }

    @Test
    void handingOverAValueTakesNoLoopPass() {
        runTest(interleaving());
        assertEvents(
                List.of(
                        "yield 0", "got 0", "yield 1", "got 1", "yield 2", "got 2", "tick 0", "tick 1", "tick 2",
                        "tick 3", "tick 4", "tick 5"),
                events);
    }

    @Async
    Coroutine<Void> slow(Yield<Integer> out) {
        await(sleep(0.05));
        await(out.yield(1));
        return done();
    }

    /**
     * <pre>{@code
     * g = slow()
     * a = asyncio.create_task(g.__anext__())
     * await asyncio.sleep(0)
     * try: await g.__anext__()
     * except RuntimeError as e: log.append(f"RuntimeError {e}")
     * await a
     * }</pre>
     */
    @Async
    Coroutine<Void> alreadyRunning() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(this::slow);
        Task<Integer> a = createTask(g.anext());
        await(sleep(0));
        try {
            await(g.anext());
            expectUnreached();
        } catch (IllegalStateException e) {
            print("RuntimeError " + e.getMessage());
        }
        print("a " + await(a));
        await(g.aclose());
        return done();
    }

    @Test
    void oneStepAtATime() {
        runTest(alreadyRunning());
        assertEvents(List.of("RuntimeError anext(): asynchronous generator is already running", "a 1"), events);
    }

    @Async
    Coroutine<Void> consumer(AsyncGenerator<Integer> g) {
        while (await(g.hasNext())) {
            print("item " + g.next());
        }
        return done();
    }

    /**
     * Cancelling the consumer while the producer awaits cancels the producer there: its finally
     * runs, and the generator is finished.
     *
     * <pre>{@code
     * g = numbers(10)
     * t = asyncio.create_task(consumer(g))
     * await asyncio.sleep(0.025)
     * t.cancel()
     * try: await t
     * except asyncio.CancelledError: log.append("consumer cancelled")
     * try: await g.__anext__()
     * except StopAsyncIteration: log.append("generator finished")
     * }</pre>
     * CPython 3.11:
     * start, item 0, got None, item 1, got None, cleanup, consumer cancelled, generator finished.
     */
    @Async
    Coroutine<Void> cancelling() {
        AsyncGenerator<Integer> g = numbers(10);
        Task<Void> t = createTask(consumer(g));
        await(sleep(0.025)); // after "got null" of item 1: the producer sleeps until 0.03
        t.cancel();
        try {
            await(t);
            expectUnreached();
        } catch (CancelledError e) {
            print("consumer cancelled");
        }
        try {
            await(g.anext());
            expectUnreached();
        } catch (StopAsyncIteration e) {
            print("generator finished");
        }
        return done();
    }

    @Test
    void cancellingTheConsumerClosesTheProducer() {
        runTest(cancelling());
        assertEvents(
                List.of(
                        "start",
                        "item 0",
                        "got null",
                        "item 1",
                        "got null",
                        "cleanup",
                        "consumer cancelled",
                        "generator finished"),
                events);
    }

    private static final ContextVar<String> WHO = new ContextVar<>("who", "nobody");

    @Async
    Coroutine<Void> whoAsks(Yield<String> out) {
        while (true) {
            await(out.yield(WHO.get() + " in " + currentTask().getName()));
        }
    }

    @Async
    Coroutine<String> ask(AsyncGenerator<String> g, String who) {
        WHO.set(who);
        return done(await(g.anext()));
    }

    /** The producer runs in whichever task asks, in that task's context. */
    @Async
    Coroutine<Void> askers() {
        AsyncGenerator<String> g = AsyncGenerator.of(this::whoAsks);
        print(await(createTask(ask(g, "first"), "one")));
        print(await(createTask(ask(g, "second"), "two")));
        await(g.aclose());
        return done();
    }

    @Test
    void theProducerRunsInTheAskingTaskAndContext() {
        runTest(askers());
        assertEvents(List.of("first in one", "second in two"), events);
    }

    @Async
    Coroutine<Void> leaveOpen() {
        AsyncGenerator<Integer> g = numbers(5);
        print("item " + await(g.anext()));
        return done();
    }

    /** asyncio.run closes generators left open (shutdown_asyncgens): the finally runs. */
    @Test
    void runClosesGeneratorsLeftOpen() {
        run(leaveOpen());
        assertEvents(List.of("start", "item 0", "cleanup"), events);
    }

    @Test
    void misuseIsExplained() {
        IllegalArgumentException notAsync =
                assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.of(out -> done()));
        assertTrue(notAsync.getMessage().contains("@Async method that awaits out.yield"), notAsync.getMessage());
        AsyncGenerator<Integer> g = numbers(1);
        java.util.NoSuchElementException noValue = assertThrows(java.util.NoSuchElementException.class, g::next);
        assertTrue(noValue.getMessage().contains("await(hasNext()) first"), noValue.getMessage());
        Yield<Integer> out = new Yield<>();
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> out.yield(1));
        assertTrue(outside.getMessage().contains("not started"), outside.getMessage());
    }

    @Async
    Coroutine<Void> slowNumbers(Yield<Double> out) {
        try {
            for (double d : new double[] {0.01, 0.02, 0.5}) {
                await(sleep(d));
                await(out.yield(d));
            }
        } finally {
            print("slow cleanup");
        }
        return done();
    }

    @Async
    Coroutine<String> value(String x, double delay) {
        await(sleep(delay));
        return done(x);
    }

    /**
     * <pre>{@code
     * g = slow_numbers()   # yields after 0.01, 0.02, 0.5 s; finally: log "slow cleanup"
     * try:
     *     while True:
     *         async with asyncio.timeout(0.1):
     *             try: x = await anext(g)
     *             except StopAsyncIteration: break
     *         log.append(f"in time {x}")
     * except TimeoutError:
     *     log.append("TimeoutError")
     * await g.aclose()
     * async def gen():
     *     for i in range(3): yield i * i
     * log.append(str([x async for x in gen()]))
     * tasks = [asyncio.create_task(value(n, d)) for n, d in (("a", 0.03), ("b", 0.01), ("c", 0.02))]
     * for f in asyncio.as_completed(tasks):
     *     log.append(f"completed {await f}")
     * }</pre>
     */
    @Async
    Coroutine<Void> helpers() {
        AsyncGenerator<Double> g = AsyncGenerator.of(this::slowNumbers).withItemTimeout(0.1);
        try {
            while (await(g.hasNext())) {
                print("in time " + g.next());
            }
            expectUnreached();
        } catch (TimeoutError e) {
            print("TimeoutError");
        }
        assertTrue(g.isFinished());
        print(await(AsyncGenerator.from(List.of(0, 1, 4)).toList()));
        List<Task<String>> tasks =
                List.of(createTask(value("a", 0.03)), createTask(value("b", 0.01)), createTask(value("c", 0.02)));
        AsyncGenerator<Future<String>> completed = AsyncGenerator.asCompleted(tasks);
        while (await(completed.hasNext())) {
            Future<String> f = completed.next();
            assertTrue(tasks.contains(f), "the stream hands out the tasks themselves, as Python 3.13 does");
            print("completed " + await(f));
        }
        AsyncGenerator<Future<String>> late = AsyncGenerator.asCompleted(List.of(value("d", 10)), 0.01);
        try {
            await(late.anext());
            expectUnreached();
        } catch (TimeoutError e) {
            print("as_completed TimeoutError");
        }
        return done();
    }

    @Test
    void helpersWorkOnStreams() {
        runTest(helpers());
        assertEvents(
                List.of(
                        "in time 0.01",
                        "in time 0.02",
                        "slow cleanup",
                        "TimeoutError",
                        "[0, 1, 4]",
                        "completed b",
                        "completed c",
                        "completed a",
                        "as_completed TimeoutError"),
                events);
    }
}
