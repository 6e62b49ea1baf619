package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitForTest extends TestBase {
    @Async
    Coroutine<String> slowWork(double seconds, int startStep, int finallyStep) {
        expect(startStep);
        try {
            await(sleep(seconds));
            return done("finished");
        } finally {
            expect(finallyStep);
        }
    }

    @Async
    Coroutine<Void> inTime() {
        expect(1);
        assertEquals("finished", await(waitFor(slowWork(0.01, 2, 3), 1.0)));
        assertEquals("finished", await(waitFor(slowWork(0.01, 4, 5), Duration.ofSeconds(1))));
        assertEquals("finished", await(waitFor(slowWork(0.01, 6, 7), Double.POSITIVE_INFINITY)));
        return done();
    }

    @Test
    void resultWhenInTime() {
        runTest(inTime());
        finish(8);
    }

    @Async
    Coroutine<Void> tooSlow() {
        expect(1);
        double start = getRunningLoop().time();
        try {
            await(waitFor(slowWork(10, 2, 3), 0.02)); // runs inside this task; cancelled at its await
            throw expectUnreached();
        } catch (TimeoutError e) {
            expect(4);
            assertInstanceOf(CancelledError.class, e.getCause());
        }
        assertEquals(0.02, getRunningLoop().time() - start); // virtual time: exactly the limit
        assertEquals(0, currentTask().cancelling()); // the timeout's own cancellation was withdrawn
        await(sleep(0.001)); // and the task is not cancelled any more
        return done();
    }

    @Test
    void timeoutCancelsTheInnerAndRaisesTimeoutError() {
        runTest(tooSlow());
        finish(5);
    }

    @Async
    Coroutine<Void> tooSlowTask() {
        Task<String> inner = createTask(slowWork(10, 1, 2));
        try {
            await(waitFor(inner, 0.02));
            throw expectUnreached();
        } catch (TimeoutError e) {
            expect(3);
        }
        assertTrue(inner.cancelled()); // the task was cancelled and waited for
        return done();
    }

    @Test
    void timeoutCancelsAnAwaitedTask() {
        runTest(tooSlowTask());
        finish(4);
    }

    @Async
    Coroutine<Void> zeroTimeout() {
        try {
            await(waitFor(slowWork(10, 99, 99), 0)); // never starts
            throw expectUnreached();
        } catch (TimeoutError e) {
            expect(1);
        }
        Future<String> ready = getRunningLoop().createFuture();
        ready.setResult("ready");
        assertEquals("ready", await(waitFor(ready, 0))); // a result already there is returned
        return done();
    }

    @Test
    void zeroTimeoutDoesNotRunTheCoroutine() {
        runTest(zeroTimeout());
        finish(2);
    }

    @Async
    Coroutine<Void> waitsForSlowWork() {
        await(waitFor(slowWork(10, 2, 4), 5));
        throw expectUnreached();
    }

    @Async
    Coroutine<Void> outerCancel() {
        Task<Void> t = createTask(waitsForSlowWork());
        expect(1);
        await(sleep(0));
        expect(3);
        t.cancel();
        try {
            await(t);
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(5); // a cancellation from outside stays a CancelledError, not a TimeoutError
        }
        return done();
    }

    @Test
    void outsideCancellationIsNotATimeout() {
        runTest(outerCancel());
        finish(6);
    }

    @Async
    Coroutine<String> swallowsCancel() {
        try {
            await(sleep(10));
        } catch (CancelledError e) {
            expect(2);
        }
        return done("swallowed");
    }

    @Async
    Coroutine<Void> innerSwallows() {
        expect(1);
        // The work caught the cancellation and returned: its value comes out, no TimeoutError.
        assertEquals("swallowed", await(waitFor(swallowsCancel(), 0.01)));
        return done();
    }

    @Test
    void workThatSwallowsTheCancellationReturnsItsValue() {
        runTest(innerSwallows());
        finish(3);
    }
}
