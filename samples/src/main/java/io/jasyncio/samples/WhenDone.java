package io.jasyncio.samples;

import static io.jasyncio.Asyncio.asCompleted;
import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getEventLoop;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.util.List;

/**
 * Results in the order they complete, with {@code asCompleted} (the last of asyncio's introductory
 * examples "Execute Multiple Tasks"); {@code square} awaits another coroutine for its result.
 *
 * <pre>{@code
 * async def compute_square(x):
 *     await asyncio.sleep(1)
 *     return x * x
 *
 * async def square(x):
 *     print('Square', x)
 *     res = await compute_square(x)
 *     print('End square', x)
 *     return res
 *
 * # Create event loop
 * loop = asyncio.get_event_loop()
 *
 * async def when_done(tasks):
 *     for res in asyncio.as_completed(tasks):
 *         print('Result:', await res)
 *
 * loop.run_until_complete(when_done([
 *     square(1),
 *     square(2),
 *     square(3)
 * ]))
 * }</pre>
 *
 * The three squares run concurrently, so all results arrive after about one second.
 */
public class WhenDone {
    @Async
    static Coroutine<Integer> computeSquare(int x) {
        await(sleep(1));
        return done(x * x);
    }

    @Async
    static Coroutine<Integer> square(int x) {
        System.out.println("Square " + x);
        int res = await(computeSquare(x));
        System.out.println("End square " + x);
        return done(res);
    }

    @Async
    static Coroutine<Void> whenDone(List<Coroutine<Integer>> tasks) {
        for (Future<Integer> res : asCompleted(tasks)) {
            System.out.println("Result: " + await(res));
        }
        return done();
    }

    public static void main(String[] args) {
        // Create event loop
        EventLoop loop = getEventLoop();

        loop.runUntilComplete(whenDone(List.of(square(1), square(2), square(3))));
    }
}
