package io.jasyncio;

/**
 * An awaitable the runtime makes whose work starts only when it is first awaited or handed to a
 * loop ({@code gather}, {@code shield}, {@code runUntilComplete}, {@code createTask} of a coroutine
 * awaiting it), as the body of an asyncio coroutine does: {@code sleep(1)} made early counts its
 * second from the await, not from the call, and can be made where no loop runs yet ({@code
 * run(waitFor(sleep(10), 2))}). Starting gives the future doing the work; starting again gives
 * the same future, so awaiting the same object twice waits for one piece of work.
 *
 * @param <T> the type of the value the await produces
 */
abstract class LazyAwaitable<T> implements Awaitable<T> {
    private Future<T> started;

    /** Starts the work on {@code loop}, the first time only, and returns its future. */
    final Future<T> startOn(EventLoop loop) {
        Future<T> f = started;
        if (f == null) {
            started = f = start(loop);
        }
        return f;
    }

    /** The work itself, bound to {@code loop}: called once, by {@link #startOn}. */
    abstract Future<T> start(EventLoop loop);

    /**
     * Starts the work on the running loop (see {@link #startOn}).
     *
     * @throws IllegalStateException if no loop is running in this thread
     */
    @Override
    public final Future<T> asFuture() {
        Future<T> f = started;
        return f != null ? f : startOn(Asyncio.getRunningLoop());
    }
}
