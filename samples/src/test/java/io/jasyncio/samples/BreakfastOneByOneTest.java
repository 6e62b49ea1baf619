package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreakfastOneByOneTest {
    /** Seed 002: the coroutines awaited one after the other. */
    private static final List<String> SEED_OUTPUT = List.of(
            "Start brewing coffee...", "Done brewing coffee.", "Start toasting bagel...", "Done toasting bagel.");

    @Test
    void printsTheSeedsOutputInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(BreakfastOneByOne.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(SEED_OUTPUT, run.lines, run.stderr);
        // One after the other: 3 s + 3 s. On virtual time: exactly, in no real time.
        assertEquals(6.0, run.virtualSeconds);
    }
}
