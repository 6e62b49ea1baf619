package com.example.app;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Prepares orders concurrently on one thread: each one waits without holding the thread. */
public final class Kitchen {
    private final Consumer<String> events;

    /** @param events told "start DISH" and "DISH ready" as they happen */
    public Kitchen(Consumer<String> events) {
        this.events = events;
    }

    /** Prepares one dish: takes {@code seconds}, then says it is ready. */
    @Async
    public Coroutine<String> prepare(String dish, double seconds) {
        events.accept("start " + dish);
        await(sleep(seconds));
        events.accept(dish + " ready");
        return done(dish);
    }

    /** Prepares every order at once; the dishes come back in the order they were ordered. */
    @Async
    public Coroutine<List<String>> serve(List<Order> orders) {
        List<Coroutine<String>> dishes = new ArrayList<>();
        for (Order order : orders) {
            dishes.add(prepare(order.dish(), order.seconds()));
        }
        return done(await(gather(dishes)));
    }

    /** One order: a dish and how long it takes. */
    public record Order(String dish, double seconds) {}
}
