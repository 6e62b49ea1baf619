package io.jasyncio;

/**
 * Something {@code await(...)} accepts: a {@link Coroutine}, a {@link Future} (and so a {@link
 * Task}), or any other object that can present itself as a future; Python's awaitable protocol.
 *
 * <p>To make your own type awaitable, implement {@link #asFuture()} to return a future of the
 * running loop that completes with the outcome.
 *
 * @param <T> the type of the value the await produces
 */
public interface Awaitable<T> {
    /**
     * Returns a future that completes with this awaitable's outcome. For a future this is the
     * future itself; for a coroutine it is a new task wrapping it (asyncio's {@code
     * ensure_future}).
     */
    Future<T> asFuture();
}
