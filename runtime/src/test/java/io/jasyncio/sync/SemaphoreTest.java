package io.jasyncio.sync;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {
    private final List<String> log = new ArrayList<>();

    /** Acquires, logs, holds until {@code hold} is done, releases. */
    @Async
    Coroutine<Void> holder(Semaphore sem, String name, io.jasyncio.Future<Void> hold) {
        try {
            await(sem.acquire());
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        }
        log.add(name + " acquired");
        try {
            await(hold);
        } finally {
            sem.release();
        }
        return done();
    }

    @Async
    Coroutine<Void> permitsInOrder() {
        Semaphore sem = new Semaphore(2);
        io.jasyncio.Future<Void> hold = getRunningLoop().createFuture();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            tasks.add(createTask(holder(sem, name, hold)));
        }
        await(sleep(0));
        assertEquals(List.of("a acquired", "b acquired"), log);
        assertTrue(sem.locked());
        assertEquals(0, sem.value());
        hold.setResult(null); // a and b release: c then d
        await(gather(tasks));
        assertEquals(List.of("a acquired", "b acquired", "c acquired", "d acquired"), log);
        assertFalse(sem.locked());
        assertEquals(2, sem.value());
        return done();
    }

    @Test
    void permitsAreGivenInArrivalOrder() {
        run(permitsInOrder());
    }

    @Async
    Coroutine<Void> cancelWhileWaiting() {
        Semaphore sem = new Semaphore(1);
        await(sem.acquire());
        io.jasyncio.Future<Void> hold = getRunningLoop().createFuture();
        hold.setResult(null);
        Task<Void> a = createTask(holder(sem, "a", hold));
        Task<Void> b = createTask(holder(sem, "b", hold));
        await(sleep(0));
        a.cancel();
        await(sleep(0));
        log.add("release");
        sem.release();
        await(gatherReturningExceptions(a, b));
        assertEquals(1, sem.value());
        assertEquals("<Semaphore [unlocked, value:1, waiters:0]>", sem.toString());
        return done();
    }

    @Test
    void aTaskCancelledWhileWaitingTakesNoPermit() {
        run(cancelWhileWaiting());
        assertEquals(List.of("a cancelled", "release", "b acquired"), log);
    }

    @Async
    Coroutine<Void> cancelAfterWakeUp() {
        Semaphore sem = new Semaphore(0);
        io.jasyncio.Future<Void> hold = getRunningLoop().createFuture();
        hold.setResult(null);
        Task<Void> a = createTask(holder(sem, "a", hold));
        Task<Void> b = createTask(holder(sem, "b", hold));
        await(sleep(0));
        sem.release(); // reserves the permit for a ...
        assertEquals(0, sem.value());
        a.cancel(); // ... cancelled before it runs: the permit goes to b
        await(gatherReturningExceptions(a, b));
        assertEquals(1, sem.value());
        return done();
    }

    @Test
    void aTaskWokenAndCancelledInTheSameIterationPassesItsPermitOn() {
        run(cancelAfterWakeUp());
        assertEquals(List.of("a cancelled", "b acquired"), log);
    }

    @Async
    Coroutine<Void> newcomerBehindWoken() {
        Semaphore sem = new Semaphore(0);
        io.jasyncio.Future<Void> hold = getRunningLoop().createFuture();
        Task<Void> a = createTask(holder(sem, "a", hold));
        await(sleep(0));
        sem.release(); // reserved for a
        sem.release(); // free, but a (woken) is still queued: newcomers wait behind it
        assertEquals(1, sem.value());
        assertTrue(sem.locked());
        Task<Void> b = createTask(holder(sem, "b", hold));
        await(sleep(0));
        await(sleep(0));
        // a took its permit and woke b with the free one.
        assertEquals(List.of("a acquired", "b acquired"), log);
        assertEquals(0, sem.value());
        hold.setResult(null);
        await(gather(a, b));
        assertEquals(2, sem.value());
        return done();
    }

    @Test
    void aNewcomerQueuedBehindAWokenWaiterGetsAFreePermitWhenThatWaiterRuns() {
        run(newcomerBehindWoken());
    }

    @Async
    Coroutine<Void> bounded() {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        await(sem.acquire());
        sem.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());
        assertEquals(2, sem.value());
        Semaphore plain = new Semaphore(2);
        plain.release();
        assertEquals(3, plain.value());
        return done();
    }

    @Test
    void aBoundedSemaphoreRefusesAnExtraRelease() {
        run(bounded());
    }

    @Test
    void aNegativeValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    // ---- stress ----

    private static final int PERMITS = 3;
    private static final int TASKS = 60;
    private static final int ROUNDS = 20;
    private static final int CANCEL_BUDGET = 20;

    private int inside;
    private int cancels;
    private final ArrayDeque<Task<?>> waiting = new ArrayDeque<>();

    private void cancel(Task<?> victim) {
        // Task.cancel() returns true again for a task already being cancelled: count each task once.
        if (victim != null && cancels < CANCEL_BUDGET && !victim.done() && victim.cancelling() == 0) {
            victim.cancel();
            cancels++;
        }
    }

    @Async
    Coroutine<Void> stressWorker(Semaphore sem, Random random, List<Task<Void>> tasks) {
        Task<?> me = currentTask();
        for (int i = 0; i < ROUNDS; i++) {
            waiting.addLast(me);
            try {
                await(sem.acquire());
            } finally {
                waiting.remove(me);
            }
            try {
                inside++;
                assertTrue(inside <= PERMITS, inside + " tasks hold " + PERMITS + " permits");
                try {
                    for (int y = random.nextInt(3); y > 0; y--) {
                        await(sleep(0));
                    }
                } finally {
                    inside--;
                }
            } finally {
                sem.release();
            }
            switch (random.nextInt(8)) {
                case 0 -> cancel(waiting.peekFirst()); // just woken by our release
                case 1 -> cancel(waiting.peekLast());
                case 2 -> cancel(tasks.get(random.nextInt(tasks.size())));
                default -> {}
            }
            await(sleep(0));
        }
        return done();
    }

    @Async
    Coroutine<Void> stress(long seed, Semaphore sem) {
        Random random = new Random(seed);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            tasks.add(createTask(stressWorker(sem, random, tasks)));
        }
        await(Watchdog.allDone(tasks, sem::toString));
        assertEquals(CANCEL_BUDGET, cancels);
        for (Task<Void> t : tasks) {
            if (!t.cancelled()) {
                t.result();
            }
        }
        assertEquals(0, inside);
        assertEquals(PERMITS, sem.value(), "a permit was lost or made up");
        assertEquals("<" + sem.getClass().getSimpleName() + " [unlocked, value:3, waiters:0]>", sem.toString());
        return done();
    }

    @Test
    void stressWithRandomCancellations() {
        run(stress(7, new Semaphore(PERMITS)));
    }

    @Test
    void stressBoundedWithRandomCancellations() {
        run(stress(8, new BoundedSemaphore(PERMITS)));
    }
}
