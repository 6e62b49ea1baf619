/**
 * asyncio's synchronization primitives and queues, for tasks of one loop: {@link
 * io.jasyncio.sync.Lock}, {@link io.jasyncio.sync.Event}, {@link io.jasyncio.sync.Condition},
 * {@link io.jasyncio.sync.Semaphore}, {@link io.jasyncio.sync.BoundedSemaphore}, {@link
 * io.jasyncio.sync.Barrier}, and {@link io.jasyncio.sync.Queue} with its {@link
 * io.jasyncio.sync.PriorityQueue} and {@link io.jasyncio.sync.LifoQueue} variants. None is
 * thread-safe: like asyncio's, they coordinate coroutines on the loop's thread.
 */
package io.jasyncio.sync;
