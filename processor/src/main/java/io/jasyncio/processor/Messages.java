package io.jasyncio.processor;

/**
 * Every diagnostic the processor reports. Each says how to fix the problem; an error starts with
 * {@link #TAG}, a warning with its kind's bracketed key ({@link WarningKind}), so every message
 * starts with {@link #PREFIX}. Tests assert on these constants, so change a text here and the
 * tests follow; a constant with {@code %s} is a format, filled in where it is reported.
 */
final class Messages {
    /** The stable prefix of every jasyncio error. */
    static final String TAG = "[jasyncio]";

    /** The start of every jasyncio diagnostic, error or warning. */
    static final String PREFIX = "[jasyncio";

    static final String AWAIT_OUTSIDE_ASYNC = TAG
            + " await(...) is only allowed inside an @Async method; mark the enclosing method"
            + " @Async and make it return Coroutine<T>, or drive the coroutine from ordinary code"
            + " with run(...) or createTask(...)";

    static final String AWAIT_IN_LAMBDA = TAG
            + " await(...) inside a lambda is outside any @Async method (a lambda body is a"
            + " separate method that cannot suspend, unless the lambda's target type is an async"
            + " functional interface); move the await out of the lambda, put the work in an @Async"
            + " method and await the coroutine it returns, or give the lambda a target such as"
            + " AsyncFunction, AsyncSupplier or AsyncRunnable (or an interface of yours marked"
            + " @AsyncFunctionalInterface)";

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
            + " an @Async method or async lambda must return an awaitable, and null is not one;"
            + " return done() for no result, or done(null) for a null result";

    static final String ASYNC_INTERFACE_NOT_FUNCTIONAL = TAG
            + " @AsyncFunctionalInterface marks a functional interface whose lambdas may await: put"
            + " it on an interface with exactly one abstract method, returning Coroutine<T>";

    static final String ASYNC_INTERFACE_RETURN_TYPE = TAG
            + " the abstract method of an @AsyncFunctionalInterface must return"
            + " io.jasyncio.Coroutine<T> (what its lambdas return: done(value), or an awaitable"
            + " to adopt); declare the return type Coroutine<T>";

    static final String UNAWAITED_COROUTINE = WarningKind.UNAWAITED.message("this coroutine is never"
            + " awaited, so it never runs; await(...) it, or schedule it with createTask(...)");

    static final String UNAWAITED_AWAITABLE = WarningKind.UNAWAITED.message("this awaitable is never"
            + " awaited, so dropping it does nothing (sleep(...) and the like act only when awaited);"
            + " write await(...) around it");

    /** Format with the variable's name, three times. */
    static final String UNAWAITED_LOCAL_COROUTINE = WarningKind.UNAWAITED.message("the coroutine in"
            + " local variable '%s' is never awaited, scheduled, returned or passed on, so it never"
            + " runs; await(%s) it, or schedule it with createTask(%s)");

    /** Format with the variable's name, twice. */
    static final String UNAWAITED_LOCAL_AWAITABLE = WarningKind.UNAWAITED.message("the awaitable in"
            + " local variable '%s' is never awaited, returned or passed on, so it does nothing;"
            + " await(%s) it");

    /** Format with the resource's type. */
    static final String UNAWAITED_CLOSE = WarningKind.UNAWAITED.message("this try-with-resources"
            + " block is not in coroutine code, so its end calls %s.close(), which cannot wait and"
            + " throws UnsupportedOperationException; use the block in an @Async method or an async"
            + " lambda, where its end awaits aclose(), or call await(resource.aclose()) there");

    /** Format with the call as written (Type.method(...)) and what to use instead. */
    static final String BLOCKING_CALL = WarningKind.BLOCKING.message(
            "%s blocks the event loop's" + " thread, and every task with it, until it returns; use %s");

    static final String SWALLOWED_CANCELLATION = WarningKind.CANCELLATION.message("this catch clause"
            + " catches the CancelledError that cancelling the task throws at an await in its try"
            + " block, and neither rethrows it nor lets it out, so cancel(), timeouts and task groups"
            + " stop working; add catch (CancelledError e) { throw e; } before it, or rethrow it here"
            + " (throw e)");

    /** Format with the generated class's qualified name. */
    static final String INDEX_CLASS_STALE = TAG
            + " %s, which an earlier build generated, was passed back to javac as a source and lists"
            + " an earlier set of @Async classes; it is compiled as it was this time, and its file now"
            + " holds the new list for the next compilation (the index the runtime reads,"
            + " " + Names.INDEX_RESOURCE + ", is up to date; a clean build refreshes both at once)";

    /** Format with the class's qualified name. */
    static final String INDEX_CLASS_CLASH = TAG
            + " %s is the name of the class the jasyncio processor generates in every package that"
            + " has @Async classes, and this compilation already has a class of that name; rename it";

    /** Format with the element being checked and the exception. */
    static final String INTERNAL_ERROR = TAG
            + " internal error in the jasyncio processor while checking %s: %s; please report this"
            + " bug with the source that triggered it";

    private Messages() {}

    static String internalError(Object element, Throwable t) {
        return String.format(INTERNAL_ERROR, element, t);
    }
}
