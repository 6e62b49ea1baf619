package io.jasyncio.samples;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * Calling a coroutine function runs nothing (asyncio's introductory examples, "How to define a coroutine?"): it returns
 * a coroutine object, and {@code Hello} is never printed because nothing awaits it.
 *
 * <pre>{@code
 * In [5]: async def main():
 *             print("Hello")
 *
 * In [6]: main()
 *
 * <coroutine object main at 0x7fe1804811c8>
 * }</pre>
 *
 * The Java coroutine prints as {@code Coroutine[CoroutineObject.main]}: class and method,
 * no address.
 */
public class CoroutineObject {
    @Async
    static Coroutine<Void> main() {
        System.out.println("Hello");
        return done();
    }

    public static void main(String[] args) {
        System.out.println(main());
    }
}
