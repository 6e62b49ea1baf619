package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * One {@link Streams#openConnection}: a non-blocking connect to each address in turn until one
 * accepts. The loop reports a connecting socket ready through its writer callback.
 */
final class Connector {
    private final EventLoop loop;
    /** Where to connect, in turn: Internet addresses with their port, or one Unix socket path. */
    private final List<SocketAddress> targets;

    private final int limit;
    private final Future<Connection> result;
    /** TLS to start once connected, or null for plain TCP; and the name the server's certificate must match. */
    private final SSLContext ssl;

    private final String serverHostname;
    private int index;
    private SocketChannel channel;

    Connector(
            EventLoop loop,
            List<InetAddress> addresses,
            int port,
            int limit,
            Future<Connection> result,
            SSLContext ssl,
            String serverHostname) {
        this(loop, withPort(addresses, port), limit, result, ssl, serverHostname);
    }

    Connector(
            EventLoop loop,
            List<SocketAddress> targets,
            int limit,
            Future<Connection> result,
            SSLContext ssl,
            String serverHostname) {
        this.ssl = ssl;
        this.serverHostname = serverHostname;
        this.loop = loop;
        this.targets = targets;
        this.limit = limit;
        this.result = result;
        result.addDoneCallback(f -> {
            if (f.cancelled()) {
                abandon();
            }
        });
    }

    /** Tries the next address; {@code previous} is why the last one failed (null at first). */
    void next(IOException previous) {
        if (result.done()) {
            return;
        }
        if (index >= targets.size()) {
            IOException e = previous != null ? previous : new ConnectException("no address for the host");
            result.setException(new UncheckedIOException(e));
            return;
        }
        SocketAddress target = targets.get(index++);
        try {
            channel = target instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
            channel.configureBlocking(false);
            if (channel.connect(target)) {
                connected();
            } else {
                loop.addWriter(channel, this::finish);
            }
        } catch (IOException e) {
            closeChannel();
            next(e);
        }
    }

    private void finish() {
        try {
            if (!channel.finishConnect()) {
                return; // spurious wake-up: keep waiting
            }
        } catch (IOException e) {
            loop.removeWriter(channel);
            closeChannel();
            next(e);
            return;
        }
        connected();
    }

    private void connected() {
        if (result.done()) {
            abandon();
            return;
        }
        SocketTransport transport;
        try {
            transport = Streams.transport(loop, channel, limit);
        } catch (UncheckedIOException e) {
            loop.removeWriter(channel);
            closeChannel();
            next(e.getCause());
            return;
        }
        // Start reading before dropping the connect watch, so the channel's selection key stays
        // valid: re-registering a cancelled key makes the loop call selectNow() while it may be
        // iterating its selected keys.
        transport.start(t -> {});
        loop.removeWriter(channel);
        if (ssl == null) {
            result.setResult(new Connection(transport.reader(), new StreamWriter(transport, transport, false)));
            return;
        }
        TlsTransport tls =
                TlsTransport.over(transport, ssl, false, serverHostname, ServerOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT);
        tls.handshake().addDoneCallback(h -> {
            if (result.done()) { // cancelled meanwhile
                tls.abort();
            } else if (h.exception() != null) {
                result.setException(h.exception());
            } else {
                result.setResult(new Connection(tls.reader(), new StreamWriter(tls, transport, false)));
            }
        });
    }

    private static List<SocketAddress> withPort(List<InetAddress> addresses, int port) {
        List<SocketAddress> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }

    /** The attempt was cancelled: drop the socket being connected. */
    private void abandon() {
        if (channel != null && channel.isOpen()) {
            loop.removeWriter(channel);
            closeChannel();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
