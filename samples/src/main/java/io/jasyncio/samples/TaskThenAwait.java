package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;

/**
 * A task is created and waited for (asyncio's introductory examples, "Tasks"): once it is finished, the code continues.
 *
 * <pre>{@code
 * import asyncio
 * from asyncio import Task
 *
 * async def foo():
 *     print("This goes first!")
 *     await asyncio.sleep(2)
 *
 * async def main():
 *     my_task: Task = asyncio.create_task(foo())   # Make `foo()` a task
 *     await my_task                                # Let the task finish running and wait for completion...
 *     print("This goes second, after waiting!")
 *
 * asyncio.run(main())
 * }</pre>
 */
public class TaskThenAwait {
    @Async
    static Coroutine<Void> foo() {
        System.out.println("This goes first!");
        await(sleep(2));
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        Task<Void> myTask = createTask(foo()); // Make foo() a task
        await(myTask); // Let the task finish running and wait for completion...
        System.out.println("This goes second, after waiting!");
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
