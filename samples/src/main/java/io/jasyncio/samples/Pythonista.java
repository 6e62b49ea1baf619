package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * "How to block coroutine for x seconds?", from asyncio's introductory examples: {@code sleep} suspends the current task
 * for 3 seconds, letting other tasks run; run with the {@code asyncio.run} shortcut.
 *
 * <pre>{@code
 * async def main():
 *     print("Indian")
 *     await asyncio.sleep(3)
 *     print("Pythonista")
 *
 * asyncio.run(main())
 * }</pre>
 */
public class Pythonista {
    @Async
    static Coroutine<Void> main() {
        System.out.println("Indian");
        await(sleep(3));
        System.out.println("Pythonista");
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
