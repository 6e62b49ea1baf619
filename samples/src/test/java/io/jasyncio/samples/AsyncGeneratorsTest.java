package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncGeneratorsTest {
    /** What CPython 3.11 prints for the program in the sample's javadoc. */
    private static final List<String> CPYTHON_OUTPUT = List.of(
            "producing 1",
            "consumed 1",
            "producing 2",
            "consumed 2",
            "producing 3",
            "consumed 3",
            "enough",
            "producer: cleaning up",
            "total 6");

    @Test
    void consumesThreeThenClosesTheProducer() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(AsyncGenerators.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(CPYTHON_OUTPUT, run.lines, run.stderr);
        // On virtual time the order is decided by the deadlines alone, not by the machine's load: three items, each
        // after its 0.1 s sleep; the fourth is never asked for.
        assertEquals(0.3, run.virtualSeconds);
    }
}
