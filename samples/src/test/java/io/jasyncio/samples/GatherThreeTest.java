package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatherThreeTest {
    /** asyncio's introductory example "Using our Coroutine": the comment lines under the program. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "coroutine started",
            "coroutine started",
            "coroutine started",
            "coroutine ended",
            "coroutine ended",
            "coroutine ended");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(GatherThree.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps gathered take about one second plus JVM start-up; serial would be 3 s (so under 3 s
        // proves they overlap).
        assertTrue(
                run.secondsAfterFirstLine >= 0.95 && run.secondsAfterFirstLine < 3.0,
                "ran " + run.secondsAfterFirstLine + " s after its first line");
    }
}
