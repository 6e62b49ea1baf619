package io.jasyncio.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HelloServerTest {
    private static final Pattern RUNNING = Pattern.compile("Server running on \\('127\\.0\\.0\\.1', (\\d+)\\)");

    /** asyncio's introductory example, the server: start it, send two HTTP requests as a client would, read "Hello, world!". */
    @Test
    @Timeout(60)
    void answersHelloWorldToEachRequest() throws Exception {
        Process server = SampleProcess.start(HelloServer.class, "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
            String first = out.readLine();
            Matcher m = RUNNING.matcher(String.valueOf(first));
            assertTrue(m.matches(), "first line: " + first);
            int port = Integer.parseInt(m.group(1));

            for (int i = 0; i < 2; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(UTF_8));
                    String response = new String(s.getInputStream().readAllBytes(), UTF_8); // the server closes
                    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"), response);
                    assertTrue(response.endsWith("\r\n\r\nHello, world!"), response);
                }
                List<String> printed = new ArrayList<>();
                for (String line; !(line = out.readLine()).equals("Request processed"); ) {
                    printed.add(line);
                }
                assertEquals(List.of("Handling request", "GET / HTTP/1.1", "Host: localhost", "", ""), printed);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Clients that close without a request (a normal close, as wrk's), or reset, are let go
     * quietly: nothing on standard error, and the next request is answered.
     */
    @Test
    @Timeout(60)
    void aClientClosingWithoutARequestIsLetGoQuietly() throws Exception {
        Path stderr = Files.createTempFile("hello-server", ".err");
        Process server = SampleProcess.start(stderr, HelloServer.class, "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
            Matcher m = RUNNING.matcher(String.valueOf(out.readLine()));
            assertTrue(m.matches());
            int port = Integer.parseInt(m.group(1));
            for (int i = 0; i < 3; i++) {
                new Socket("127.0.0.1", port).close(); // connect, then FIN
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET / HT".getBytes(UTF_8)); // half a request, then FIN
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET /".getBytes(UTF_8));
                s.setSoLinger(true, 0); // then RST
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(UTF_8));
                assertTrue(new String(s.getInputStream().readAllBytes(), UTF_8).endsWith("Hello, world!"));
            }
            for (String line; !(line = out.readLine()).equals("Request processed"); ) {
                assertTrue(!line.contains("Exception"), line);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        String err = Files.readString(stderr);
        Files.deleteIfExists(stderr);
        assertEquals("", err, "nothing reported for clients that went away");
    }
}
