package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiLoopServerTest {
    /** Two loops, one server on each: connections served by both; a task of one awaits work on the other. */
    @Test
    void servesOnBothLoopsAndAwaitsAcrossThem() throws Exception {
        SampleProcess run = SampleProcess.run(MultiLoopServer.class);
        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(
                List.of(
                        "Serving on 2 loops, spread by REUSE_PORT",
                        "20 clients answered by [jasyncio-loop-0, jasyncio-loop-1]",
                        "computed on jasyncio-loop-1, awaited on jasyncio-loop-0",
                        "Server closed"),
                run.lines,
                run.stderr);
    }
}
