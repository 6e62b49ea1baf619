package io.jasyncio;

import java.nio.channels.SelectionKey;

/**
 * The reader and writer callbacks of one channel registered with the loop's selector (the
 * key's attachment). A channel has one key per selector, so both directions share it; for a
 * server channel "readable" means acceptable, for a connecting socket "writable" means connectable.
 */
final class ChannelWatch {
    private final int readOps;
    private final int writeOps;
    /**
     * The queued form of each callback, made once per addReader/addWriter: asyncio's handle of
     * add_reader, which _process_events puts in the ready queue each time the channel is ready;
     * replacing or removing the callback cancels it, so an event already queued does not run it.
     */
    QueuedCallback reader;

    QueuedCallback writer;

    ChannelWatch(int validOps) {
        this.readOps = validOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        this.writeOps = validOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
    }

    /** Sets (or, with null, removes) the reader or the writer, cancelling the one it replaces. */
    void set(boolean read, QueuedCallback handle) {
        QueuedCallback old = read ? reader : writer;
        if (old != null) {
            old.cancel();
        }
        if (read) {
            reader = handle;
        } else {
            writer = handle;
        }
    }

    int interestOps() {
        return (reader != null ? readOps : 0) | (writer != null ? writeOps : 0);
    }
}
