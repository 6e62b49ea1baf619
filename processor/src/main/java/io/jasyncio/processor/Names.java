package io.jasyncio.processor;

import io.jasyncio.annotation.internal.SharedNames;

/**
 * The names of the jasyncio API the processor recognises. It knows them as strings, never as
 * classes: the processor must work without the runtime on its own class path.
 */
final class Names {
    /** The annotation that marks a coroutine method. */
    static final String ASYNC = "io.jasyncio.annotation.Async";
    /** The annotation that marks a functional interface whose lambdas may await. */
    static final String ASYNC_FUNCTIONAL_INTERFACE = "io.jasyncio.AsyncFunctionalInterface";
    /** The class whose static {@code await} methods are the suspension points. */
    static final String ASYNCIO = "io.jasyncio.Asyncio";
    /** The simple name of every suspension method in {@link #ASYNCIO}. */
    static final String AWAIT = "await";
    /** The one return type an {@code @Async} method may declare (after erasure). */
    static final String COROUTINE = "io.jasyncio.Coroutine";
    /** The interface of everything await accepts besides {@code CompletionStage}. */
    static final String AWAITABLE = "io.jasyncio.Awaitable";
    /** The exception a task's cancellation throws at its await. */
    static final String CANCELLED_ERROR = "io.jasyncio.CancelledError";
    /** The interface of resources whose close a try-with-resources block awaits. */
    static final String ASYNC_CLOSEABLE = "io.jasyncio.AsyncCloseable";

    /** The index resource, relative to the class output root. */
    static final String INDEX_RESOURCE = SharedNames.ASYNC_CLASSES_RESOURCE;
    /** The simple name of the class generated in every package that has {@code @Async} classes. */
    static final String INDEX_CLASS = "Jasyncio_Index";

    private Names() {}
}
