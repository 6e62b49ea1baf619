package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.agent.rewrite.AsyncClassRewriter;
import io.jasyncio.agent.weave.ClassOutcome;
import io.jasyncio.agent.weave.Weaver;
import io.jasyncio.annotation.internal.SharedNames;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Compiles real Java source, rewrites its {@code @Async} methods with the agent's rewriter,
 * verifies every rewritten class with {@link CheckClassAdapter} (full type checking), loads the
 * result in a fresh class loader and runs it on a real event loop, in the two modes that matter:
 * every awaited thing already complete, and every await really suspending.
 *
 * <p>Fixtures await {@code v(x)} (from {@code rw.V}): in {@link Mode#READY} a completed future of
 * {@code x}, in {@link Mode#SUSPEND} a {@code sleep(0, x)} that suspends the task once. They log
 * with {@code log(...)}; a run's output is the log, then {@code " -> "} and the result.
 */
final class RewritingHarness {
    /** How the fixture's {@code v(x)} awaitables behave. */
    enum Mode {
        /** Already complete: awaits never suspend. */
        READY,
        /** Pending: every await suspends once and is resumed from the loop. */
        SUSPEND
    }

    static final String SUPPORT = String.join(
            "\n",
            "package rw;",
            "import io.jasyncio.*;",
            "import java.util.*;",
            "public final class V {",
            "    public static boolean suspend;",
            "    public static final List<String> LOG = new ArrayList<>();",
            "    private V() { }",
            "    public static <T> Awaitable<T> v(T x) {",
            "        if (suspend) { return Asyncio.sleep(0.0, x); }",
            "        Future<T> f = new Future<>(Asyncio.getRunningLoop());",
            "        f.setResult(x);",
            "        return f;",
            "    }",
            "    public static <T> Awaitable<T> fail(RuntimeException e) {",
            "        Future<T> f = new Future<>(Asyncio.getRunningLoop());",
            "        if (suspend) { Asyncio.getRunningLoop().callSoon(() -> f.setException(e)); }",
            "        else { f.setException(e); }",
            "        return f;",
            "    }",
            "    public static void log(Object o) { LOG.add(String.valueOf(o)); }",
            "}",
            "");

    private static final String WOVEN = "Lio/jasyncio/internal/Woven;";
    private static final String REFUSED = SharedNames.REFUSED_PROPERTY_PREFIX;

    static final String IMPORTS = String.join(
            "\n",
            "import static io.jasyncio.Asyncio.*;",
            "import static rw.V.*;",
            "import io.jasyncio.*;",
            "import io.jasyncio.annotation.Async;",
            "import java.util.*;",
            "import java.util.function.*;",
            "");

    /** How the compiled classes are rewritten. */
    enum Weaving {
        /**
         * Ahead of time, by the weave command's code, then checked with {@link CheckClassAdapter}.
         * {@code -Djasyncio.agent.layout=shared} (or {@link #layout}) makes every method share
         * save and restore code between its awaits, as only very large methods do otherwise.
         */
        WEAVE,
        /** At load time, by the agent this test JVM runs with ({@code -javaagent}), verified by the JVM. */
        AGENT
    }

    private static final JavaCompiler COMPILER = ToolProvider.getSystemJavaCompiler();
    private static final StandardJavaFileManager FILES =
            COMPILER.getStandardFileManager(null, null, StandardCharsets.UTF_8);

    private final Path root;
    private final int release;
    private final Weaving weaving;
    /** The agent's {@link AsyncClassRewriter#LAYOUT_PROPERTY} while weaving, or null for its default. */
    private String layout;

    RewritingHarness(Path root) {
        this(root, 17);
    }

    RewritingHarness(Path root, int release) {
        this(root, release, Weaving.WEAVE);
    }

    RewritingHarness(Path root, int release, Weaving weaving) {
        this.root = root;
        this.release = release;
        this.weaving = weaving;
    }

    /**
     * Weaves with save and restore code laid out as {@code layout} says ({@code "shared"},
     * {@code "per-await"} or {@code "automatic"}), unless the command line set the layout for
     * the whole run. With {@link Weaving#WEAVE} only.
     */
    RewritingHarness layout(String layout) {
        this.layout = layout;
        return this;
    }

    /** A class {@code rw.Name} whose body is {@code members}, with the usual imports. */
    static String source(String name, String members) {
        return "package rw;\n" + IMPORTS + "public class " + name + " {\n" + members + "\n}\n";
    }

    /** Compiles the sources (relative path -> text) and rewrites and verifies their classes. */
    Path build(Map<String, String> sources) {
        Path out = compile(sources);
        if (weaving == Weaving.WEAVE) {
            weave(out);
        }
        return out;
    }

    /** Compiles the sources (relative path -> text) into {@code classes} under the root, unrewritten. */
    Path compile(Map<String, String> sources) {
        try {
            Path src = root.resolve("src");
            Path out = root.resolve("classes");
            Files.createDirectories(out);
            List<String> options = List.of(
                    "-g",
                    "-nowarn",
                    "-proc:none",
                    "--release",
                    Integer.toString(release),
                    "-d",
                    out.toString(),
                    "-cp",
                    System.getProperty("java.class.path"));
            Map<String, String> all = new java.util.LinkedHashMap<>(sources);
            all.put("rw/V.java", SUPPORT);
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : all.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file);
            }
            compile(options, files);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rewrites the compiled classes in place as the weave command does, with this harness's
     * {@link #layout}, and verifies every rewritten class.
     */
    void weave(Path classes) {
        String given = System.getProperty(AsyncClassRewriter.LAYOUT_PROPERTY);
        if (layout != null && given == null) {
            System.setProperty(AsyncClassRewriter.LAYOUT_PROPERTY, layout);
        }
        try {
            weaveAndVerify(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (layout != null && given == null) {
                System.clearProperty(AsyncClassRewriter.LAYOUT_PROPERTY);
            }
        }
    }

    /**
     * Compiles with one file manager for every fixture of the test run: it keeps the class
     * path's jars open and indexed between compiles, which is most of a small compile's time.
     */
    private static void compile(List<String> options, List<Path> files) {
        StringWriter diagnostics = new StringWriter();
        synchronized (FILES) {
            if (!COMPILER.getTask(diagnostics, FILES, null, options, null, FILES.getJavaFileObjectsFromPaths(files))
                    .call()) {
                fail("fixture does not compile:\n" + diagnostics);
            }
        }
    }

    /** Weaves with the weave command's code (as the build does), then verifies every woven class. */
    private void weaveAndVerify(Path classes) throws IOException {
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        List<ClassOutcome> failures = new Weaver(classpath).weave(classes).failures();
        if (!failures.isEmpty()) {
            fail("the weave command could not weave classes:\n"
                    + failures.stream().map(ClassOutcome::message).collect(Collectors.joining("\n")));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        try (URLClassLoader resources = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            for (Path file : files) {
                byte[] woven = Files.readAllBytes(file);
                if (!new String(woven, StandardCharsets.ISO_8859_1).contains(WOVEN)) {
                    continue;
                }
                StringWriter report = new StringWriter();
                CheckClassAdapter.verify(new ClassReader(woven), resources, false, new PrintWriter(report));
                if (!report.toString().isEmpty()) {
                    fail("rewritten " + file + " does not verify:\n" + report + "\n" + dump(woven));
                }
            }
        }
    }

    /**
     * With {@link Weaving#AGENT}, fails if the attached agent refused one of the classes it
     * loaded (it says so in a system property per class, cleared here for the next run).
     */
    private static void checkNotRefusedByTheAgent() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(REFUSED + "rw.")) {
                String reason = System.getProperty(key);
                System.clearProperty(key);
                fail("the agent refused " + key.substring(REFUSED.length()) + ": " + reason);
            }
        }
    }

    static String dump(byte[] classFile) {
        StringWriter out = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
        return out.toString();
    }

    /**
     * Runs static {@code @Async} method {@code rw.cls.method()} with {@code asyncio.run} in a
     * fresh loader and returns its log and result ({@code "a, b -> result"}), or the log and the
     * exception ({@code "a -> !IllegalStateException: msg"}).
     */
    String run(Path classes, String cls, String method, Mode mode) {
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> v = loader.loadClass("rw.V");
            v.getField("suspend").setBoolean(null, mode == Mode.SUSPEND);
            @SuppressWarnings("unchecked")
            List<String> log = (List<String>) v.getField("LOG").get(null);
            Method m = loader.loadClass("rw." + cls).getDeclaredMethod(method);
            m.setAccessible(true);
            String outcome;
            try {
                Coroutine<?> coroutine = (Coroutine<?>) m.invoke(null);
                outcome = String.valueOf(Asyncio.run(coroutine));
            } catch (InvocationTargetException e) {
                outcome = "!" + e.getCause().getClass().getSimpleName() + ": "
                        + e.getCause().getMessage();
            } catch (RuntimeException e) {
                outcome = "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (weaving == Weaving.AGENT) {
                checkNotRefusedByTheAgent();
            }
            return String.join(", ", log) + " -> " + outcome;
        } catch (IOException | ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Compiles {@code members} as class {@code rw.name}, rewrites, verifies, and runs its
     * {@code main()} in both modes; both must print {@code expected}.
     */
    void check(String name, String members, String expected) {
        check(Map.of("rw/" + name + ".java", source(name, members)), name, expected);
    }

    /**
     * Compiles {@code sources}, rewrites, verifies, and runs {@code rw.main.main()} in both
     * modes; both must print {@code expected}.
     */
    void check(Map<String, String> sources, String main, String expected) {
        Path classes = build(sources);
        for (Mode mode : Mode.values()) {
            assertEquals(
                    expected,
                    run(classes, main, "main", mode),
                    main + " in mode " + mode + ", release " + release + ", " + weaving);
        }
    }
}
