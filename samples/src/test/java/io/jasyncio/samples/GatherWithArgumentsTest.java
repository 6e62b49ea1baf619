package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        SampleProcess run = SampleProcess.onVirtualTime(GatherWithArguments.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps gathered overlap: 1 s, where one after the other would take 3. On virtual time:
        // exactly, in no real time.
        assertEquals(1.0, run.virtualSeconds);
    }
}
