package io.jasyncio;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a functional interface whose lambdas may {@code await}: Python's {@code async def}
 * lambdas, Kotlin's suspend lambdas. {@link AsyncFunction}, {@link AsyncSupplier} and {@link
 * AsyncRunnable} carry it; put it on an interface of your own to give your callback-shaped API
 * the same power:
 *
 * <pre>{@code
 * @FunctionalInterface
 * @AsyncFunctionalInterface
 * interface Handler {
 *     Coroutine<Void> handle(Request request);
 * }
 *
 * Handler logThenServe = request -> {
 *     await(log.write(request.path()));      // accepted: the lambda's target carries the annotation
 *     return serve(request);
 * };
 * }</pre>
 *
 * <p>The interface's single abstract method must return {@link Coroutine} (of any type
 * argument); the jasyncio processor rejects the annotation on anything else. A lambda whose
 * target type is such an interface is compiled into a method that the jasyncio agent rewrites
 * like an {@code @Async} method, captured variables included: calling the interface's method
 * runs nothing and returns a new coroutine, which runs when awaited or scheduled. A lambda whose
 * target is any other interface still cannot await (the processor rejects it), and neither can a
 * method reference to {@code Asyncio::await}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AsyncFunctionalInterface {}
