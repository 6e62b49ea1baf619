package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import org.junit.jupiter.api.Test;

class TimeoutTest extends TestBase {
    @Async
    Coroutine<String> work(double seconds) {
        await(sleep(seconds));
        return done("worked");
    }

    @Async
    Coroutine<Void> basic() {
        assertEquals("worked", await(timeout(1, work(0.01))));
        try {
            await(timeout(0.01, work(10)));
            throw expectUnreached();
        } catch (TimeoutError e) {
            expect(1);
        }
        assertEquals(0.02, getRunningLoop().time()); // the work's 0.01 s, then the 0.01 s deadline
        return done();
    }

    @Test
    void timeoutAroundAnAwaitable() {
        runTest(basic());
        finish(2);
    }

    @Async
    Coroutine<String> extendsItself(Timeout t) {
        await(sleep(0.01));
        t.reschedule(getRunningLoop().time() + 1); // more time, please
        await(sleep(0.03));
        return done("extended");
    }

    @Async
    Coroutine<Void> objectForm() {
        Timeout t = timeout(0.02);
        assertThrows(IllegalStateException.class, () -> t.reschedule(0)); // not entered
        assertTrue(t.when() > getRunningLoop().time());
        assertEquals("extended", await(t.run(extendsItself(t))));
        assertFalse(t.expired());
        assertThrows(IllegalStateException.class, () -> t.reschedule(0)); // left
        try {
            await(t.run(work(0))); // entered once only
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertEquals("Timeout has already been entered", e.getMessage());
        }

        Timeout late = timeoutAt(getRunningLoop().time() + 0.01);
        try {
            await(late.run(work(10)));
            throw expectUnreached();
        } catch (TimeoutError e) {
            assertTrue(late.expired());
        }

        Timeout never = timeout(Double.POSITIVE_INFINITY);
        assertEquals("worked", await(never.run(work(0.01))));
        return done();
    }

    @Test
    void timeoutObjectRescheduleAndExpired() {
        runTest(objectForm());
    }

    @Async
    Coroutine<String> innerTimesOut() {
        try {
            return done(await(timeout(0.01, work(10))));
        } catch (TimeoutError e) {
            expect(1);
            return done("inner timed out");
        }
    }

    @Async
    Coroutine<Void> nested() {
        // The inner deadline passes first: only the inner one raises; the outer goes on.
        assertEquals("inner timed out", await(timeout(1, innerTimesOut())));
        // The outer deadline passes first: the inner block sees a CancelledError, not its own timeout.
        try {
            await(timeout(0.01, timeout(1, work(10))));
            throw expectUnreached();
        } catch (TimeoutError e) {
            expect(2);
        }
        return done();
    }

    @Test
    void nestedTimeoutsEachReportTheirOwn() {
        runTest(nested());
        finish(3);
    }

    @Async
    Coroutine<Void> cancelledFromOutsideToo() {
        Task<?> me = currentTask();
        // The deadline and an outside cancel in the same iteration: the outside cancel wins.
        getRunningLoop().callLater(0.01, me::cancel);
        try {
            await(timeout(0.01, work(10)));
            throw expectUnreached();
        } catch (TimeoutError e) {
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(1);
        }
        return done();
    }

    @Test
    void anOutsideCancellationIsNotSwallowed() {
        runTest(cancelledFromOutsideToo());
        finish(2);
    }
}
