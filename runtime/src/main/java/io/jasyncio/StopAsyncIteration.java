package io.jasyncio;

import java.util.NoSuchElementException;

/**
 * Thrown at the consumer's await by {@link AsyncGenerator#anext}, {@link AsyncGenerator#asend}
 * and {@link AsyncGenerator#athrow} when the generator ends instead of yielding a value: Python's
 * {@code StopAsyncIteration}. A {@link NoSuchElementException}, as an iterator's end is in Java.
 * ({@link AsyncGenerator#hasNext} gives false instead.)
 */
public final class StopAsyncIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a generator that has ended. */
    public StopAsyncIteration() {
        super("the async generator has no more values");
    }
}
