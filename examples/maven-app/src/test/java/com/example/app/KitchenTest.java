package com.example.app;

import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void everyOrderStartsBeforeAnyIsReadyAndDishesComeBackInOrder() {
        List<String> events = new ArrayList<>();
        Kitchen kitchen = new Kitchen(events::add);

        List<String> served = run(kitchen.serve(List.of(
                new Kitchen.Order("coffee", 0.03), new Kitchen.Order("bagel", 0.01), new Kitchen.Order("eggs", 0.02))));

        assertEquals(List.of("coffee", "bagel", "eggs"), served);
        assertEquals(List.of("start coffee", "start bagel", "start eggs"), events.subList(0, 3));
        assertEquals(6, events.size());
    }
}
