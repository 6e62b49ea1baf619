package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonistaTest {
    /** Seed 004, "How to block coroutine for x seconds?". */
    private static final List<String> SEED_OUTPUT = List.of("Indian", "Pythonista");

    @Test
    void printsTheSeedsOutputInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(Pythonista.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(SEED_OUTPUT, run.lines, run.stderr);
        // The three-second sleep happens. On virtual time: exactly, in no real time.
        assertEquals(3.0, run.virtualSeconds);
    }
}
