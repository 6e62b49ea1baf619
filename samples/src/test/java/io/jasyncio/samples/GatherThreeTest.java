package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        SampleProcess run = SampleProcess.onVirtualTime(GatherThree.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps gathered overlap: 1 s, where one after the other would take 3. On virtual time:
        // exactly, in no real time.
        assertEquals(1.0, run.virtualSeconds);
    }
}
