package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Behaviours where jasyncio once differed from asyncio, each the Java twin of a Python program
 * (quoted) whose trace under CPython 3.11 is the expected list.
 */
class ParityTraceTest extends TestBase {
    @Async
    Coroutine<String> selfCancel() {
        currentTask().cancel();
        return done("result");
    }

    @Async
    Coroutine<Void> ticker(int n) {
        for (int i = 0; i < n; i++) {
            print("tick " + i);
            await(sleep(0));
        }
        return done();
    }

    @Async
    Coroutine<Void> sleeper(String label, Object result) {
        print(label + " before");
        Object r = await(sleep(0, result));
        print(label + " after " + r);
        return done();
    }

    /**
     * <pre>{@code
     * async def self_cancel():
     *     asyncio.current_task().cancel()
     *     return "result"
     * async def sleeper(label, *args):
     *     log.append(f"{label} before")
     *     r = await asyncio.sleep(0, *args)
     *     log.append(f"{label} after {r}")
     * async def main():
     *     t = asyncio.create_task(self_cancel())
     *     try: log.append(f"result {await t}")
     *     except asyncio.CancelledError: log.append(f"cancelled {t.cancelled()}")
     *     tk = asyncio.create_task(ticker(4))
     *     await asyncio.sleep(0)
     *     await asyncio.gather(sleeper("plain"), sleeper("with result", "R"))
     *     await tk
     *     loop = asyncio.get_running_loop()
     *     loop.call_later(0, lambda: log.append("later 0"))
     *     loop.call_later(-1, lambda: log.append("later -1"))
     *     loop.call_at(loop.time() - 5, lambda: log.append("at -5"))
     *     await asyncio.sleep(0.01)
     * }</pre>
     */
    @Async
    Coroutine<Void> main() {
        Task<String> t = createTask(selfCancel());
        try {
            print("result " + await(t));
        } catch (CancelledError e) {
            print("cancelled " + t.cancelled());
        }
        Task<Void> tk = createTask(ticker(4));
        await(sleep(0));
        await(gather(sleeper("plain", null), sleeper("with result", "R")));
        await(tk);
        EventLoop loop = getRunningLoop();
        loop.callLater(0, () -> print("later 0"));
        loop.callLater(-1, () -> print("later -1"));
        loop.callAt(loop.time() - 5, () -> print("at -5"));
        await(sleep(0.01));
        return done();
    }

    @Test
    void cancelBeforeReturnSleepZeroWithResultAndPastDeadlines() {
        runTest(main());
        assertEvents(
                List.of(
                        "cancelled true",
                        "tick 0",
                        "tick 1",
                        "plain before",
                        "with result before",
                        "tick 2",
                        "plain after null",
                        "with result after R",
                        "tick 3",
                        "at -5",
                        "later -1",
                        "later 0"),
                events);
    }

    @Async
    Coroutine<String> uncancelled() {
        Task<?> me = currentTask();
        me.cancel();
        me.uncancel(); // withdrawn before the return: the result stands (3.13's uncancel)
        return done("kept");
    }

    @Test
    void aWithdrawnCancelLeavesTheResult() {
        assertEquals("kept", runTest(uncancelled()));
    }

    /**
     * I/O callbacks join the ready queue, after what was ready before the select, and what they
     * schedule runs in the next pass.
     *
     * <pre>{@code
     * a, b = socket.socketpair(); a.setblocking(False)
     * b.send(b"x")
     * def on_read():
     *     log.append("reader"); a.recv(10); loop.remove_reader(a)
     *     loop.call_soon(lambda: log.append("scheduled by reader"))
     * loop.call_soon(lambda: log.append("soon before"))
     * loop.add_reader(a, on_read)
     * loop.call_soon(lambda: log.append("soon after add"))
     * await asyncio.sleep(0)
     * log.append("task resumed")
     * await asyncio.sleep(0.05)
     * }</pre>
     */
    @Async
    Coroutine<Void> ioOrder() throws java.io.IOException {
        EventLoop loop = getRunningLoop();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {'x'}));
            loop.callSoon(() -> print("soon before"));
            loop.addReader(pipe.source(), () -> {
                print("reader");
                try {
                    pipe.source().read(java.nio.ByteBuffer.allocate(10));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                loop.removeReader(pipe.source());
                loop.callSoon(() -> print("scheduled by reader"));
            });
            loop.callSoon(() -> print("soon after add"));
            await(sleep(0));
            print("task resumed");
            await(sleep(0.05));
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        return done();
    }

    @Test
    void ioCallbacksJoinTheReadyQueue() throws Exception {
        runTest(ioOrder());
        assertEvents(List.of("soon before", "soon after add", "task resumed", "reader", "scheduled by reader"), events);
    }

    private final List<String> slow = new java.util.ArrayList<>();

    @Async
    Coroutine<Void> slowReader() throws java.io.IOException {
        EventLoop loop = getRunningLoop();
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0);
        loop.setExceptionHandler(context -> slow.add(String.valueOf(context.get("message"))));
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {'x'}));
            loop.addReader(pipe.source(), () -> loop.removeReader(pipe.source()));
            await(sleep(0.05));
        } finally {
            pipe.source().close();
            pipe.sink().close();
            loop.setDebug(false);
        }
        return done();
    }

    /** Debug mode's slow-callback report times I/O callbacks like any callback. */
    @Test
    void debugModeTimesIoCallbacks() throws Exception {
        runTest(slowReader());
        assertTrue(
                slow.stream().anyMatch(m -> m.startsWith("Executing <Handle ") && m.contains("ParityTraceTest")),
                slow.toString());
    }

    @Async
    Coroutine<Void> fails() {
        await(sleep(0));
        throw new IllegalArgumentException("boom");
    }

    @Async
    Coroutine<Void> gathers() {
        await(gather(fails()));
        return done();
    }

    /**
     * A traceback through gather keeps the awaiting task's own await line. CPython 3.11 for
     * {@code async def main(): await asyncio.gather(fail())} shows {@code line 6, in main} above
     * {@code line 4, in fail}.
     */
    @Test
    void aTracebackThroughGatherKeepsTheAwaitersLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runTest(gathers()));
        List<String> ours = java.util.Arrays.stream(e.getStackTrace())
                .filter(el -> el.getClassName().equals(ParityTraceTest.class.getName()))
                .map(el -> el.getMethodName().replace("$resume", "") + ":" + el.getLineNumber())
                .collect(java.util.stream.Collectors.toList());
        assertEquals(List.of("fails:200", "gathers:205"), ours.subList(0, 2), ours.toString());
    }
}
