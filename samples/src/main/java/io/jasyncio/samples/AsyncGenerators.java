package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.AsyncGenerator;
import io.jasyncio.Coroutine;
import io.jasyncio.Yield;
import io.jasyncio.annotation.Async;

/**
 * An async generator: a producer of numbers, each after a delay, consumed by a loop that stops
 * early; closing the generator runs the producer's {@code finally}.
 *
 * <pre>{@code
 * async def numbers(n, delay):
 *     try:
 *         for i in range(1, n + 1):
 *             await asyncio.sleep(delay)
 *             print(f"producing {i}")
 *             yield i
 *     finally:
 *         print("producer: cleaning up")
 *
 * async def main():
 *     gen = numbers(10, 0.1)
 *     total = 0
 *     try:
 *         async for n in gen:
 *             print(f"consumed {n}")
 *             total += n
 *             if n == 3:
 *                 print("enough")
 *                 break
 *     finally:
 *         await gen.aclose()
 *     print(f"total {total}")
 *
 * asyncio.run(main())
 * }</pre>
 */
public class AsyncGenerators {
    @Async
    static Coroutine<Void> numbers(Yield<Integer> out, int n, double delay) {
        try {
            for (int i = 1; i <= n; i++) {
                await(sleep(delay));
                System.out.println("producing " + i);
                await(out.yield(i)); // runs again only when the consumer asks for the next one
            }
        } finally {
            System.out.println("producer: cleaning up");
        }
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> numbers(out, 10, 0.1));
        int total = 0;
        try {
            while (await(gen.hasNext())) { // async for n in gen:
                int n = gen.next();
                System.out.println("consumed " + n);
                total += n;
                if (n == 3) {
                    System.out.println("enough");
                    break;
                }
            }
        } finally {
            await(gen.aclose());
        }
        System.out.println("total " + total);
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
