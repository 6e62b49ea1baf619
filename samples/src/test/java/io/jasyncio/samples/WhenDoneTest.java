package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WhenDoneTest {
    /** asyncio's introductory example with as_completed: the exact printed lines, in order. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "Square 1",
            "Square 2",
            "Square 3",
            "End square 1",
            "End square 2",
            "End square 3",
            "Result: 1",
            "Result: 4",
            "Result: 9");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(WhenDone.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps run concurrently: about 1 s plus JVM start-up; serial would be 3 s (so under 3 s
        // proves they overlap).
        assertTrue(
                run.secondsAfterFirstLine >= 0.95 && run.secondsAfterFirstLine < 3.0,
                "ran " + run.secondsAfterFirstLine + " s after its first line");
    }
}
