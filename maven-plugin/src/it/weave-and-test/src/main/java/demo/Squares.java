package demo;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.List;

public class Squares {
    @Async
    static Coroutine<Integer> square(int x) {
        await(sleep(0.01));
        return done(x * x);
    }

    /** Merges a Task and a Future: weaving needs the runtime's class hierarchy. */
    @Async
    public static Coroutine<Integer> sum(int n, boolean viaTask) {
        Future<Integer> first = viaTask ? io.jasyncio.Asyncio.createTask(square(n)) : new Future<>();
        if (!viaTask) {
            first.setResult(n * n);
        }
        List<Integer> rest = await(gather(square(n + 1), square(n + 2)));
        return done(await(first) + rest.get(0) + rest.get(1));
    }

    public static void main(String[] args) {
        System.out.println("sum " + run(sum(Integer.parseInt(args[0]), true)));
    }
}
