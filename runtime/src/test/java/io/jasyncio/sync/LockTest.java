package io.jasyncio.sync;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest {
    private final List<String> log = new ArrayList<>();

    /** Takes the lock, logs, yields once inside, logs, releases; logs a cancellation. */
    @Async
    Coroutine<Void> worker(Lock lock, String name) {
        try {
            await(lock.acquire());
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        }
        try {
            log.add(name + " in");
            await(sleep(0));
            log.add(name + " out");
        } finally {
            lock.release();
        }
        return done();
    }

    @Async
    Coroutine<Void> fifo() {
        Lock lock = new Lock();
        Task<Void> a = createTask(worker(lock, "a"));
        Task<Void> b = createTask(worker(lock, "b"));
        Task<Void> c = createTask(worker(lock, "c"));
        await(gather(a, b, c));
        assertFalse(lock.locked());
        return done();
    }

    @Test
    void tasksTakeTheLockInArrivalOrder() {
        run(fifo());
        assertEquals(List.of("a in", "a out", "b in", "b out", "c in", "c out"), log);
    }

    @Async
    Coroutine<Void> newcomerQueues() {
        Lock lock = new Lock();
        await(lock.acquire());
        Task<Void> a = createTask(worker(lock, "a"));
        await(sleep(0)); // a waits
        lock.release(); // wakes a; the lock is free until a runs
        assertFalse(lock.locked());
        Task<Void> b = createTask(worker(lock, "b")); // arrives while a is woken: must queue behind it
        await(gather(a, b));
        return done();
    }

    @Test
    void aTaskArrivingWhileTheLockIsFreeButAWaiterIsWokenQueuesBehindIt() {
        run(newcomerQueues());
        assertEquals(List.of("a in", "a out", "b in", "b out"), log);
    }

    @Async
    Coroutine<Void> cancelWhileWaiting() {
        Lock lock = new Lock();
        await(lock.acquire());
        Task<Void> a = createTask(worker(lock, "a"));
        Task<Void> b = createTask(worker(lock, "b"));
        await(sleep(0)); // both wait
        a.cancel();
        await(sleep(0)); // a leaves the queue
        log.add("main releases");
        lock.release();
        await(gatherReturningExceptions(a, b));
        assertTrue(a.cancelled());
        assertFalse(lock.locked());
        assertEquals("<Lock [unlocked, waiters:0]>", lock.toString());
        return done();
    }

    @Test
    void aTaskCancelledWhileWaitingLeavesNoTrace() {
        run(cancelWhileWaiting());
        assertEquals(List.of("a cancelled", "main releases", "b in", "b out"), log);
    }

    @Async
    Coroutine<Void> cancelAfterWakeUp() {
        Lock lock = new Lock();
        await(lock.acquire());
        Task<Void> a = createTask(worker(lock, "a"));
        Task<Void> b = createTask(worker(lock, "b"));
        await(sleep(0)); // both wait
        lock.release(); // wakes a ...
        a.cancel(); // ... which is cancelled before it runs: b must get the lock
        await(gatherReturningExceptions(a, b));
        assertTrue(a.cancelled());
        assertFalse(lock.locked());
        return done();
    }

    @Test
    void aTaskWokenAndCancelledInTheSameIterationPassesTheLockOn() {
        run(cancelAfterWakeUp());
        assertEquals(List.of("a cancelled", "b in", "b out"), log);
    }

    @Async
    Coroutine<Void> cancelledWokenWaiterStillBlocksNewcomers() {
        Lock lock = new Lock();
        await(lock.acquire());
        Task<Void> a = createTask(worker(lock, "a"));
        Task<Void> b = createTask(worker(lock, "b"));
        await(sleep(0));
        lock.release();
        a.cancel();
        Task<Void> c = createTask(worker(lock, "c")); // after b in the queue
        await(gatherReturningExceptions(a, b, c));
        return done();
    }

    @Test
    void theWakeUpPassedOnKeepsFifoOrderAgainstNewcomers() {
        run(cancelledWokenWaiterStillBlocksNewcomers());
        assertEquals(List.of("a cancelled", "b in", "b out", "c in", "c out"), log);
    }

    @Async
    Coroutine<Void> releaseUnlocked() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
        return done();
    }

    @Test
    void releasingAnUnlockedLockIsAnError() {
        run(releaseUnlocked());
    }

    @Async
    Coroutine<Void> releaseFrom(Lock lock) {
        lock.release();
        return done();
    }

    @Async
    Coroutine<Void> releaseByNonOwner() {
        Lock lock = new Lock();
        await(lock.acquire());
        Task<Void> other = createTask(releaseFrom(lock), "intruder");
        try {
            await(other);
            fail("a task that does not own the lock released it");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("cannot be released by task 'intruder'"), e.getMessage());
        }
        assertTrue(lock.locked());
        lock.release();
        assertFalse(lock.locked());
        return done();
    }

    @Test
    void onlyTheOwnerTaskMayRelease() {
        run(releaseByNonOwner());
    }

    // ---- stress ----

    private static final int TASKS = 60;
    private static final int ROUNDS = 20;
    private static final int CANCEL_BUDGET = 20;

    private int inside;
    private int sections;
    private int cancels;
    /** The tasks waiting in acquire(), in arrival order: the first one is the one a release wakes. */
    private final java.util.ArrayDeque<Task<?>> waiting = new java.util.ArrayDeque<>();

    private void cancel(Task<?> victim) {
        // Task.cancel() returns true again for a task already being cancelled: count each task once.
        if (victim != null && cancels < CANCEL_BUDGET && !victim.done() && victim.cancelling() == 0) {
            victim.cancel();
            cancels++;
        }
    }

    @Async
    Coroutine<Void> stressWorker(Lock lock, Random random, List<Task<Void>> tasks) {
        Task<?> me = currentTask();
        for (int i = 0; i < ROUNDS; i++) {
            waiting.addLast(me);
            try {
                await(lock.acquire());
            } finally {
                waiting.remove(me);
            }
            try {
                assertEquals(0, inside, "two tasks inside the lock");
                inside++;
                try {
                    int yields = random.nextInt(3);
                    for (int y = 0; y < yields; y++) {
                        await(sleep(0)); // cancellation may land here, inside the lock
                    }
                } finally {
                    inside--;
                }
                sections++;
            } finally {
                lock.release();
            }
            switch (random.nextInt(8)) {
                case 0 -> cancel(waiting.peekFirst()); // just woken by our release: same iteration
                case 1 -> cancel(waiting.peekLast()); // still waiting
                case 2 -> cancel(tasks.get(random.nextInt(tasks.size()))); // anywhere
                default -> {}
            }
            await(sleep(0));
        }
        return done();
    }

    @Async
    Coroutine<Void> stress(long seed) {
        Random random = new Random(seed);
        Lock lock = new Lock();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            tasks.add(createTask(stressWorker(lock, random, tasks)));
        }
        await(Watchdog.allDone(tasks, lock::toString));
        assertEquals(CANCEL_BUDGET, cancels, "the test cancelled too little");
        long cancelled = tasks.stream().filter(Task::cancelled).count();
        assertEquals(cancels, cancelled);
        for (Task<Void> t : tasks) {
            if (!t.cancelled()) {
                t.result(); // no assertion failed inside
            }
        }
        assertEquals(0, inside);
        assertTrue(sections >= (TASKS - cancelled) * ROUNDS, sections + " sections");
        assertFalse(lock.locked());
        assertEquals("<Lock [unlocked, waiters:0]>", lock.toString());
        await(lock.acquire()); // still usable
        lock.release();
        return done();
    }

    @Test
    void stressWithRandomCancellations() {
        run(stress(42));
    }
}
