package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatherWithArgumentsTest {
    /** asyncio's introductory example "Writing coroutines with arguments": the comment lines under the program. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "coroutine started 1",
            "coroutine started 2",
            "coroutine started 3",
            "coroutine ended 1",
            "coroutine ended 2",
            "coroutine ended 3");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(GatherWithArguments.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps gathered take about one second plus JVM start-up; serial would be 3 s (so under 3 s
        // proves they overlap).
        assertTrue(
                run.secondsAfterFirstLine >= 0.95 && run.secondsAfterFirstLine < 3.0,
                "ran " + run.secondsAfterFirstLine + " s after its first line");
    }
}
