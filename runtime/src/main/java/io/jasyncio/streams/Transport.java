package io.jasyncio.streams;

import io.jasyncio.Future;

/**
 * What a {@link StreamReader} and a {@link StreamWriter} drive: a socket ({@link SocketTransport}),
 * a TLS session over one ({@link TlsTransport}), or a subprocess's pipe. asyncio's {@code
 * WriteTransport} and {@code ReadTransport} in one. Every method runs on the loop thread.
 */
interface Transport {
    /** The reader fed by this transport; null for a write-only one (a subprocess's stdin). */
    StreamReader reader();

    /** Sends or buffers {@code length} bytes of {@code data} (copied if kept); dropped once lost. */
    void write(byte[] data, int offset, int length);

    /** Done at once below the high-water mark, else once drained to the low-water mark; fails once lost. */
    Future<Void> drain();

    boolean canWriteEof();

    /** Sends EOF once the buffered bytes are sent. */
    void writeEof();

    /** Closes once the buffered bytes are sent. Idempotent. */
    void close();

    /** Closes at once, dropping buffered bytes. */
    void abort();

    boolean isClosing();

    /** Completes when closed: normally, or with the exception of a failed transport. */
    Future<Void> closed();

    void pauseReading();

    void resumeReading();

    /** asyncio's {@code get_extra_info}; null if unknown. */
    Object extraInfo(String name);
}
