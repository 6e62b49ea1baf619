package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A child process's output pipe (stdout or stderr) feeding a {@link StreamReader}. The JDK gives
 * no selectable channel for a {@link Process}'s pipes, so a daemon thread blocks in {@code read}
 * and hands each chunk to the loop with {@code callSoonThreadsafe}; the loop thread never
 * blocks. Flow control: when the reader pauses, the thread finishes the read it is in and then
 * waits until the reader resumes, so at most one chunk more than the reader's bound is held.
 */
final class PipeReadTransport implements Transport {
    private static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final InputStream in;
    private final StreamReader reader;
    private final Future<Void> closed;
    private final Thread thread;
    private final Object pauseLock = new Object();
    private boolean paused; // guarded by pauseLock
    private boolean closing; // guarded by pauseLock

    PipeReadTransport(EventLoop loop, InputStream in, String name) {
        this.loop = loop;
        this.in = in;
        this.reader = new StreamReader(loop, StreamReader.DEFAULT_LIMIT);
        this.closed = loop.createFuture();
        reader.setTransport(this);
        this.thread = new Thread(this::pump, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The pipe thread: read, hand over, wait while paused; until EOF, an error or close. */
    private void pump() {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                synchronized (pauseLock) {
                    while (paused && !closing) {
                        pauseLock.wait();
                    }
                    if (closing) {
                        break;
                    }
                }
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                if (!onLoop(() -> reader.feedData(ByteBuffer.wrap(chunk)))) {
                    return;
                }
            }
            onLoop(this::ended);
        } catch (IOException e) {
            onLoop(() -> lost(new UncheckedIOException(e)));
        } catch (InterruptedException e) {
            onLoop(this::ended);
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // the pipe is done either way
            }
        }
    }

    /** Runs {@code r} on the loop; false if the loop is closed (nobody reads any more). */
    private boolean onLoop(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
            return true;
        } catch (IllegalStateException loopClosed) {
            return false;
        }
    }

    private void ended() {
        reader.feedEof();
        if (!closed.done()) {
            closed.setResult(null);
        }
    }

    private void lost(RuntimeException e) {
        reader.setException(e);
        if (!closed.done()) {
            closed.setException(e);
        }
    }

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public void pauseReading() {
        synchronized (pauseLock) {
            paused = true;
        }
    }

    @Override
    public void resumeReading() {
        synchronized (pauseLock) {
            if (paused) {
                paused = false;
                pauseLock.notifyAll();
            }
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        throw new UnsupportedOperationException("an output pipe of a child process is read, not written");
    }

    @Override
    public Future<Void> drain() {
        throw new UnsupportedOperationException("an output pipe of a child process is read, not written");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("an output pipe of a child process is read, not written");
    }

    /** Stops reading: the pipe is closed (the child may get SIGPIPE if it writes more). */
    @Override
    public void close() {
        synchronized (pauseLock) {
            closing = true;
            pauseLock.notifyAll();
        }
        try {
            in.close(); // unblocks a read in progress
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        synchronized (pauseLock) {
            return closing || closed.done();
        }
    }

    @Override
    public Future<Void> closed() {
        return closed;
    }

    @Override
    public Object extraInfo(String name) {
        return null;
    }

    @Override
    public String toString() {
        return "<PipeReadTransport " + thread.getName() + ">";
    }
}
