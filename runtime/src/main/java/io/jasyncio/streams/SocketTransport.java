package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connected, non-blocking socket on the loop's selector; asyncio's {@code
 * _SelectorSocketTransport} and {@code StreamReaderProtocol} in one. It reads into its {@link
 * StreamReader}, buffers writes that the socket does not take at once, and tells writers when to
 * wait ({@link #drain()}).
 *
 * <p>Lifecycle: open, then closing ({@link #close()}: no more reads, buffered writes still
 * flushed), then lost (socket closed, {@link #closed()} done). A failure (reset, broken pipe)
 * goes straight to lost with the exception. Every callback runs on the loop thread.
 */
final class SocketTransport implements Transport {
    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = HIGH_WATER / 4;
    private static final int READ_SIZE = 64 * 1024;
    /** One read buffer per loop thread: the bytes are copied into the reader at once. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_SIZE));

    private final EventLoop loop;
    private final SocketChannel channel;
    private final StreamReader reader;
    /** Where received bytes go: the reader, or a TLS session over this socket. */
    private Receiver receiver;

    private Transport upper = this;

    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final Future<Void> closed;
    private final List<Future<Void>> drainWaiters = new ArrayList<>(1);
    private Consumer<SocketTransport> onLost;
    private long buffered;
    private boolean readingPaused;
    private boolean peerEof;
    private boolean writingPaused;
    private boolean eofRequested;
    private boolean closing;
    private boolean lost;
    private Throwable lostWith;

    SocketTransport(EventLoop loop, SocketChannel channel, StreamReader reader) {
        this.loop = loop;
        this.channel = channel;
        this.reader = reader;
        this.closed = loop.createFuture();
        this.receiver = reader.receiver();
        reader.setTransport(this);
    }

    /** What the connection's writer drives: this socket, or the TLS session over it (for a server's closeClients). */
    Transport upper() {
        return upper;
    }

    /** From now on received bytes go to {@code receiver} (a TLS session starting over this socket). */
    void setReceiver(Receiver receiver) {
        this.receiver = receiver;
        this.upper = receiver instanceof Transport ? (Transport) receiver : this;
    }

    /** Starts reading; {@code onLost} runs once when the socket is closed. */
    void start(Consumer<SocketTransport> onLost) {
        this.onLost = onLost;
        loop.addReader(channel, this::onReadable);
    }

    EventLoop loop() {
        return loop;
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    /** True once the socket is closed. */
    boolean isLost() {
        return lost;
    }

    @Override
    public boolean isClosing() {
        return closing || lost;
    }

    /** Completes when the socket is closed: normally, or with the exception of a failed connection. */
    @Override
    public Future<Void> closed() {
        return closed;
    }

    long bufferedBytes() {
        return buffered;
    }

    // ---- reading ----

    private void onReadable() {
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n > 0) {
            buf.flip();
            try {
                receiver.dataReceived(buf);
            } catch (LimitOverrunError | OutOfMemoryError e) {
                // The chunk could not be kept: the stream has a hole now, so it must end here,
                // loudly, never go on as if nothing was lost.
                lose(e);
            }
        } else if (n < 0) {
            // Half-close: keep the socket open for writing (asyncio's eof_received returning True).
            peerEof = true;
            loop.removeReader(channel);
            receiver.eofReceived();
        }
    }

    @Override
    public void pauseReading() {
        if (!readingPaused && !closing && !lost && !peerEof) {
            readingPaused = true;
            loop.removeReader(channel);
        }
    }

    @Override
    public void resumeReading() {
        if (readingPaused && !closing && !lost && !peerEof) {
            readingPaused = false;
            loop.addReader(channel, this::onReadable);
        }
    }

    // ---- writing ----

    @Override
    public void write(byte[] data, int offset, int length) {
        if (eofRequested) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (length == 0 || lost) {
            return; // asyncio drops writes to a lost connection too
        }
        if (pending.isEmpty()) {
            ByteBuffer direct = ByteBuffer.wrap(data, offset, length);
            try {
                channel.write(direct);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (!direct.hasRemaining()) {
                return;
            }
            offset = direct.position();
            length = direct.remaining();
            loop.addWriter(channel, this::onWritable);
        }
        // The caller may reuse its array: keep a copy.
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        pending.add(ByteBuffer.wrap(copy));
        buffered += length;
        if (!writingPaused && buffered > HIGH_WATER) {
            writingPaused = true;
        }
    }

    private void onWritable() {
        try {
            while (!pending.isEmpty()) {
                ByteBuffer[] bufs = pending.toArray(new ByteBuffer[0]);
                long n = channel.write(bufs);
                buffered -= n;
                while (!pending.isEmpty() && !pending.peek().hasRemaining()) {
                    pending.poll();
                }
                if (n == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (writingPaused && buffered <= LOW_WATER) {
            writingPaused = false;
            wakeDrainWaiters(null);
        }
        if (pending.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                lose(null);
            } else if (eofRequested) {
                shutdownOutput();
            }
        }
    }

    /** What {@link StreamWriter#drain()} returns: done at once unless above the high-water mark. */
    @Override
    public Future<Void> drain() {
        Future<Void> f = loop.createFuture();
        if (lost) {
            f.setException(lostWith != null ? lostWith : connectionLost());
        } else if (writingPaused) {
            drainWaiters.add(f);
        } else {
            f.setResult(null);
        }
        return f;
    }

    @Override
    public void writeEof() {
        if (closing || lost || eofRequested) {
            return;
        }
        eofRequested = true;
        if (pending.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fail(e);
        }
    }

    // ---- closing ----

    /** Stops reading; closes the socket once the buffered writes are flushed. Idempotent. */
    @Override
    public void close() {
        if (closing || lost) {
            return;
        }
        closing = true;
        loop.removeReader(channel);
        if (pending.isEmpty()) {
            loop.callSoon(() -> lose(null));
        }
    }

    /** Closes at once, dropping buffered writes. */
    @Override
    public void abort() {
        lose(null);
    }

    /** Closes at once with {@code exception}: the reader's reads and the writer's drain fail with it. */
    void abort(Throwable exception) {
        lose(exception);
    }

    private void fail(IOException e) {
        lose(new UncheckedIOException(e));
    }

    private void lose(Throwable exception) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        lostWith = exception;
        pending.clear();
        buffered = 0;
        loop.removeReader(channel);
        loop.removeWriter(channel);
        try {
            // Registered with the selector, the descriptor is released when the loop's next
            // select deregisters the cancelled key (the JDK defers the close until then).
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        receiver.connectionLost(exception);
        wakeDrainWaiters(exception != null ? exception : connectionLost());
        if (exception != null) {
            closed.setException(exception);
        } else {
            closed.setResult(null);
        }
        if (onLost != null) {
            onLost.accept(this);
        }
    }

    private void wakeDrainWaiters(Throwable error) {
        for (Future<Void> w : drainWaiters) {
            if (!w.done()) {
                if (error != null) {
                    w.setException(error);
                } else {
                    w.setResult(null);
                }
            }
        }
        drainWaiters.clear();
    }

    private static UncheckedIOException connectionLost() {
        return new UncheckedIOException(new SocketException("Connection lost"));
    }

    @Override
    public Object extraInfo(String name) {
        switch (name) {
            case "peername":
                return address(true);
            case "sockname":
                return address(false);
            case "socket":
                return channel;
            default:
                return null;
        }
    }

    private java.net.SocketAddress address(boolean remote) {
        try {
            return remote ? channel.getRemoteAddress() : channel.getLocalAddress();
        } catch (IOException closedAlready) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "<SocketTransport " + channel + (lost ? " lost" : closing ? " closing" : "") + " buffered=" + buffered
                + ">";
    }
}
