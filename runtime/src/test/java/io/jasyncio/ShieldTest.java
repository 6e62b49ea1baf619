package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import org.junit.jupiter.api.Test;

class ShieldTest extends TestBase {
    @Async
    Coroutine<String> precious() {
        expect(2);
        await(sleep(0.02));
        expect(5);
        return done("saved");
    }

    @Async
    Coroutine<String> awaitShielded(Task<String> inner) {
        return done(await(shield(inner)));
    }

    @Async
    Coroutine<Void> shieldKeepsTheInnerRunning() {
        expect(1);
        Task<String> inner = createTask(precious());
        Task<String> outer = createTask(awaitShielded(inner));
        await(sleep(0));
        expect(3);
        outer.cancel();
        try {
            await(outer);
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(4); // the awaiting task is cancelled...
        }
        assertEquals("saved", await(inner)); // ...the shielded one goes on
        return done();
    }

    @Test
    void cancellingTheAwaiterLeavesTheInnerRunning() {
        runTest(shieldKeepsTheInnerRunning());
        finish(6);
    }

    @Async
    Coroutine<String> fails() {
        await(sleep(0));
        throw new IllegalStateException("inner failed");
    }

    @Async
    Coroutine<Void> outcomes() {
        assertEquals("done already", await(shield(done("done already"))));
        try {
            await(shield(fails()));
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertEquals("inner failed", e.getMessage());
        }
        Future<String> f = getRunningLoop().createFuture();
        Future<String> shielded = shield(f);
        f.cancel();
        try {
            await(shielded);
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(1); // the inner's own cancellation shows through
        }
        Future<String> g = getRunningLoop().createFuture();
        g.setResult("x");
        assertSame(g, shield(g)); // already done: itself
        return done();
    }

    @Test
    void theOuterMirrorsTheInner() {
        runTest(outcomes());
        finish(2);
    }
}
