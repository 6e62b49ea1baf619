package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextVarsTest {
    /** What CPython 3.11 prints for the program in the sample's javadoc. */
    private static final List<String> CPYTHON_OUTPUT = List.of(
            "[-] serving",
            "[req-1] start",
            "[req-2] start",
            "[req-3] start",
            "[req-1] queried users",
            "[req-2] queried users",
            "[req-1] queried orders",
            "[req-1] done: users, orders",
            "[req-3] queried users",
            "[req-2] queried orders",
            "[req-2] done: users, orders",
            "[req-3] queried orders",
            "[req-3] done: users, orders",
            "[-] all served");

    @Test
    void eachRequestLogsItsOwnIdInOrder() throws Exception {
        SampleProcess run = SampleProcess.onVirtualTime(ContextVars.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(CPYTHON_OUTPUT, run.lines, run.stderr);
        // On virtual time the order is decided by the deadlines alone, not by the machine's load: the last request's
        // second query ends at 0.25 * 2 s, every deadline exactly on time.
        assertEquals(0.5, run.virtualSeconds);
    }
}
