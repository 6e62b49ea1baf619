package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.util.List;

/**
 * "Execute Multiple Tasks" from Python's asyncio introduction: three squares computed
 * concurrently, each sleeping one second, so the whole run takes one second, not three.
 *
 * <pre>{@code
 * async def square(x):
 *     print('Square', x)
 *     await asyncio.sleep(1)
 *     print('End square', x)
 *     return x * x
 *
 * results = loop.run_until_complete(asyncio.gather(square(1), square(2), square(3)))
 * print(results)
 * }</pre>
 */
public class Squares {
    @Async
    static Coroutine<Integer> square(int x) {
        System.out.println("Square " + x);
        await(sleep(1));
        System.out.println("End square " + x);
        return done(x * x);
    }

    @Async
    static Coroutine<Void> main() {
        List<Integer> results = await(gather(square(1), square(2), square(3)));
        System.out.println(results);
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
