package io.jasyncio;

/** When {@link Asyncio#waitTasks} returns: asyncio's {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION}, {@code ALL_COMPLETED}. */
public enum ReturnWhen {
    /** As soon as any future is done (or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any future finishes with an exception; if none does, when all are done. A cancelled future does not count as an exception. */
    FIRST_EXCEPTION,
    /** When all futures are done. */
    ALL_COMPLETED
}
