package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelloWaitTest {
    /** asyncio's introductory examples: await creates idle time. */
    private static final List<String> PYTHON_OUTPUT = List.of("Hello World!", "I just waited for 5 seconds!");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(HelloWait.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // The five-second sleep happens, plus JVM start-up.
        assertTrue(run.seconds >= 5.0 && run.seconds < 10.0, "took " + run.seconds + " s");
    }
}
