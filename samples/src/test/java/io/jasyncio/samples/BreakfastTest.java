package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreakfastTest {
    /** asyncio's introductory example "Executing Multiple Coroutines": coffee and bagel gathered. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "Start brewing coffee...", "Start toasting bagel...", "Done brewing coffee.", "Done toasting bagel.");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(Breakfast.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Both three-second jobs overlap: 3 s, where one after the other would take 6. On virtual time: exactly, in no
        // real time.
        assertEquals(3.0, run.virtualSeconds);
    }
}
