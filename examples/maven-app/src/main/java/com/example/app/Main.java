package com.example.app;

import static io.jasyncio.Asyncio.run;

import java.util.List;

/** Serves three orders that take 0.3, 0.1 and 0.2 s: all of them in about 0.3 s, not 0.6 s. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Kitchen kitchen = new Kitchen(System.out::println);
        long start = System.nanoTime();
        List<String> served = run(kitchen.serve(List.of(
                new Kitchen.Order("coffee", 0.3), new Kitchen.Order("bagel", 0.1), new Kitchen.Order("eggs", 0.2))));
        System.out.println("served " + served);
        System.out.printf("in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
