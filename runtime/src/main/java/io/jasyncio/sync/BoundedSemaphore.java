package io.jasyncio.sync;

/**
 * A {@link Semaphore} that refuses to be released more times than it was acquired; asyncio's
 * {@code BoundedSemaphore}. Catches the bug of an extra {@code release()}, which on a plain
 * semaphore silently raises the number of permits.
 *
 * <pre>{@code
 * BoundedSemaphore slots = new BoundedSemaphore(2);
 * await(slots.acquire());
 * try {
 *     await(work());
 * } finally {
 *     slots.release();
 * }
 * slots.release();                          // IllegalStateException: released too many times
 * }</pre>
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * Creates a bounded semaphore with {@code value} permits, which is also the most it can hold.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /** Creates a bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()}.
     *
     * @throws IllegalStateException if every permit is already free (asyncio raises ValueError)
     */
    @Override
    public void release() {
        if (value() >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
