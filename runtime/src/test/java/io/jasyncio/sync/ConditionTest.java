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
class ConditionTest {
    private final List<String> log = new ArrayList<>();

    /** Waits once on {@code cond}; logs whether it holds the lock when woken or cancelled. */
    @Async
    Coroutine<Void> waiter(Condition cond, String name) {
        await(cond.acquire());
        try {
            try {
                await(cond.await());
                log.add(name + " woke, locked=" + cond.locked());
            } catch (CancelledError e) {
                log.add(name + " cancelled, locked=" + cond.locked());
                throw e;
            }
        } finally {
            cond.release();
        }
        return done();
    }

    @Async
    Coroutine<Void> signalOrder() {
        Condition cond = new Condition();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            tasks.add(createTask(waiter(cond, name)));
        }
        await(sleep(0));
        assertFalse(cond.locked()); // every waiter released the lock while waiting
        await(cond.acquire());
        log.add("signal");
        cond.signal();
        await(sleep(0));
        await(sleep(0));
        log.add("main still holds the lock");
        cond.release(); // only now can a reacquire
        await(sleep(0));
        await(cond.acquire());
        log.add("signalAll");
        cond.signalAll();
        cond.release();
        await(gather(tasks));
        assertEquals("<Condition [unlocked, waiters:0]>", cond.toString());
        return done();
    }

    @Test
    void signalWakesOneWaiterInOrderWhichRunsOnceItHasTheLock() {
        run(signalOrder());
        assertEquals(
                List.of(
                        "signal",
                        "main still holds the lock",
                        "a woke, locked=true",
                        "signalAll",
                        "b woke, locked=true",
                        "c woke, locked=true"),
                log);
    }

    @Async
    Coroutine<Void> withoutLock() {
        Condition cond = new Condition();
        try {
            await(cond.await());
            fail();
        } catch (IllegalStateException e) {
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, cond::signal);
        assertEquals("cannot notify on un-acquired lock", e.getMessage());
        assertThrows(IllegalStateException.class, cond::signalAll);
        return done();
    }

    @Test
    void waitingOrSignallingWithoutTheLockIsAnError() {
        run(withoutLock());
    }

    @Async
    Coroutine<Void> cancelWhileWaiting() {
        Condition cond = new Condition();
        Task<Void> a = createTask(waiter(cond, "a"));
        Task<Void> b = createTask(waiter(cond, "b"));
        await(sleep(0));
        await(cond.acquire());
        a.cancel(); // a must get the lock back before its CancelledError: after main releases
        await(sleep(0));
        log.add("main releases");
        cond.release();
        await(sleep(0));
        await(cond.acquire());
        log.add("signal");
        cond.signal(); // a left: b is the first waiter
        cond.release();
        await(gatherReturningExceptions(a, b));
        assertTrue(a.cancelled());
        assertEquals("<Condition [unlocked, waiters:0]>", cond.toString());
        return done();
    }

    @Test
    void aTaskCancelledWhileWaitingReacquiresTheLockAndLeavesNoTrace() {
        run(cancelWhileWaiting());
        assertEquals(List.of("main releases", "a cancelled, locked=true", "signal", "b woke, locked=true"), log);
    }

    @Async
    Coroutine<Void> cancelAfterSignal() {
        Condition cond = new Condition();
        Task<Void> a = createTask(waiter(cond, "a"));
        Task<Void> b = createTask(waiter(cond, "b"));
        Task<Void> c = createTask(waiter(cond, "c"));
        await(sleep(0));
        await(cond.acquire());
        log.add("signal");
        cond.signal(); // wakes a ...
        a.cancel(); // ... cancelled before it runs: b gets the signal, c does not
        cond.release();
        await(gatherReturningExceptions(a, b));
        assertFalse(c.done());
        await(cond.acquire());
        cond.signal();
        cond.release();
        await(c);
        return done();
    }

    @Test
    void aTaskSignalledAndCancelledInTheSameIterationPassesTheSignalOn() {
        run(cancelAfterSignal());
        assertEquals(List.of("signal", "a cancelled, locked=true", "b woke, locked=true", "c woke, locked=true"), log);
    }

    @Async
    Coroutine<Void> sharedLockAndWaitFor() {
        Lock lock = new Lock();
        Condition notEmpty = new Condition(lock);
        Condition other = new Condition(lock);
        List<Integer> items = new ArrayList<>();
        Task<Integer> taker = createTask(take(notEmpty, items));
        await(sleep(0));
        await(lock.acquire());
        assertTrue(other.locked(), "conditions sharing a lock see the same state");
        notEmpty.signal(); // woken, but the predicate is still false: waits again
        lock.release();
        await(sleep(0));
        await(sleep(0));
        assertFalse(taker.done());
        await(other.acquire());
        items.add(42);
        notEmpty.signalAll();
        other.release();
        assertEquals(42, await(taker));
        return done();
    }

    @Async
    Coroutine<Integer> take(Condition notEmpty, List<Integer> items) {
        await(notEmpty.acquire());
        try {
            await(notEmpty.waitFor(() -> !items.isEmpty()));
            return done(items.remove(0));
        } finally {
            notEmpty.release();
        }
    }

    @Test
    void waitForWaitsUntilThePredicateHoldsAndConditionsCanShareALock() {
        run(sharedLockAndWaitFor());
    }

    // ---- stress: a bounded buffer on two conditions, with random cancellations ----

    private static final int CAPACITY = 2;
    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private final List<Integer> consumed = new ArrayList<>();
    private final List<Integer> produced = new ArrayList<>();
    private int cancels;
    /** Consumers inside notEmpty.waitFor, in arrival order. */
    private final ArrayDeque<Task<?>> waitingConsumers = new ArrayDeque<>();

    private void cancelConsumer(Task<?> victim) {
        if (victim != null && cancels < 15 && !victim.done() && victim.cancelling() == 0) {
            victim.cancel();
            cancels++;
        }
    }

    @Async
    Coroutine<Void> producer(Lock lock, Condition notFull, Condition notEmpty, int base, Random random) {
        for (int i = 0; i < 20; i++) {
            await(lock.acquire());
            try {
                await(notFull.waitFor(() -> buffer.size() < CAPACITY));
                assertTrue(lock.locked());
                buffer.add(base + i);
                produced.add(base + i);
                notEmpty.signal();
                if (random.nextInt(4) == 0) {
                    cancelConsumer(waitingConsumers.peekFirst()); // likely the one just signalled
                }
            } finally {
                lock.release();
            }
            if (random.nextBoolean()) {
                await(sleep(0));
            }
        }
        return done();
    }

    @Async
    Coroutine<Void> consumer(Lock lock, Condition notFull, Condition notEmpty, Random random) {
        while (true) {
            await(lock.acquire());
            try {
                Task<?> me = currentTask();
                waitingConsumers.addLast(me);
                try {
                    await(notEmpty.waitFor(() -> !buffer.isEmpty()));
                } finally {
                    waitingConsumers.remove(me);
                }
                consumed.add(buffer.poll());
                notFull.signal();
            } finally {
                lock.release();
            }
            if (random.nextBoolean()) {
                await(sleep(0));
            }
        }
    }

    @Async
    Coroutine<Void> stress(long seed) {
        Random random = new Random(seed);
        Lock lock = new Lock();
        Condition notFull = new Condition(lock);
        Condition notEmpty = new Condition(lock);
        List<Task<Void>> producers = new ArrayList<>();
        List<Task<Void>> consumers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            producers.add(createTask(producer(lock, notFull, notEmpty, i * 1000, random)));
            consumers.add(createTask(consumer(lock, notFull, notEmpty, random)));
        }
        // Cancel some consumers at random moments too; keep a few alive. Between steps, check that
        // no signal was lost: items never wait while every live consumer sleeps unsignalled.
        while (cancels < 15 || producers.stream().anyMatch(p -> !p.done())) {
            if (random.nextInt(8) == 0) {
                cancelConsumer(consumers.get(random.nextInt(consumers.size())));
            }
            await(sleep(0));
            long live = consumers.stream()
                    .filter(c -> !c.done() && c.cancelling() == 0)
                    .count();
            Waiters w = notEmpty.waiters();
            int sleeping = w.live() - w.woken();
            assertFalse(
                    !buffer.isEmpty() && live > 0 && sleeping == live,
                    "items " + buffer + " wait while all " + live + " consumers sleep: " + notEmpty);
        }
        await(Watchdog.allDone(producers, () -> notFull + " " + notEmpty + " buffer=" + buffer));
        for (Task<Void> p : producers) {
            p.result();
        }
        // Every produced item is consumed exactly once, by the consumers still running.
        for (int y = 0; y < 10_000 && consumed.size() < produced.size(); y++) {
            await(sleep(0));
        }
        assertEquals(produced.size(), consumed.size(), "lost items; buffer=" + buffer + " " + notEmpty);
        assertEquals(new java.util.HashSet<>(produced), new java.util.HashSet<>(consumed));
        assertTrue(buffer.isEmpty());
        for (Task<Void> c : consumers) {
            c.cancel();
        }
        await(gatherReturningExceptions(consumers));
        assertFalse(lock.locked());
        assertEquals("<Condition [unlocked, waiters:0]>", notEmpty.toString());
        assertEquals("<Condition [unlocked, waiters:0]>", notFull.toString());
        return done();
    }

    @Test
    void stressBoundedBufferWithRandomCancellations() {
        run(stress(11));
    }
}
