package io.jasyncio.agent.weave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.agent.FixtureCompiler;
import io.jasyncio.agent.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeaverTest {
    @TempDir
    Path tmp;

    private static boolean isWoven(Path classFile) throws IOException {
        return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
                .contains("Lio/jasyncio/internal/Woven;");
    }

    private static ClassOutcome outcome(WeaveReport report, String className) {
        return report.classes().stream()
                .filter(c -> c.className().equals(className))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + className + " in " + report));
    }

    private Path compile(String... fixtures) {
        FixtureCompiler compiler = new FixtureCompiler(tmp.resolve("fixture"));
        compiler.compile(17, Fixtures.sources(fixtures));
        return compiler.classes();
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(ClassFileReplacer.TEMPORARY_SUFFIX))
                    .toList();
        }
    }

    @Test
    void aFailedWriteLeavesTheOriginalByteForByteAndTheOtherClassesAreWoven() throws Exception {
        Path dir = compile("Shapes");
        byte[] kind = Files.readAllBytes(dir.resolve("fx/Shapes$Kind.class"));
        // The first class file written (fx/Shapes$Kind.class, in path order) gets half its bytes on disk,
        // then the disk is full; the next one is written normally.
        List<Integer> calls = new ArrayList<>();
        ClassFileReplacer.ContentWriter fullDiskOnce = (channel, bytes) -> {
            calls.add(bytes.length);
            if (calls.size() == 1) {
                channel.write(ByteBuffer.wrap(bytes, 0, bytes.length / 2));
                throw new IOException("No space left on device");
            }
            ClassFileReplacer.CHANNEL.write(channel, bytes);
        };

        WeaveReport report = new Weaver(List.of(), new ClassFileReplacer(fullDiskOnce)).weave(dir);

        ClassOutcome failed = outcome(report, "fx.Shapes$Kind");
        assertEquals(ClassOutcome.Kind.NOT_WRITTEN, failed.kind());
        assertTrue(failed.message().contains("No space left on device"), failed.message());
        assertArrayEquals(kind, Files.readAllBytes(dir.resolve("fx/Shapes$Kind.class")), "the original is intact");
        assertEquals(ClassOutcome.Kind.WOVEN, outcome(report, "fx.Shapes").kind());
        assertTrue(isWoven(dir.resolve("fx/Shapes.class")));
        assertEquals(List.of(), leftovers(dir), "no temporary file is left behind");
        assertEquals(List.of(failed), report.failures());
        Path refused = dir.resolve(Weaver.REFUSED_RESOURCE);
        assertTrue(
                Files.readString(refused).contains("fx.Shapes$Kind\tcannot write it: "),
                "the runtime can say why: " + Files.readString(refused));

        WeaveReport again = new Weaver(List.of()).weave(dir);
        assertEquals(ClassOutcome.Kind.WOVEN, outcome(again, "fx.Shapes$Kind").kind(), "a later run weaves it");
        assertEquals(
                ClassOutcome.Kind.ALREADY_WOVEN, outcome(again, "fx.Shapes").kind());
        assertFalse(Files.exists(refused), "nothing is left unwoven, so nothing is listed");
    }

    @Test
    void aWovenClassFileKeepsItsPermissions() throws Exception {
        Path dir = compile("Shapes");
        Path file = dir.resolve("fx/Shapes.class");
        assumeTrue(Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        new Weaver(List.of()).weave(dir);

        assertTrue(isWoven(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /**
     * A real full disk: a 64 KiB tmpfs, filled up, in a private mount namespace (unshare, which
     * needs no root where unprivileged user namespaces are allowed). The weave command runs in a
     * child JVM inside it; the class files' digests before and after are compared there.
     */
    @Test
    void aFullDiskLeavesEveryClassFileAsItWas() throws Exception {
        assumeTrue(runs("unshare", "-rm", "true"), "unshare -rm (a private mount namespace) is not available");
        Path dir = compile("Shapes", "Plain");
        Path mount = Files.createDirectories(tmp.resolve("tiny"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = String.join(
                "\n",
                "set -e",
                "mount -t tmpfs -o size=64k none \"$1\"",
                "cp -r \"$2\" \"$1/classes\"",
                "(cd \"$1/classes\" && find . -name '*.class' | sort | xargs sha256sum) > \"$1/../before\"",
                "dd if=/dev/zero of=\"$1/filler\" bs=1k 2>/dev/null || true",
                "set +e",
                "\"$3\" -cp \"$4\" io.jasyncio.agent.WeaveCommand weave \"$1/classes\" 2> \"$1/../stderr\"",
                "echo \"exit $?\" > \"$1/../status\"",
                "(cd \"$1/classes\" && find . -name '*.class' | sort | xargs sha256sum) > \"$1/../after\"",
                "ls -a \"$1/classes/fx\" > \"$1/../listing\"");
        Process p = new ProcessBuilder(
                        "unshare",
                        "-rm",
                        "sh",
                        "-c",
                        script,
                        "sh",
                        mount.toString(),
                        dir.toString(),
                        java,
                        System.getProperty("java.class.path"))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);

        String stderr = Files.readString(tmp.resolve("stderr"));
        assertEquals("exit 1", Files.readString(tmp.resolve("status")).trim(), stderr);
        assertTrue(stderr.contains("cannot weave fx.Shapes: cannot write it: "), stderr);
        assertTrue(stderr.contains("No space left on device"), stderr);
        assertTrue(stderr.contains("2 classes not woven, each left as it was: fx.Shapes$Kind, fx.Shapes"), stderr);
        assertEquals(Files.readString(tmp.resolve("before")), Files.readString(tmp.resolve("after")));
        assertFalse(Files.readString(tmp.resolve("listing")).contains(ClassFileReplacer.TEMPORARY_SUFFIX));
    }

    @Test
    void symbolicLinksOutOfTheDirectoryAreReportedAndNeverWrittenThrough() throws Exception {
        Path dir = compile("Shapes", "Plain");
        Path outside = Files.createDirectories(tmp.resolve("outside/fx"));
        Files.copy(dir.resolve("fx/Shapes.class"), outside.resolve("Elsewhere.class"));
        byte[] outsideBytes = Files.readAllBytes(outside.resolve("Elsewhere.class"));
        Files.createSymbolicLink(dir.resolve("fx/Linked.class"), outside.resolve("Elsewhere.class"));
        Files.createSymbolicLink(dir.resolve("more"), outside);
        Files.createSymbolicLink(dir.resolve("fx/Alias.class"), dir.resolve("fx/Shapes$Kind.class"));
        Files.createSymbolicLink(dir.resolve("fx/Dangling.class"), tmp.resolve("nothing.class"));

        WeaveReport report = new Weaver(List.of()).weave(dir);

        assertArrayEquals(outsideBytes, Files.readAllBytes(outside.resolve("Elsewhere.class")), "outside: untouched");
        assertTrue(Files.isSymbolicLink(dir.resolve("fx/Linked.class")), "the link stays a link");
        assertEquals(
                ClassOutcome.Kind.LINK_OUTSIDE, outcome(report, "fx.Linked").kind());
        assertTrue(outcome(report, "fx.Linked").message().contains("outside the woven directory"));
        assertEquals(ClassOutcome.Kind.LINK_OUTSIDE, outcome(report, "more").kind());
        assertEquals(
                ClassOutcome.Kind.LINK_OUTSIDE, outcome(report, "fx.Dangling").kind());
        assertEquals(ClassOutcome.Kind.LINK_INSIDE, outcome(report, "fx.Alias").kind());
        assertTrue(Files.isSymbolicLink(dir.resolve("fx/Alias.class")));
        assertTrue(isWoven(dir.resolve("fx/Alias.class")), "its target, inside, is woven under its own name");
        assertEquals(ClassOutcome.Kind.WOVEN, outcome(report, "fx.Shapes").kind());
        assertEquals(3, report.failures().size(), report.toString());
    }

    @Test
    void theDirectoryGivenMayItselfBeALink() throws Exception {
        Path dir = compile("Shapes");
        Path link = Files.createSymbolicLink(tmp.resolve("classes-link"), dir);

        WeaveReport report = new Weaver(List.of()).weave(link);

        assertEquals(List.of(), report.failures());
        assertTrue(isWoven(dir.resolve("fx/Shapes.class")));
    }

    @Test
    void malformedClassFilesAreReportedOneLineEachAndTheOthersAreWoven() throws Exception {
        Path dir = compile("Shapes");
        byte[] shapes = Files.readAllBytes(dir.resolve("fx/Shapes.class"));
        byte[] nameless = withFirstMethodNameless(shapes);
        Files.write(dir.resolve("fx/Nameless.class"), nameless);
        byte[] truncated = Arrays.copyOf(shapes, shapes.length / 2);
        Files.write(dir.resolve("fx/Truncated.class"), truncated);
        Files.write(dir.resolve("fx/Garbage.class"), "not a class file".getBytes(StandardCharsets.UTF_8));

        WeaveReport report = new Weaver(List.of()).weave(dir);

        for (String name : List.of("fx.Nameless", "fx.Truncated", "fx.Garbage")) {
            ClassOutcome bad = outcome(report, name);
            assertEquals(ClassOutcome.Kind.MALFORMED, bad.kind(), bad.toString());
            assertTrue(bad.message().startsWith("cannot weave " + name + ": malformed class file: "), bad.message());
            assertFalse(bad.message().contains("\n"), "one line: " + bad.message());
        }
        assertArrayEquals(nameless, Files.readAllBytes(dir.resolve("fx/Nameless.class")));
        assertArrayEquals(truncated, Files.readAllBytes(dir.resolve("fx/Truncated.class")));
        assertEquals(ClassOutcome.Kind.WOVEN, outcome(report, "fx.Shapes").kind());
        assertEquals(ClassOutcome.Kind.WOVEN, outcome(report, "fx.Shapes$Kind").kind());
        assertEquals(3, report.failures().size());
    }

    @Test
    void theRuntimeIsFoundBesideTheAgentJar() throws Exception {
        // A Maven repository.
        Path repo = tmp.resolve("repo/io/jasyncio");
        Path agent = touch(repo.resolve("jasyncio-agent/1.2.3/jasyncio-agent-1.2.3.jar"));
        Path runtime = runtimeJar(repo.resolve("jasyncio-runtime/1.2.3/jasyncio-runtime-1.2.3.jar"));
        runtimeJar(repo.resolve("jasyncio-runtime/1.2.2/jasyncio-runtime-1.2.2.jar"));
        assertEquals(runtime, RuntimeLocator.beside(agent, "1.2.3").orElseThrow());

        // This project's build tree, before and after the runtime is packaged.
        Path tree = tmp.resolve("tree");
        Path built = touch(tree.resolve("agent/target/jasyncio-agent-1.2.3.jar"));
        Path classes = Files.createDirectories(tree.resolve("runtime/target/classes/io/jasyncio"));
        Files.createFile(classes.resolve("Coroutine.class"));
        assertEquals(
                tree.resolve("runtime/target/classes"),
                RuntimeLocator.beside(built, "1.2.3").orElseThrow());
        Path packaged = runtimeJar(tree.resolve("runtime/target/jasyncio-runtime-1.2.3.jar"));
        assertEquals(packaged, RuntimeLocator.beside(built, "1.2.3").orElseThrow());

        // One directory of jars.
        Path lib = tmp.resolve("lib");
        Path flat = touch(lib.resolve("jasyncio-agent.jar"));
        Path flatRuntime = runtimeJar(lib.resolve("jasyncio-runtime-1.2.3.jar"));
        assertEquals(flatRuntime, RuntimeLocator.beside(flat, "1.2.3").orElseThrow());

        // A jar of another name that is not the runtime.
        Path alone = touch(tmp.resolve("alone/jasyncio-agent-1.2.3.jar"));
        touch(tmp.resolve("alone/jasyncio-runtime-1.2.3.jar"));
        assertTrue(RuntimeLocator.beside(alone, "1.2.3").isEmpty());
        assertFalse(RuntimeLocator.holdsRuntime(List.of(tmp.resolve("alone/jasyncio-runtime-1.2.3.jar"))));
        assertTrue(RuntimeLocator.holdsRuntime(List.of(lib.resolve("jasyncio-agent.jar"), flatRuntime)));
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[0]);
    }

    private static Path runtimeJar(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            jar.putNextEntry(new ZipEntry(RuntimeLocator.PROBE));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            jar.closeEntry();
        }
        return file;
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The class file with its first method's name index set to 0: a method without a name. */
    private static byte[] withFirstMethodNameless(byte[] classFile) {
        byte[] b = classFile.clone();
        ByteBuffer in = ByteBuffer.wrap(b);
        in.position(8);
        int count = in.getShort() & 0xFFFF;
        for (int i = 1; i < count; i++) {
            int tag = in.get();
            switch (tag) {
                case 1 -> {
                    int length = in.getShort() & 0xFFFF;
                    in.position(in.position() + length);
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
                case 5, 6 -> {
                    in.position(in.position() + 8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.position(in.position() + 2);
                case 15 -> in.position(in.position() + 3);
                default -> throw new IllegalStateException("constant pool tag " + tag);
            }
        }
        in.position(in.position() + 6); // access, this, super
        int interfaces = in.getShort() & 0xFFFF;
        in.position(in.position() + 2 * interfaces);
        int fields = in.getShort() & 0xFFFF;
        for (int f = 0; f < fields; f++) {
            in.position(in.position() + 6);
            skipAttributes(in);
        }
        int methods = in.getShort() & 0xFFFF;
        assertTrue(methods > 0);
        in.putShort(in.position() + 2, (short) 0);
        return b;
    }

    private static void skipAttributes(ByteBuffer in) {
        int attributes = in.getShort() & 0xFFFF;
        for (int a = 0; a < attributes; a++) {
            in.position(in.position() + 2);
            int length = in.getInt();
            in.position(in.position() + length);
        }
    }
}
