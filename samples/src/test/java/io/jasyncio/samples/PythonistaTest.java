package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonistaTest {
    /** asyncio's introductory example "How to block coroutine for x seconds?". */
    private static final List<String> PYTHON_OUTPUT = List.of("Indian", "Pythonista");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(Pythonista.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // The three-second sleep happens. On virtual time: exactly, in no real time.
        assertEquals(3.0, run.virtualSeconds);
    }
}
