package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.agent.FixtureCompiler;
import io.jasyncio.agent.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Printer;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * Pins the emitted shape: for a few small fixture methods, ASM's {@link Textifier} text of the
 * rewritten stub and resume method (frames omitted) must equal a committed golden file under
 * {@code src/test/resources/golden/}. The fixtures are compiled with {@code --release 17}, so the
 * text is the same on every JDK that runs the test.
 *
 * <p>When a change of shape is intended, regenerate the files with {@code mvn -pl agent test
 * -Dtest=GoldenShapeTest -Djasyncio.golden.update=true} and review their diff like code.
 */
class GoldenShapeTest {
    /** The system property that makes the test write the golden files instead of comparing. */
    static final String UPDATE_PROPERTY = "jasyncio.golden.update";

    private static final String SQUARES = "io/jasyncio/samples/Squares.java";

    @TempDir
    Path tmp;

    /** One pinned method: its class, name, the layout it is rewritten with, and its golden file. */
    record Case(String owner, String method, SaveLayoutPlanner.Strategy strategy, String golden) {
        @Override
        public String toString() {
            return golden;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // The method docs/architecture.md shows in "Before and after: one small method".
                new Case(
                        "io/jasyncio/samples/Squares",
                        "square",
                        SaveLayoutPlanner.Strategy.AUTOMATIC,
                        "Squares.square"),
                new Case("fx/Golden", "tryCatch", SaveLayoutPlanner.Strategy.AUTOMATIC, "Golden.tryCatch"),
                new Case("fx/Golden", "wide", SaveLayoutPlanner.Strategy.AUTOMATIC, "Golden.wide"),
                new Case("fx/Golden", "loop", SaveLayoutPlanner.Strategy.AUTOMATIC, "Golden.loop"),
                new Case("fx/Golden", "shared", SaveLayoutPlanner.Strategy.SHARED, "Golden.shared-layout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRewrittenShapeMatchesItsGoldenFile(Case c) throws Exception {
        Map<String, String> sources = new LinkedHashMap<>(Fixtures.sources("Golden"));
        sources.putAll(Fixtures.file(SQUARES));
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(17, sources);
        String actual;
        try (URLClassLoader loader = compiler.loader()) {
            byte[] rewritten =
                    new AsyncClassRewriter(TypePool.of(loader), null, c.strategy()).rewrite(classes.get(c.owner()));
            AsyncClassRewriterTest.assertVerifies(rewritten, loader);
            actual = text(rewritten, c.method());
        }
        String file = "golden/" + c.golden() + ".txt";
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Path target = Path.of(System.getProperty("basedir", "."), "src/test/resources", file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, actual);
            return;
        }
        String expected = resource(file);
        if (expected == null) {
            fail("no golden file " + file + "; write it with -D" + UPDATE_PROPERTY + "=true and review it:\n" + actual);
        }
        if (!expected.equals(actual)) {
            fail("the rewritten shape of " + c.owner().replace('/', '.') + "." + c.method() + " differs from "
                    + file + " (- golden, + now). If the change is intended, run the test with -D"
                    + UPDATE_PROPERTY + "=true and commit the new file.\n"
                    + diff(expected.lines().toList(), actual.lines().toList()));
        }
    }

    @Test
    void theSquaresFixtureIsACopyOfTheSample() throws IOException {
        // The golden Squares.square is what docs/architecture.md shows: it must be the sample's code.
        Path sample = Path.of(System.getProperty("basedir", "."), "../samples/src/main/java", SQUARES);
        assertEquals(
                Files.readString(sample),
                Fixtures.file(SQUARES).get(SQUARES),
                "copy " + sample.normalize() + " to agent/src/test/resources/fixtures/" + SQUARES
                        + " and regenerate the golden files");
    }

    @Test
    void aChangedShapeIsShownAsALineDiffWithContext() {
        List<String> golden = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        List<String> now = List.of("a", "b", "c", "d", "e", "F", "g", "h", "i", "j", "k");
        assertEquals(
                String.join("\n", "  ...", "  c", "  d", "  e", "- f", "+ F", "  g", "  h", "  i", "  j", "+ k", ""),
                diff(golden, now));
    }

    /** The stub {@code name} and its resume method {@code name$resume}, as Textifier prints them. */
    static String text(byte[] classFile, String name) {
        ClassNode cls = new ClassNode();
        new ClassReader(classFile).accept(cls, ClassReader.SKIP_FRAMES);
        StringBuilder out = new StringBuilder();
        for (String wanted : List.of(name, name + RuntimeNames.RESUME_SUFFIX)) {
            MethodNode m = cls.methods.stream()
                    .filter(x -> x.name.equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no method " + wanted + " in " + cls.name));
            Textifier printer = new Textifier();
            Printer methodPrinter = printer.visitMethod(m.access, m.name, m.desc, m.signature, null);
            m.accept(new TraceMethodVisitor(methodPrinter));
            StringWriter text = new StringWriter();
            try (PrintWriter pw = new PrintWriter(text)) {
                printer.print(pw);
            }
            out.append(text.toString().replace(System.lineSeparator(), "\n"));
        }
        return out.toString();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = GoldenShapeTest.class.getResourceAsStream("/" + path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A line diff (longest common subsequence): changed lines with {@code -}/{@code +} and three
     * lines of context, other runs of equal lines elided.
     */
    static String diff(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add("  " + a.get(i));
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                lines.add("- " + a.get(i++));
            } else {
                lines.add("+ " + b.get(j++));
            }
        }
        StringBuilder out = new StringBuilder();
        int context = 3;
        int lastShown = -1;
        for (int k = 0; k < lines.size(); k++) {
            boolean near = false;
            for (int d = Math.max(0, k - context); d <= Math.min(lines.size() - 1, k + context) && !near; d++) {
                near = !lines.get(d).startsWith("  ");
            }
            if (near) {
                if (lastShown < k - 1) {
                    out.append("  ...\n");
                }
                out.append(lines.get(k)).append('\n');
                lastShown = k;
            }
        }
        return out.toString();
    }
}
