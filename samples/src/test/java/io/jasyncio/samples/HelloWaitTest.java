package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelloWaitTest {
    /** asyncio's introductory examples: await creates idle time. */
    private static final List<String> PYTHON_OUTPUT = List.of("Hello World!", "I just waited for 5 seconds!");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(HelloWait.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // The five-second sleep happens. On virtual time: exactly, in no real time.
        assertEquals(5.0, run.virtualSeconds);
    }
}
