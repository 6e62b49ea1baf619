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
class EventTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Void> waiter(Event event, String name) {
        try {
            await(event.await());
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        }
        log.add(name + " woke");
        return done();
    }

    @Async
    Coroutine<Void> setWakesAll() {
        Event event = new Event();
        assertFalse(event.isSet());
        Task<Void> a = createTask(waiter(event, "a"));
        Task<Void> b = createTask(waiter(event, "b"));
        Task<Void> c = createTask(waiter(event, "c"));
        await(sleep(0));
        log.add("set");
        event.set();
        event.clear(); // woken waiters return even though the event is clear again
        await(gather(a, b, c));
        assertEquals("<Event [unset, waiters:0]>", event.toString());
        event.set();
        await(waiter(event, "late")); // set: no wait at all
        return done();
    }

    @Test
    void setWakesEveryWaiterInOrder() {
        run(setWakesAll());
        assertEquals(List.of("set", "a woke", "b woke", "c woke", "late woke"), log);
    }

    @Async
    Coroutine<Void> cancelled() {
        Event event = new Event();
        Task<Void> a = createTask(waiter(event, "a"));
        Task<Void> b = createTask(waiter(event, "b"));
        await(sleep(0));
        a.cancel();
        await(sleep(0));
        assertEquals("<Event [unset, waiters:1]>", event.toString());
        event.set();
        b.cancel(); // woken and cancelled: cancelled, and the others are not affected
        Task<Void> c = createTask(waiter(event, "c"));
        await(gatherReturningExceptions(a, b, c));
        assertTrue(a.cancelled());
        assertTrue(b.cancelled());
        assertEquals("<Event [set, waiters:0]>", event.toString());
        return done();
    }

    @Test
    void cancelledWaitersLeaveNoTrace() {
        run(cancelled());
        assertEquals(List.of("a cancelled", "b cancelled", "c woke"), log);
    }

    // ---- stress ----

    @Async
    Coroutine<Void> stressWaiter(Event event, int[] woken) {
        await(event.await());
        woken[0]++;
        return done();
    }

    @Async
    Coroutine<Void> stress(long seed) {
        Random random = new Random(seed);
        int[] woken = {0};
        int expected = 0;
        for (int round = 0; round < 50; round++) {
            Event event = new Event();
            List<Task<Void>> tasks = new ArrayList<>();
            int n = 1 + random.nextInt(30);
            for (int i = 0; i < n; i++) {
                tasks.add(createTask(stressWaiter(event, woken)));
                if (random.nextInt(4) == 0) {
                    await(sleep(0));
                }
            }
            int cancelled = 0;
            for (int i = 0; i < n / 3; i++) {
                if (random.nextBoolean()) {
                    await(sleep(0));
                }
                if (random.nextInt(3) == 0) {
                    event.set(); // sometimes set before the cancellations: woken then cancelled
                }
                Task<Void> victim = tasks.get(random.nextInt(n));
                if (victim.cancelling() == 0 && victim.cancel()) { // count each task once
                    cancelled++;
                }
            }
            event.set();
            await(Watchdog.allDone(tasks, event::toString));
            assertEquals(cancelled, tasks.stream().filter(Task::cancelled).count());
            expected += n - cancelled;
            assertEquals(expected, woken[0], "round " + round);
            assertEquals("<Event [set, waiters:0]>", event.toString());
        }
        return done();
    }

    @Test
    void stressWithRandomCancellations() {
        run(stress(3));
    }
}
