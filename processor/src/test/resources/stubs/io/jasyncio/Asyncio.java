package io.jasyncio;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Test stand-in for the runtime's Asyncio: the signatures the fixtures call. */
public final class Asyncio {
    private Asyncio() {
    }

    public static <T> T await(Coroutine<T> coroutine) {
        throw new IllegalStateException();
    }

    public static <T> T await(Task<T> task) {
        throw new IllegalStateException();
    }

    public static <T> T await(CompletionStage<T> stage) {
        throw new IllegalStateException();
    }

    public static <T> Coroutine<T> done(T value) {
        return null;
    }

    public static Coroutine<Void> done() {
        return null;
    }

    public static Coroutine<Void> sleep(double seconds) {
        return null;
    }

    @SafeVarargs
    public static <T> Coroutine<List<T>> gather(Coroutine<? extends T>... coroutines) {
        return null;
    }

    public static <T> Task<T> createTask(Coroutine<T> coroutine) {
        return null;
    }

    public static <T> T run(Coroutine<T> coroutine) {
        return null;
    }
}
