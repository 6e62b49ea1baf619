package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * {@code await} creates idle time (asyncio's introductory examples, "Coroutines &amp; Tasks"): the coroutine waits five seconds before it continues.
 *
 * <pre>{@code
 * import asyncio
 *
 * async def main():
 *     print("Hello World!")
 *     await asyncio.sleep(5)
 *     print("I just waited for 5 seconds!")
 *
 * asyncio.run(main())
 * }</pre>
 */
public class HelloWait {
    @Async
    static Coroutine<Void> main() {
        System.out.println("Hello World!");
        await(sleep(5));
        System.out.println("I just waited for 5 seconds!");
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
