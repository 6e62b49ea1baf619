package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A UDP socket on the loop's selector, with awaitable {@link #recvfrom()} and non-blocking {@link
 * #sendto}: asyncio's datagram endpoint ({@code create_datagram_endpoint}), in the shape of its
 * {@code sock_recvfrom}/{@code sock_sendto}. Made by {@link Streams#openDatagramEndpoint}.
 *
 * <pre>{@code
 * DatagramEndpoint udp = await(Streams.openDatagramEndpoint("127.0.0.1", 9999));
 * Datagram d = await(udp.recvfrom());
 * udp.sendto(d.data(), d.address()); // echo
 * }</pre>
 *
 * <p>Receiving: while the endpoint is open the socket is read as datagrams arrive, into a queue
 * of at most {@link #MAX_QUEUED} datagrams; {@link #recvfrom()} takes the oldest, or waits for
 * one. When the queue is full the endpoint stops reading the socket, and the system's receive
 * buffer takes the next datagrams; when that is full too the system drops them, as UDP does
 * (nothing tells the sender). A datagram longer than {@link #MAX_DATAGRAM} bytes is cut there by
 * the system. Only one {@code recvfrom} may wait at a time.
 *
 * <p>Sending: {@link #sendto} never blocks or suspends: a datagram the socket does not take at
 * once is kept, in order, and sent when the socket is writable; {@link #drain()} waits while more
 * than 64 KiB are kept. Each datagram is sent whole or not at all (UDP).
 *
 * <p>Errors: an ICMP error from a connected peer (port unreachable) fails the pending or next
 * {@code recvfrom} with an {@link UncheckedIOException} wrapping {@link
 * java.net.PortUnreachableException}; the endpoint stays open, as in asyncio's {@code
 * error_received}. Not thread-safe: use it from its loop only.
 */
public final class DatagramEndpoint implements AutoCloseable {
    /** The largest UDP payload over IPv4: longer datagrams are cut to this. */
    public static final int MAX_DATAGRAM = 65507;
    /** How many received datagrams are kept before the endpoint stops reading the socket. */
    public static final int MAX_QUEUED = 1024;

    private static final int HIGH_WATER = 64 * 1024;
    private static final int LOW_WATER = HIGH_WATER / 4;

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final SocketAddress remote;
    private final ArrayDeque<Datagram> received = new ArrayDeque<>();
    private final ArrayDeque<Datagram> unsent = new ArrayDeque<>();
    private final List<Future<Void>> drainWaiters = new ArrayList<>(1);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM + 1);
    private final Future<Void> closed;
    private Future<Datagram> waiter;
    private RuntimeException error;
    private long unsentBytes;
    private boolean reading;
    private boolean isClosed;

    DatagramEndpoint(EventLoop loop, DatagramChannel channel, SocketAddress remote) {
        this.loop = loop;
        this.channel = channel;
        this.remote = remote;
        this.closed = loop.createFuture();
        startReading();
    }

    /** The local address the socket is bound to (the real port when bound to port 0). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The peer given at creation, or null if the endpoint is not connected. */
    public SocketAddress remoteAddress() {
        return remote;
    }

    /** The channel, for socket options ({@code SO_RCVBUF}, {@code SO_BROADCAST}, ...). */
    public DatagramChannel channel() {
        return channel;
    }

    /**
     * The next datagram received: at once if one is queued, else when one arrives.
     *
     * @throws IllegalStateException if the endpoint is closed, or another recvfrom is pending
     */
    public Future<Datagram> recvfrom() {
        checkOpen();
        if (waiter != null && !waiter.done()) {
            throw new IllegalStateException(
                    "recvfrom called while another coroutine is already waiting for a datagram");
        }
        Future<Datagram> f = loop.createFuture();
        if (!received.isEmpty()) {
            f.setResult(received.poll());
            startReading();
        } else if (error != null) {
            f.setException(error);
            error = null;
        } else {
            waiter = f;
        }
        return f;
    }

    /** The number of received datagrams queued and not yet taken by {@link #recvfrom()}. */
    public int queued() {
        return received.size();
    }

    /**
     * Sends {@code data} as one datagram to {@code address} (copied if it must wait). On a
     * connected endpoint, {@code address} must be null or the peer.
     *
     * @throws IllegalArgumentException if {@code data} is longer than {@link #MAX_DATAGRAM}, or
     *     {@code address} is null on an endpoint that is not connected
     * @throws IllegalStateException if the endpoint is closed
     */
    public void sendto(byte[] data, SocketAddress address) {
        checkOpen();
        if (data.length > MAX_DATAGRAM) {
            throw new IllegalArgumentException(
                    "a datagram of " + data.length + " bytes is longer than UDP allows (" + MAX_DATAGRAM + ")");
        }
        SocketAddress target = address != null ? address : remote;
        if (target == null) {
            throw new IllegalArgumentException("sendto without an address on an endpoint that is not connected");
        }
        if (unsent.isEmpty() && trySend(ByteBuffer.wrap(data), target)) {
            return;
        }
        if (isClosed) {
            return; // failed in trySend
        }
        boolean first = unsent.isEmpty();
        unsent.add(new Datagram(data.clone(), target));
        unsentBytes += data.length;
        if (first) {
            loop.addWriter(channel, this::onWritable);
        }
    }

    /** Sends {@code data} to the peer of a connected endpoint; as {@link #sendto}. */
    public void send(byte[] data) {
        sendto(data, null);
    }

    /** Done at once unless more than 64 KiB wait to be sent; then once they drained to 16 KiB. */
    public Future<Void> drain() {
        Future<Void> f = loop.createFuture();
        if (isClosed) {
            f.setException(new UncheckedIOException(new SocketException("Datagram endpoint closed")));
        } else if (unsentBytes > HIGH_WATER) {
            drainWaiters.add(f);
        } else {
            f.setResult(null);
        }
        return f;
    }

    /** Closes the socket at once: datagrams not yet sent are dropped, a pending recvfrom fails. Idempotent. */
    @Override
    public void close() {
        if (isClosed) {
            return;
        }
        isClosed = true;
        loop.removeReader(channel);
        loop.removeWriter(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        UncheckedIOException gone = new UncheckedIOException(new SocketException("Datagram endpoint closed"));
        if (waiter != null && !waiter.done()) {
            waiter.setException(gone);
        }
        waiter = null;
        unsent.clear();
        unsentBytes = 0;
        for (Future<Void> w : drainWaiters) {
            if (!w.done()) {
                w.setException(gone);
            }
        }
        drainWaiters.clear();
        // The selector releases a registered channel's descriptor at its next select, which comes
        // before the callbacks of the next pass: from then on the port is free.
        loop.callSoon(() -> closed.setResult(null));
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return isClosed;
    }

    /** Completes once the endpoint is closed and its socket released (its port free), on the loop's next pass. */
    public Future<Void> waitClosed() {
        return closed;
    }

    // ---- the loop's side ----

    private void startReading() {
        if (!reading && !isClosed && received.size() < MAX_QUEUED) {
            reading = true;
            loop.addReader(channel, this::onReadable);
        }
    }

    /** Reads every datagram the socket has (up to the queue's bound). */
    private void onReadable() {
        while (received.size() < MAX_QUEUED) {
            readBuffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(readBuffer);
            } catch (IOException e) {
                deliverError(new UncheckedIOException(e));
                return;
            }
            if (from == null) {
                return;
            }
            readBuffer.flip();
            byte[] data = new byte[readBuffer.remaining()];
            readBuffer.get(data);
            Datagram d = new Datagram(data, from);
            Future<Datagram> w = waiter;
            if (w != null && !w.done()) {
                waiter = null;
                w.setResult(d);
            } else {
                waiter = null;
                received.add(d);
            }
        }
        reading = false;
        loop.removeReader(channel);
    }

    private void deliverError(RuntimeException e) {
        Future<Datagram> w = waiter;
        waiter = null;
        if (w != null && !w.done()) {
            w.setException(e);
        } else {
            error = e;
        }
    }

    private void onWritable() {
        while (!unsent.isEmpty()) {
            Datagram d = unsent.peek();
            if (!trySend(ByteBuffer.wrap(d.data()), d.address())) {
                return; // still full, or closed
            }
            unsent.poll();
            unsentBytes -= d.data().length;
        }
        loop.removeWriter(channel);
        if (unsentBytes <= LOW_WATER) {
            for (Future<Void> w : drainWaiters) {
                if (!w.done()) {
                    w.setResult(null);
                }
            }
            drainWaiters.clear();
        }
    }

    /** One send; false if the socket's buffer is full. A send error goes to the next recvfrom, as asyncio's error_received. */
    private boolean trySend(ByteBuffer data, SocketAddress target) {
        try {
            return channel.send(data, target) > 0 || !data.hasRemaining();
        } catch (IOException e) {
            deliverError(new UncheckedIOException(e));
            return true; // that datagram is gone; go on with the next
        }
    }

    private void checkOpen() {
        if (isClosed) {
            throw new IllegalStateException("datagram endpoint is closed: " + this);
        }
    }

    @Override
    public String toString() {
        return "<DatagramEndpoint " + channel + (isClosed ? " closed" : "") + " queued=" + received.size() + ">";
    }
}
