package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.taskGroup;

import io.jasyncio.Coroutine;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A task group whose body awaits: {@code async with asyncio.TaskGroup() as tg:} written once as
 * an async lambda given to {@code taskGroup(tg -> ...)}, once as a try-with-resources block on
 * the group, whose close is awaited. The first group waits for every fetch and prints their
 * results in order; in the second, a failing task cancels the body and the other task, and the
 * group's exceptions come out as an {@link ExceptionGroup}.
 *
 * <pre>{@code
 * import asyncio
 *
 * async def fetch(name, delay):
 *     print(f"fetching {name}")
 *     await asyncio.sleep(delay)
 *     print(f"fetched {name}")
 *     return f"<{name}: {delay}s>"
 *
 * async def broken():
 *     await asyncio.sleep(0.5)
 *     raise ValueError("broken")
 *
 * async def main():
 *     async with asyncio.TaskGroup() as tg:
 *         pages = [tg.create_task(fetch(name, delay)) for name, delay in [("a", 3), ("b", 1), ("c", 2)]]
 *         first = await pages[1]
 *         print(f"first back: {first}")
 *     print([p.result() for p in pages])
 *     try:
 *         async with asyncio.TaskGroup() as tg:
 *             tg.create_task(fetch("d", 1))
 *             tg.create_task(broken())
 *             await asyncio.sleep(5)
 *             print("unreached")
 *     except* ValueError as eg:
 *         print(f"group failed: {[str(e) for e in eg.exceptions]}")
 *
 * asyncio.run(main())
 * }</pre>
 */
public class TaskGroupFetch {
    @Async
    static Coroutine<String> fetch(String name, int delay) {
        System.out.println("fetching " + name);
        await(sleep(delay));
        System.out.println("fetched " + name);
        return done("<" + name + ": " + delay + "s>");
    }

    @Async
    static Coroutine<String> broken() {
        await(sleep(0.5));
        throw new IllegalArgumentException("broken");
    }

    /** Python's repr of a list of strings. */
    static String pythonList(List<String> items) {
        return items.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    @Async
    static Coroutine<Void> main() {
        List<Task<String>> pages = await(taskGroup(tg -> {
            List<Task<String>> started = new ArrayList<>();
            started.add(tg.createTask(fetch("a", 3)));
            started.add(tg.createTask(fetch("b", 1)));
            started.add(tg.createTask(fetch("c", 2)));
            String first = await(started.get(1));
            System.out.println("first back: " + first);
            return done(started);
        }));
        System.out.println(pythonList(pages.stream().map(Task::result).toList()));
        try {
            try (TaskGroup tg = taskGroup()) {
                tg.createTask(fetch("d", 1));
                tg.createTask(broken());
                await(sleep(5));
                System.out.println("unreached");
            }
        } catch (ExceptionGroup eg) {
            System.out.println("group failed: "
                    + pythonList(
                            eg.exceptions().stream().map(Throwable::getMessage).toList()));
        }
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
