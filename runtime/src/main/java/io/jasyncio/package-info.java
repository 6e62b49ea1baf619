/**
 * Python's asyncio for Java: the event loop, futures, tasks, and the functions a coroutine
 * program calls.
 *
 * <p>Start with {@link io.jasyncio.Asyncio}, whose static methods ({@code run}, {@code await},
 * {@code done}, {@code sleep}, {@code gather}, {@code createTask}, ...) are meant for {@code
 * import static io.jasyncio.Asyncio.*}. A method annotated {@code @io.jasyncio.annotation.Async}
 * returns a {@link io.jasyncio.Coroutine}; the jasyncio agent rewrites it into a resumable state
 * machine, and an {@link io.jasyncio.EventLoop} on one thread drives it. {@link
 * io.jasyncio.Future} and {@link io.jasyncio.Task} are asyncio's; {@link io.jasyncio.Timeout},
 * {@link io.jasyncio.TaskGroup} and the errors ({@link io.jasyncio.CancelledError}, {@link
 * io.jasyncio.TimeoutError}, {@link io.jasyncio.InvalidStateError}) keep their asyncio names.
 *
 * <p>Everything here is used from the loop's thread, except the members documented as
 * thread-safe ({@link io.jasyncio.EventLoop#callSoonThreadsafe}, {@link
 * io.jasyncio.Asyncio#runCoroutineThreadsafe}). {@code CoroutineFrame} is public only for
 * rewritten code and is not API (see {@link io.jasyncio.internal.InternalApi}).
 */
package io.jasyncio;
