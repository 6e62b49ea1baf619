package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * asyncio's "Task exception was never retrieved", reported by default, once: when the loop
 * closes, or when the collector frees the task. CPython 3.11 for
 *
 * <pre>{@code
 * async def fail():
 *     await asyncio.sleep(0)
 *     raise ValueError("lost")
 * async def main():
 *     asyncio.create_task(fail())
 *     await asyncio.sleep(0.01)
 * asyncio.run(main())
 * }</pre>
 *
 * logs "Task exception was never retrieved", the task, and the traceback through fail().
 */
class UnretrievedExceptionTest extends TestBase {
    @Async
    Coroutine<Void> fail() {
        await(sleep(0));
        throw new IllegalArgumentException("lost");
    }

    @Async
    Coroutine<Void> inner() {
        await(fail());
        return done();
    }

    @Async
    Coroutine<Void> dropsAFailingTask() {
        createTask(inner(), "dropped");
        await(sleep(0.01));
        return done();
    }

    @Test
    void reportedWhenTheLoopClosesWithTheAwaitChain() {
        runTest(dropsAFailingTask());
        List<Map<String, Object>> reports = takeUnhandled();
        assertEquals(1, reports.size(), reports.toString());
        Map<String, Object> report = reports.get(0);
        assertEquals("Task exception was never retrieved", report.get("message"));
        assertTrue(report.get("future").toString().contains("name='dropped'"), report.toString());
        Throwable e = (Throwable) report.get("exception");
        assertEquals("lost", e.getMessage());
        String trace = java.util.Arrays.toString(e.getStackTrace());
        // The throw in fail(), then the await in inner() that it passed through.
        assertTrue(
                trace.matches(
                        "\\[io\\.jasyncio\\.UnretrievedExceptionTest\\.fail\\S*\\(UnretrievedExceptionTest\\.java:32\\), "
                                + "io\\.jasyncio\\.UnretrievedExceptionTest\\.inner\\(UnretrievedExceptionTest\\.java:37\\), .*"),
                trace);
    }

    @Async
    Coroutine<Void> retrievesThem() {
        Task<Void> awaited = createTask(fail());
        Task<Void> asked = createTask(fail());
        Task<Void> gathered = createTask(fail());
        Task<Void> cancelled = createTask(fail());
        cancelled.cancel();
        try {
            await(awaited);
        } catch (IllegalArgumentException expected) {
            // retrieved by the await
        }
        await(sleep(0.01));
        assertNotNull(asked.exception());
        await(gatherReturningExceptions(gathered));
        return done();
    }

    @Test
    void notReportedOnceRetrievedNorWhenCancelled() {
        runTest(retrievesThem()); // checkFinished fails the test on any report
    }

    private WeakReference<Task<?>> dropped;

    @Async
    Coroutine<Void> dropsAndCollects() {
        dropped = new WeakReference<>(createTask(fail(), "collected"));
        await(sleep(0.01)); // it has failed
        // Free it, and wait for the report the collector triggers (polling the loop, not time).
        for (int i = 0; takeUnhandledSoFar().isEmpty(); i++) {
            assertTrue(i < 1000, "the failed task was never collected");
            System.gc();
            await(sleep(0.01));
        }
        return done();
    }

    private final java.util.List<Map<String, Object>> seen = new java.util.ArrayList<>();

    private List<Map<String, Object>> takeUnhandledSoFar() {
        seen.addAll(takeUnhandled());
        return seen;
    }

    @Test
    void reportedWhenTheTaskIsCollectedAndOnlyOnce() {
        runTest(dropsAndCollects());
        seen.addAll(takeUnhandled()); // nothing more at close
        assertEquals(1, seen.size(), seen.toString());
        assertEquals("Task exception was never retrieved", seen.get(0).get("message"));
        assertTrue(seen.get(0).get("future").toString().contains("name='collected'"));
        assertNull(dropped.get());
    }
}
