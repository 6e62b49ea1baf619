package io.jasyncio.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.weave.Weaver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeaveCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int weave(String... args) {
        out.reset();
        err.reset();
        return WeaveCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static boolean isWoven(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains("Lio/jasyncio/internal/Woven;");
    }

    @Test
    void weavesADirectoryInPlaceAndReportsCounts() throws Exception {
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        compiler.compile(17, Fixtures.sources("Shapes", "Plain"));
        Path dir = compiler.classes();
        byte[] plain = Files.readAllBytes(dir.resolve("fx/Plain.class"));

        assertEquals(0, weave("weave", dir.toString()), err.toString());
        assertTrue(isWoven(Files.readAllBytes(dir.resolve("fx/Shapes.class"))));
        assertTrue(isWoven(Files.readAllBytes(dir.resolve("fx/Shapes$Kind.class"))));
        assertArrayEquals(plain, Files.readAllBytes(dir.resolve("fx/Plain.class")), "classes without @Async untouched");
        assertTrue(out.toString().contains(" 2 woven, 0 already woven, "), out.toString());
        assertEquals("", err.toString());

        byte[] once = Files.readAllBytes(dir.resolve("fx/Shapes.class"));
        assertEquals(0, weave("weave", dir.toString()));
        assertTrue(out.toString().contains(" 0 woven, 2 already woven, "), "weaving twice changes nothing: " + out);
        assertArrayEquals(once, Files.readAllBytes(dir.resolve("fx/Shapes.class")));
    }

    @Test
    void resolvesTheHierarchyFromTheGivenClasspath() throws Exception {
        FixtureCompiler compiler = new FixtureCompiler(tmp.resolve("a"));
        compiler.compile(
                17,
                Map.of(
                        "fx/Base.java", "package fx; public class Base { }",
                        "fx/Sub.java", "package fx; public class Sub extends Base { }",
                        "fx/Merge.java",
                                String.join(
                                        "\n",
                                        "package fx;",
                                        "import io.jasyncio.Coroutine; import io.jasyncio.annotation.Async;",
                                        "import static io.jasyncio.Asyncio.*;",
                                        "class Merge {",
                                        "  @Async static Coroutine<Object> m(boolean b) {",
                                        "    Object o = b ? new Sub() : new Base();",
                                        "    await(ready(1));",
                                        "    return done(o);",
                                        "  }",
                                        "}")));
        Path classes = compiler.classes();
        Path lib = Files.createDirectories(tmp.resolve("lib/fx"));
        Files.move(classes.resolve("fx/Base.class"), lib.resolve("Base.class"));
        Files.move(classes.resolve("fx/Sub.class"), lib.resolve("Sub.class"));

        assertEquals(1, weave("weave", classes.toString()));
        assertTrue(
                err.toString()
                        .contains("jasyncio-agent: weave: cannot weave fx.Merge.m(Z)Lio/jasyncio/Coroutine;: "
                                + "cannot find class file of fx.Base"),
                err.toString());
        assertTrue(err.toString().contains("pass --classpath"), err.toString());
        assertFalse(
                isWoven(Files.readAllBytes(classes.resolve("fx/Merge.class"))), "a refused class is left as it was");

        assertEquals(
                0, weave("weave", "--classpath", tmp.resolve("lib").toString(), classes.toString()), err.toString());
        assertTrue(isWoven(Files.readAllBytes(classes.resolve("fx/Merge.class"))));
    }

    private static final String SYNCHRONIZED_BLOCK = "await inside a synchronized block (the lock cannot be held"
            + " while the coroutine is suspended); move the await out of the block, or guard the state with"
            + " io.jasyncio.sync.Lock";

    @Test
    void refusalsMakeTheExitStatusNonZero() throws Exception {
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        compiler.compile(17, Fixtures.sources("Refused", "Shapes"));
        assertEquals(1, weave("weave", compiler.classes().toString()));
        assertTrue(out.toString().contains(" 2 woven, ") && out.toString().contains(" 1 not woven"), out.toString());
        assertTrue(err.toString().contains("cannot weave fx.Refused.locked()"), err.toString());
        assertTrue(
                err.toString()
                        .contains("cannot weave fx.Refused.locked()Lio/jasyncio/Coroutine;: " + SYNCHRONIZED_BLOCK
                                + "; the class file is unchanged"),
                err.toString());
        assertTrue(
                err.toString().endsWith("1 class not woven, each left as it was: fx.Refused" + System.lineSeparator()),
                err.toString());
        Path reasons = compiler.classes().resolve(Weaver.REFUSED_RESOURCE);
        assertTrue(
                Files.readString(reasons)
                        .contains("fx.Refused\tlocked()Lio/jasyncio/Coroutine;: " + SYNCHRONIZED_BLOCK + "\n"),
                "the runtime finds the reason in the classes: " + Files.readString(reasons));
    }

    @Test
    void usageErrors() {
        assertEquals(2, weave());
        assertEquals(2, weave("spin", "x"));
        assertEquals(2, weave("weave", "--classpath"));
        assertEquals(2, weave("weave", "--bogus", tmp.toString()));
        assertEquals(2, weave("weave", tmp.toString(), tmp.toString()));
        assertTrue(err.toString().startsWith("usage: java -jar jasyncio-agent.jar weave"), err.toString());
        assertEquals(2, weave("weave", tmp.resolve("missing").toString()));
        assertTrue(err.toString().contains("not a directory"));
    }
}
