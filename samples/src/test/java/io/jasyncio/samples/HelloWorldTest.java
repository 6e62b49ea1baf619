package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelloWorldTest {
    /** asyncio's introductory example "Coroutines &amp; Tasks": the first coroutine. */
    private static final List<String> PYTHON_OUTPUT = List.of("Hello World!");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(HelloWorld.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
    }
}
