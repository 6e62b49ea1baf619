package io.jasyncio.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncClassTransformerTest {
    @TempDir
    Path tmp;

    /** Serves class files as resources but fails any attempt to load a class through it. */
    static final class NoLoadingLoader extends URLClassLoader {
        NoLoadingLoader(Path dir) throws IOException {
            super(new URL[] {dir.toUri().toURL()}, null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            throw new AssertionError("the agent loaded " + name + " while transforming");
        }
    }

    private static String captureStderr(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void classesWithoutAsyncAreReturnedUntouched() throws IOException {
        AsyncClassTransformer transformer = new AsyncClassTransformer(false, false);
        byte[] string;
        try (InputStream in = ClassLoader.getSystemResourceAsStream("java/lang/String.class")) {
            string = in.readAllBytes();
        }
        assertNull(transformer.transform(null, "java/lang/String", null, null, string));
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, Fixtures.sources("Plain"));
        assertNull(transformer.transform(null, "fx/Plain", null, null, classes.get("fx/Plain")));
        assertNull(transformer.transform(null, "x", null, null, null));
    }

    @Test
    void rewritesWithoutLoadingAnyClass() throws IOException {
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, Fixtures.sources("Constructs"));
        try (NoLoadingLoader loader = new NoLoadingLoader(new FixtureCompiler(tmp).classes())) {
            AsyncClassTransformer transformer = new AsyncClassTransformer(false, true);
            String err = captureStderr(() -> {
                for (String name : List.of("fx/Constructs", "fx/Constructs$Inner", "fx/Constructs$1")) {
                    assertNotNull(transformer.transform(loader, name, null, null, classes.get(name)), name);
                }
            });
            assertEquals("", err);
        }
    }

    @Test
    void aRefusedClassIsLeftAsItWasWithOneLineAndAProperty() throws IOException {
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, Fixtures.sources("Refused"));
        System.clearProperty("jasyncio.agent.refused.fx.Refused");
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            AsyncClassTransformer transformer = new AsyncClassTransformer(false, false);
            byte[][] result = new byte[1][];
            String err = captureStderr(() ->
                    result[0] = transformer.transform(loader, "fx/Refused", null, null, classes.get("fx/Refused")));
            assertNull(result[0]);
            assertEquals(
                    "jasyncio-agent: cannot rewrite fx.Refused.locked()Lio/jasyncio/Coroutine;: await inside a"
                            + " synchronized block (the lock cannot be held while the coroutine is suspended); move"
                            + " the await out of the block, or guard the state with io.jasyncio.sync.Lock; the class"
                            + " is left as it was, so its @Async methods will fail when called\n",
                    err.replace(System.lineSeparator(), "\n"));
            assertEquals(
                    "locked()Lio/jasyncio/Coroutine;: await inside a synchronized block (the lock cannot be held"
                            + " while the coroutine is suspended); move the await out of the block, or guard the"
                            + " state with io.jasyncio.sync.Lock",
                    System.getProperty("jasyncio.agent.refused.fx.Refused"));
        } finally {
            System.clearProperty("jasyncio.agent.refused.fx.Refused");
        }
    }

    @Test
    void theCauseOfARefusalIsPrintedOnlyWithVerbose() throws IOException {
        byte[] malformed = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 0x3D, 0, 9, 1, 0, 29};
        String line = "jasyncio-agent: cannot rewrite fx.Bad: the class file is malformed (the agent cannot read"
                + " it); rebuild it with javac, or keep it out of the classes the agent sees; the class is left as"
                + " it was, so its @Async methods will fail when called";
        // The constant pool is cut short after a UTF-8 entry naming @Async: the cheap skip lets it through.
        byte[] classFile = java.util.Arrays.copyOf(malformed, malformed.length + 29);
        System.arraycopy(
                "Lio/jasyncio/annotation/Async;".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                0,
                classFile,
                malformed.length,
                29);
        try {
            String quiet = captureStderr(() -> new AsyncClassTransformer(false, false)
                    .transform(getClass().getClassLoader(), "fx/Bad", null, null, classFile));
            assertEquals(line + "\n", quiet.replace(System.lineSeparator(), "\n"));
            String verbose = captureStderr(() -> new AsyncClassTransformer(true, false)
                    .transform(getClass().getClassLoader(), "fx/Bad", null, null, classFile));
            List<String> lines = verbose.lines().toList();
            assertEquals(line, lines.get(0));
            assertEquals("jasyncio-agent: the cause of the refusal of fx.Bad:", lines.get(1));
            assertTrue(lines.get(2).startsWith("java.lang."), "ASM's exception, with its stack trace: " + verbose);
            assertTrue(lines.get(3).startsWith("\tat "), verbose);
        } finally {
            System.clearProperty("jasyncio.agent.refused.fx.Bad");
        }
    }

    @Test
    void verboseReportsEachRewrittenMethodAndItsCost() throws IOException {
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, Fixtures.sources("Shapes"));
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            AsyncClassTransformer transformer = new AsyncClassTransformer(true, false);
            String err = captureStderr(
                    () -> transformer.transform(loader, "fx/Shapes", null, null, classes.get("fx/Shapes")));
            assertTrue(
                    err.contains("jasyncio-agent: rewrote fx.Shapes.doubled()Lio/jasyncio/Coroutine;: 1 await(s), "),
                    err);
            assertTrue(err.contains("rewrote fx.Shapes.describe("), err);
        }
    }
}
