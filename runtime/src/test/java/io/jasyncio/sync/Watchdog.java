package io.jasyncio.sync;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.List;
import java.util.function.Supplier;

/**
 * For the stress tests: waits, by yielding, until every task is done. A lost wake-up leaves some
 * task waiting forever; the watchdog then fails the test with the primitive's state instead of
 * letting it hang. Yielding (not sleeping) keeps a seeded test deterministic.
 */
final class Watchdog {
    private static final int MAX_YIELDS = 200_000;

    private Watchdog() {}

    @Async
    static Coroutine<Void> allDone(List<? extends Task<?>> tasks, Supplier<String> state) {
        for (int i = 0; i < MAX_YIELDS; i++) {
            if (tasks.stream().allMatch(Task::done)) {
                return done();
            }
            await(sleep(0));
        }
        long stuck = tasks.stream().filter(t -> !t.done()).count();
        fail(stuck + " task(s) never finished, a lost wake-up? state: " + state.get());
        return done();
    }
}
