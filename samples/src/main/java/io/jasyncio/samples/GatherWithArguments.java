package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * "Writing coroutines with arguments", from asyncio's introductory examples: arguments go into the calls as usual.
 *
 * <pre>{@code
 * import asyncio
 *
 * async def my_coroutine(n):
 *     print(f'coroutine started {n}')
 *     await asyncio.sleep(1)
 *     print(f"coroutine ended {n}")
 *
 * async def main():
 *   await asyncio.gather(my_coroutine(1), my_coroutine(2), my_coroutine(3))
 *
 * asyncio.run(main())
 *
 * # coroutine started 1
 * # coroutine started 2
 * # coroutine started 3
 * # coroutine ended 1
 * # coroutine ended 2
 * # coroutine ended 3
 * }</pre>
 */
public class GatherWithArguments {
    @Async
    static Coroutine<Void> myCoroutine(int n) {
        System.out.println("coroutine started " + n);
        await(sleep(1));
        System.out.println("coroutine ended " + n);
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        await(gather(myCoroutine(1), myCoroutine(2), myCoroutine(3)));
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
