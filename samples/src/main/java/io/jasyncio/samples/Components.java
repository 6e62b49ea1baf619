package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.newEventLoop;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;

/**
 * The three components of asyncio, as its introductory examples present them: a coroutine, the event loop, a future.
 *
 * <pre>{@code
 * async def my_function(argument):
 *     pass
 *
 * my_coroutine = my_function(argument)     # a coroutine object: the function is not executed
 *
 * result = await my_function(argument)     # the first way: await, only inside async functions
 *
 * loop = asyncio.new_event_loop()          # create loop
 * future = loop.create_task(my_coroutine)  # add coroutine to the loop
 * loop.run_until_complete(future)          # add coroutine to the loop concurrently
 * loop.close()                             # close the loop
 * }</pre>
 *
 * The Python {@code my_function} does nothing ({@code pass}); here it prints when it runs and
 * returns a value, so the output shows what the example's text says: calling it runs nothing,
 * awaiting it runs it and gives its result, and the task (a future) is pending until the loop
 * runs it.
 */
public class Components {
    @Async
    static Coroutine<Integer> myFunction(int argument) {
        System.out.println("my_function(" + argument + ") runs");
        return done(argument * 10);
    }

    @Async
    static Coroutine<Void> main() {
        // The first way: await, which is only possible inside an @Async method
        int result = await(myFunction(1));
        System.out.println("result = " + result);
        return done();
    }

    public static void main(String[] args) {
        Coroutine<Integer> myCoroutine = myFunction(2); // a coroutine object: nothing has run
        System.out.println("my_coroutine = " + myCoroutine);

        EventLoop loop = newEventLoop(); // create loop
        loop.runUntilComplete(main());

        // The second way: add it to the event loop
        Task<Integer> future = loop.createTask(myCoroutine); // add coroutine to the loop
        System.out.println("future.done() = " + future.done());
        loop.runUntilComplete(future); // run the loop until the future is done
        System.out.println("future.result() = " + future.result());
        loop.close(); // close the loop
    }
}
