package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExplicitLoopTest {
    /** asyncio's introductory example "Event Loops": is_running outside and inside the loop, is_closed after close in finally. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "loop.isRunning() = false",
            "main: loop.isRunning() = true",
            "main: done",
            "loop.isRunning() = false",
            "loop.isClosed() = true");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(ExplicitLoop.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
        // main sleeps 0.1 s. On virtual time: exactly, in no real time.
        assertEquals(0.1, run.virtualSeconds);
    }
}
