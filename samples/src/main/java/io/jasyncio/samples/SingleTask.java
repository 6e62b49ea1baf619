package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getEventLoop;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.annotation.Async;

/**
 * "Execute a Single Task" from asyncio's introductory examples: get the event loop, run one coroutine on it until it
 * completes, print its result.
 *
 * <pre>{@code
 * async def square(x):
 *     print('Square', x)
 *     await asyncio.sleep(1)
 *     print('End square', x)
 *     return x * x
 *
 * # Create event loop
 * loop = asyncio.get_event_loop()
 *
 * # Run async function and wait for completion
 * results = loop.run_until_complete(square(1))
 * print(results)
 * }</pre>
 *
 * The Python version needs {@code nest_asyncio} because it runs inside a notebook's own loop; a Java
 * program has no loop running, so {@code getEventLoop()} simply creates this thread's loop.
 */
public class SingleTask {
    @Async
    static Coroutine<Integer> square(int x) {
        System.out.println("Square " + x);
        await(sleep(1));
        System.out.println("End square " + x);
        return done(x * x);
    }

    public static void main(String[] args) {
        // Create event loop
        EventLoop loop = getEventLoop();

        // Run async function and wait for completion
        int results = loop.runUntilComplete(square(1));
        System.out.println(results);
    }
}
