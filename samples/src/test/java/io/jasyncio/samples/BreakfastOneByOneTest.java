package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreakfastOneByOneTest {
    /** asyncio's introductory examples: the coroutines awaited one after the other. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "Start brewing coffee...", "Done brewing coffee.", "Start toasting bagel...", "Done toasting bagel.");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(BreakfastOneByOne.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // One after the other: 3 s + 3 s. On virtual time: exactly, in no real time.
        assertEquals(6.0, run.virtualSeconds);
    }
}
