package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsEchoTest {
    /** asyncio's TCP echo client and server over TLS, with a certificate keytool made at start. */
    @Test
    void echoesOverTls() throws Exception {
        SampleProcess run = SampleProcess.run(TlsEcho.class);
        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(6, run.lines.size(), run.lines + run.stderr);
        assertEquals("Send: 'Hello World!'", run.lines.get(0));
        assertTrue(run.lines.get(1).matches("Received 'Hello World!' over TLS_\\w+"), run.lines.get(1));
        assertEquals(
                List.of(
                        "Send: 'Hello World!'",
                        "Close the connection",
                        "Received: 'Hello World!'",
                        "Close the connection"),
                run.lines.subList(2, 6),
                run.stderr);
    }
}
