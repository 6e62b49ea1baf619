package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FutureTest extends TestBase {
    @Test
    void statesAndErrors() {
        EventLoop loop = newTestLoop();
        try {
            Future<String> f = loop.createFuture();
            assertFalse(f.done());
            assertThrows(InvalidStateError.class, f::result);
            assertThrows(InvalidStateError.class, f::exception);
            f.setResult("x");
            assertTrue(f.done());
            assertFalse(f.cancelled());
            assertEquals("x", f.result());
            assertNull(f.exception());
            assertThrows(InvalidStateError.class, () -> f.setResult("y"));
            assertFalse(f.cancel());

            Future<String> g = loop.createFuture();
            assertThrows(IllegalArgumentException.class, () -> g.setException(new CancelledError()));
            IOException io = new IOException("checked");
            g.setException(io);
            assertSame(io, g.exception());
            IOException thrown = assertThrows(IOException.class, g::result); // checked, rethrown as is
            assertSame(io, thrown);

            Future<String> c = loop.createFuture();
            assertTrue(c.cancel("why"));
            assertTrue(c.cancelled());
            assertEquals("why", assertThrows(CancelledError.class, c::result).getMessage());
            assertThrows(CancelledError.class, c::exception);
        } finally {
            loop.close();
        }
    }

    @Test
    void doneCallbacksRunThroughTheLoopNeverInline() {
        EventLoop loop = newTestLoop();
        try {
            Future<Integer> f = loop.createFuture();
            f.addDoneCallback(x -> expect(3));
            loop.callSoon(() -> {
                expect(1);
                f.setResult(1);
                expect(2); // the callback has not run inside setResult
                f.addDoneCallback(x -> {
                    expect(4); // added when already done: scheduled, after the first
                    loop.stop();
                });
            });
            loop.runForever();
            finish(5);
        } finally {
            loop.close();
        }
    }

    @Test
    void removeDoneCallback() {
        EventLoop loop = newTestLoop();
        try {
            Future<Integer> f = loop.createFuture();
            java.util.function.Consumer<Future<Integer>> cb = x -> expectUnreached();
            f.addDoneCallback(cb);
            f.addDoneCallback(cb);
            assertEquals(2, f.removeDoneCallback(cb));
            f.setResult(1);
            loop.runUntilComplete(f);
        } finally {
            loop.close();
        }
    }

    @Async
    Coroutine<Integer> awaitDone(Future<Integer> f) {
        expect(2);
        int v = await(f); // already done: no suspension
        expect(3);
        return done(v + 1);
    }

    @Test
    void awaitingADoneFutureDoesNotSuspend() {
        int r = runTest(main());
        assertEquals(42, r);
        finish(5);
    }

    @Async
    Coroutine<Integer> main() {
        Future<Integer> f = getRunningLoop().createFuture();
        f.setResult(41);
        expect(1);
        getRunningLoop().callSoon(() -> expect(4)); // runs only once main suspends or ends
        int r = await(awaitDone(f));
        await(sleep(0));
        return done(r);
    }

    @Async
    Coroutine<String> setLater(Future<String> f) {
        await(sleep(0));
        f.setResult("later");
        return done("set");
    }

    @Async
    Coroutine<String> awaitPending() {
        Future<String> f = getRunningLoop().createFuture();
        createTask(setLater(f));
        return done(await(f));
    }

    @Test
    void awaitPendingFuture() {
        assertEquals("later", runTest(awaitPending()));
    }

    @Test
    void toStringShowsState() {
        EventLoop loop = newTestLoop();
        try {
            Future<Integer> f = loop.createFuture();
            assertEquals("<Future pending>", f.toString());
            f.setResult(3);
            assertEquals("<Future finished result=3>", f.toString());
        } finally {
            loop.close();
        }
    }
}
