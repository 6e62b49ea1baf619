package io.jasyncio.samples;

import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * The first coroutine of asyncio's introductory examples ("Coroutines &amp; Tasks"): an
 * {@code async} function that prints, run with {@code asyncio.run}.
 *
 * <pre>{@code
 * import asyncio
 *
 * # This is not a typical function now, but a coroutine!
 * async def main():
 *     print("Hello World!")
 *
 * # Run the coroutine
 * asyncio.run(main())
 * }</pre>
 *
 * Prints {@code Hello World!}.
 */
public class HelloWorld {
    @Async
    static Coroutine<Void> main() {
        System.out.println("Hello World!");
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
