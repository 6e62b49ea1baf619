package io.jasyncio.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every sample of the {@code samples} module compiles with the processor, with no warning. */
class SamplesTest {
    /** Surefire runs in the module's directory; the samples sit beside it. */
    private static final Path SAMPLES = Path.of("..", "samples", "src", "main", "java");

    @Test
    void everySampleCompilesCleanly() throws IOException {
        assumeTrue(Files.isDirectory(SAMPLES), "no samples module at " + SAMPLES.toAbsolutePath());
        List<JavaFileObject> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path file : (Iterable<Path>)
                    files.filter(f -> f.toString().endsWith(".java")).sorted()::iterator) {
                sources.add(toFileObject(file));
            }
        }
        assumeTrue(!sources.isEmpty(), "no samples yet");
        assertThat(Fixtures.compile(sources.toArray(new JavaFileObject[0]))).succeededWithoutWarnings();
    }

    private static JavaFileObject toFileObject(Path file) {
        try {
            return JavaFileObjects.forResource(file.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
