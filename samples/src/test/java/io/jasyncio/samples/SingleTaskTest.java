package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SingleTaskTest {
    /** asyncio's introductory example "Execute a Single Task": the exact printed lines, in order. */
    private static final List<String> PYTHON_OUTPUT = List.of("Square 1", "End square 1", "1");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(SingleTask.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // One one-second sleep, plus JVM start-up.
        assertTrue(run.seconds >= 1.0 && run.seconds < 5.0, "took " + run.seconds + " s");
    }
}
