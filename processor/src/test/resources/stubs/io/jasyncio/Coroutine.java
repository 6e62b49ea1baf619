package io.jasyncio;

/** Test stand-in for the runtime's Coroutine: only the shape the processor looks at. */
public abstract class Coroutine<T> {
}
