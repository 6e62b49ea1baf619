package io.jasyncio;

/**
 * A block of code that may {@code await} and produces a result: Python's {@code async def f()}
 * as a lambda, for example the body given to {@link Asyncio#timeout(double, AsyncSupplier)}.
 *
 * <pre>{@code
 * String page = await(timeout(2, () -> {
 *     Connection c = await(Streams.openConnection(host, 80));
 *     return done(await(readPage(c)));
 * }));
 * }</pre>
 *
 * <p>Calling {@link #get} on a lambda runs nothing: it returns a new, unstarted coroutine (see
 * {@link AsyncFunctionalInterface}).
 *
 * @param <R> the type of the coroutine's result
 */
@FunctionalInterface
@AsyncFunctionalInterface
public interface AsyncSupplier<R> {
    /** Returns the coroutine of this block; for a lambda, a new unstarted one. */
    Coroutine<R> get();
}
