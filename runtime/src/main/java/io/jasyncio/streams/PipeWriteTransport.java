package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A child process's stdin behind a {@link StreamWriter}. The pipe is not selectable (see {@link
 * PipeReadTransport}), so writes are queued and a daemon thread writes them to the pipe, blocking
 * as long as the child does not read; the loop counts the bytes queued and {@link #drain()} waits
 * above 64 KiB until they fall to 16 KiB, as a socket's. Closing (or {@link #writeEof()}) closes
 * the pipe after the queued bytes: the child reads EOF. If the child has exited, the write fails
 * with the pipe's {@code IOException} (asyncio's {@code BrokenPipeError}): the next drain
 * raises it and later writes are dropped.
 */
final class PipeWriteTransport implements Transport {
    private static final int HIGH_WATER = 64 * 1024;
    private static final int LOW_WATER = HIGH_WATER / 4;
    /** Queued after the last chunk: close the pipe. */
    private static final byte[] END = new byte[0];

    private final EventLoop loop;
    private final OutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Future<Void> closed;
    private final List<Future<Void>> drainWaiters = new ArrayList<>(1);
    private final Thread thread;
    /** Bytes queued and not yet written to the pipe; loop thread only. */
    private long buffered;

    private boolean closing;
    private RuntimeException error;

    PipeWriteTransport(EventLoop loop, OutputStream out, String name) {
        this.loop = loop;
        this.out = out;
        this.closed = loop.createFuture();
        this.thread = new Thread(this::pump, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void pump() {
        try {
            while (true) {
                byte[] chunk = queue.take();
                if (chunk == END) {
                    break;
                }
                out.write(chunk);
                out.flush();
                int n = chunk.length;
                onLoop(() -> written(n));
            }
            out.close();
            onLoop(() -> finished(null));
        } catch (IOException e) {
            closeQuietly();
            // The JDK closes a child's stdin when the child exits: "Stream closed", or "Broken pipe".
            onLoop(() -> finished(new UncheckedIOException(
                    "cannot write to the child's stdin (" + e.getMessage() + "): the child closed it or exited", e)));
        } catch (InterruptedException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // broken already
        }
    }

    private void onLoop(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException loopClosed) {
            // nobody waits any more
        }
    }

    private void written(int n) {
        buffered -= n;
        if (buffered <= LOW_WATER) {
            wakeDrainWaiters(null);
        }
    }

    private void finished(RuntimeException e) {
        error = e;
        closing = true;
        buffered = 0;
        queue.clear();
        wakeDrainWaiters(e);
        if (!closed.done()) {
            if (e != null) {
                closed.setException(e);
            } else {
                closed.setResult(null);
            }
        }
    }

    private void wakeDrainWaiters(RuntimeException e) {
        for (Future<Void> w : drainWaiters) {
            if (!w.done()) {
                if (e != null) {
                    w.setException(e);
                } else {
                    w.setResult(null);
                }
            }
        }
        drainWaiters.clear();
    }

    @Override
    public StreamReader reader() {
        return null;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (length == 0 || error != null) {
            return; // dropped once the pipe broke, as a lost socket's writes
        }
        if (closing) {
            throw new IllegalStateException("write() after writeEof() or close() of a child's stdin");
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        buffered += length;
        queue.add(copy);
    }

    @Override
    public Future<Void> drain() {
        Future<Void> f = loop.createFuture();
        if (error != null) {
            f.setException(error);
        } else if (buffered > HIGH_WATER) {
            drainWaiters.add(f);
        } else {
            f.setResult(null);
        }
        return f;
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void writeEof() {
        close();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(END);
    }

    /** Drops what is queued and closes the pipe now. */
    @Override
    public void abort() {
        closing = true;
        queue.clear();
        queue.add(END);
        closeQuietly(); // unblocks a write the child does not read
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Future<Void> closed() {
        return closed;
    }

    @Override
    public void pauseReading() {}

    @Override
    public void resumeReading() {}

    @Override
    public Object extraInfo(String name) {
        return null;
    }

    @Override
    public String toString() {
        return "<PipeWriteTransport " + thread.getName() + " buffered=" + buffered + ">";
    }
}
