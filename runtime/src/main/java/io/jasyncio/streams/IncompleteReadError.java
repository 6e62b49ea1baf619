package io.jasyncio.streams;

/**
 * Thrown by {@link StreamReader#readexactly} and {@link StreamReader#readuntil} when the stream
 * ends before the requested bytes (or the separator) arrived; asyncio's {@code
 * IncompleteReadError}. The bytes read before the end are in {@link #partial()}; they are no
 * longer in the reader.
 */
public final class IncompleteReadError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient byte[] partial;
    private final Integer expected;

    /** {@code expected}: the number of bytes asked for, or null when reading up to a separator. */
    public IncompleteReadError(byte[] partial, Integer expected) {
        super(partial.length + " bytes read on a total of " + (expected == null ? "undefined" : expected.toString())
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes read before the end of the stream (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** The number of bytes that were expected, or null if the read was up to a separator. */
    public Integer expected() {
        return expected;
    }
}
