package io.jasyncio.sync;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken ({@link Barrier#abort()}) or reset
 * ({@link Barrier#reset()}) while a task waits at it, or is broken when a task arrives; asyncio's
 * {@code BrokenBarrierError}. Like asyncio's, which derives from {@code RuntimeError}, it is an
 * {@link IllegalStateException}.
 */
public class BrokenBarrierError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BrokenBarrierError(String message) {
        super(message);
    }
}
