package io.jasyncio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a coroutine: the Java counterpart of Python's {@code async def}.
 *
 * <p>The method must return {@code io.jasyncio.Coroutine<T>}. Calling it runs nothing: it returns
 * a new, unstarted coroutine. Inside the method, {@code Asyncio.await(x)} suspends until {@code x}
 * completes, and {@code return done(v)} completes the coroutine with {@code v}.
 *
 * <p>The jasyncio agent rewrites every method carrying this annotation into a resumable state
 * machine (one resume point per {@code await}); the jasyncio annotation processor rejects misuse
 * at compile time. Without the agent (or classes woven ahead of time with the agent's
 * {@code weave} command) an {@code @Async} method cannot run, and the runtime says so.
 *
 * <p>Not allowed on constructors, initializers, abstract or native methods, or on methods
 * declared {@code synchronized}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {}
