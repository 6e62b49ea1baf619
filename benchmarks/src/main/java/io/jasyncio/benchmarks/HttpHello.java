package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.LoopGroup;
import io.jasyncio.annotation.Async;
import io.jasyncio.streams.ClientConnectedHandler;
import io.jasyncio.streams.GroupServer;
import io.jasyncio.streams.IncompleteReadError;
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
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The HTTP benchmark's servers (benchmarks/http-bench drives them with wrk), on jasyncio's streams
 * and with a virtual thread per connection. Two ways to serve:
 *
 * <ul>
 *   <li>keep-alive (the default): many requests per connection; each request is read up to the
 *       blank line ending its headers and answered with {@link #KEEP_ALIVE_ANSWER}, which carries
 *       a {@code Content-Length}, until the client closes;
 *   <li>{@code --close}: the hello server of samples/HelloServer, one request per connection,
 *       answered with the sample's bytes ({@link #ANSWER}, no {@code Content-Length}: the answer
 *       ends when the server closes).
 * </ul>
 *
 * Unlike the sample they print nothing per request, so the console is not what is measured.
 *
 * <pre>
 * java -cp benchmarks.jar io.jasyncio.benchmarks.HttpHello jasyncio|virtualThreads PORT [--close] [--loops N] [--tls KEYSTORE]
 * </pre>
 *
 * {@code --loops N} (jasyncio): a {@code LoopGroup} of N loops, each on its own thread, and
 * {@code Streams.startServer(group, ...)}, which listens on every loop ({@code SO_REUSEPORT}: the
 * kernel spreads the connections; each stays on the loop that accepted it). {@code --tls
 * KEYSTORE}: TLS with the key of a PKCS12 key store (password {@value #KEYSTORE_PASSWORD}). It
 * binds 127.0.0.1 only (port 0 picks a free one) and prints {@code listening PORT} once ready; a
 * server that cannot run the asked-for variant prints {@code unsupported:
 * WHY} and exits with status 3.
 */
public final class HttpHello {
    /** The connection-per-request answer: the sample's bytes. */
    public static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Access-Control-Allow-Origin: *\r\n"
                    + "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS\r\n"
                    + "Access-Control-Allow-Headers: Content-Type\r\n\r\n"
                    + "Hello, world!")
            .getBytes(UTF_8);

    /** The keep-alive answer every server of the benchmark gives: the sample's, with a Content-Length. */
    public static final byte[] KEEP_ALIVE_ANSWER = ("HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Content-Length: 13\r\n"
                    + "Access-Control-Allow-Origin: *\r\n"
                    + "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS\r\n"
                    + "Access-Control-Allow-Headers: Content-Type\r\n\r\n"
                    + "Hello, world!")
            .getBytes(UTF_8);

    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(UTF_8);
    /** What {@link #scanHeaders} returns once the blank line ending the headers was read. */
    public static final int END_OF_HEADERS_FOUND = 4;
    /** The listen backlog of every server: asyncio's. */
    public static final int BACKLOG = 100;
    /** The password of the key store given with {@code --tls}. */
    public static final String KEYSTORE_PASSWORD = "changeit";
    /** The exit status of a server asked for a variant it cannot run. */
    public static final int UNSUPPORTED = 3;

    private HttpHello() {}

    /** The command line shared by the benchmark's Java servers. */
    public record Options(String server, int port, boolean close, int loops, Path keyStore) {
        /** Parses {@code SERVER PORT [--close] [--loops N] [--tls KEYSTORE]}; without --loops, {@code defaultLoops}. */
        public static Options parse(String[] args, int defaultLoops) {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: SERVER PORT [--close] [--loops N] [--tls KEYSTORE]");
            }
            boolean close = false;
            int loops = defaultLoops;
            Path keyStore = null;
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--close" -> close = true;
                    case "--loops" -> loops = Integer.parseInt(args[++i]);
                    case "--tls" -> keyStore = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(args[0], Integer.parseInt(args[1]), close, loops, keyStore);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, 1);
        switch (o.server()) {
            case "jasyncio" -> serveJasyncio(o);
            case "virtualThreads" -> serveVirtualThreads(o);
            default -> throw new IllegalArgumentException("unknown server " + o.server());
        }
    }

    /** Prints why this server cannot run the asked-for variant, and exits with {@link #UNSUPPORTED}. */
    public static void unsupported(String why) {
        System.out.println("unsupported: " + why);
        System.exit(UNSUPPORTED);
    }

    /** An SSL context presenting the key of a PKCS12 key store (password {@value #KEYSTORE_PASSWORD}). */
    public static SSLContext sslContext(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, KEYSTORE_PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    // ---- jasyncio ----

    /** Keep-alive: answer each request of the connection until the client closes it. */
    @Async
    static Coroutine<Void> keepAlive(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                await(reader.readuntil(END_OF_HEADERS));
                writer.write(KEEP_ALIVE_ANSWER);
                await(writer.drain());
            }
        } catch (IncompleteReadError | UncheckedIOException e) {
            // the client closed (or reset) its connection between requests: only it is affected
        } finally {
            writer.close();
        }
        return done();
    }

    /** Connection per request, the sample's handler without its printing. */
    @Async
    static Coroutine<Void> answerAndClose(StreamReader reader, StreamWriter writer) {
        try {
            await(reader.readuntil(END_OF_HEADERS));
        } catch (IncompleteReadError | UncheckedIOException e) {
            // wrk closes its idle connections when it stops: drop them quietly, as the others do
            writer.close();
            return done();
        }
        writer.write(ANSWER);
        await(writer.drain());
        writer.close();
        return done();
    }

    @Async
    static Coroutine<Void> serve(
            ClientConnectedHandler handler, int port, ServerOptions options, CompletableFuture<Integer> bound) {
        Server server = await(Streams.startServer(handler, "127.0.0.1", port, options));
        bound.complete(server.addresses().get(0).getPort());
        try {
            await(server.serveForever());
        } finally {
            server.close();
            await(server.waitClosed());
        }
        return done();
    }

    static void serveJasyncio(Options o) throws Exception {
        SSLContext tls = o.keyStore() == null ? null : sslContext(o.keyStore());
        try (Running r = startJasyncio(o.port(), o.loops(), o.close(), tls)) {
            System.out.println("listening " + r.port());
            new CountDownLatch(1).await(); // until killed
        }
    }

    /** A jasyncio server started by {@link #startJasyncio}: the port it listens on; close stops it. */
    record Running(int port, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }

    /**
     * Starts a jasyncio server on 127.0.0.1:{@code port} (0 picks a free one), with TLS when
     * {@code tls} is not null: with one loop, {@code Streams.startServer} on a loop of its own
     * (a daemon thread); with more, a {@link LoopGroup} of {@code loops} loops and {@code
     * Streams.startServer(group, ...)}, which serves on every loop.
     */
    static Running startJasyncio(int port, int loops, boolean close, SSLContext tls) throws Exception {
        ClientConnectedHandler handler = close ? HttpHello::answerAndClose : HttpHello::keepAlive;
        ServerOptions options = ServerOptions.defaults().backlog(BACKLOG);
        if (tls != null) {
            options = options.ssl(tls);
        }
        if (loops > 1) {
            LoopGroup group = LoopGroup.start(loops, "http-loop");
            try {
                GroupServer server = Streams.startServer(group, handler, "127.0.0.1", port, options)
                        .join();
                return new Running(server.addresses().get(0).getPort(), group::close);
            } catch (RuntimeException e) {
                group.close();
                throw e;
            }
        }
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        ServerOptions one = options;
        Thread t = new Thread(
                () -> {
                    EventLoop loop = io.jasyncio.Asyncio.newEventLoop();
                    try {
                        loop.runUntilComplete(serve(handler, port, one, bound));
                    } catch (Throwable e) {
                        bound.completeExceptionally(e);
                    } finally {
                        loop.close();
                    }
                },
                "http-loop");
        t.setDaemon(true);
        t.start();
        return new Running(bound.join(), () -> {});
    }

    // ---- virtual threads: a blocking ServerSocket, one virtual thread per connection ----

    static void serveVirtualThreads(Options o) throws IOException, GeneralSecurityException {
        if (!VirtualThreads.available()) {
            unsupported("virtual threads need JDK 21+; this is " + Runtime.version());
        }
        if (o.loops() != 1) {
            unsupported("--loops is for jasyncio; virtual threads use every core already");
        }
        InetAddress host = InetAddress.getByName("127.0.0.1");
        try (ServerSocket listener = o.keyStore() == null
                ? new ServerSocket(o.port(), BACKLOG, host)
                : sslContext(o.keyStore()).getServerSocketFactory().createServerSocket(o.port(), BACKLOG, host)) {
            System.out.println("listening " + listener.getLocalPort());
            while (true) {
                Socket s = listener.accept();
                VirtualThreads.start(() -> handleBlocking(s, o.close()));
            }
        }
    }

    static void handleBlocking(Socket s, boolean close) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            int matched = 0; // how much of END_OF_HEADERS the bytes read so far end with
            while (true) {
                int r = in.read(buf);
                if (r < 0) {
                    return;
                }
                int answers = 0;
                for (int i = 0; i < r; i++) {
                    matched = scanHeaders(matched, buf[i]);
                    if (matched == END_OF_HEADERS_FOUND) {
                        matched = 0;
                        answers++;
                    }
                }
                for (int i = 0; i < answers; i++) {
                    out.write(close ? ANSWER : KEEP_ALIVE_ANSWER);
                }
                if (answers > 0) {
                    out.flush();
                    if (close) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // the client went away: only this connection is affected
        }
    }

    /**
     * One step of the scan for the blank line ending the headers: given how much of
     * {@code \r\n\r\n} the bytes so far end with, and the next byte, how much they end with now
     * ({@link #END_OF_HEADERS_FOUND} once found).
     */
    public static int scanHeaders(int matched, byte b) {
        return b == END_OF_HEADERS[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
}
