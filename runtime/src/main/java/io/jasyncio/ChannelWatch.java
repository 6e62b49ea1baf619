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
    Runnable reader;
    Runnable writer;

    ChannelWatch(int validOps) {
        this.readOps = validOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        this.writeOps = validOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
    }

    int interestOps() {
        return (reader != null ? readOps : 0) | (writer != null ? writeOps : 0);
    }
}
