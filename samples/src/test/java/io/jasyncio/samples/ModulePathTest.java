package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars work as named modules: each has its Automatic-Module-Name, and a sample runs from the
 * module path (its own classes in a jar named like the others) with the agent attached.
 */
class ModulePathTest {
    @TempDir
    Path tmp;

    @Test
    void everyJarIsANamedModule() throws Exception {
        String agent = System.getProperty("jasyncio.agent.jar");
        List<String> modules =
                java("--module-path", modulePath() + java.io.File.pathSeparator + agent, "--list-modules");

        for (String name : List.of("io.jasyncio", "io.jasyncio.annotation", "io.jasyncio.agent")) {
            // "io.jasyncio@0.1.0 file:///.../jasyncio-runtime-0.1.0.jar automatic"
            assertTrue(
                    modules.stream().anyMatch(m -> m.matches(Pattern.quote(name) + "(@\\S+)? file:.*\\.jar automatic")),
                    name + " in " + modules);
        }
    }

    @Test
    void aSampleRunsOnTheModulePath() throws Exception {
        Path samples = samplesJar();
        List<String> lines = java(
                "-javaagent:" + System.getProperty("jasyncio.agent.jar"),
                "--module-path",
                samples + java.io.File.pathSeparator + modulePath(),
                "--module",
                "io.jasyncio.samples/" + Squares.class.getName());

        assertEquals(
                List.of(
                        "Square 1",
                        "Square 2",
                        "Square 3",
                        "End square 1",
                        "End square 2",
                        "End square 3",
                        "[1, 4, 9]"),
                lines);
    }

    private static String modulePath() {
        String path = System.getProperty("samples.modulepath");
        if (path == null) {
            throw new IllegalStateException("run the samples' tests through Maven: it sets samples.modulepath");
        }
        return path;
    }

    /** The samples' classes as a jar named io.jasyncio.samples, as the samples module's own jar is. */
    private Path samplesJar() throws IOException {
        Path classes = Path.of(Squares.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        Path jar = tmp.resolve("samples.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Automatic-Module-Name", "io.jasyncio.samples");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java did not finish: " + command);
        assertEquals(0, p.exitValue(), command + "\n" + output);
        return output.lines().toList();
    }
}
