package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentsTest {
    /** asyncio's introductory examples: calling runs nothing; awaiting runs it; a task is pending until the loop runs it. */
    private static final List<String> PYTHON_OUTPUT = List.of(
            "my_coroutine = Coroutine[Components.myFunction]",
            "my_function(1) runs",
            "result = 10",
            "future.done() = false",
            "my_function(2) runs",
            "future.result() = 20");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(Components.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
    }
}
