package io.jasyncio;

/** Test stand-in for the runtime's Task (not a Coroutine). */
public class Task<T> {
}
