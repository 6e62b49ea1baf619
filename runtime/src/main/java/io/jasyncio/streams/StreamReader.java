package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * The reading side of a connection; asyncio's {@code StreamReader}. Made by {@link
 * Streams#openConnection} and {@link Streams#startServer}, not by users.
 *
 * <p>Every read returns an awaitable {@link Future} that completes on the loop once enough bytes
 * arrived. Only one read may wait at a time: starting another while one is pending throws {@link
 * IllegalStateException}. Cancelling a pending read leaves the buffered bytes in the reader.
 *
 * <p>Errors: a read fails with the connection's {@link java.io.UncheckedIOException} (for
 * instance a reset) once the connection failed; bytes buffered before the failure are lost, as in
 * asyncio. If bytes that arrived cannot be kept (the heap is exhausted: {@link OutOfMemoryError};
 * or more than {@link #MAX_BUFFER} bytes would be buffered: {@link LimitOverrunError}), the
 * connection is aborted and the pending and later reads fail with that error: a stream never
 * loses bytes silently, and no read returns a short result that looks complete.
 *
 * <p>Flow control: when more than twice the limit is buffered, the connection stops reading from
 * the socket until the buffer drops to the limit. Not thread-safe: use it from its loop only.
 */
public final class StreamReader {
    /** asyncio's default limit of a line or a chunk read up to a separator: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    /**
     * The most bytes a reader can hold: the JVM's largest array. {@link #read()} to EOF of a longer
     * stream fails with {@link LimitOverrunError}.
     */
    public static final int MAX_BUFFER = ReadBuffer.MAX_SIZE;

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] EMPTY = new byte[0];

    private final EventLoop loop;
    private final int limit;
    private final ReadBuffer buffer = new ReadBuffer();
    private Transport transport;
    private boolean eof;
    private Throwable exception;
    /** The read waiting for data, and how to retry it; at most one. */
    private Future<Object> waiter;

    private Supplier<Object> retry;

    StreamReader(EventLoop loop, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.loop = loop;
        this.limit = limit;
    }

    /** The limit of {@link #readline} and {@link #readuntil}, in bytes. */
    public int limit() {
        return limit;
    }

    /** True once the peer's EOF was received and every buffered byte was read. */
    public boolean atEof() {
        return eof && buffer.isEmpty();
    }

    /**
     * The exception the connection failed with, or null: usually an {@link
     * java.io.UncheckedIOException}; an {@link OutOfMemoryError} or {@link LimitOverrunError} if
     * received bytes could not be buffered.
     */
    public Throwable exception() {
        return exception;
    }

    /**
     * Reads up to {@code n} bytes: as soon as at least one byte is buffered, or EOF (an empty
     * array). {@code n < 0} reads until EOF and returns everything; {@code n == 0} returns an
     * empty array at once.
     *
     * @throws IllegalStateException if another read of this reader is pending
     */
    public Future<byte[]> read(int n) {
        if (n == 0) {
            return completed(EMPTY);
        }
        if (n < 0) {
            return read();
        }
        return whenReady(() -> {
            if (!buffer.isEmpty()) {
                return buffer.take(n);
            }
            return eof ? EMPTY : null;
        });
    }

    /**
     * Reads until EOF and returns all the bytes (asyncio's {@code read()} / {@code read(-1)}), at
     * most {@link #MAX_BUFFER}: as {@link #readToEof(int)} with that limit.
     *
     * @throws IllegalStateException if another read of this reader is pending
     */
    public Future<byte[]> read() {
        return readToEof(MAX_BUFFER);
    }

    /**
     * Reads until EOF and returns all the bytes, or fails once more than {@code maxBytes} arrived
     * before EOF: for a peer whose upload must stay bounded. Never a short result: the future
     * gets every byte up to EOF, or an error.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     * @throws IllegalStateException if another read of this reader is pending
     * @throws LimitOverrunError (from the future) once more than {@code maxBytes} are buffered
     *     before EOF; the bytes stay in the reader ({@link LimitOverrunError#consumed()} of them,
     *     at least), so {@link #read(int)} can take them in chunks
     * @throws OutOfMemoryError (from the future) if the heap cannot hold the stream; the
     *     connection is aborted
     */
    public Future<byte[]> readToEof(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
        }
        return whenReady(() -> {
            // A pending read keeps the socket read (see updateFlow), so the whole stream is collected.
            if (buffer.size() > maxBytes) {
                throw new LimitOverrunError(
                        "more than " + maxBytes + " bytes arrived before EOF; they stay in the reader", buffer.size());
            }
            return eof ? buffer.takeAll() : null;
        });
    }

    /**
     * Reads one line, ending with {@code \n} (included). At EOF returns the remaining bytes without
     * a newline, or an empty array if none remain.
     *
     * @throws IllegalStateException if another read of this reader is pending
     * @throws LimitOverrunError (from the future) if no newline is found within the limit; the
     *     line so far is dropped (asyncio raises {@code ValueError} here), so the next read
     *     continues after it if the newline was already buffered, else with the next bytes
     */
    public Future<byte[]> readline() {
        return whenReady(() -> {
            try {
                return tryReaduntil(NEWLINE);
            } catch (IncompleteReadError e) {
                return e.partial();
            } catch (LimitOverrunError e) {
                if (buffer.startsWith(NEWLINE, e.consumed())) {
                    buffer.take(e.consumed() + NEWLINE.length);
                } else {
                    buffer.clear();
                }
                throw e;
            }
        });
    }

    /**
     * Reads up to and including {@code separator}.
     *
     * @throws IllegalArgumentException if {@code separator} is empty
     * @throws IllegalStateException if another read of this reader is pending
     * @throws IncompleteReadError (from the future) if EOF comes first; the bytes go with it
     * @throws LimitOverrunError (from the future) if the separator is not found within the limit;
     *     the bytes stay in the reader
     */
    public Future<byte[]> readuntil(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        byte[] sep = separator.clone();
        return whenReady(() -> tryReaduntil(sep));
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @throws IllegalArgumentException if {@code n} is negative or more than {@link #MAX_BUFFER}
     * @throws IllegalStateException if another read of this reader is pending
     * @throws IncompleteReadError (from the future) if EOF comes first, with the partial bytes
     */
    public Future<byte[]> readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        if (n > MAX_BUFFER) {
            throw new IllegalArgumentException(
                    "readexactly(" + n + "): more than a reader can hold (" + MAX_BUFFER + " bytes)");
        }
        if (n == 0) {
            return completed(EMPTY);
        }
        return whenReady(() -> {
            if (buffer.size() >= n) {
                return buffer.take(n);
            }
            if (eof) {
                throw new IncompleteReadError(buffer.takeAll(), n);
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "<StreamReader " + buffer.size() + " bytes" + (eof ? " eof" : "")
                + (exception != null ? " exception=" + exception : "") + (waiter != null ? " waiter" : "") + ">";
    }

    // ---- the connection's side ----

    void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** This reader as a socket's receiver: bytes, EOF, and the end of the connection. */
    Receiver receiver() {
        return new Receiver() {
            @Override
            public void dataReceived(ByteBuffer data) {
                feedData(data);
            }

            @Override
            public void eofReceived() {
                feedEof();
            }

            @Override
            public void connectionLost(Throwable exception) {
                if (exception != null) {
                    setException(exception);
                } else {
                    feedEof();
                }
            }
        };
    }

    /** Removes and returns the bytes buffered and not read: for a TLS session starting on the connection. */
    byte[] takeBuffered() {
        return buffer.takeAll();
    }

    /** Bytes arrived from the socket. */
    void feedData(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        try {
            buffer.append(data);
        } catch (OutOfMemoryError e) {
            throw heapExhausted(e, data.remaining());
        }
        afterFeed();
    }

    /**
     * The buffer could not grow: its bytes are of no use now (the stream has a hole), so they go
     * first, which frees the heap for the error and whoever handles it.
     */
    private OutOfMemoryError heapExhausted(OutOfMemoryError e, int arriving) {
        int had = buffer.size();
        buffer.clear();
        OutOfMemoryError clear = new OutOfMemoryError("the heap cannot hold " + had + " + " + arriving
                + " bytes received by " + this + "; the connection is aborted: read in chunks, bound the"
                + " upload with readToEof(maxBytes), or give the JVM more heap (-Xmx)");
        clear.initCause(e);
        return clear;
    }

    /** As {@link #feedData(ByteBuffer)}, for tests. */
    void feedData(byte[] data) {
        buffer.append(data);
        afterFeed();
    }

    /** The peer sent EOF (or the connection closed cleanly). */
    void feedEof() {
        eof = true;
        wakeWaiter();
    }

    /** The connection failed: pending and later reads fail with {@code e}. */
    void setException(Throwable e) {
        exception = e;
        buffer.clear(); // no read can return them any more; free the memory now
        Future<Object> w = waiter;
        waiter = null;
        retry = null;
        if (w != null && !w.done()) {
            w.setException(e);
        }
    }

    private void afterFeed() {
        wakeWaiter();
        updateFlow();
    }

    /**
     * asyncio's flow control with hysteresis: stop reading the socket above twice the limit,
     * read again at or below the limit, and always while a read waits for more (read() to EOF,
     * readexactly of more than twice the limit).
     */
    private void updateFlow() {
        if (transport == null) {
            return;
        }
        if ((waiter != null && !waiter.done()) || buffer.size() <= limit) {
            transport.resumeReading();
        } else if (buffer.size() > 2 * limit) {
            transport.pauseReading();
        }
    }

    // ---- waiting ----

    /**
     * Runs {@code attempt} now; if it returns null (not enough data yet), keeps it as the waiter's
     * retry and runs it again whenever data or EOF arrives. An exception it throws fails the future.
     */
    @SuppressWarnings("unchecked")
    private <T> Future<T> whenReady(Supplier<Object> attempt) {
        if (waiter != null && !waiter.done()) {
            throw new IllegalStateException("read called while another coroutine is already waiting for incoming data");
        }
        Future<Object> f = loop.createFuture();
        if (exception != null) {
            f.setException(exception);
            return (Future<T>) f;
        }
        if (!settle(f, attempt)) {
            waiter = f;
            retry = attempt;
        }
        updateFlow();
        return (Future<T>) f;
    }

    private void wakeWaiter() {
        Future<Object> w = waiter;
        if (w == null) {
            return;
        }
        if (w.done()) { // cancelled by its awaiter: the data stays buffered
            waiter = null;
            retry = null;
            return;
        }
        if (settle(w, retry)) {
            waiter = null;
            retry = null;
        }
    }

    /**
     * Tries once; true if {@code f} is now complete. An {@link OutOfMemoryError} (copying the bytes
     * out) fails the read too: the bytes stay in the buffer.
     */
    private static boolean settle(Future<Object> f, Supplier<Object> attempt) {
        Object r;
        try {
            r = attempt.get();
        } catch (RuntimeException | OutOfMemoryError e) {
            f.setException(e);
            return true;
        }
        if (r == null) {
            return false;
        }
        f.setResult(r);
        return true;
    }

    /** The attempt of readuntil: the chunk, or null to wait; throws as asyncio does. */
    private byte[] tryReaduntil(byte[] sep) {
        int offset = 0;
        int found = buffer.indexOf(sep, offset);
        if (found >= 0) {
            if (found > limit) {
                throw new LimitOverrunError("Separator is found, but chunk is longer than limit", found);
            }
            return buffer.take(found + sep.length);
        }
        offset = Math.max(0, buffer.size() + 1 - sep.length);
        if (offset > limit) {
            throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
        if (eof) {
            throw new IncompleteReadError(buffer.takeAll(), null);
        }
        return null;
    }

    private Future<byte[]> completed(byte[] value) {
        Future<byte[]> f = loop.createFuture();
        f.setResult(value);
        return f;
    }
}
