package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UdpEchoTest {
    /** asyncio's UDP echo client and server: each message goes there and back, in this order. */
    @Test
    void echoesEachDatagram() throws Exception {
        SampleProcess run = SampleProcess.run(UdpEcho.class);
        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(
                List.of(
                        "Starting UDP server",
                        "Send: Hello World!",
                        "Received 'Hello World!' from a client",
                        "Send 'Hello World!' to the client",
                        "Received: Hello World!",
                        "Send: Goodbye World!",
                        "Received 'Goodbye World!' from a client",
                        "Send 'Goodbye World!' to the client",
                        "Received: Goodbye World!",
                        "Close the socket"),
                run.lines,
                run.stderr);
    }
}
