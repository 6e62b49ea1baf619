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
 * Tasks run when there is idle time (asyncio's introductory examples, "Tasks"): {@code main} and the {@code foo} task trade off
 * whenever one of them awaits, so the four lines print in the order their text says, and the
 * two two-second sleeps overlap (about 2 s in all, not 4).
 *
 * <pre>{@code
 * from asyncio import Task
 * import asyncio
 *
 * async def main():
 *     my_task: Task = asyncio.create_task(foo())  # 1. Declare a task: run this when there is idle time
 *     print("This goes first!")                  # 2. This runs first
 *     await asyncio.sleep(2)                     # 3. Create idle time, let the foo() task run
 *     print("This goes third!")                  # 6. This runs third during the foo() idle time
 *     foo_return: str = await my_task            # 7. Don't cut foo() short; let it finish
 *     print(foo_return)                          # 9. Finish by printing the returned result of foo()
 *
 * async def foo() -> str:
 *     print("This goes second!")                 # 4. This runs second during the main() idle time
 *     await asyncio.sleep(2)                     # 5. Create idle time, let main() continue
 *     return "This goes fourth!"                 # 8. Run this, as main() awaits foo() to finish
 *
 * asyncio.run(main())
 * }</pre>
 */
public class TaskOrder {
    @Async
    static Coroutine<Void> main() {
        Task<String> myTask = createTask(foo()); // 1. Declare a task: run this when there is idle time
        System.out.println("This goes first!"); // 2. This runs first
        await(sleep(2)); // 3. Create idle time, let the foo() task run
        System.out.println("This goes third!"); // 6. This runs third during the foo() idle time
        String fooReturn = await(myTask); // 7. Don't cut foo() short; let it finish
        System.out.println(fooReturn); // 9. Finish by printing the returned result of foo()
        return done();
    }

    @Async
    static Coroutine<String> foo() {
        System.out.println("This goes second!"); // 4. This runs second during the main() idle time
        await(sleep(2)); // 5. Create idle time, let main() continue
        return done("This goes fourth!"); // 8. Run this, as main() awaits foo() to finish
    }

    public static void main(String[] args) {
        run(main());
    }
}
