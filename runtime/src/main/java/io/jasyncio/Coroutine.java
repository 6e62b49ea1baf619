package io.jasyncio;

/**
 * What calling an {@code @Async} method returns: a computation that has not started yet;
 * Python's coroutine object.
 *
 * <p>A coroutine runs when it is awaited ({@code await(coro)}: inside the awaiting task, with no
 * trip through the loop's queue), wrapped in a task ({@link Asyncio#createTask}), or run by
 * {@link Asyncio#run}. It runs at most once: awaiting or scheduling it a second time is an error.
 * A coroutine made by {@link Asyncio#done(Object)} is already complete and can be awaited any
 * number of times.
 *
 * @param <T> the type of the coroutine's result
 */
public abstract class Coroutine<T> implements Awaitable<T> {
    /** Only the runtime makes coroutines: {@code @Async} methods (rewritten by the agent) and {@code done}. */
    Coroutine() {}

    /** Wraps this coroutine in a task of the running loop (asyncio's {@code ensure_future}). */
    @Override
    public Future<T> asFuture() {
        return Asyncio.getEventLoop().createTask(this);
    }
}
