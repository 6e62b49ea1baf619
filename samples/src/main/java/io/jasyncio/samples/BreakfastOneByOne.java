package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.samples.Breakfast.brewCoffee;
import static io.jasyncio.samples.Breakfast.toastBagel;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * The same breakfast with the coroutines "run individually" (asyncio's introductory examples): each is awaited in turn,
 * so the bagel waits for the coffee and breakfast takes about 6 seconds.
 *
 * <pre>{@code
 * async def main():
 *     coffee_result: str = brew_coffee()
 *     bagel_result: str = toast_bagel()
 * }</pre>
 *
 * The Python version forgets {@code await}: in Python it runs nothing and warns "coroutine
 * 'brew_coffee' was never awaited". jasyncio's processor warns at compile time about a dropped
 * coroutine, and Java's types would not let a {@code Coroutine<String>} into a {@code String}
 * anyway. This sample awaits each one, which is what the example means.
 */
public class BreakfastOneByOne {
    @Async
    static Coroutine<Void> main() {
        String coffeeResult = await(brewCoffee());
        String bagelResult = await(toastBagel());
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
