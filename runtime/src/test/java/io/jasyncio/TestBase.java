package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.test.Steps;
import io.jasyncio.test.VirtualTimeLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * What the runtime's tests share: jasyncio-test's {@link Steps} ({@code expect(n)}/{@code
 * finish(n)} prove the exact interleaving on the loop's one thread; a step out of order fails
 * with both numbers, and a test that started counting must reach {@code finish}); {@link
 * #runTest}, which runs a coroutine on a fresh {@link VirtualTimeLoop} (timers fire in deadline
 * order, exactly on time, in no real time) whose exception handler records what the loop could
 * not deliver to anyone; and a failure of the test if anything was recorded that the test did not
 * {@linkplain #takeUnhandled() take}.
 */
abstract class TestBase {
    final Steps steps = new Steps();
    /** Printed lines of a sample, compared as a whole with assertEquals. */
    final List<String> events = new ArrayList<>();

    private final List<Map<String, Object>> unhandled = new ArrayList<>();
    /** The virtual time of the last {@link #runTest}, and its loop. */
    VirtualTimeLoop vt;

    EventLoop loop;

    /** The next step must be {@code index}. */
    void expect(int index) {
        steps.expect(index);
    }

    /** The last step. */
    void finish(int index) {
        steps.finish(index);
    }

    /** A line that must not run: {@code throw expectUnreached();}. */
    AssertionError expectUnreached() {
        return steps.unreached();
    }

    /** A line of output, as a sample would print it. */
    void print(Object line) {
        events.add(String.valueOf(line));
    }

    /**
     * Runs {@code coro} as {@code run()} does, on a fresh virtual-time loop ({@link #vt}, {@link
     * #loop}), recording errors given to the exception handler.
     */
    <T> T runTest(Coroutine<T> coro) {
        vt = new VirtualTimeLoop();
        loop = vt.loop();
        loop.setExceptionHandler(unhandled::add);
        try {
            return loop.runUntilComplete(loop.createTask(coro));
        } finally {
            Runner.cancelAllTasks(loop);
            loop.close();
        }
    }

    /**
     * A new loop on the system clock whose exception handler records errors for {@link
     * #checkFinished} (so an assertion failing in a callback fails the test).
     */
    EventLoop newTestLoop() {
        EventLoop l = Asyncio.newEventLoop();
        l.setExceptionHandler(unhandled::add);
        return l;
    }

    /** As {@link #newTestLoop()}, on virtual time. */
    VirtualTimeLoop newVirtualTestLoop() {
        VirtualTimeLoop v = new VirtualTimeLoop();
        v.loop().setExceptionHandler(unhandled::add);
        return v;
    }

    /** The errors the loop's exception handler got so far; clears them. */
    List<Map<String, Object>> takeUnhandled() {
        List<Map<String, Object>> copy = new ArrayList<>(unhandled);
        unhandled.clear();
        return copy;
    }

    @AfterEach
    void checkFinished() {
        if (!unhandled.isEmpty()) {
            fail("unhandled errors in the loop: " + unhandled);
        }
        steps.check();
    }

    static void assertEvents(List<String> expected, List<String> actual) {
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }
}
