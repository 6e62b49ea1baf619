package demo;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/** Compiled without the processor, which would reject the await in a synchronized block. */
public class Locked {
    private final Object lock = new Object();

    @Async
    public Coroutine<Integer> fine() {
        await(sleep(0));
        return done(1);
    }

    @Async
    public Coroutine<Integer> locked() {
        synchronized (lock) {
            await(sleep(0));
        }
        return done(2);
    }
}
