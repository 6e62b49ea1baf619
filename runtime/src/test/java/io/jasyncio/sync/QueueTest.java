package io.jasyncio.sync;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Void> producer(Queue<String> q, List<String> items) {
        for (String item : items) {
            try {
                await(q.put(item));
            } catch (CancelledError | QueueShutDown e) {
                log.add("put " + item + " " + e.getClass().getSimpleName());
                throw e;
            }
            log.add("put " + item);
        }
        return done();
    }

    @Async
    Coroutine<String> getter(Queue<String> q, String name) {
        String item;
        try {
            item = await(q.get());
        } catch (CancelledError | QueueShutDown e) {
            log.add(name + " " + e.getClass().getSimpleName());
            throw e;
        }
        log.add(name + " got " + item);
        return done(item);
    }

    @Async
    Coroutine<Void> consumer(Queue<String> q, int n) {
        for (int i = 0; i < n; i++) {
            await(getter(q, "c"));
        }
        return done();
    }

    @Async
    Coroutine<Void> backPressure() {
        Queue<String> q = new Queue<>(1);
        Task<Void> p = createTask(producer(q, List.of("1", "2", "3")));
        await(sleep(0));
        assertEquals(List.of("put 1"), log); // put 2 suspends: the queue is full
        assertTrue(q.full());
        assertEquals(1, q.qsize());
        assertFalse(p.done());
        await(consumer(q, 3));
        await(p);
        assertTrue(q.empty());
        return done();
    }

    @Test
    void putSuspendsWhileTheQueueIsFull() {
        run(backPressure());
        assertEquals(List.of("put 1", "c got 1", "put 2", "c got 2", "put 3", "c got 3"), log);
    }

    @Async
    Coroutine<Void> fifoGetters() {
        Queue<String> q = new Queue<>();
        List<Task<String>> getters = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            getters.add(createTask(getter(q, name)));
        }
        await(sleep(0));
        q.putNowait("1");
        q.putNowait("2");
        q.putNowait("3");
        await(gather(getters));
        return done();
    }

    @Test
    void waitingGettersAreServedInArrivalOrder() {
        run(fifoGetters());
        assertEquals(List.of("a got 1", "b got 2", "c got 3"), log);
    }

    @Test
    void nowaitVariantsThrowInsteadOfWaiting() {
        Queue<String> q = new Queue<>(1);
        assertThrows(QueueEmpty.class, q::getNowait);
        q.putNowait("a");
        assertThrows(QueueFull.class, () -> q.putNowait("b"));
        assertThrows(NullPointerException.class, () -> new Queue<String>().putNowait(null));
        assertEquals("a", q.getNowait());
        assertFalse(new Queue<String>(0).full());
        assertEquals(0, new Queue<String>().maxsize());
    }

    @Async
    Coroutine<Void> getterCancelledWhileWaiting() {
        Queue<String> q = new Queue<>();
        Task<String> a = createTask(getter(q, "a"));
        Task<String> b = createTask(getter(q, "b"));
        await(sleep(0));
        a.cancel();
        await(sleep(0));
        q.putNowait("x");
        await(gatherReturningExceptions(a, b));
        assertEquals("x", b.result());
        assertTrue(q.empty());
        assertEquals("<Queue maxsize=0 items=[] tasks=1>", q.toString());
        return done();
    }

    @Test
    void aGetterCancelledWhileWaitingTakesNothing() {
        run(getterCancelledWhileWaiting());
        assertEquals(List.of("a CancelledError", "b got x"), log);
    }

    @Async
    Coroutine<Void> getterCancelledAfterWakeUp() {
        Queue<String> q = new Queue<>();
        Task<String> a = createTask(getter(q, "a"));
        Task<String> b = createTask(getter(q, "b"));
        Task<String> c = createTask(getter(q, "c"));
        await(sleep(0));
        q.putNowait("x"); // wakes a ...
        a.cancel(); // ... cancelled before it runs: b must get x
        await(gatherReturningExceptions(a, b));
        assertFalse(c.done());
        q.putNowait("y");
        await(c);
        return done();
    }

    @Test
    void aGetterWokenAndCancelledInTheSameIterationPassesTheItemOn() {
        run(getterCancelledAfterWakeUp());
        assertEquals(List.of("a CancelledError", "b got x", "c got y"), log);
    }

    @Async
    Coroutine<Void> putterCancelled(boolean afterWakeUp) {
        Queue<String> q = new Queue<>(1);
        q.putNowait("first");
        Task<Void> a = createTask(producer(q, List.of("a")));
        Task<Void> b = createTask(producer(q, List.of("b")));
        await(sleep(0));
        if (afterWakeUp) {
            assertEquals("first", q.getNowait()); // wakes a ...
            a.cancel(); // ... cancelled before it runs: b must take the free slot
        } else {
            a.cancel();
            await(sleep(0));
            assertEquals("first", q.getNowait());
        }
        await(gatherReturningExceptions(a, b));
        assertEquals(1, q.qsize());
        assertEquals("b", q.getNowait());
        return done();
    }

    @Test
    void aPutterCancelledWhileWaitingAddsNothing() {
        run(putterCancelled(false));
        assertEquals(List.of("put a CancelledError", "put b"), log);
    }

    @Test
    void aPutterWokenAndCancelledInTheSameIterationPassesTheSlotOn() {
        run(putterCancelled(true));
        assertEquals(List.of("put a CancelledError", "put b"), log);
    }

    @Async
    Coroutine<Void> worker(Queue<String> q) {
        while (true) {
            String item = await(q.get());
            await(sleep(0));
            log.add("done " + item);
            q.taskDone();
        }
    }

    @Async
    Coroutine<Void> joinWaitsForTaskDone() {
        Queue<String> q = new Queue<>();
        await(q.join()); // nothing put: returns at once
        q.putNowait("a");
        q.putNowait("b");
        Task<Void> w = createTask(worker(q));
        await(q.join());
        log.add("joined");
        w.cancel();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("taskDone() called too many times", e.getMessage());
        return done();
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() {
        run(joinWaitsForTaskDone());
        assertEquals(List.of("done a", "done b", "joined"), log);
    }

    @Async
    Coroutine<Void> shutdownGently() {
        Queue<String> q = new Queue<>(2);
        q.putNowait("1");
        q.putNowait("2");
        Task<Void> p = createTask(producer(q, List.of("3")));
        await(sleep(0));
        q.shutdown();
        await(gatherReturningExceptions(p));
        assertInstanceOf(QueueShutDown.class, p.exception());
        assertThrows(QueueShutDown.class, () -> q.putNowait("4"));
        await(getter(q, "g")); // the items left can still be taken
        await(getter(q, "g"));
        try {
            await(getter(q, "g"));
            fail("got from an empty shut-down queue");
        } catch (QueueShutDown expected) {
            // and once empty, gets fail
        }
        assertThrows(QueueShutDown.class, q::getNowait);
        return done();
    }

    @Test
    void shutdownFailsPutsAndLetsGettersDrainTheQueue() {
        run(shutdownGently());
        assertEquals(List.of("put 3 QueueShutDown", "g got 1", "g got 2", "g QueueShutDown"), log);
    }

    @Async
    Coroutine<Void> shutdownImmediately() {
        Queue<String> q = new Queue<>();
        Task<String> waiting = createTask(getter(q, "waiting"));
        await(sleep(0));
        Queue<String> full = new Queue<>();
        full.putNowait("1");
        full.putNowait("2");
        Task<Void> joiner = createTask(full.join());
        await(sleep(0));
        full.shutdown(true); // items discarded, each counted done: join returns
        q.shutdown(true); // the waiting getter fails
        await(gatherReturningExceptions(waiting, joiner));
        assertInstanceOf(QueueShutDown.class, waiting.exception());
        assertNull(joiner.result());
        assertTrue(full.empty());
        assertThrows(QueueShutDown.class, full::getNowait);
        return done();
    }

    @Test
    void immediateShutdownDiscardsTheItemsAndFailsWaitingGetters() {
        run(shutdownImmediately());
        assertEquals(List.of("waiting QueueShutDown"), log);
    }

    @Async
    Coroutine<Void> orders() {
        PriorityQueue<Integer> pq = new PriorityQueue<>();
        for (int i : new int[] {5, 1, 4, 2, 3}) {
            await(pq.put(i));
        }
        List<Integer> out = new ArrayList<>();
        while (!pq.empty()) {
            out.add(await(pq.get()));
        }
        assertEquals(List.of(1, 2, 3, 4, 5), out);

        PriorityQueue<String> byLength = new PriorityQueue<>(2, Comparator.comparingInt(String::length));
        byLength.putNowait("ccc");
        byLength.putNowait("a");
        assertTrue(byLength.full());
        assertEquals("a", await(byLength.get()));

        LifoQueue<String> stack = new LifoQueue<>();
        stack.putNowait("a");
        stack.putNowait("b");
        stack.putNowait("c");
        assertEquals("c", await(stack.get()));
        assertEquals("b", stack.getNowait());
        assertEquals("<LifoQueue maxsize=0 items=[a] tasks=3>", stack.toString());
        return done();
    }

    @Test
    void priorityQueueGivesTheSmallestAndLifoQueueTheNewest() {
        run(orders());
    }

    // ---- stress ----

    private final List<Integer> put = new ArrayList<>();
    private final List<Integer> got = new ArrayList<>();
    /** Tasks inside get() / put(), in arrival order: the first one is the one the next wake-up goes to. */
    private final ArrayDeque<Task<?>> waitingGetters = new ArrayDeque<>();

    private final ArrayDeque<Task<?>> waitingPutters = new ArrayDeque<>();
    private final Set<Task<?>> cancelledProducers = new HashSet<>();
    private final Set<Task<?>> cancelledConsumers = new HashSet<>();

    private int producerBudget;
    private int consumerBudget;

    /** Cancels {@code victim} unless its side's cancellation budget is spent. */
    private void cancel(Task<?> victim, Set<Task<?>> cancelled) {
        int budget = cancelled == cancelledProducers ? producerBudget : consumerBudget;
        if (victim != null && !victim.done() && cancelled.size() < budget && cancelled.add(victim)) {
            victim.cancel();
        }
    }

    @Async
    Coroutine<Void> stressProducer(Queue<Integer> q, int base, Random random) {
        Task<?> me = currentTask();
        for (int i = 0; i < 30; i++) {
            waitingPutters.addLast(me);
            try {
                await(q.put(base + i));
            } finally {
                waitingPutters.remove(me);
            }
            put.add(base + i); // same step as the put's completion: a cancellation cannot land between
            if (random.nextInt(4) == 0) {
                cancel(waitingGetters.peekFirst(), cancelledConsumers); // woken by our put, not yet run
            }
            for (int y = random.nextInt(8) - 2; y > 0; y--) { // bursts and lulls: sometimes every getter sleeps
                await(sleep(0));
            }
        }
        return done();
    }

    @Async
    Coroutine<Void> stressConsumer(Queue<Integer> q, Random random) {
        Task<?> me = currentTask();
        while (true) {
            waitingGetters.addLast(me);
            Integer item;
            try {
                item = await(q.get());
            } finally {
                waitingGetters.remove(me);
            }
            got.add(item);
            q.taskDone();
            if (random.nextInt(4) == 0) {
                cancel(waitingPutters.peekFirst(), cancelledProducers); // woken by our get, not yet run
            }
            for (int y = random.nextInt(8) - 2; y > 0; y--) { // bursts and lulls: sometimes every getter sleeps
                await(sleep(0));
            }
        }
    }

    @Async
    Coroutine<Void> stress(long seed, Queue<Integer> q, int nProducers, int nConsumers) {
        Random random = new Random(seed);
        // Keep at least a third of each side (and one task) alive; few tasks on a side make each
        // wake-up count, so a lost one shows at once.
        producerBudget = Math.min(8, nProducers * 2 / 3);
        consumerBudget = Math.min(8, nConsumers * 2 / 3);
        List<Task<Void>> producers = new ArrayList<>();
        List<Task<Void>> consumers = new ArrayList<>();
        for (int i = 0; i < Math.max(nProducers, nConsumers); i++) {
            if (i < nProducers) {
                producers.add(createTask(stressProducer(q, i * 1000, random)));
            }
            if (i < nConsumers) {
                consumers.add(createTask(stressConsumer(q, random)));
            }
        }
        // Also cancel at random moments from outside; between steps, check that no wake-up was lost.
        for (int i = 0; i < 200; i++) {
            if (random.nextInt(10) == 0) {
                cancel(producers.get(random.nextInt(producers.size())), cancelledProducers);
                cancel(consumers.get(random.nextInt(consumers.size())), cancelledConsumers);
            }
            await(sleep(0));
            checkNoLostWakeUp(q);
        }
        // (Producers to an unbounded queue never wait: they are done before anyone cancels them.)
        assertTrue(
                (q.maxsize() <= 0 || cancelledProducers.size() == producerBudget)
                        && cancelledConsumers.size() == consumerBudget,
                cancelledProducers.size() + " producers and " + cancelledConsumers.size() + " consumers cancelled");
        List<Task<Void>> liveProducers = new ArrayList<>(producers);
        liveProducers.removeAll(cancelledProducers);
        await(Watchdog.allDone(liveProducers, q::toString));
        for (Task<Void> p : liveProducers) {
            p.result();
        }
        // Traffic has stopped: an item still queued now while consumers wait is a lost wake-up.
        for (int y = 0; y < 1000 && !q.empty(); y++) {
            await(sleep(0));
        }
        assertTrue(q.empty(), "items wait while consumers do: " + q);
        await(q.join());
        assertEquals(put.size(), got.size(), "items lost or duplicated");
        assertEquals(new HashSet<>(put), new HashSet<>(got));
        assertEquals(put.size(), new HashSet<>(put).size());
        q.shutdown();
        await(gatherReturningExceptions(consumers));
        for (Task<Void> c : consumers) {
            assertTrue(c.cancelled() || c.exception() instanceof QueueShutDown, c.toString());
        }
        assertTrue(q.toString().matches("<\\w+ maxsize=\\d+ items=\\[\\] shutdown>"), q.toString());
        return done();
    }

    /**
     * Every item in the queue has a woken getter on its way, as long as getters wait; and every
     * free slot a woken putter, as long as putters wait. A wake-up lost to a cancellation breaks it.
     */
    private static void checkNoLostWakeUp(Queue<Integer> q) {
        int wokenGetters = q.getters().woken();
        assertTrue(
                wokenGetters >= Math.min(q.qsize(), q.getters().live()),
                "items wait while getters sleep: " + q + ", woken getters " + wokenGetters);
        if (q.maxsize() > 0) {
            int free = q.maxsize() - q.qsize();
            int wokenPutters = q.putters().woken();
            assertTrue(
                    wokenPutters >= Math.min(free, q.putters().live()),
                    "free slots while putters sleep: " + q + ", woken putters " + wokenPutters);
        }
    }

    @Test
    void stressWithRandomCancellations() {
        run(stress(13, new Queue<>(3), 20, 20));
    }

    @Test
    void stressFewConsumersWithRandomCancellations() {
        run(stress(17, new Queue<>(3), 20, 4));
    }

    @Test
    void stressFewProducersWithRandomCancellations() {
        run(stress(18, new Queue<>(3), 4, 20));
    }

    @Test
    void stressUnboundedWithRandomCancellations() {
        run(stress(14, new Queue<>(), 20, 4));
    }

    @Test
    void stressPriorityWithRandomCancellations() {
        run(stress(15, new PriorityQueue<>(2), 10, 10));
    }

    @Test
    void stressLifoWithRandomCancellations() {
        run(stress(16, new LifoQueue<>(1), 10, 10));
    }
}
