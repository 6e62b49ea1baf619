package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelloWorldTest {
    /** Seed 002, "Coroutines &amp; Tasks": the first coroutine. */
    private static final List<String> SEED_OUTPUT = List.of("Hello World!");

    @Test
    void printsTheSeedsOutputInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(HelloWorld.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(SEED_OUTPUT, run.lines, run.stderr);
    }
}
