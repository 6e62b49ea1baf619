package io.jasyncio.sync;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BarrierTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Integer> party(Barrier barrier, String name) {
        log.add(name + " arrives");
        int index;
        try {
            index = await(barrier.await());
        } catch (BrokenBarrierError e) {
            log.add(name + " broken");
            throw e;
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        }
        log.add(name + " passes " + index);
        return done(index);
    }

    @Async
    Coroutine<Void> twoRounds() {
        Barrier barrier = new Barrier(3);
        assertEquals(3, barrier.parties());
        Task<Integer> a = createTask(party(barrier, "a"));
        Task<Integer> b = createTask(party(barrier, "b"));
        await(sleep(0));
        assertEquals(2, barrier.nWaiting());
        Task<Integer> c = createTask(party(barrier, "c"));
        // A fourth party arriving while the barrier drains waits for the next round.
        Task<Integer> d = createTask(party(barrier, "d"));
        await(gather(a, b, c));
        assertEquals(List.of(0, 1, 2), List.of(a.result(), b.result(), c.result()));
        assertFalse(d.done());
        Task<Integer> e = createTask(party(barrier, "e"));
        Task<Integer> f = createTask(party(barrier, "f"));
        await(gather(d, e, f));
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.broken());
        return done();
    }

    @Test
    void theLastArrivalReleasesEveryoneAndTheBarrierIsReusable() {
        run(twoRounds());
        // c finds the lock free and releases the others without suspending; d arrives while they drain.
        assertEquals(
                List.of(
                        "a arrives",
                        "b arrives",
                        "c arrives",
                        "c passes 2",
                        "d arrives",
                        "a passes 0",
                        "b passes 1",
                        "e arrives",
                        "f arrives",
                        "f passes 2",
                        "d passes 0",
                        "e passes 1"),
                log);
    }

    @Async
    Coroutine<Void> abortAndReset() {
        Barrier barrier = new Barrier(3);
        Task<Integer> a = createTask(party(barrier, "a"));
        Task<Integer> b = createTask(party(barrier, "b"));
        await(sleep(0));
        log.add("abort");
        await(barrier.abort());
        assertTrue(barrier.broken());
        await(gatherReturningExceptions(a, b));
        assertInstanceOf(BrokenBarrierError.class, a.exception());
        try {
            await(party(barrier, "late"));
            fail("a broken barrier let a party in");
        } catch (BrokenBarrierError expected) {
            assertEquals("Barrier aborted", expected.getMessage());
        }
        log.add("reset");
        await(barrier.reset());
        assertFalse(barrier.broken());
        List<Task<Integer>> round = new ArrayList<>();
        for (String name : List.of("x", "y", "z")) {
            round.add(createTask(party(barrier, name)));
        }
        await(gather(round));
        return done();
    }

    @Test
    void anAbortedBarrierBreaksWaitersAndNewcomersUntilReset() {
        run(abortAndReset());
        assertEquals(
                List.of(
                        "a arrives",
                        "b arrives",
                        "abort",
                        "a broken",
                        "b broken",
                        "late arrives",
                        "late broken",
                        "reset",
                        "x arrives",
                        "y arrives",
                        "z arrives",
                        "z passes 2",
                        "x passes 0",
                        "y passes 1"),
                log);
    }

    @Async
    Coroutine<Void> resetWithWaiters() {
        Barrier barrier = new Barrier(3);
        Task<Integer> a = createTask(party(barrier, "a"));
        Task<Integer> b = createTask(party(barrier, "b"));
        await(sleep(0));
        log.add("reset");
        await(barrier.reset());
        Task<Integer> c = createTask(party(barrier, "c")); // runs after a and b left: not broken
        await(gatherReturningExceptions(a, b));
        assertInstanceOf(BrokenBarrierError.class, b.exception());
        assertFalse(barrier.broken());
        assertEquals(1, barrier.nWaiting());
        Task<Integer> d = createTask(party(barrier, "d"));
        Task<Integer> e = createTask(party(barrier, "e"));
        await(gather(c, d, e));
        return done();
    }

    @Test
    void aResetBreaksTheWaitersAndTheBarrierFillsAgain() {
        run(resetWithWaiters());
        assertEquals(
                List.of(
                        "a arrives",
                        "b arrives",
                        "reset",
                        "a broken",
                        "b broken",
                        "c arrives",
                        "d arrives",
                        "e arrives",
                        "e passes 2",
                        "c passes 0",
                        "d passes 1"),
                log);
    }

    @Async
    Coroutine<Void> cancelAWaiter() {
        Barrier barrier = new Barrier(2);
        Task<Integer> a = createTask(party(barrier, "a"));
        await(sleep(0));
        assertEquals(1, barrier.nWaiting());
        a.cancel();
        await(gatherReturningExceptions(a));
        assertEquals(0, barrier.nWaiting()); // the cancelled task no longer counts
        assertFalse(barrier.broken());
        Task<Integer> b = createTask(party(barrier, "b"));
        Task<Integer> c = createTask(party(barrier, "c"));
        await(gather(b, c));
        assertEquals(0, b.result());
        return done();
    }

    @Test
    void aCancelledWaiterLeavesWithoutBreakingTheBarrier() {
        run(cancelAWaiter());
        assertEquals(List.of("a arrives", "a cancelled", "b arrives", "c arrives", "c passes 1", "b passes 0"), log);
    }

    @Test
    void partiesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
    }

    // ---- stress ----

    private final Set<Task<?>> cancelled = new HashSet<>();

    @Async
    Coroutine<Void> stressParty(Barrier barrier, Random random) {
        for (int i = 0; i < 10; i++) {
            await(barrier.await());
            for (int y = random.nextInt(3); y > 0; y--) {
                await(sleep(0));
            }
        }
        return done();
    }

    @Async
    Coroutine<Void> stress(long seed) {
        Random random = new Random(seed);
        int parties = 4;
        Barrier barrier = new Barrier(parties);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(createTask(stressParty(barrier, random)));
        }
        // Cancel at random moments, until only a multiple of the parties is left so every round can fill.
        while (tasks.size() - cancelled.size() > 24) {
            Task<Void> victim = tasks.get(random.nextInt(tasks.size()));
            if (!victim.done() && cancelled.add(victim)) {
                victim.cancel();
            }
            for (int y = random.nextInt(3); y > 0; y--) {
                await(sleep(0));
            }
        }
        // Cancellations do not break the barrier: the survivors still meet in full rounds, unless a
        // cancellation hit a task already released, which then does not count for later rounds.
        List<Task<Void>> survivors = new ArrayList<>(tasks);
        survivors.removeAll(cancelled);
        for (int y = 0;
                y < 100_000 && !(survivors.stream().allMatch(Task::done) || stuckAtBarrier(barrier, survivors));
                y++) {
            await(sleep(0));
        }
        assertFalse(barrier.broken());
        // Every task left is done or waits for parties that will never come (fewer than 4 left in a round).
        long waiting = survivors.stream().filter(t -> !t.done()).count();
        assertTrue(waiting < parties, waiting + " tasks wait at " + barrier);
        assertEquals(waiting, barrier.nWaiting(), barrier.toString());
        for (Task<Void> t : survivors) {
            if (t.done()) {
                t.result();
            }
        }
        await(barrier.abort());
        await(gatherReturningExceptions(survivors));
        for (Task<Void> t : survivors) {
            assertTrue(t.done() && (t.exception() == null || t.exception() instanceof BrokenBarrierError));
        }
        return done();
    }

    private static boolean stuckAtBarrier(Barrier barrier, List<Task<Void>> survivors) {
        long notDone = survivors.stream().filter(t -> !t.done()).count();
        return notDone > 0 && notDone == barrier.nWaiting() && notDone < barrier.parties();
    }

    @Test
    void stressWithRandomCancellations() {
        run(stress(5));
    }
}
