package io.jasyncio;

/**
 * A function whose body may {@code await}, returning a coroutine of its result: Python's {@code
 * async def f(t)} as a lambda.
 *
 * <pre>{@code
 * AsyncFunction<String, Integer> length = url -> {
 *     String page = await(fetch(url));
 *     return done(page.length());
 * };
 * int n = await(length.apply("https://example.com/"));
 * }</pre>
 *
 * <p>Calling {@link #apply} on a lambda runs nothing: it returns a new, unstarted coroutine (see
 * {@link AsyncFunctionalInterface}).
 *
 * @param <T> the type of the argument
 * @param <R> the type of the coroutine's result
 */
@FunctionalInterface
@AsyncFunctionalInterface
public interface AsyncFunction<T, R> {
    /**
     * Returns the coroutine of this function applied to {@code t}; for a lambda, a new
     * unstarted one.
     */
    Coroutine<R> apply(T t);
}
