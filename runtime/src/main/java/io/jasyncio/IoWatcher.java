package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;

/**
 * The loop's I/O watching: one {@link Selector}, and a {@link ChannelWatch} (the reader and
 * writer callbacks) attached to the key of each watched channel. The loop asks it to wait for
 * readiness once per pass ({@link #select}); each callback of a ready channel is handed to
 * {@link EventLoop#ioReady}, which queues them. Used from the loop's thread only, except {@link #wakeup}.
 */
final class IoWatcher {
    private final EventLoop loop;
    private final Selector selector;

    IoWatcher(EventLoop loop) {
        this.loop = loop;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event loop's selector", e);
        }
    }

    /** Sets the reader ({@code read}) or the writer callback of {@code channel}, registering it on first use. */
    void watch(SelectableChannel channel, Runnable callback, boolean read) {
        try {
            SelectionKey key = channel.keyFor(selector);
            ChannelWatch watch;
            if (key == null) {
                channel.configureBlocking(false);
                watch = new ChannelWatch(channel.validOps());
                key = channel.register(selector, 0, watch);
            } else if (!key.isValid()) {
                // Keys are only cancelled by closing the channel (unwatch keeps them, see there).
                throw new ClosedChannelException();
            } else {
                watch = (ChannelWatch) key.attachment();
            }
            QueuedCallback handle = new QueuedCallback(callback);
            handle.context = Context.snapshot(loop);
            watch.set(read, handle);
            key.interestOps(watch.interestOps());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch channel " + channel, e);
        }
    }

    /** Clears the reader ({@code read}) or the writer callback of {@code channel}; true if it had one. */
    boolean unwatch(SelectableChannel channel, boolean read) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            return false;
        }
        ChannelWatch watch = (ChannelWatch) key.attachment();
        boolean had = read ? watch.reader != null : watch.writer != null;
        watch.set(read, null);
        // The key stays registered with no interest rather than being cancelled: re-registering a
        // cancelled key needs a selectNow(), which would disturb the selected-key set mid-iteration
        // (as Netty does, keys go away when the channel closes).
        key.interestOps(watch.interestOps());
        return had;
    }

    /**
     * Waits for I/O readiness (0: poll without blocking, negative: until woken, positive: at most
     * that many nanoseconds) and hands the callbacks of the ready channels to the loop.
     */
    void select(long timeoutNanos) {
        try {
            if (timeoutNanos == 0) {
                // Work is ready: poll for I/O only if some channel is watched. selectNow() is a
                // system call, several times the cost of a whole pass without it.
                if (!selector.keys().isEmpty()) {
                    selector.selectNow();
                }
            } else if (timeoutNanos < 0) {
                selector.select();
            } else {
                // select(ms) with 0 would block forever; a timer due in under 1 ms waits 1 ms.
                selector.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
            // Not "if select returned > 0": a key still in the selected set from an earlier pass
            // is not counted again by select, yet is ready (JDK SelectorImpl.processReadyEvents).
            if (!selector.selectedKeys().isEmpty()) {
                processSelectedKeys();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("event loop selector failed", e);
        }
    }

    private void processSelectedKeys() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid() || !(key.attachment() instanceof ChannelWatch)) {
                continue;
            }
            ChannelWatch watch = (ChannelWatch) key.attachment();
            int ready = key.readyOps();
            if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && watch.reader != null) {
                loop.ioReady(watch.reader);
            }
            if (key.isValid()
                    && (ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0
                    && watch.writer != null) {
                loop.ioReady(watch.writer);
            }
        }
    }

    /** True if some channel is watched for reading or writing (keys kept with no interest do not count). */
    boolean watching() {
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.interestOps() != 0) {
                return true;
            }
        }
        return false;
    }

    /** Makes a blocked (or the next) {@link #select} return at once; any thread may call it. */
    void wakeup() {
        selector.wakeup();
    }

    /** Releases the selector; watched channels stay open (their owners close them). */
    void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
