package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGroupFetchTest {
    /** What CPython 3.11 prints for the program in the sample's javadoc. */
    private static final List<String> CPYTHON_OUTPUT = List.of(
            "fetching a",
            "fetching b",
            "fetching c",
            "fetched b",
            "first back: <b: 1s>",
            "fetched c",
            "fetched a",
            "['<a: 3s>', '<b: 1s>', '<c: 2s>']",
            "fetching d",
            "group failed: ['broken']");

    @Test
    void theGroupsBodyAwaitsAndTheResultsComeInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(TaskGroupFetch.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(CPYTHON_OUTPUT, run.lines, run.stderr);
        // The first group lasts as long as its slowest fetch (3 s), the second until the failure
        // at 0.5 s cancels the rest: exactly 3.5 s on virtual time.
        assertEquals(3.5, run.virtualSeconds);
    }
}
