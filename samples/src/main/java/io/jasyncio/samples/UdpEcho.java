package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import io.jasyncio.streams.Datagram;
import io.jasyncio.streams.DatagramEndpoint;
import io.jasyncio.streams.Streams;
import java.net.InetSocketAddress;

/**
 * asyncio's UDP echo server and client (the documentation's {@code EchoServerProtocol} and
 * {@code EchoClientProtocol}), in one program: the server answers each datagram with the same
 * bytes; the client sends a message and prints the answer.
 *
 * <pre>{@code
 * class EchoServerProtocol:
 *     def datagram_received(self, data, addr):
 *         message = data.decode()
 *         print('Received %r from %s' % (message, addr))
 *         print('Send %r to %s' % (message, addr))
 *         self.transport.sendto(data, addr)
 * }</pre>
 */
public class UdpEcho {
    @Async
    static Coroutine<Void> serve(DatagramEndpoint server, int count) {
        for (int i = 0; i < count; i++) {
            Datagram d = await(server.recvfrom());
            String message = new String(d.data(), UTF_8);
            System.out.println("Received '" + message + "' from a client");
            System.out.println("Send '" + message + "' to the client");
            server.sendto(d.data(), d.address());
        }
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        System.out.println("Starting UDP server");
        DatagramEndpoint server = await(Streams.openDatagramEndpoint("127.0.0.1", 0));
        InetSocketAddress address = server.localAddress();
        String[] messages = {"Hello World!", "Goodbye World!"};
        Task<Void> serving = io.jasyncio.Asyncio.createTask(serve(server, messages.length));

        DatagramEndpoint client = await(Streams.openDatagramEndpoint(null, 0, "127.0.0.1", address.getPort()));
        for (String message : messages) {
            System.out.println("Send: " + message);
            client.send(message.getBytes(UTF_8));
            Datagram answer = await(client.recvfrom());
            System.out.println("Received: " + new String(answer.data(), UTF_8));
        }
        System.out.println("Close the socket");
        client.close();
        await(serving);
        server.close();
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
