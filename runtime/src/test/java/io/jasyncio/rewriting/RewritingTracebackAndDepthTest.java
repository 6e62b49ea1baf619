package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rewritten methods keep the user's line numbers, so an exception's trace points at the source;
 * an exception escaping nested awaits shows every awaiting method at its await's line; and a chain
 * of 100,000 coroutines each awaiting the next completes without StackOverflowError.
 */
class RewritingTracebackAndDepthTest {
    @TempDir
    Path tmp;

    /** Source lines, numbered from 1 as in the file: line 1 is "package rw;". */
    private static final String TRACE = RewritingHarness.source(
            "Trace",
            String.join(
                    "\n",
                    "@Async static Coroutine<Integer> inner() {", // line 9 (IMPORTS take lines 2-8)
                    "    await(v(1));",
                    "    throw new IllegalStateException(\"deep\");", // line 11
                    "}",
                    "@Async static Coroutine<Integer> middle() {",
                    "    int x = await(inner());", // line 14
                    "    return done(x);",
                    "}",
                    "@Async static Coroutine<Integer> outer() {",
                    "    return done(1 + await(middle()));", // line 18
                    "}"));

    private Object call(Path classes, String cls, String method, RewritingHarness.Mode mode, Object... args)
            throws Exception {
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("rw.V").getField("suspend").setBoolean(null, mode == RewritingHarness.Mode.SUSPEND);
            Class<?>[] types = Arrays.stream(args).map(a -> int.class).toArray(Class<?>[]::new);
            Method m = loader.loadClass("rw." + cls).getDeclaredMethod(method, types);
            m.setAccessible(true);
            return Asyncio.run((Coroutine<?>) m.invoke(null, args));
        }
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Mode.class)
    void anEscapingExceptionShowsTheSourceLinesOfTheAwaitChain(RewritingHarness.Mode mode) throws Exception {
        assertEquals(
                "    throw new IllegalStateException(\"deep\");",
                TRACE.lines().toList().get(10));
        Path classes = new RewritingHarness(tmp).build(Map.of("rw/Trace.java", TRACE));
        IllegalStateException e = null;
        try {
            call(classes, "Trace", "outer", mode);
        } catch (IllegalStateException thrown) {
            e = thrown;
        }
        assertEquals("deep", e == null ? null : e.getMessage());
        List<String> ours = new ArrayList<>();
        for (StackTraceElement el : e.getStackTrace()) {
            if (el.getClassName().equals("rw.Trace")) {
                ours.add(el.getMethodName().replace("$resume", "") + ":" + el.getLineNumber());
            }
        }
        assertEquals("inner:11", ours.get(0), "the throwing line, from the kept LineNumberTable: " + ours);
        assertTrue(ours.indexOf("middle:14") > 0, "middle awaits inner at line 14: " + ours);
        assertTrue(ours.indexOf("outer:18") > ours.indexOf("middle:14"), "outer awaits middle at line 18: " + ours);
    }

    private static final String DEEP = RewritingHarness.source(
            "Deep",
            String.join(
                    "\n",
                    "@Async static Coroutine<Integer> down(int n) {",
                    "    if (n == 0) return done(await(v(0)));",
                    "    return done(1 + await(down(n - 1)));",
                    "}"));

    @ParameterizedTest
    @EnumSource(RewritingHarness.Mode.class)
    void aChainOf100000NestedAwaitsCompletes(RewritingHarness.Mode mode) throws Exception {
        Path classes = new RewritingHarness(tmp).build(Map.of("rw/Deep.java", DEEP));
        assertEquals(100_000, call(classes, "Deep", "down", mode, 100_000));
    }
}
