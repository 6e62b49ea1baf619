package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.annotation.Async;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The HTTP benchmark's servers (benchmarks/http-bench drives them with wrk): the hello server
 * of samples/HelloServer, once on jasyncio's streams and once with a virtual thread per
 * connection. Both read the request up to the blank line that ends its headers, answer with the
 * same bytes as the sample (no Content-Length: the answer ends when the server closes), and close
 * the connection. Unlike the sample they print nothing per request, so the console is not what is
 * measured.
 *
 * <pre>
 * java -cp benchmarks.jar io.jasyncio.benchmarks.HttpHello jasyncio|virtualThreads PORT
 * </pre>
 *
 * It binds 127.0.0.1 only (port 0 picks a free one) and prints {@code listening PORT} once ready.
 */
public final class HttpHello {
    /** The answer every server of the HTTP benchmark gives: the sample's bytes. */
    public static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Access-Control-Allow-Origin: *\r\n"
                    + "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS\r\n"
                    + "Access-Control-Allow-Headers: Content-Type\r\n\r\n"
                    + "Hello, world!")
            .getBytes(UTF_8);

    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(UTF_8);
    /** What {@link #scanHeaders} returns once the blank line ending the headers was read. */
    public static final int END_OF_HEADERS_FOUND = 4;
    /** The listen backlog of both servers: asyncio's (Streams.BACKLOG). */
    static final int BACKLOG = 100;

    private HttpHello() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HttpHello jasyncio|virtualThreads PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "jasyncio":
                EventLoop loop = io.jasyncio.Asyncio.newEventLoop();
                try {
                    loop.runUntilComplete(serve(port));
                } finally {
                    loop.close();
                }
                break;
            case "virtualThreads":
                serveVirtualThreads(port);
                break;
            default:
                System.err.println("unknown server " + args[0]);
                System.exit(2);
        }
    }

    // ---- jasyncio: the sample's handler without its printing ----

    @Async
    static Coroutine<Void> handle(StreamReader reader, StreamWriter writer) {
        try {
            await(reader.readuntil(END_OF_HEADERS));
        } catch (IncompleteReadError e) {
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
    static Coroutine<Void> serve(int port) {
        Server server = await(Streams.startServer(HttpHello::handle, "127.0.0.1", port));
        System.out.println("listening " + server.addresses().get(0).getPort());
        try {
            await(server.serveForever());
        } finally {
            server.close();
            await(server.waitClosed());
        }
        return done();
    }

    // ---- virtual threads: a blocking ServerSocket, one virtual thread per connection ----

    static void serveVirtualThreads(int port) throws IOException {
        try (ServerSocket listener = new ServerSocket(port, BACKLOG, InetAddress.getByName("127.0.0.1"))) {
            System.out.println("listening " + listener.getLocalPort());
            while (true) {
                Socket s = listener.accept();
                VirtualThreads.start(() -> handleBlocking(s));
            }
        }
    }

    static void handleBlocking(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n = 0;
            int matched = 0; // how much of END_OF_HEADERS the bytes read so far end with
            while (matched < END_OF_HEADERS_FOUND) {
                if (n == buf.length) {
                    return; // headers over 8 KiB: drop the connection
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    return;
                }
                for (int i = n; i < n + r && matched < END_OF_HEADERS_FOUND; i++) {
                    matched = scanHeaders(matched, buf[i]);
                }
                n += r;
            }
            OutputStream out = s.getOutputStream();
            out.write(ANSWER);
            out.flush();
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
