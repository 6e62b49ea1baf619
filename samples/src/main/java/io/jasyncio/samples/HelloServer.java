package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getEventLoop;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.annotation.Async;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * The web server of asyncio's introductory examples ("Event Loop"): it answers every request
 * with "Hello, world!", on {@code start_server}. Try it with {@code curl http://localhost:8000/}.
 *
 * <pre>{@code
 * async def handle_request(reader, writer):
 *     request = (await reader.read()).decode('utf-8')
 *     ...
 *     writer.write(headers + response)
 *     await writer.drain()
 *     writer.close()
 *
 * async def main():
 *     server = await asyncio.start_server(handle_request, 'localhost', 8000)
 *     print(f'Server running on {server.sockets[0].getsockname()}')
 *     async with server:
 *         await server.serve_forever()
 * }</pre>
 *
 * <p>One change: the Python version reads the request to EOF ({@code reader.read()}), which waits forever
 * for a client such as curl, a browser or wrk that keeps its side open for the answer; this
 * version reads the request up to the blank line that ends its headers. Two additions: a client
 * that closes its connection before a whole request (wrk and browsers do) is let go quietly,
 * where the Python version would print a stack trace for each; and an optional argument sets the port (0
 * picks a free one).
 */
public class HelloServer {
    private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Access-Control-Allow-Origin: *\r\n"
                    + "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS\r\n"
                    + "Access-Control-Allow-Headers: Content-Type\r\n\r\n")
            .getBytes(UTF_8);
    private static final byte[] RESPONSE = "Hello, world!".getBytes(UTF_8);

    @Async
    static Coroutine<Void> handleRequest(StreamReader reader, StreamWriter writer) {
        String request;
        try {
            request = new String(await(reader.readuntil("\r\n\r\n".getBytes(UTF_8))), UTF_8);
        } catch (IncompleteReadError | UncheckedIOException clientGone) {
            // The client closed (or reset) its connection before a whole request: what wrk and
            // browsers do with the connections they no longer need. Nothing to answer, nothing to report.
            writer.close();
            return done();
        }
        System.out.println("Handling request");
        System.out.println(request);

        byte[] answer = new byte[HEADERS.length + RESPONSE.length];
        System.arraycopy(HEADERS, 0, answer, 0, HEADERS.length);
        System.arraycopy(RESPONSE, 0, answer, HEADERS.length, RESPONSE.length);
        writer.write(answer);

        // flush data to client
        try {
            await(writer.drain());
        } catch (UncheckedIOException clientGone) {
            return done(); // the client went away before reading the answer
        }

        // close connection
        writer.close();
        System.out.println("Request processed");
        return done();
    }

    @Async
    static Coroutine<Void> main(int port) {
        Server server = await(Streams.startServer(HelloServer::handleRequest, "localhost", port));
        InetSocketAddress address = server.addresses().get(0);
        System.out.println(
                "Server running on ('" + address.getAddress().getHostAddress() + "', " + address.getPort() + ")");
        try {
            // enters infinite loop, waiting for client requests
            await(server.serveForever());
        } finally {
            server.close();
            await(server.waitClosed());
        }
        return done();
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        EventLoop loop = getEventLoop();
        try {
            // execute event loop
            loop.runUntilComplete(main(port));
        } finally {
            // close event loop
            loop.close();
        }
    }
}
