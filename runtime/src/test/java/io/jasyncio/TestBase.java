package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * kotlinx.coroutines' TestBase idiom: {@code expect(1); ...; finish(n)} proves the exact
 * interleaving on the loop's one thread; a step out of order fails with both numbers, and a test
 * that started counting must reach {@code finish}. {@link #runTest} runs a coroutine on a fresh
 * loop whose exception handler records what the loop could not deliver to anyone, and fails the
 * test if anything was recorded that the test did not {@linkplain #takeUnhandled() take}.
 */
abstract class TestBase {
    private int actionIndex;
    private boolean finished;
    /** Printed lines of a sample, compared as a whole with assertEquals. */
    final List<String> events = new ArrayList<>();

    private final List<Map<String, Object>> unhandled = new ArrayList<>();
    EventLoop loop;

    /** The next step must be {@code index}. */
    void expect(int index) {
        int was = ++actionIndex;
        if (index != was) {
            throw new AssertionError("Expecting action index " + index + " but it is actually " + was);
        }
    }

    /** The last step. */
    void finish(int index) {
        expect(index);
        if (finished) {
            throw new AssertionError("Should call 'finish(...)' at most once");
        }
        finished = true;
    }

    /** A line that must not run. */
    static AssertionError expectUnreached() {
        throw new AssertionError("This line shall not be reached");
    }

    /** A line of output, as a sample would print it. */
    void print(Object line) {
        events.add(String.valueOf(line));
    }

    /** Runs {@code coro} as {@code run()} does, on {@link #loop}, recording errors given to the exception handler. */
    <T> T runTest(Coroutine<T> coro) {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler(unhandled::add);
        try {
            return loop.runUntilComplete(loop.createTask(coro));
        } finally {
            Runner.cancelAllTasks(loop);
            loop.close();
        }
    }

    /** A new loop whose exception handler records errors for {@link #checkFinished} (so an assertion failing in a callback fails the test). */
    EventLoop newTestLoop() {
        EventLoop l = Asyncio.newEventLoop();
        l.setExceptionHandler(unhandled::add);
        return l;
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
        if (actionIndex > 0 && !finished) {
            fail("Expecting that 'finish(" + (actionIndex + 1) + ")' was invoked, but it was not");
        }
    }

    static void assertEvents(List<String> expected, List<String> actual) {
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }
}
