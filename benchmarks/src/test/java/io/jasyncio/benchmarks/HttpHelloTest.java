package io.jasyncio.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP benchmark's servers answer what the benchmark counts: keep-alive servers answer every
 * request of one connection (pipelined ones too) with the same bytes, the connection-per-request
 * server answers once and closes. The Python asyncio server (run by CPython) answers the same
 * bytes as the Java ones.
 */
class HttpHelloTest {
    private static final byte[] REQUEST =
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n".getBytes(UTF_8);

    /** Sends two pipelined requests, then a third, on one connection; reads three answers. */
    private static void assertKeepAlive(int port) throws IOException {
        assertKeepAlive(new Socket("127.0.0.1", port));
    }

    private static void assertKeepAlive(Socket socket) throws IOException {
        try (Socket s = socket) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] two = new byte[2 * REQUEST.length];
            System.arraycopy(REQUEST, 0, two, 0, REQUEST.length);
            System.arraycopy(REQUEST, 0, two, REQUEST.length, REQUEST.length);
            out.write(two);
            out.flush();
            assertArrayEquals(HttpHello.KEEP_ALIVE_ANSWER, in.readNBytes(HttpHello.KEEP_ALIVE_ANSWER.length));
            assertArrayEquals(HttpHello.KEEP_ALIVE_ANSWER, in.readNBytes(HttpHello.KEEP_ALIVE_ANSWER.length));
            out.write(REQUEST);
            out.flush();
            assertArrayEquals(HttpHello.KEEP_ALIVE_ANSWER, in.readNBytes(HttpHello.KEEP_ALIVE_ANSWER.length));
            if (!(s instanceof SSLSocket)) { // an SSLSocket cannot half-close
                s.shutdownOutput();
                assertEquals(-1, in.read(), "the server closes once the client has");
            }
        }
    }

    @Test
    void jasyncioKeepAliveAnswersEveryRequestOfAConnection() throws Exception {
        try (HttpHello.Running r = HttpHello.startJasyncio(0, 1, false, null)) {
            assertKeepAlive(r.port());
            assertKeepAlive(r.port());
        }
    }

    @Test
    void aGroupOfTwoLoopsServesKeepAlive() throws Exception {
        try (HttpHello.Running r = HttpHello.startJasyncio(0, 2, false, null)) {
            for (int i = 0; i < 8; i++) {
                assertKeepAlive(r.port());
            }
        }
    }

    @Test
    void jasyncioServesKeepAliveOverTls(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-keystore",
                        keyStore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        HttpHello.KEYSTORE_PASSWORD,
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2")
                .redirectErrorStream(true)
                .start();
        String said = new String(keytool.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, keytool.waitFor(), said);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trusted.load(in, HttpHello.KEYSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        for (int loops : new int[] {1, 2}) {
            try (HttpHello.Running r = HttpHello.startJasyncio(0, loops, false, HttpHello.sslContext(keyStore))) {
                SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", r.port());
                s.setSoTimeout(10_000);
                s.startHandshake();
                assertKeepAlive(s);
            }
        }
    }

    @Test
    void connectionPerRequestAnswersTheSampleBytesAndCloses() throws Exception {
        try (HttpHello.Running r = HttpHello.startJasyncio(0, 1, true, null);
                Socket s = new Socket("127.0.0.1", r.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(REQUEST);
            assertArrayEquals(HttpHello.ANSWER, s.getInputStream().readAllBytes());
        }
    }

    @Test
    void virtualThreadServerKeepsAliveToo() throws Exception {
        assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    Socket s = listener.accept();
                    VirtualThreads.start(() -> HttpHello.handleBlocking(s, false));
                } catch (IOException e) {
                    // the test failed already
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            assertKeepAlive(listener.getLocalPort());
        }
    }

    @Test
    void pythonAsyncioServerAnswersTheSameBytes() throws Exception {
        Path script = Path.of("src/python/http_hello.py");
        assumeTrue(Files.exists(script), "run from the benchmarks module");
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), "0")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "no python3: " + e.getMessage());
            return;
        }
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
            String first = lines.readLine();
            assertEquals("listening", first == null ? null : first.split(" ")[0], "python3 said: " + first);
            assertKeepAlive(Integer.parseInt(first.split(" ")[1]));
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
