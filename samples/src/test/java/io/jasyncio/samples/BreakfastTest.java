package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreakfastTest {
    /** asyncio's introductory example "Executing Multiple Coroutines": coffee and bagel gathered. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "Start brewing coffee...", "Start toasting bagel...", "Done brewing coffee.", "Done toasting bagel.");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(Breakfast.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // Both three-second jobs overlap: about 3 s plus JVM start-up, where one after the other would take 6 (so under
        // 6 s proves they overlap).
        assertTrue(
                run.secondsAfterFirstLine >= 2.95 && run.secondsAfterFirstLine < 6.0,
                "ran " + run.secondsAfterFirstLine + " s after its first line");
    }
}
