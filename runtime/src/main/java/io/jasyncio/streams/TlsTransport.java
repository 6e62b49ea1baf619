package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TLS over a {@link SocketTransport}, with an {@link SSLEngine}: asyncio's {@code SSLProtocol} and
 * its app transport in one. The socket hands it the encrypted bytes ({@link Receiver}); it hands
 * the reader the decrypted ones and the socket the encrypted writes.
 *
 * <p>Lifecycle: handshaking (app writes are kept until the handshake is done; a timer aborts a
 * handshake that stalls), then open, then closing ({@link #close()}: a {@code close_notify} is
 * sent after the buffered writes and the socket closes once they are flushed; TLS 1.3 does not
 * require waiting for the peer's), then lost when the socket is. The peer's {@code close_notify}
 * is the reader's EOF; the socket's EOF without one (a "ragged" EOF) is EOF too, as Python's
 * {@code suppress_ragged_eofs}, except during the handshake, where it fails it. A TLS error
 * (garbage, a bad certificate, a protocol violation) aborts the socket with an {@link
 * UncheckedIOException} wrapping the {@link SSLException}.
 *
 * <p>Back-pressure is the socket's: records are wrapped as soon as the app writes, and {@link
 * #drain()} waits on the socket's write buffer of encrypted bytes. Reading is paused and resumed
 * on the socket. Delegated tasks of the engine (certificate checks) run on the loop thread.
 */
final class TlsTransport implements Transport, Receiver {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final EventLoop loop;
    private final SocketTransport socket;
    private final StreamReader reader;
    private final SSLEngine engine;
    private final Future<Void> handshake;
    /** Encrypted bytes received and not yet unwrapped, in write mode (data from 0 to position). */
    private ByteBuffer netIn;
    /** Decrypted bytes of one unwrap. */
    private ByteBuffer appIn;
    /** Encrypted bytes of one wrap. */
    private ByteBuffer netOut;
    /** App writes made during the handshake, sent once it is done. */
    private final ArrayDeque<ByteBuffer> early = new ArrayDeque<>();

    private TimerHandle handshakeTimer;
    private boolean handshaking = true;
    private boolean closing;
    /** Inside pump(): a nested call (wrap writes reaching a failure) just returns. */
    private boolean pumping;

    private TlsTransport(EventLoop loop, SocketTransport socket, StreamReader reader, SSLEngine engine) {
        this.loop = loop;
        this.socket = socket;
        this.reader = reader;
        this.engine = engine;
        this.handshake = loop.createFuture();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packet);
    }

    /**
     * Starts TLS on {@code socket}: from now on it hands its bytes here, and bytes its reader
     * buffered but did not hand out are taken as the first TLS bytes.
     *
     * @param serverHostname checked against the server's certificate and sent as SNI (client side only; null: no check)
     */
    static TlsTransport over(
            SocketTransport socket,
            SSLContext context,
            boolean serverSide,
            String serverHostname,
            double handshakeTimeoutSeconds) {
        SSLEngine engine;
        if (serverSide || serverHostname == null) {
            engine = context.createSSLEngine();
        } else {
            int port = socket.extraInfo("peername") instanceof java.net.InetSocketAddress a ? a.getPort() : -1;
            engine = context.createSSLEngine(serverHostname, port);
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            engine.setSSLParameters(params);
        }
        engine.setUseClientMode(!serverSide);
        StreamReader reader = socket.reader();
        TlsTransport tls = new TlsTransport(socket.loop(), socket, reader, engine);
        byte[] early = reader.takeBuffered();
        reader.setTransport(tls);
        socket.setReceiver(tls);
        tls.handshakeTimer =
                socket.loop().callLater(handshakeTimeoutSeconds, () -> tls.handshakeTimedOut(handshakeTimeoutSeconds));
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            tls.fail(e);
            return tls;
        }
        if (early.length > 0) {
            tls.dataReceived(ByteBuffer.wrap(early));
        } else {
            tls.pump();
        }
        return tls;
    }

    /** Completes when the handshake is done; fails (and the socket is aborted) if it fails. */
    Future<Void> handshake() {
        return handshake;
    }

    SocketTransport socket() {
        return socket;
    }

    // ---- the socket's side (Receiver) ----

    @Override
    public void dataReceived(ByteBuffer data) {
        int need = netIn.position() + data.remaining();
        if (need > netIn.capacity()) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(need, 2 * netIn.capacity()));
            netIn.flip();
            grown.put(netIn);
            netIn = grown;
        }
        netIn.put(data);
        pump();
    }

    @Override
    public void eofReceived() {
        if (handshaking) {
            fail(new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
            return;
        }
        if (!engine.isInboundDone()) {
            try {
                engine.closeInbound();
            } catch (SSLException raggedEof) {
                // EOF without close_notify: taken as EOF (see the class comment)
            }
            reader.feedEof();
        }
    }

    @Override
    public void connectionLost(Throwable exception) {
        cancelTimer();
        if (handshaking) {
            handshaking = false;
            Throwable e = exception != null
                    ? exception
                    : new UncheckedIOException(
                            new SSLHandshakeException("the connection closed during the TLS handshake"));
            if (!handshake.done()) {
                handshake.setException(e);
            }
        }
        early.clear();
        if (exception != null) {
            reader.setException(exception);
        } else {
            reader.feedEof();
        }
    }

    // ---- the engine ----

    /**
     * Drives the engine as far as the bytes at hand allow: runs its tasks, sends what it must
     * wrap, unwraps what arrived (handing app data to the reader), notices the end of the
     * handshake. Returns when it needs more bytes from the peer.
     */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!socket.isLost()) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                        task.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    if (!wrap(EMPTY)) {
                        break;
                    }
                } else {
                    if (hs == HandshakeStatus.NOT_HANDSHAKING && handshaking) {
                        handshakeDone();
                        continue;
                    }
                    if (!unwrapOnce()) {
                        break;
                    }
                }
            }
        } catch (SSLException | RuntimeException e) {
            fail(e);
        } finally {
            pumping = false;
        }
    }

    /** One unwrap of the bytes received; false when more bytes are needed (or the peer closed). */
    private boolean unwrapOnce() throws SSLException {
        if (engine.isInboundDone()) {
            return false;
        }
        netIn.flip();
        SSLEngineResult r;
        try {
            appIn.clear();
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW:
                appIn = ByteBuffer.allocate(
                        Math.max(2 * appIn.capacity(), engine.getSession().getApplicationBufferSize()));
                return true;
            case BUFFER_UNDERFLOW:
                int packet = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() < packet) {
                    netIn = ByteBuffer.allocate(packet).put(netIn.flip());
                }
                return false;
            case CLOSED:
                // The peer's close_notify: EOF for the reader; the engine may want to answer it (NEED_WRAP).
                deliver();
                reader.feedEof();
                return engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
            default:
                deliver();
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        }
    }

    private void deliver() {
        appIn.flip();
        if (appIn.hasRemaining()) {
            reader.feedData(appIn);
        }
    }

    /** Wraps all of {@code src} (or one handshake or close message) and hands the records to the socket; false if nothing came out. */
    private boolean wrap(ByteBuffer src) throws SSLException {
        boolean produced = false;
        do {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(
                        Math.max(2 * netOut.capacity(), engine.getSession().getPacketBufferSize()));
                continue;
            }
            if (r.bytesProduced() > 0) {
                produced = true;
                socket.write(netOut.array(), 0, netOut.position());
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED || r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
        } while (src.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && src == EMPTY);
        return produced;
    }

    private void handshakeDone() throws SSLException {
        handshaking = false;
        cancelTimer();
        while (!early.isEmpty()) {
            wrap(early.poll());
        }
        if (!handshake.done()) {
            handshake.setResult(null);
        }
        if (closing) {
            sendCloseNotify();
        }
    }

    private void handshakeTimedOut(double seconds) {
        if (handshaking) {
            fail(new SSLHandshakeException(String.format(
                    Locale.ROOT,
                    "SSL handshake is taking longer than %.1f seconds: aborting the connection",
                    seconds)));
        }
    }

    /** A TLS error: the handshake (if pending), the reads and the drains fail with it, and the socket goes. */
    private void fail(Exception e) {
        RuntimeException wrapped = e instanceof SSLException
                ? new UncheckedIOException((SSLException) e)
                : e instanceof RuntimeException ? (RuntimeException) e : new UncheckedIOException(new SSLException(e));
        cancelTimer();
        if (handshaking) {
            handshaking = false;
            if (!handshake.done()) {
                handshake.setException(wrapped);
            }
        }
        engine.closeOutbound();
        socket.abort(wrapped);
    }

    private void cancelTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    private void sendCloseNotify() {
        engine.closeOutbound();
        try {
            wrap(EMPTY);
        } catch (SSLException e) {
            // the close_notify could not be made: close without it
        }
        socket.close();
    }

    // ---- the app's side (Transport) ----

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (length == 0 || socket.isLost()) {
            return; // dropped once lost, as the socket's writes
        }
        if (closing) {
            throw new IllegalStateException("write() after close() of a TLS connection");
        }
        if (handshaking) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            early.add(ByteBuffer.wrap(copy));
            return;
        }
        try {
            wrap(ByteBuffer.wrap(data, offset, length));
        } catch (SSLException e) {
            fail(e);
        }
    }

    @Override
    public Future<Void> drain() {
        if (!handshaking) {
            return socket.drain();
        }
        // Writes wait for the handshake: so does drain, then it is the socket's.
        Future<Void> f = loop.createFuture();
        handshake.addDoneCallback(h -> {
            if (f.done()) {
                return;
            }
            if (h.exception() != null) {
                f.setException(h.exception());
                return;
            }
            socket.drain().addDoneCallback(d -> {
                if (f.done()) {
                    return;
                }
                if (d.cancelled()) {
                    f.cancel();
                } else if (d.exception() != null) {
                    f.setException(d.exception());
                } else {
                    f.setResult(null);
                }
            });
        });
        return f;
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("TLS cannot half-close a connection: close() it instead");
    }

    @Override
    public void close() {
        if (closing || socket.isClosing()) {
            return;
        }
        closing = true;
        if (handshaking) {
            // Nothing was sent as TLS data yet: let the handshake finish (the writes kept go after it),
            // then close_notify; the handshake timer bounds it.
            return;
        }
        sendCloseNotify();
    }

    @Override
    public void abort() {
        socket.abort();
    }

    @Override
    public boolean isClosing() {
        return closing || socket.isClosing();
    }

    @Override
    public Future<Void> closed() {
        return socket.closed();
    }

    @Override
    public void pauseReading() {
        socket.pauseReading();
    }

    @Override
    public void resumeReading() {
        socket.resumeReading();
    }

    @Override
    public Object extraInfo(String name) {
        switch (name) {
            case "ssl_object":
                return engine;
            case "cipher":
                return engine.getSession().getCipherSuite();
            case "peercert":
                try {
                    return engine.getSession().getPeerCertificates();
                } catch (SSLPeerUnverifiedException none) {
                    return null;
                }
            default:
                return socket.extraInfo(name);
        }
    }

    @Override
    public String toString() {
        return "<TlsTransport " + engine.getSession().getProtocol() + (handshaking ? " handshaking" : "")
                + (closing ? " closing" : "") + " over " + socket + ">";
    }
}
