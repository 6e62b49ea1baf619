package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Class files of every release from 8 to the running JDK's are rewritten and run; and a class the
 * agent refuses fails clearly when its coroutine runs, quoting the agent's reason.
 */
class RewritingClassFileVersionsTest {
    @TempDir
    Path tmp;

    static IntStream releases() {
        int newest = Runtime.version().feature();
        return IntStream.of(8, 11, 17, 21, newest).filter(r -> r <= newest).distinct();
    }

    /** Java 8 source: interface default and static methods, lambdas, try-with-resources, string switch. */
    private static final String OLD = RewritingHarness.source(
            "Old",
            String.join(
                    "\n",
                    "interface Greeter {",
                    "    String name();",
                    "    @Async default Coroutine<String> greet(String how) {",
                    "        switch (how) {",
                    "            case \"hi\": return done(await(v(\"hi \")) + name());",
                    "            default: return done(how + \" \" + await(v(name())));",
                    "        }",
                    "    }",
                    "    @Async static Coroutine<String> both(Greeter g) {",
                    "        return done(await(g.greet(\"hi\")) + \", \" + await(g.greet(\"hello\")));",
                    "    }",
                    "}",
                    "static final class Res implements AutoCloseable {",
                    "    public void close() { log(\"closed\"); }",
                    "}",
                    "@Async static Coroutine<String> main() {",
                    "    final String n = await(v(\"bob\"));",
                    "    Greeter g = () -> n;",
                    "    try (Res r = new Res()) {",
                    "        return done(await(Greeter.both(g)));",
                    "    }",
                    "}"));

    @ParameterizedTest(name = "release {0}")
    @MethodSource("releases")
    void classFilesOfEveryReleaseAreRewrittenAndRun(int release) {
        RewritingHarness harness = new RewritingHarness(tmp, release);
        Path classes = harness.build(Map.of("rw/Old.java", OLD));
        for (RewritingHarness.Mode mode : RewritingHarness.Mode.values()) {
            assertEquals("closed -> hi bob, hello bob", harness.run(classes, "Old", "main", mode), "mode " + mode);
        }
    }

    @Test
    void aClassTheAgentRefusedFailsClearlyWhenRun() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/rw"));
        Path out = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(
                src.resolve("Locked.java"),
                RewritingHarness.source(
                        "Locked",
                        String.join(
                                "\n",
                                "static final Object LOCK = new Object();",
                                "@Async static Coroutine<Integer> locked() {",
                                "    synchronized (LOCK) { return done(await(java.util.concurrent.CompletableFuture.completedFuture(1))); }",
                                "}")));
        Files.writeString(src.resolve("V.java"), RewritingHarness.SUPPORT);
        // Compiled without the processor, which would reject this at compile time.
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "-proc:none",
                                "-d",
                                out.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                src.resolve("Locked.java").toString(),
                                src.resolve("V.java").toString()));

        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Throwable failure = null;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Method m = loader.loadClass("rw.Locked").getDeclaredMethod("locked");
            m.setAccessible(true);
            System.setErr(saved);
            try {
                Asyncio.run((Coroutine<?>) m.invoke(null));
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        } finally {
            System.setErr(saved);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(
                List.of("jasyncio-agent: cannot rewrite rw.Locked.locked()Lio/jasyncio/Coroutine;: await inside a"
                        + " synchronized block (the lock cannot be held while the coroutine is suspended);"
                        + " move the await out of the block, or guard the state with io.jasyncio.sync.Lock;"
                        + " the class is left as it was, so its @Async methods will fail when called"),
                lines);
        // An Error, so that an ordinary catch (Exception e) in the caller cannot hide it.
        assertTrue(failure instanceof io.jasyncio.NotRewrittenError, String.valueOf(failure));
        assertTrue(failure.getMessage().contains("await inside a synchronized block"), failure.getMessage());
        assertTrue(failure.getMessage().contains("rw.Locked"), failure.getMessage());
    }
}
