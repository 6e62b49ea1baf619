package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskThenAwaitTest {
    /** asyncio's introductory examples: a task created, then awaited. */
    private static final List<String> PYTHON_OUTPUT = List.of("This goes first!", "This goes second, after waiting!");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(TaskThenAwait.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // The line after the await prints only once the task's two-second sleep is over. On virtual time: exactly, in
        // no real time.
        assertEquals(2.0, run.virtualSeconds);
    }
}
