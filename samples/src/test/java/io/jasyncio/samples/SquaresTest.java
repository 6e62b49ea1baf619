package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquaresTest {
    /** asyncio's introductory example "Execute Multiple Tasks": the exact printed lines, in order. */
    private static final List<String> PYTHON_OUTPUT =
            List.of("Square 1", "Square 2", "Square 3", "End square 1", "End square 2", "End square 3", "[1, 4, 9]");

    @Test
    void printsWhatThePythonPrintsInOrderAndSleepsConcurrently() throws Exception {
        SampleProcess run = SampleProcess.run(Squares.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps gathered take about one second after the first line; serial would be 3 s.
        assertTrue(
                run.secondsAfterFirstLine >= 0.95 && run.secondsAfterFirstLine < 2.5,
                "ran " + run.secondsAfterFirstLine + " s after its first line");
    }

    @Test
    void withoutTheAgentFailsNamingTheFlag() throws Exception {
        SampleProcess run = SampleProcess.run(false, Squares.class);

        assertTrue(run.exitCode != 0, "must fail without the agent");
        assertTrue(run.stderr.contains("-javaagent:"), run.stderr);
        assertTrue(run.stderr.contains("Squares"), run.stderr);
    }
}
