package io.jasyncio.streams;

/**
 * Thrown by {@link StreamReader#readuntil} and {@link StreamReader#readline} when the separator
 * is not found within the reader's limit; asyncio's {@code LimitOverrunError}. {@link
 * #consumed()} is the number of bytes to consume to get past the examined data.
 */
public final class LimitOverrunError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int consumed;

    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** The number of buffered bytes examined before giving up. */
    public int consumed() {
        return consumed;
    }
}
