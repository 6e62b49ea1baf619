package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskGroupTest extends TestBase {
    @Async
    Coroutine<String> after(double seconds, String v) {
        await(sleep(seconds));
        return done(v);
    }

    @Async
    Coroutine<String> failAfter(double seconds, String message) {
        await(sleep(seconds));
        throw new IllegalArgumentException(message);
    }

    @Async
    Coroutine<String> cancelledWorker(int start, int inFinally) {
        expect(start);
        try {
            await(sleep(10));
            throw expectUnreached();
        } finally {
            expect(inFinally);
        }
    }

    @Async
    Coroutine<String> body(TaskGroup tg) {
        Task<String> a = tg.createTask(after(0.02, "a"));
        Task<String> b = tg.createTask(after(0.01, "b"), "bee");
        assertEquals("bee", b.getName());
        String first = await(b); // the body may await
        return done(first + "+" + a.done());
    }

    @Async
    Coroutine<Void> allSucceed() {
        List<Task<String>> tasks = new java.util.ArrayList<>();
        String r = await(TaskGroup.run(tg -> {
            tasks.add(tg.createTask(after(0.02, "x")));
            tasks.add(tg.createTask(after(0.01, "y")));
            return done("started");
        }));
        assertEquals("started", r);
        for (Task<String> t : tasks) {
            assertTrue(t.done()); // leaving the scope waited for every task
        }
        assertEquals("b+false", await(taskGroup(this::body)));
        return done();
    }

    @Test
    void leavingWaitsForAllTasks() {
        runTest(allSucceed());
    }

    @Async
    Coroutine<Void> oneFails() {
        expect(1);
        try {
            await(TaskGroup.run(tg -> {
                tg.createTask(cancelledWorker(3, 4)); // tasks start on the next iteration
                tg.createTask(failAfter(0.01, "boom"));
                return sleepInBody(2, 5); // the body runs now, in this task
            }));
            throw expectUnreached();
        } catch (ExceptionGroup e) {
            expect(6);
            assertEquals(
                    List.of("boom"),
                    e.exceptions().stream().map(Throwable::getMessage).collect(Collectors.toList()));
            assertEquals("boom", e.find(IllegalArgumentException.class).getMessage());
            assertEquals(1, e.getSuppressed().length);
        }
        assertEquals(0, currentTask().cancelling()); // the group's cancellation of this task was withdrawn
        await(sleep(0.001)); // this task goes on normally
        return done();
    }

    @Async
    Coroutine<Void> sleepInBody(int start, int cancelled) {
        expect(start);
        try {
            await(sleep(10));
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(cancelled); // the body is cancelled too when a task fails
            throw e;
        }
    }

    @Test
    void oneFailingTaskCancelsTheRestAndTheBody() {
        runTest(oneFails());
        finish(7);
    }

    @Async
    Coroutine<Void> allFailuresTogether() {
        try {
            await(TaskGroup.run(tg -> {
                tg.createTask(failAfter(0.01, "first"));
                tg.createTask(failAfter(0.01, "second")); // same deadline: fails in the same iteration
                return done();
            }));
            throw expectUnreached();
        } catch (ExceptionGroup e) {
            assertEquals(
                    List.of("first", "second"),
                    e.exceptions().stream().map(Throwable::getMessage).collect(Collectors.toList()));
            assertTrue(e.getMessage().contains("2 sub-exceptions"), e.getMessage());
        }
        return done();
    }

    @Test
    void allFailuresAreReportedTogether() {
        runTest(allFailuresTogether());
    }

    @Async
    Coroutine<Void> bodyFails() {
        try {
            await(TaskGroup.run(tg -> {
                tg.createTask(cancelledWorker(1, 2));
                return failAfter(0.01, "body");
            }));
            throw expectUnreached();
        } catch (ExceptionGroup e) {
            expect(3);
            assertEquals("body", e.exceptions().get(0).getMessage());
        }
        return done();
    }

    @Test
    void aFailingBodyCancelsTheTasks() {
        runTest(bodyFails());
        finish(4);
    }

    @Async
    Coroutine<String> groupInTask() {
        return done(await(TaskGroup.run(tg -> {
            tg.createTask(cancelledWorker(1, 3));
            return after(10, "never");
        })));
    }

    @Async
    Coroutine<Void> parentCancelled() {
        Task<String> t = createTask(groupInTask());
        await(sleep(0.01));
        expect(2);
        t.cancel();
        try {
            await(t);
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(4); // after the group's tasks were cancelled and done
        }
        return done();
    }

    @Test
    void cancellingTheParentCancelsTheGroup() {
        runTest(parentCancelled());
        finish(5);
    }

    @Async
    Coroutine<Void> misuse() {
        TaskGroup[] kept = new TaskGroup[1];
        await(TaskGroup.run(tg -> {
            kept[0] = tg;
            return done();
        }));
        assertThrows(IllegalStateException.class, () -> kept[0].createTask(after(0, "late")));
        return done();
    }

    @Test
    void createTaskAfterTheGroupFinishedIsAnError() {
        runTest(misuse());
    }
}
