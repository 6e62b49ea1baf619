package io.jasyncio.internal;

import io.jasyncio.CoroutineFrame;

/**
 * The body of one rewritten {@code @Async} method. Not API ({@link InternalApi}): the agent emits one instance per
 * method (a non-capturing lambda) and the runtime calls it; see docs/architecture.md.
 */
@InternalApi
@FunctionalInterface
public interface StateMachine {
    /**
     * Runs the method from the frame's current resume point until it completes or suspends.
     *
     * @return the coroutine's result, or {@link CoroutineFrame#SUSPENDED}
     */
    Object resume(CoroutineFrame<?> frame);
}
