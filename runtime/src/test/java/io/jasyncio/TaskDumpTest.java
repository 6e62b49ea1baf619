package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import io.jasyncio.sync.Lock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskDumpTest extends TestBase {
    @Async
    Coroutine<Void> sleeper() {
        await(sleep(30));
        return done();
    }

    @Async
    Coroutine<Void> locked(Lock lock) {
        await(lock.acquire());
        lock.release();
        return done();
    }

    @Async
    Coroutine<Void> awaitsOther(Task<Void> other) {
        await(other);
        return done();
    }

    @Async
    Coroutine<Void> scene(CompletableFuture<String> fromOutside) {
        Lock lock = new Lock();
        await(lock.acquire());
        Task<Void> sleeping = createTask(sleeper(), "sleeper");
        Task<Void> waiting = createTask(locked(lock), "locked");
        Task<Void> chained = createTask(awaitsOther(sleeping), "chained");
        Task<List<Void>> gathering = createTask(gatherBoth(sleeping, waiting), "gatherer");
        await(sleep(0));
        await(sleep(0));

        TaskDump dump = getRunningLoop().dumpTasks();
        Map<String, TaskInfo> byName =
                dump.tasks().stream().collect(Collectors.toMap(TaskInfo::name, Function.identity()));
        assertEquals("running", byName.get(currentTask().getName()).state());
        TaskInfo s = byName.get("sleeper");
        assertEquals("waiting", s.state());
        assertTrue(s.waitingOn().matches("sleep, 29\\.9\\d\\d s left|sleep, 30\\.000 s left"), s.waitingOn());
        assertEquals("sleeper", s.awaitChain().get(0).getMethodName());
        assertEquals(19, s.awaitChain().get(0).getLineNumber());
        TaskInfo l = byName.get("locked");
        // Waiters.park inside Lock.acquire, then ours
        assertEquals(
                "io.jasyncio.sync.Waiters.park",
                l.awaitChain().get(0).getClassName() + "."
                        + l.awaitChain().get(0).getMethodName());
        assertEquals(
                "io.jasyncio.sync.Lock.acquire",
                l.awaitChain().get(1).getClassName() + "."
                        + l.awaitChain().get(1).getMethodName());
        assertEquals(25, l.awaitChain().get(2).getLineNumber());
        assertEquals("task 'sleeper'", byName.get("chained").waitingOn());
        assertEquals(List.of(s.id()), byName.get("chained").awaits());
        TaskInfo g = byName.get("gatherer");
        assertEquals("gather of 2 (0 done)", g.waitingOn());
        assertEquals(List.of(s.id(), l.id()), g.awaits());
        String text = dump.toString();
        assertTrue(text.contains("Task 'sleeper' (id " + s.id() + "), waiting on sleep, "), text);
        assertTrue(text.contains("  at io.jasyncio.TaskDumpTest.sleeper(TaskDumpTest.java:19)"), text);
        String tree = dump.tree();
        assertTrue(
                tree.contains("├── (T) chained  io.jasyncio.TaskDumpTest.awaitsOther(TaskDumpTest.java:32)\n"
                        + "│   └── (T) sleeper  io.jasyncio.TaskDumpTest.sleeper(TaskDumpTest.java:19)"),
                tree);

        // From another thread while the loop runs: the dump is taken on the loop's thread.
        EventLoop loop = getRunningLoop();
        Thread outside = new Thread(() -> fromOutside.complete(loop.dumpTasks().toString()));
        outside.start();
        while (!fromOutside.isDone()) {
            await(sleep(0.001));
        }
        sleeping.cancel();
        waiting.cancel();
        gathering.cancel();
        chained.cancel();
        return done();
    }

    @Async
    Coroutine<List<Void>> gatherBoth(Task<Void> a, Task<Void> b) {
        return done(await(gather(a, b)));
    }

    @Test
    void everyTaskWithItsStateChainAndWhatItWaitsOn() throws Exception {
        CompletableFuture<String> fromOutside = new CompletableFuture<>();
        runTest(scene(fromOutside));
        String text = fromOutside.get(10, TimeUnit.SECONDS);
        assertTrue(text.contains("running on thread '" + Thread.currentThread().getName() + "'"), text);
        assertTrue(text.contains("Task 'locked'"), text);
        assertTrue(text.contains("  at io.jasyncio.sync.Lock.acquire(Lock.java:"), text);
        assertFalse(TaskDump.allAsText(false).contains("Task 'locked'"), "a closed loop is not dumped");
    }
}
