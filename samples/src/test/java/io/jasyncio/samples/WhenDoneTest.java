package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        SampleProcess run = SampleProcess.onVirtualTime(WhenDone.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Three one-second sleeps run concurrently: 1 s, where one after the other would take 3. On virtual time:
        // exactly, in no real time.
        assertEquals(1.0, run.virtualSeconds);
    }
}
