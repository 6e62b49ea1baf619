package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskOrderTest {
    /** asyncio's introductory examples: main and the foo task trade off at each await, in the order their text says. */
    private static final List<String> PYTHON_OUTPUT =
            List.of("This goes first!", "This goes second!", "This goes third!", "This goes fourth!");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(TaskOrder.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // The two two-second sleeps overlap: 2 s, where one after the other would take 4. On virtual time: exactly, in
        // no real time.
        assertEquals(2.0, run.virtualSeconds);
    }
}
