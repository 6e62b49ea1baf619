package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoroutineObjectTest {
    /** asyncio's introductory example prints "<coroutine object main at 0x7fe1804811c8>" and never "Hello": jasyncio prints the readable form, without an address. */
    private static final List<String> PYTHON_OUTPUT = List.of("Coroutine[CoroutineObject.main]");

    @Test
    void printsWhatThePythonPrintsInOrder() throws Exception {
        SampleProcess run = SampleProcess.run(CoroutineObject.class);

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(PYTHON_OUTPUT, run.lines, run.stderr);
    }
}
