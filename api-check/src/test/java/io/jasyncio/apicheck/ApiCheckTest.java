package io.jasyncio.apicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiCheckTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String update, Path jar, Path dump) {
        out.reset();
        err.reset();
        return ApiCheck.run(
                new String[] {"--internal=p.internal", "--update=" + update, "--check", jar.toString(), dump.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path jar(String name, String body) throws IOException {
        return JarOfSources.build(
                dir, name, Map.of("p/A.java", "package p;\npublic class A {\n" + body + "\n}\n"), Map.of());
    }

    @Test
    void aMissingDumpFailsUntilTheUpdateWritesIt() throws IOException {
        Path jar = jar("v1", "public void m() {}");
        Path dump = dir.resolve("mod/api/lib.api");

        assertEquals(1, run("false", jar, dump));
        assertTrue(err.toString().contains(dump + " does not exist"), err.toString());
        assertTrue(err.toString().contains(ApiCheck.UPDATE_COMMAND), err.toString());
        assertFalse(Files.exists(dump));

        assertEquals(0, run("true", jar, dump));
        assertEquals("api-check: updated " + dump + "\n", out.toString());
        String written = Files.readString(dump);
        assertTrue(written.startsWith("# The public API of lib, checked by the build"), written);
        assertTrue(written.endsWith("public class p/A {\n\tpublic fun <init> ()V\n\tpublic fun m ()V\n}\n\n"), written);

        assertEquals(0, run("false", jar, dump));
        assertEquals("", err.toString());
    }

    @Test
    void aChangedApiFailsWithTheDifferenceUnderItsClassAndTheCommandThatUpdates() throws IOException {
        Path dump = dir.resolve("lib.api");
        assertEquals(0, run("true", jar("v1", "public void m() {}\npublic void n() {}"), dump));
        String before = Files.readString(dump);

        assertEquals(1, run("false", jar("v2", "public void m(int x) {}\npublic void n() {}"), dump));
        String report = err.toString();
        assertTrue(
                report.contains("the API of v2.jar is not what " + dump + " says:\n"
                        + "    @ public class p/A {\n"
                        + "    - \tpublic fun m ()V\n"
                        + "    + \tpublic fun m (I)V\n"),
                report);
        assertTrue(report.contains("1 dump(s) differ"), report);
        assertTrue(report.endsWith("    " + ApiCheck.UPDATE_COMMAND + "\n"), report);
        assertEquals(before, Files.readString(dump), "a check never writes the dump");
    }

    @Test
    void aChangeInsideAnInternalPackageNeedsNoUpdate() throws IOException {
        Path dump = dir.resolve("lib.api");
        Path v1 = JarOfSources.build(
                dir, "v1", Map.of("p/internal/X.java", "package p.internal;\npublic class X {}\n"), Map.of());
        Path v2 = JarOfSources.build(
                dir,
                "v2",
                Map.of("p/internal/X.java", "package p.internal;\npublic class X { public void m() {} }\n"),
                Map.of());
        assertEquals(0, run("true", v1, dump));
        assertEquals(0, run("false", v2, dump));
    }

    @Test
    void badArgumentsSayWhatIsExpected() {
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bad, true, StandardCharsets.UTF_8);
        assertEquals(
                2, ApiCheck.run(new String[] {"--internal=a", "--update=maybe", "--check", "x", "y"}, stream, stream));
        assertTrue(bad.toString().contains("--update=true or --update=false"), bad.toString());
        bad.reset();
        assertEquals(2, ApiCheck.run(new String[] {"--internal=a", "--update=false", "x.jar"}, stream, stream));
        assertTrue(bad.toString().contains("unexpected argument 'x.jar'"), bad.toString());
        bad.reset();
        assertEquals(
                2,
                ApiCheck.run(new String[] {"--internal=a b", "--update=false", "--check", "x", "y"}, stream, stream));
        assertTrue(bad.toString().contains("not a package name"), bad.toString());
        bad.reset();
        assertEquals(
                2,
                ApiCheck.run(
                        new String[] {
                            "--internal=a",
                            "--update=false",
                            "--check",
                            dir.resolve("none.jar").toString(),
                            "y"
                        },
                        stream,
                        stream));
        assertTrue(bad.toString().contains("cannot read the classes of"), bad.toString());
    }

    @Test
    void internalPackagesCoverTheirSubpackagesAndShadedCode() {
        InternalPackages internal = new InternalPackages("io.jasyncio.internal:io.jasyncio.agent.shaded.*");
        assertTrue(internal.contains("io.jasyncio.internal"));
        assertTrue(internal.contains("io.jasyncio.internal.deep"));
        assertTrue(internal.contains("io.jasyncio.agent.shaded.asm"));
        assertTrue(internal.contains("io.jasyncio.processor.shaded.javapoet"));
        assertFalse(internal.contains("io.jasyncio"));
        assertFalse(internal.contains("io.jasyncio.internals"));
        assertThrows(IllegalArgumentException.class, () -> new InternalPackages("io..x"));
    }

    @Test
    void theDiffShowsEachRunOfChangesUnderTheClassItIsIn() {
        List<String> before = List.of(
                "# head", "", "class p/A {", "\ta", "\tb", "}", "", "class p/B {", "\tc", "}", "", "class p/D {", "}");
        List<String> after = List.of(
                "# head",
                "",
                "class p/A {",
                "\ta",
                "}",
                "",
                "final class p/B {",
                "\tc",
                "\td",
                "}",
                "",
                "class p/C {",
                "}");
        assertEquals(
                List.of(
                        "@ class p/A {",
                        "- \tb",
                        "- class p/B {",
                        "+ final class p/B {",
                        "+ \td",
                        "+ class p/C {",
                        "+ }",
                        "- class p/D {",
                        "- }"),
                LineDiff.between(before, after));
        assertEquals(List.of(), LineDiff.between(before, before));
    }
}
