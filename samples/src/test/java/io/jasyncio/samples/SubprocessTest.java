package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubprocessTest {
    /** ls, echo and sh -c as children, their output read line by line, their exit codes. */
    @Test
    void printsEachChildsOutputLineByLineAndItsExitCode() throws Exception {
        SampleProcess run = SampleProcess.run(Subprocess.class);
        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(
                List.of(
                        "$ ls",
                        "a.txt",
                        "b.txt",
                        "ls exited with 0",
                        "$ echo hello from a child process",
                        "hello from a child process",
                        "echo exited with 0",
                        "$ sh -c echo three; exit 3",
                        "three",
                        "sh exited with 3"),
                run.lines,
                run.stderr);
    }
}
