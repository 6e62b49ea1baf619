package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.ServerOptions;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bulk transfer over loopback: a client writes {@link #BYTES} bytes (64 KiB writes, each followed
 * by {@code drain()}); the server reads them all and answers one byte, which the client awaits. The
 * score is ms per transfer (16 MiB). jasyncio on one loop, plain TCP and TLS, over one
 * connection kept for the trial, beside the same transfer with blocking JDK sockets on two
 * platform threads ({@code Socket} and {@code SSLSocket}, the same SSL contexts, a connection and
 * a server thread per transfer). TLS uses a self-signed EC certificate made by keytool at
 * setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamThroughput {
    static final int BYTES = 16 * 1024 * 1024;
    static final int CHUNK = 64 * 1024;
    private static final String PASSWORD = "changeit";

    private final byte[] chunk = new byte[CHUNK];
    /** Its own loop, not OnOneLoop's: the connections must close on it before it closes. */
    private io.jasyncio.EventLoop loop;

    private SSLContext serverTls;
    private SSLContext clientTls;
    private Server plain;
    private Server tls;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-bench-tls");
        Path store = dir.resolve("server.p12");
        Process p = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "localhost",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Files.delete(store);
        Files.delete(dir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        Certificate cert = ks.getCertificate("localhost");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        // Outside a running loop, Streams uses the thread's loop: this one.
        loop = io.jasyncio.Asyncio.newEventLoop();
        io.jasyncio.Asyncio.setEventLoop(loop);
        plain = loop.runUntilComplete(Streams.startServer(StreamThroughput::sink, "127.0.0.1", 0));
        tls = loop.runUntilComplete(Streams.startServer(
                StreamThroughput::sink, "127.0.0.1", 0, ServerOptions.defaults().ssl(serverTls)));
        connect();
    }

    @TearDown(Level.Trial)
    public void stop() {
        plainClient.writer().close();
        tlsClient.writer().close();
        plain.close();
        tls.close();
        plain.closeClients();
        tls.closeClients();
        loop.runUntilComplete(plain.waitClosed());
        loop.runUntilComplete(tls.waitClosed());
        io.jasyncio.Asyncio.setEventLoop(null);
        loop.close();
    }

    /** Reads each transfer's BYTES and answers one byte, until the client closes. */
    @Async
    static Coroutine<Void> sink(StreamReader reader, StreamWriter writer) {
        long n = 0;
        while (true) {
            byte[] got = await(reader.read(1 << 20));
            if (got.length == 0) {
                return done();
            }
            n += got.length;
            if (n == BYTES) {
                n = 0;
                writer.write(new byte[] {1});
                await(writer.drain());
            }
        }
    }

    @Async
    static Coroutine<Integer> transfer(Connection c, byte[] chunk) {
        for (int sent = 0; sent < BYTES; sent += chunk.length) {
            c.writer().write(chunk);
            await(c.writer().drain());
        }
        return done((int) await(c.reader().readexactly(1))[0]);
    }

    /** One connection per trial for each side, as a long-lived upload channel. */
    private Connection plainClient;

    private Connection tlsClient;

    private void connect() {
        plainClient = loop.runUntilComplete(
                Streams.openConnection("127.0.0.1", plain.addresses().get(0).getPort()));
        tlsClient = loop.runUntilComplete(
                Streams.openConnection("127.0.0.1", tls.addresses().get(0).getPort(), clientTls, "localhost"));
    }

    @Benchmark
    public int jasyncioTcp() {
        return loop.runUntilComplete(transfer(plainClient, chunk));
    }

    @Benchmark
    public int jasyncioTls() {
        return loop.runUntilComplete(transfer(tlsClient, chunk));
    }

    // ---- blocking JDK sockets, a platform thread each side ----

    @Benchmark
    public int blockingTcp() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = sinkThread(listener);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                OutputStream out = s.getOutputStream();
                for (int sent = 0; sent < BYTES; sent += CHUNK) {
                    out.write(chunk);
                }
                int answer = s.getInputStream().read();
                server.join();
                return answer;
            }
        }
    }

    @Benchmark
    public int blockingTls() throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket)
                serverTls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = sinkThread(listener);
            try (SSLSocket s = (SSLSocket) clientTls
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                OutputStream out = s.getOutputStream();
                for (int sent = 0; sent < BYTES; sent += CHUNK) {
                    out.write(chunk);
                }
                int answer = s.getInputStream().read();
                server.join();
                return answer;
            }
        }
    }

    private static Thread sinkThread(ServerSocket listener) {
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[1 << 16];
                for (long n = 0; n < BYTES; ) {
                    int k = in.read(buf);
                    if (k < 0) {
                        throw new IOException("EOF after " + n + " bytes");
                    }
                    n += k;
                }
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.start();
        return t;
    }
}
