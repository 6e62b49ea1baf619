package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTest extends TestBase {
    // ---- new_event_loop, create_task, run_until_complete, close ----

    @Async
    Coroutine<Integer> myFunction(int argument) {
        await(sleep(0));
        return done(argument * 2);
    }

    @Test
    void seed000LoopCreateTaskRunUntilCompleteClose() {
        EventLoop loop = newEventLoop();
        Future<Integer> future = loop.createTask(myFunction(21));
        assertEquals(42, loop.runUntilComplete(future));
        assertFalse(loop.isRunning());
        loop.close();
        assertTrue(loop.isClosed());
    }

    // ---- asyncio.run(main()) ----

    @Async
    Coroutine<Void> hello() {
        print("Hello World!");
        await(sleep(0.01));
        print("I just waited!");
        return done();
    }

    @Test
    void runRunsTheMainCoroutine() {
        run(hello());
        assertEvents(List.of("Hello World!", "I just waited!"), events);
    }

    @Async
    Coroutine<String> leftover() {
        expect(2);
        try {
            await(sleep(10));
            throw expectUnreached();
        } finally {
            expect(4); // run() cancels leftovers and lets their finally blocks run
        }
    }

    @Async
    Coroutine<String> mainLeavingATask() {
        expect(1);
        createTask(leftover());
        await(sleep(0));
        expect(3);
        return done("main done");
    }

    @Test
    void runCancelsLeftoverTasksAndClosesTheLoop() {
        assertEquals("main done", run(mainLeavingATask()));
        finish(5);
        assertThrows(IllegalStateException.class, Asyncio::getRunningLoop);
    }

    static volatile Thread executorThread;

    @Async
    Coroutine<Void> usesTheDefaultExecutor() {
        await(toThread(() -> {
            executorThread = Thread.currentThread();
            return null;
        }));
        return done();
    }

    @Test
    void runShutsDownTheDefaultExecutor() throws Exception {
        run(usesTheDefaultExecutor());
        executorThread.join(5000); // terminated by the shutdown, not left idling until timeout
        assertFalse(executorThread.isAlive());
    }

    @Async
    Coroutine<Void> runInsideRun() {
        run(hello());
        return done();
    }

    @Test
    void runInsideARunningLoopIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(runInsideRun()));
        assertTrue(e.getMessage().contains("cannot be called while an event loop is running"), e.getMessage());
    }

    @Async
    Coroutine<Void> failing() {
        await(sleep(0));
        throw new java.io.UncheckedIOException(new java.io.IOException("main failed"));
    }

    @Test
    void runThrowsTheMainCoroutinesException() {
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> run(failing()));
        assertEquals("main failed", e.getCause().getMessage());
    }
}
