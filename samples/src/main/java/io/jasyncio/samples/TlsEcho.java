package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static java.nio.charset.StandardCharsets.UTF_8;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.Comparator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * asyncio's TCP echo client and server (the streams documentation's example), over TLS: the
 * server is {@code start_server(..., ssl=server_context)}, the client {@code
 * open_connection(..., ssl=client_context, server_hostname='localhost')}.
 *
 * <pre>{@code
 * async def handle_echo(reader, writer):
 *     data = await reader.read(100)
 *     message = data.decode()
 *     print(f"Received {message!r}")
 *     print(f"Send: {message!r}")
 *     writer.write(data)
 *     await writer.drain()
 *     print("Close the connection")
 *     writer.close()
 *     await writer.wait_closed()
 * }</pre>
 *
 * <p>The certificate is made when the program starts, with the JDK's keytool, in a temporary
 * directory: a self-signed one for {@code localhost}, which the client trusts (and only it).
 */
public class TlsEcho {
    private static final String PASSWORD = "changeit";

    @Async
    static Coroutine<Void> handleEcho(StreamReader reader, StreamWriter writer) {
        byte[] data = await(reader.read(100));
        String message = new String(data, UTF_8);
        System.out.println("Received '" + message + "' over " + writer.getExtraInfo("cipher"));
        System.out.println("Send: '" + message + "'");
        writer.write(data);
        await(writer.drain());
        System.out.println("Close the connection");
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    @Async
    static Coroutine<Void> client(int port, SSLContext trust, String message) {
        Connection c = await(Streams.openConnection("127.0.0.1", port, trust, "localhost"));
        System.out.println("Send: '" + message + "'");
        c.writer().write(message.getBytes(UTF_8));
        byte[] data = await(c.reader().read(100));
        System.out.println("Received: '" + new String(data, UTF_8) + "'");
        System.out.println("Close the connection");
        c.writer().close();
        await(c.writer().waitClosed());
        return done();
    }

    @Async
    static Coroutine<Void> main(SSLContext serverContext, SSLContext clientContext) {
        Server server = await(Streams.startServer(
                TlsEcho::handleEcho, "127.0.0.1", 0, ServerOptions.defaults().ssl(serverContext)));
        await(client(server.addresses().get(0).getPort(), clientContext, "Hello World!"));
        server.close();
        await(server.waitClosed());
        return done();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-tls");
        try {
            KeyStore keys = selfSigned(dir.resolve("server.p12"));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(kmf.getKeyManagers(), null, null);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("localhost", keys.getCertificate("localhost"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, tmf.getTrustManagers(), null);

            run(main(serverContext, clientContext));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** A key pair and a self-signed certificate for localhost, made by keytool. */
    static KeyStore selfSigned(Path store) throws IOException, InterruptedException, Exception {
        String keytool =
                Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                        keytool,
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
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
