package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWriteReadTest {
    /** asyncio's introductory example, the file writer/reader: writes the file, reads it back, prints what it read. */
    @Test
    void writesThenPrintsWhatItReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("example.txt");
        SampleProcess run = SampleProcess.run(FileWriteRead.class, file.toString());

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(List.of("Hello, world!"), run.lines, run.stderr);
        assertEquals("Hello, world!", Files.readString(file));
    }
}
