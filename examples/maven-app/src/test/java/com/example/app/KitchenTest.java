package com.example.app;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import io.jasyncio.test.AsyncTest;
import io.jasyncio.test.VirtualTimeLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KitchenTest {
    @Test
    void theRouteIsTheOneThisBuildChose() {
        // The agent sets jasyncio.agent when attached; woven classes need no agent at all.
        String expected = System.getProperty("expected.route");
        assertEquals(expected.equals("agent") ? "attached" : null, System.getProperty("jasyncio.agent"));
    }

    /** On virtual time: the sleeps take no real time, and the clock says exactly how long it took. */
    @AsyncTest
    @Async
    Coroutine<Void> ordersArePreparedConcurrently(VirtualTimeLoop loop) {
        List<String> events = new ArrayList<>();
        Kitchen kitchen = new Kitchen(events::add);

        List<String> served = await(kitchen.serve(List.of(
                new Kitchen.Order("coffee", 0.3), new Kitchen.Order("bagel", 0.1), new Kitchen.Order("eggs", 0.2))));

        assertEquals(List.of("coffee", "bagel", "eggs"), served, "in the order ordered");
        assertEquals(
                List.of("start coffee", "start bagel", "start eggs", "bagel ready", "eggs ready", "coffee ready"),
                events,
                "all start at once, each is ready after its own time");
        assertEquals(0.3, loop.time(), 1e-9, "the longest order's time, not the sum (0.6)");
        return done();
    }
}
