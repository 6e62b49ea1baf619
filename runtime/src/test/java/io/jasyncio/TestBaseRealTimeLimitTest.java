package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own harness on virtual time: a {@link TestBase#runTest} whose code never lets time
 * advance fails at its real-time limit with where each task was, instead of hanging the build.
 */
class TestBaseRealTimeLimitTest extends TestBase {
    @Async
    Coroutine<Void> pollsForever() {
        createTask(shrugsOffCancel(), "stubborn");
        while (true) {
            await(sleep(0));
        }
    }

    @Async
    Coroutine<Void> shrugsOffCancel() {
        while (true) {
            try {
                await(sleep(0));
            } catch (CancelledError ignored) {
                // code under test swallowing everything
            }
        }
    }

    @Test
    void aTestThatNeverLetsTimeAdvanceFailsWithTheTaskDumpAndItsCleanUpIsBoundedToo() {
        realTimeout = 0.3;
        AssertionError e = assertThrows(AssertionError.class, () -> runTest(pollsForever()));
        String m = e.getMessage();
        assertTrue(m.startsWith("the virtual-time loop ran for 0.3 s of real time, its real-time limit"), m);
        assertTrue(m.contains("at " + TestBaseRealTimeLimitTest.class.getName() + ".pollsForever("), m);
        assertTrue(m.contains("at " + TestBaseRealTimeLimitTest.class.getName() + ".shrugsOffCancel("), m);
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage().contains("Task 'stubborn'"), e.getSuppressed()[0].getMessage());
        assertTrue(loop.isClosed());
        takeUnhandled(); // closing the loop reported the stubborn task it destroyed
    }

    @Test
    void theHarnessKeepsTheDefaultLimitOtherwise() {
        try (io.jasyncio.test.VirtualTimeLoop v = newVirtualTestLoop()) {
            assertEquals(60.0, v.realTimeout());
        }
    }
}
