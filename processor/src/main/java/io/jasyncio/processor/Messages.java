package io.jasyncio.processor;

/**
 * Every diagnostic the processor reports. Each starts with {@link #TAG} and says how to fix the
 * problem; tests assert on these constants, so change a text here and the tests follow.
 */
final class Messages {
    /** The stable prefix of every jasyncio diagnostic. */
    static final String TAG = "[jasyncio]";

    static final String AWAIT_OUTSIDE_ASYNC = TAG
            + " await(...) is only allowed inside an @Async method; mark the enclosing method"
            + " @Async and make it return Coroutine<T>, or drive the coroutine from ordinary code"
            + " with run(...) or createTask(...)";

    static final String AWAIT_IN_LAMBDA = TAG
            + " await(...) inside a lambda is outside any @Async method (a lambda body is a"
            + " separate method that cannot suspend); move the await out of the lambda, or put the"
            + " work in an @Async method and await the coroutine it returns";

    static final String AWAIT_METHOD_REFERENCE = TAG
            + " Asyncio::await cannot be used as a method reference (the call it makes is outside"
            + " any @Async method); call await(...) directly inside the @Async method, e.g. in a"
            + " loop";

    static final String AWAIT_IN_SYNCHRONIZED = TAG
            + " await(...) inside a synchronized block would hold the monitor across a suspension"
            + " and block the event loop; move the await out of the block, or guard the shared"
            + " state with an asyncio Lock instead of synchronized";

    static final String ASYNC_SYNCHRONIZED = TAG
            + " an @Async method cannot be synchronized (its monitor would be held across"
            + " suspensions on the event loop thread); remove 'synchronized' and guard shared"
            + " state with an asyncio Lock";

    static final String ASYNC_CONSTRUCTOR = TAG
            + " @Async is not allowed on a constructor (a constructor cannot suspend); write a"
            + " static @Async factory method that returns Coroutine<T> instead";

    static final String ASYNC_ABSTRACT = TAG
            + " @Async is not allowed on an abstract method (there is no body to rewrite); declare"
            + " it returning Coroutine<T> without @Async and put @Async on each implementation";

    static final String ASYNC_NATIVE = TAG
            + " @Async is not allowed on a native method (there is no body to rewrite); wrap the"
            + " native call in an ordinary @Async method";

    static final String ASYNC_RETURN_TYPE = TAG
            + " an @Async method must return io.jasyncio.Coroutine<T>; declare the return type"
            + " Coroutine<T> (Coroutine<Void> for no result) and end with return done(value) or"
            + " return done()";

    static final String ASYNC_RETURNS_NULL = TAG
            + " an @Async method must return an awaitable, and null is not one; return done() for"
            + " no result, or done(null) for a null result";

    static final String UNAWAITED = TAG
            + " this coroutine is never awaited, so it never runs; await(...) it, schedule it with"
            + " createTask(...), or keep it in a variable (suppress with"
            + " @SuppressWarnings(\"jasyncio\"))";

    /** Format with the element being checked and the exception. */
    static final String INTERNAL_ERROR = TAG
            + " internal error in the jasyncio processor while checking %s: %s; please report this"
            + " bug with the source that triggered it";

    private Messages() {}

    static String internalError(Object element, Throwable t) {
        return String.format(INTERNAL_ERROR, element, t);
    }
}
