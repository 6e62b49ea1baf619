package io.jasyncio.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.javapoet.JavaFile;
import io.jasyncio.Asyncio;
import io.jasyncio.annotation.Async;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor as a build uses it: plain javac with {@code -processorpath} (the processor found
 * through {@code META-INF/services}, as with Maven's {@code annotationProcessorPaths}), real
 * output directories, and partial recompilation merging with the index already there.
 */
class JavacCommandLineTest {
    @TempDir
    Path tmp;

    private Path out;
    private Path generated;

    @BeforeEach
    void directories() throws IOException {
        out = Files.createDirectories(tmp.resolve("classes"));
        generated = Files.createDirectories(tmp.resolve("generated-sources"));
    }

    @Test
    void processorPathFindsTheProcessorAndReportsOnTheLine() throws IOException {
        Path file = writeFixture("AwaitOutsideAsync");
        Result result = compileWithProcessorPath(file);
        assertFalse(result.success);
        assertTrue(
                result.diagnostics.contains("ERROR AwaitOutsideAsync.java:22 " + Messages.AWAIT_OUTSIDE_ASYNC),
                result.diagnostics);
    }

    @Test
    void processorPathWritesTheIndex() throws Exception {
        Result result = compileWithProcessorPath(writeFixture("Squares"));
        assertTrue(result.success, result.diagnostics);
        assertEquals("", result.diagnostics);
        assertEquals(Fixtures.resource("golden/async-classes"), index());
        assertArrayEquals(new String[] {"fixtures.Squares", "fixtures.Squares$Inner"}, generatedClasses("fixtures"));
        assertEquals(
                Fixtures.resource("golden/Jasyncio_Index.java"),
                Files.readString(generated.resolve("fixtures/Jasyncio_Index.java")));
    }

    @Test
    void noAsyncClassesNoIndex() throws IOException {
        Result result = compileWithProcessorPath(writeFixture("OwnAwait"));
        assertTrue(result.success, result.diagnostics);
        assertFalse(Files.exists(out.resolve(Names.INDEX_RESOURCE)));
        assertFalse(Files.exists(generated.resolve("fixtures/Jasyncio_Index.java")));
    }

    /** One file recompiled at a time, as an incremental build does. */
    @Test
    void partialRecompilationMergesTheIndex() throws Exception {
        Path a = writeSource("p", "A", true);
        Path b = writeSource("p", "B", true);
        Path c = writeSource("q", "C", true);
        assertCompiles(a, b, c);
        assertEquals(List.of("p.A", "p.B", "q.C"), indexEntries());

        assertCompiles(b); // B alone: A and C stay
        assertEquals(List.of("p.A", "p.B", "q.C"), indexEntries());
        assertArrayEquals(new String[] {"p.A", "p.B"}, generatedClasses("p"));

        writeSource("p", "A", false); // A loses its @Async method
        assertCompiles(a);
        assertEquals(List.of("p.B", "q.C"), indexEntries());
        assertArrayEquals(new String[] {"p.B"}, generatedClasses("p"));

        Files.delete(out.resolve("q/C.class")); // C's source and class deleted
        assertCompiles(b);
        assertEquals(List.of("p.B"), indexEntries());

        writeSource("p", "B", false); // the last @Async method goes
        assertCompiles(b);
        assertEquals(List.of(), indexEntries());
        assertEquals(AsyncIndex.HEADER, index());
    }

    /**
     * A build without {@code clean} after a change, as Maven's compiler plugin runs it: every
     * source again, and the generated-sources directory among the source roots, so the earlier
     * build's {@code Jasyncio_Index.java} files come back to javac as sources.
     */
    @Test
    void rebuildWithoutCleanGetsTheGeneratedSourcesBack() throws Exception {
        Path a = writeSource("p", "A", true);
        Path b = writeSource("p", "B", true);
        Path c = writeSource("q", "C", true);
        assertCompiles(a, b, c);

        assertCompiles(a, b, c, generatedIndex("p"), generatedIndex("q")); // one source touched
        assertEquals(List.of("p.A", "p.B", "q.C"), indexEntries());
        assertArrayEquals(new String[] {"p.A", "p.B"}, generatedClasses("p"));

        Path d = writeSource("p", "D", true); // a new @Async class in p
        Result result = compileWithProcessorPath(a, b, c, d, generatedIndex("p"), generatedIndex("q"));
        assertTrue(result.success, result.diagnostics);
        assertEquals(
                "NOTE -:-1 " + String.format(Messages.INDEX_CLASS_STALE, "p.Jasyncio_Index") + "\n",
                result.diagnostics);
        assertEquals(List.of("p.A", "p.B", "p.D", "q.C"), indexEntries());
        assertArrayEquals(new String[] {"p.A", "p.B"}, generatedClasses("p")); // compiled as it was
        assertTrue(Files.readString(generatedIndex("p")).contains("\"p.D\""));

        assertCompiles(a, b, c, d, generatedIndex("p"), generatedIndex("q")); // the next build
        assertArrayEquals(new String[] {"p.A", "p.B", "p.D"}, generatedClasses("p"));

        writeSource("p", "A", false); // A loses its @Async method, in the same kind of build
        result = compileWithProcessorPath(a, b, c, d, generatedIndex("p"), generatedIndex("q"));
        assertTrue(result.success, result.diagnostics);
        assertEquals(List.of("p.B", "p.D", "q.C"), indexEntries());
        assertEquals(
                "NOTE -:-1 " + String.format(Messages.INDEX_CLASS_STALE, "p.Jasyncio_Index") + "\n",
                result.diagnostics);
        assertCompiles(a, b, c, d, generatedIndex("p"), generatedIndex("q"));
        assertArrayEquals(new String[] {"p.B", "p.D"}, generatedClasses("p"));
    }

    /** A class of the generated name that the user wrote is a clash, not an earlier build's. */
    @Test
    void aUserClassNamedLikeTheIndexClassIsAnError() throws IOException {
        Path a = writeSource("p", "A", true);
        Path own = tmp.resolve("src/p/Jasyncio_Index.java");
        Files.writeString(own, "package p;\nclass Jasyncio_Index {}\n");
        Result result = compileWithProcessorPath(a, own);
        assertFalse(result.success);
        assertEquals(
                "ERROR -:-1 " + String.format(Messages.INDEX_CLASS_CLASH, "p.Jasyncio_Index") + "\n",
                result.diagnostics);
    }

    private Path generatedIndex(String pkg) {
        return generated.resolve(pkg).resolve(Names.INDEX_CLASS + ".java");
    }

    private void assertCompiles(Path... files) throws IOException {
        Result result = compileWithProcessorPath(files);
        assertTrue(result.success, result.diagnostics);
        assertEquals("", result.diagnostics);
    }

    private Path writeSource(String pkg, String name, boolean async) throws IOException {
        Path file = tmp.resolve("src").resolve(pkg).resolve(name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "package " + pkg + ";",
                        "import io.jasyncio.Coroutine;",
                        "import io.jasyncio.annotation.Async;",
                        "import static io.jasyncio.Asyncio.done;",
                        "public class " + name + " {",
                        (async ? "  @Async" : "") + "  public static Coroutine<Void> f() { return done(); }",
                        "}",
                        ""));
        return file;
    }

    private Path writeFixture(String name) throws IOException {
        Path file = tmp.resolve("src/fixtures").resolve(name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Fixtures.resource("fixtures/" + name + ".java"));
        return file;
    }

    private Result compileWithProcessorPath(Path... files) throws IOException {
        String processorPath = String.join(
                File.pathSeparator, Fixtures.codeSource(AsyncProcessor.class), Fixtures.codeSource(JavaFile.class));
        String classPath = String.join(
                File.pathSeparator,
                out.toString(),
                Fixtures.codeSource(Asyncio.class),
                Fixtures.codeSource(Async.class));
        return javac(
                List.of(
                        "-processorpath",
                        processorPath,
                        "-classpath",
                        classPath,
                        "-d",
                        out.toString(),
                        "-s",
                        generated.toString(),
                        "-Xlint:all,-processing,-options"),
                List.of(files));
    }

    private String index() throws IOException {
        return Files.readString(out.resolve(Names.INDEX_RESOURCE), StandardCharsets.UTF_8);
    }

    private List<String> indexEntries() throws IOException {
        return new ArrayList<>(AsyncIndex.parse(index()).classes());
    }

    /** Loads the generated {@code Jasyncio_Index} of the package and reads its list. */
    private String[] generatedClasses(String pkg) throws Exception {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> index = Class.forName(pkg + "." + Names.INDEX_CLASS, true, loader);
            var field = index.getDeclaredField("CLASSES");
            field.setAccessible(true);
            return (String[]) field.get(null);
        }
    }

    private static final class Result {
        final boolean success;
        final String diagnostics; // "KIND File.java:LINE message", one a line

        Result(boolean success, String diagnostics) {
            this.success = success;
            this.diagnostics = diagnostics;
        }
    }

    private static Result javac(List<String> options, List<Path> files) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm =
                compiler.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
            StringWriter output = new StringWriter();
            boolean success = compiler.getTask(
                            output, fm, collector, options, null, fm.getJavaFileObjectsFromPaths(files))
                    .call();
            StringBuilder text = new StringBuilder(output.toString());
            for (Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
                String file = d.getSource() == null
                        ? "-"
                        : Path.of(d.getSource().toUri()).getFileName().toString();
                text.append(d.getKind())
                        .append(' ')
                        .append(file)
                        .append(':')
                        .append(d.getLineNumber())
                        .append(' ')
                        .append(d.getMessage(Locale.ROOT))
                        .append('\n');
            }
            return new Result(success, text.toString());
        }
    }
}
