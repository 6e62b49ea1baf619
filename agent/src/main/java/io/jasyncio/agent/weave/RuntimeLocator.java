package io.jasyncio.agent.weave;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Finds the jasyncio runtime for the weave command when its class path does not hold it. Woven
 * code's frames name the runtime's classes (a {@code Task} merged with a {@code Future}, say), so
 * weaving needs their class files. The runtime of the agent's own version is looked for beside
 * the agent's jar: in a Maven repository ({@code .../io/jasyncio/jasyncio-agent/V/} beside
 * {@code .../io/jasyncio/jasyncio-runtime/V/}), in this project's build tree ({@code
 * agent/target/} beside {@code runtime/target/}), or in the same directory.
 */
public final class RuntimeLocator {
    /** A class every runtime has; its class file tells a class path that holds the runtime. */
    static final String PROBE = "io/jasyncio/Coroutine.class";

    private RuntimeLocator() {}

    /** Whether one of {@code entries} (directories or jars) holds the runtime's classes. */
    public static boolean holdsRuntime(List<Path> entries) {
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                if (Files.isRegularFile(entry.resolve(PROBE))) {
                    return true;
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    if (jar.getEntry(PROBE) != null) {
                        return true;
                    }
                } catch (IOException notAJar) {
                    // not a jar: it cannot hold the runtime
                }
            }
        }
        return false;
    }

    /** The runtime beside the jar this class was loaded from, if there is one. */
    public static Optional<Path> besideAgent() {
        CodeSource source = RuntimeLocator.class.getProtectionDomain().getCodeSource();
        String version = RuntimeLocator.class.getPackage().getImplementationVersion();
        if (source == null || source.getLocation() == null || version == null) {
            return Optional.empty();
        }
        try {
            return beside(Path.of(source.getLocation().toURI()), version);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The runtime of {@code version} beside the agent jar {@code agentJar}, if there is one. */
    static Optional<Path> beside(Path agentJar, String version) {
        if (!Files.isRegularFile(agentJar)) {
            return Optional.empty();
        }
        Path dir = agentJar.toAbsolutePath().getParent();
        String jarName = "jasyncio-runtime-" + version + ".jar";
        List<Path> candidates = new ArrayList<>();
        Path versionDir = dir;
        Path artifactDir = versionDir.getParent();
        if (artifactDir != null && versionDir.getFileName().toString().equals(version)) {
            Path groupDir = artifactDir.getParent();
            if (groupDir != null) {
                candidates.add(
                        groupDir.resolve("jasyncio-runtime").resolve(version).resolve(jarName));
            }
        }
        Path module = dir.getParent();
        if (module != null && dir.getFileName().toString().equals("target") && module.getParent() != null) {
            Path runtimeTarget = module.getParent().resolve("runtime").resolve("target");
            candidates.add(runtimeTarget.resolve(jarName));
            candidates.add(runtimeTarget.resolve("classes"));
        }
        candidates.add(dir.resolve(jarName));
        candidates.add(dir.resolve("jasyncio-runtime.jar"));
        for (Path candidate : candidates) {
            if (holdsRuntime(List.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
