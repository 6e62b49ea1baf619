package io.jasyncio.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles test fixtures with javax.tools against small stand-ins for the runtime's protocol
 * classes (io.jasyncio.Asyncio, Coroutine, CoroutineFrame, internal.StateMachine, internal.Woven,
 * and the async lambda and awaited resource types).
 * The stand-ins only have the right names and descriptors: fixtures compiled against them are for
 * bytecode-shape and verification tests; running rewritten code is tested in the runtime module.
 */
public final class FixtureCompiler {
    private static final Map<String, String> STAND_INS = new LinkedHashMap<>();

    static {
        STAND_INS.put("io/jasyncio/Coroutine.java", "package io.jasyncio;\npublic class Coroutine<T> { }\n");
        STAND_INS.put(
                "io/jasyncio/Asyncio.java",
                String.join(
                        "\n",
                        "package io.jasyncio;",
                        "public final class Asyncio {",
                        "    private Asyncio() { }",
                        "    public static <T> T await(Coroutine<T> c) { throw new IllegalStateException(\"not rewritten\"); }",
                        "    public static <T> T await(java.util.concurrent.CompletionStage<T> c) { throw new IllegalStateException(); }",
                        "    public static <T> T await(Awaitable<T> a) { throw new IllegalStateException(); }",
                        "    public static <T> Coroutine<T> done(T v) { return new Coroutine<T>(); }",
                        "    public static Coroutine<Void> done() { return new Coroutine<Void>(); }",
                        "    public static <T> Coroutine<T> ready(T v) { return new Coroutine<T>(); }",
                        "    public static Awaitable<Void> sleep(double seconds) { return null; }",
                        "    @SafeVarargs public static <T> Coroutine<java.util.List<T>> gather(Coroutine<? extends T>... cs) { return new Coroutine<>(); }",
                        "    public static <T> T run(Coroutine<T> c) { throw new IllegalStateException(); }",
                        "}",
                        ""));
        STAND_INS.put(
                "io/jasyncio/CoroutineFrame.java",
                String.join(
                        "\n",
                        "package io.jasyncio;",
                        "public final class CoroutineFrame<T> extends Coroutine<T> {",
                        "    public static final Object SUSPENDED = new Object();",
                        "    public int label;",
                        "    public int line;",
                        "    public Object[] refs;",
                        "    public long[] prims;",
                        "    public CoroutineFrame(io.jasyncio.internal.StateMachine body, String site) { }",
                        "    public Object[] refs(int n) { return refs == null || refs.length < n ? (refs = new Object[n]) : refs; }",
                        "    public long[] prims(int n) { return prims == null || prims.length < n ? (prims = new long[n]) : prims; }",
                        "    public Object await(Object x) { return x; }",
                        "    public Object resumeValue() { return null; }",
                        "    public static Coroutine<?> done(Object v, CoroutineFrame<?> f) { return f; }",
                        "    public static Object complete(Object r, CoroutineFrame<?> f) { return r; }",
                        "}",
                        ""));
        STAND_INS.put("io/jasyncio/Awaitable.java", "package io.jasyncio;\npublic interface Awaitable<T> { }\n");
        STAND_INS.put(
                "io/jasyncio/AsyncFunctionalInterface.java",
                "package io.jasyncio;\n@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                        + "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)\n"
                        + "public @interface AsyncFunctionalInterface { }\n");
        STAND_INS.put(
                "io/jasyncio/AsyncFunction.java",
                "package io.jasyncio;\n@AsyncFunctionalInterface\n"
                        + "public interface AsyncFunction<T, R> { Coroutine<R> apply(T t); }\n");
        STAND_INS.put(
                "io/jasyncio/AsyncSupplier.java",
                "package io.jasyncio;\n@AsyncFunctionalInterface\npublic interface AsyncSupplier<R> { Coroutine<R> get(); }\n");
        STAND_INS.put(
                "io/jasyncio/AsyncCloseable.java",
                String.join(
                        "\n",
                        "package io.jasyncio;",
                        "public interface AsyncCloseable extends AutoCloseable {",
                        "    Awaitable<Void> aclose(Throwable pendingOrNull);",
                        "    @Override default void close() { throw new UnsupportedOperationException(); }",
                        "}",
                        ""));
        STAND_INS.put(
                "io/jasyncio/internal/ResourceExit.java",
                String.join(
                        "\n",
                        "package io.jasyncio.internal;",
                        "public final class ResourceExit {",
                        "    private ResourceExit() { }",
                        "    public static Throwable leaving(Throwable pending, Throwable closeFailure) { return pending; }",
                        "}",
                        ""));
        STAND_INS.put(
                "io/jasyncio/internal/StateMachine.java",
                "package io.jasyncio.internal;\npublic interface StateMachine { Object resume(io.jasyncio.CoroutineFrame<?> f); }\n");
        STAND_INS.put(
                "io/jasyncio/internal/Woven.java",
                "package io.jasyncio.internal;\n@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                        + "public @interface Woven { }\n");
    }

    private final Path root;

    /** Compiles into {@code root}/classes from sources written under {@code root}/src. */
    public FixtureCompiler(Path root) {
        this.root = root;
    }

    /** The directory of compiled classes. */
    public Path classes() {
        return root.resolve("classes");
    }

    /**
     * Compiles the stand-ins and the given sources (path relative to the source root -> text)
     * with {@code --release release}; fails the test with javac's output on an error.
     */
    public Map<String, byte[]> compile(int release, Map<String, String> sources) {
        try {
            Path src = root.resolve("src");
            Path out = classes();
            Files.createDirectories(out);
            List<String> files = new ArrayList<>();
            Map<String, String> all = new LinkedHashMap<>(STAND_INS);
            all.putAll(sources);
            for (Map.Entry<String, String> e : all.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file.toString());
            }
            List<String> args = new ArrayList<>(List.of(
                    "-g",
                    "-nowarn",
                    "--release",
                    Integer.toString(release),
                    "-d",
                    out.toString(),
                    "-cp",
                    System.getProperty("java.class.path")));
            args.addAll(files);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
            int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
            if (status != 0) {
                throw new AssertionError("fixture does not compile:\n" + diagnostics);
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    String name = out.relativize(p).toString().replace('\\', '/');
                    classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(p));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class loader over the compiled classes (and the test classpath), for verification. */
    public URLClassLoader loader() {
        try {
            return new URLClassLoader(new URL[] {classes().toUri().toURL()}, FixtureCompiler.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
