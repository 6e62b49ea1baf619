package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * "Using our Coroutine", from asyncio's introductory examples: {@code gather} runs three instances of one coroutine
 * concurrently, so the program sleeps about 1 second instead of 3.
 *
 * <pre>{@code
 * import asyncio
 *
 * async def my_coroutine():
 *     print('coroutine started')
 *     await asyncio.sleep(1)
 *     print("coroutine ended")
 *
 * async def main():
 *   await asyncio.gather(my_coroutine(), my_coroutine(), my_coroutine())
 *
 * asyncio.run(main())
 *
 * # coroutine started
 * # coroutine started
 * # coroutine started
 * # coroutine ended
 * # coroutine ended
 * # coroutine ended
 * }</pre>
 */
public class GatherThree {
    @Async
    static Coroutine<Void> myCoroutine() {
        System.out.println("coroutine started");
        await(sleep(1));
        System.out.println("coroutine ended");
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        await(gather(myCoroutine(), myCoroutine(), myCoroutine()));
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
