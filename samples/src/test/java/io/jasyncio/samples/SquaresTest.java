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
        SampleProcess run = SampleProcess.onVirtualTime(Squares.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps gathered overlap: 1 s, where one after the other would take 3. On virtual time:
        // exactly, in no real time.
        assertEquals(1.0, run.virtualSeconds);
    }

    @Test
    void withoutTheAgentFailsNamingTheFlag() throws Exception {
        SampleProcess run = SampleProcess.run(false, Squares.class);

        assertTrue(run.exitCode != 0, "must fail without the agent");
        assertTrue(run.stderr.contains("-javaagent:"), run.stderr);
        assertTrue(run.stderr.contains("Squares"), run.stderr);
    }
}
