package io.jasyncio;

/**
 * A resource whose closing is awaited: what Python's {@code async with} works on (an
 * asynchronous context manager), C#'s {@code IAsyncDisposable}.
 *
 * <p>In an {@code @Async} method or an async lambda (see {@link AsyncFunctionalInterface}), a
 * try-with-resources block on an {@code AsyncCloseable} awaits {@link #aclose(Throwable)} where
 * Java would call {@code close()}:
 *
 * <pre>{@code
 * try (AsyncFile f = await(AsyncFiles.open("notes.txt", "w"))) {   // async with aiofiles.open(...) as f:
 *     await(f.write("hello\n"));
 * }                                                                 // the close is awaited here
 *
 * try (TaskGroup tg = taskGroup()) {                                // async with TaskGroup() as tg:
 *     tg.createTask(fetch("a"));
 *     tg.createTask(fetch("b"));
 * }                                                                 // waits for both tasks
 *
 * try (Timeout t = timeout(2).enter()) {                            // async with timeout(2):
 *     await(fetch("c"));
 * }                                                                 // TimeoutError if it took longer
 *
 * await(lock.acquire());
 * try (lock) {                                                      // async with lock:
 *     ...
 * }                                                                 // released
 * }</pre>
 *
 * <p>On every way out of the block, the jasyncio agent (which rewrites those methods) awaits
 * {@code aclose(null)} if the body completed (normally, or by {@code return}, {@code break} or
 * {@code continue}), and {@code aclose(e)} if the body threw {@code e}; resources declared
 * together are closed in reverse order, each seeing the outcome so far. The await is a
 * suspension point like any other: the task may be cancelled while it waits.
 *
 * <h2>What leaves the block</h2>
 *
 * <p>As Java's try-with-resources defines it, with the one addition that lets a resource turn
 * the body's exception into another one, as Python's {@code __aexit__} may:
 *
 * <ul>
 *   <li>The body completed and {@code aclose(null)} failed with {@code x}: {@code x} is thrown.
 *   <li>The body threw {@code p} and {@code aclose(p)} completed: {@code p} is thrown.
 *   <li>The body threw {@code p} and {@code aclose(p)} failed with {@code x}:
 *       <ul>
 *         <li>if {@code x} is {@code p}, or carries it (reaches it through its {@linkplain
 *             Throwable#getCause() causes} and {@linkplain Throwable#getSuppressed() suppressed
 *             exceptions}), {@code x} is thrown: the resource has turned {@code p} into {@code
 *             x}, as a {@link Timeout} turns the cancellation it caused into a {@link
 *             TimeoutError} caused by it, and a {@link TaskGroup} the body's failure into an
 *             {@link ExceptionGroup} that holds it;
 *         <li>else, if {@code x} is a {@link CancelledError} (the task was cancelled while the
 *             resource closed), {@code p} is added to {@code x}'s suppressed exceptions and
 *             {@code x} is thrown, so that the cancellation is not lost;
 *         <li>else {@code x} is added to {@code p}'s suppressed exceptions and {@code p} is
 *             thrown, as for any {@link AutoCloseable}.
 *       </ul>
 * </ul>
 *
 * Nothing is lost: whatever leaves the block carries every exception involved.
 *
 * <h2>Implementing it</h2>
 *
 * <p>{@code aclose} is called once per block, on the loop's thread, in the task that ran the
 * block. It may fail either by throwing or by returning an awaitable that fails; both count the
 * same. Fail with {@code p} itself only to let it out unchanged; when closing fails on its own,
 * fail with that failure and let the rules above attach it. An {@code @Async} method is a
 * natural implementation:
 *
 * <pre>{@code
 * @Async
 * public Coroutine<Void> aclose(Throwable pendingOrNull) {
 *     await(flush());
 *     channel.close();
 *     return done();
 * }
 * }</pre>
 *
 * <p>{@link #close()} is not the way to close an {@code AsyncCloseable} (it cannot wait). The
 * default throws {@link UnsupportedOperationException} saying what to do instead; a class may
 * define it with a meaning of its own, such as {@code StreamWriter.close()}, which starts closing
 * without waiting.
 */
public interface AsyncCloseable extends AutoCloseable {
    /**
     * Closes the resource, waiting as long as that takes: the exit of Python's {@code async with}
     * ({@code __aexit__}).
     *
     * @param pendingOrNull the exception the block's body threw, or null if it completed
     * @return an awaitable that completes when the resource is closed, or fails with what the
     *     closing ended with
     */
    Awaitable<Void> aclose(Throwable pendingOrNull);

    /**
     * Closes the resource outside a try-with-resources block: {@code await(resource.aclose())}
     * is {@code aclose(null)}.
     */
    default Awaitable<Void> aclose() {
        return aclose(null);
    }

    /**
     * Throws {@link UnsupportedOperationException}, unless the class defines a meaning of its own:
     * closing must be awaited. Use the resource in a try-with-resources block inside an {@code
     * @Async} method (or an async lambda), where the agent awaits {@link #aclose(Throwable)}
     * instead, or {@code await(resource.aclose())}.
     */
    @Override
    default void close() {
        throw new UnsupportedOperationException(getClass().getName()
                + " is an AsyncCloseable, whose close must be awaited: use it in a try-with-resources"
                + " block inside an @Async method or an async lambda, or call await(x.aclose())");
    }
}
