package io.jasyncio;

/**
 * A block of code that may {@code await} and produces no result: Python's {@code async def f()
 * -> None} as a lambda.
 *
 * <pre>{@code
 * AsyncRunnable tick = () -> {
 *     await(sleep(1));
 *     System.out.println("tick");
 *     return done();
 * };
 * await(tick.run());
 * }</pre>
 *
 * <p>Calling {@link #run} on a lambda runs nothing: it returns a new, unstarted coroutine (see
 * {@link AsyncFunctionalInterface}).
 */
@FunctionalInterface
@AsyncFunctionalInterface
public interface AsyncRunnable {
    /** Returns the coroutine of this block; for a lambda, a new unstarted one. */
    Coroutine<Void> run();
}
