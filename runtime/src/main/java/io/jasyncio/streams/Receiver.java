package io.jasyncio.streams;

import java.nio.ByteBuffer;

/**
 * What a {@link SocketTransport} hands its events to: the connection's {@link StreamReader}, or a
 * {@link TlsTransport} that decrypts for it. asyncio's {@code Protocol} ({@code data_received},
 * {@code eof_received}, {@code connection_lost}).
 */
interface Receiver {
    /**
     * Bytes arrived; {@code data} is reused after the call. Throwing {@link LimitOverrunError} or
     * {@link OutOfMemoryError} means the bytes could not be kept: the transport is lost with it.
     */
    void dataReceived(ByteBuffer data);

    /** The peer sent EOF; the transport stays open for writing. */
    void eofReceived();

    /** The transport is closed: {@code exception} null for a clean close. */
    void connectionLost(Throwable exception);
}
