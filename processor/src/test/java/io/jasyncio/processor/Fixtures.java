package io.jasyncio.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;

/** Test fixtures: the fixture sources, and compiling them against the real runtime. */
final class Fixtures {
    /** Lint as the project's own build runs it. */
    static final List<String> OPTIONS = List.of("-Xlint:all,-processing,-options");

    private Fixtures() {}

    /** A fixture from {@code src/test/resources/fixtures}, by class name. */
    static JavaFileObject fixture(String className) {
        return JavaFileObjects.forResource("fixtures/" + className + ".java");
    }

    /**
     * Compiles the sources with the processor, against the test class path (which holds
     * jasyncio-annotations and jasyncio-runtime).
     */
    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new AsyncProcessor()).withOptions(OPTIONS).compile(sources);
    }

    /** The directory or jar a class was loaded from. */
    static String codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
