package io.jasyncio.sync;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Void> worker(Lock lock, String name) {
        await(lock.acquire());
        try {
            log.add(name + " in");
            await(sleep(0));
            log.add(name + " out");
        } finally {
            lock.release();
        }
        return done();
    }

    @Async
    Coroutine<Void> fifo() {
        Lock lock = new Lock();
        Task<Void> a = createTask(worker(lock, "a"));
        Task<Void> b = createTask(worker(lock, "b"));
        Task<Void> c = createTask(worker(lock, "c"));
        await(gather(a, b, c));
        assertFalse(lock.locked());
        return done();
    }

    @Test
    void tasksTakeTheLockInArrivalOrder() {
        run(fifo());
        assertEquals(List.of("a in", "a out", "b in", "b out", "c in", "c out"), log);
    }
}
