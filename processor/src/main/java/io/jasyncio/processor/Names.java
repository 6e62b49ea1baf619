package io.jasyncio.processor;

/**
 * The names of the jasyncio API the processor recognises. It knows them as strings, never as
 * classes: the processor must work without the runtime on its own class path.
 */
final class Names {
    /** The annotation that marks a coroutine method. */
    static final String ASYNC = "io.jasyncio.annotation.Async";
    /** The class whose static {@code await} methods are the suspension points. */
    static final String ASYNCIO = "io.jasyncio.Asyncio";
    /** The simple name of every suspension method in {@link #ASYNCIO}. */
    static final String AWAIT = "await";
    /** The one return type an {@code @Async} method may declare (after erasure). */
    static final String COROUTINE = "io.jasyncio.Coroutine";
    /** The interface of everything await accepts besides {@code CompletionStage}. */
    static final String AWAITABLE = "io.jasyncio.Awaitable";
    /** The {@code @SuppressWarnings} key that silences every jasyncio warning. */
    static final String SUPPRESS_KEY = "jasyncio";

    /** The index resource, relative to the class output root. */
    static final String INDEX_RESOURCE = "META-INF/jasyncio/async-classes";
    /** The simple name of the class generated in every package that has {@code @Async} classes. */
    static final String INDEX_CLASS = "Jasyncio_Index";

    private Names() {}
}
