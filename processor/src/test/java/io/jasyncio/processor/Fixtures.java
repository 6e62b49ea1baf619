package io.jasyncio.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Test fixtures: the runtime stand-ins, the fixture sources, and compiling them. */
final class Fixtures {
    /** Stand-ins for the runtime classes the processor knows by name. */
    static final List<String> STUBS = List.of(
            "stubs/io/jasyncio/Asyncio.java",
            "stubs/io/jasyncio/Coroutine.java",
            "stubs/io/jasyncio/Task.java");

    /** Lint as the project's own build runs it. */
    static final List<String> OPTIONS = List.of("-Xlint:all,-processing,-options");

    private Fixtures() {
    }

    /** A fixture from {@code src/test/resources/fixtures}, by class name. */
    static JavaFileObject fixture(String className) {
        return JavaFileObjects.forResource("fixtures/" + className + ".java");
    }

    static List<JavaFileObject> stubs() {
        List<JavaFileObject> stubs = new ArrayList<>();
        for (String stub : STUBS) {
            stubs.add(JavaFileObjects.forResource(stub));
        }
        return stubs;
    }

    /** Compiles the sources together with the stand-ins, with the processor. */
    static Compilation compile(JavaFileObject... sources) {
        List<JavaFileObject> all = stubs();
        all.addAll(List.of(sources));
        return javac().withProcessors(new AsyncProcessor()).withOptions(OPTIONS).compile(all);
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
