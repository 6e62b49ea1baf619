package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.util.List;

/**
 * Coffee and a bagel, grouped with {@code gather} (asyncio's introductory examples, "Executing Multiple Coroutines"):
 * both start at once, so breakfast is ready in about 3 seconds, not 6.
 *
 * <pre>{@code
 * import asyncio
 *
 * async def brew_coffee() -> str:
 *     print("Start brewing coffee...")
 *     await asyncio.sleep(3)
 *     print("Done brewing coffee.")
 *     return "Coffee is ready!"
 *
 * async def toast_bagel() -> str:
 *     print("Start toasting bagel...")
 *     await asyncio.sleep(3)
 *     print("Done toasting bagel.")
 *     return "Bagel is ready!"
 *
 * async def main():
 *     # Group the coroutines together in a batch
 *     batch_coroutines = asyncio.gather(brew_coffee(), toast_bagel())
 *
 *     # Run the coroutine group
 *     coffee_result, bagel_result = await batch_coroutines
 *
 * asyncio.run(main())
 * }</pre>
 *
 * Java has no tuple unpacking: {@code gather} gives a {@code List} in argument order.
 * See {@link BreakfastOneByOne} for the same breakfast made one item after the other.
 */
public class Breakfast {
    @Async
    static Coroutine<String> brewCoffee() {
        System.out.println("Start brewing coffee...");
        await(sleep(3));
        System.out.println("Done brewing coffee.");
        return done("Coffee is ready!");
    }

    @Async
    static Coroutine<String> toastBagel() {
        System.out.println("Start toasting bagel...");
        await(sleep(3));
        System.out.println("Done toasting bagel.");
        return done("Bagel is ready!");
    }

    @Async
    static Coroutine<Void> main() {
        // Group the coroutines together in a batch
        Future<List<String>> batchCoroutines = gather(brewCoffee(), toastBagel());

        // Run the coroutine group
        List<String> results = await(batchCoroutines);
        String coffeeResult = results.get(0);
        String bagelResult = results.get(1);
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
