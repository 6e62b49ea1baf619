package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SingleTaskTest {
    /** asyncio's introductory example "Execute a Single Task": the exact printed lines, in order. */
    private static final List<String> PYTHON_OUTPUT = List.of("Square 1", "End square 1", "1");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(SingleTask.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // One one-second sleep. On virtual time: exactly, in no real time.
        assertEquals(1.0, run.virtualSeconds);
    }
}
