package io.jasyncio;

import java.util.function.Consumer;

/**
 * A done callback that hands a future's outcome to another thread (a {@code
 * runCoroutineThreadsafe} caller). If the loop closes after the future is done but before running
 * it, {@link EventLoop#close()} runs it, so the outcome is not lost with the loop's queue.
 */
@FunctionalInterface
interface OutsideWaiter<T> extends Consumer<Future<T>> {}
