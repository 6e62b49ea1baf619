package io.jasyncio.maven;

import io.jasyncio.agent.weave.ClassOutcome;
import io.jasyncio.agent.weave.WeaveReport;
import io.jasyncio.agent.weave.Weaver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Weaves the {@code @Async} methods of one classes directory in place with the project's own
 * class path, as the agent would when the classes load. What the goals share; each goal picks the
 * directory and the class path.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {
    /**
     * Whether an {@code @Async} method the weaver refuses fails the build (the default) or only
     * warns. A refused class is left as it was, so its {@code @Async} methods fail when called
     * unless the agent is attached. Other problems (a malformed or unwritable class file) always
     * fail the build.
     */
    @Parameter(property = "jasyncio.weave.failOnRefusal", defaultValue = "true")
    boolean failOnRefusal;

    /** Skips weaving. */
    @Parameter(property = "jasyncio.weave.skip", defaultValue = "false")
    boolean skip;

    /** The directory whose class files are woven. */
    abstract File classesDirectory();

    /** The class path the classes were compiled against, the classes directory among it. */
    abstract List<String> classpathElements();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jasyncio: weaving skipped");
            return;
        }
        Path dir = classesDirectory().toPath();
        if (!Files.isDirectory(dir)) {
            getLog().info("jasyncio: nothing to weave (no " + dir + ")");
            return;
        }
        List<Path> classpath = new ArrayList<>();
        for (String element : classpathElements()) {
            Path path = Path.of(element);
            if (!path.equals(dir)) {
                classpath.add(path);
            }
        }
        WeaveReport report;
        try {
            report = new Weaver(classpath).weave(dir);
        } catch (IOException e) {
            throw new MojoExecutionException("jasyncio: cannot read " + dir + ": " + e, e);
        }
        getLog().info("jasyncio: weave " + report.summary());

        List<ClassOutcome> errors = new ArrayList<>();
        for (ClassOutcome failure : report.failures()) {
            if (failure.kind() == ClassOutcome.Kind.REFUSED && !failOnRefusal) {
                getLog().warn("jasyncio: " + failure.message()
                        + " (its @Async methods will fail when called unless the agent is attached)");
            } else {
                getLog().error("jasyncio: " + failure.message());
                errors.add(failure);
            }
        }
        if (!errors.isEmpty()) {
            String classes = errors.stream().map(ClassOutcome::where).collect(Collectors.joining(", "));
            String hint = errors.stream().anyMatch(e -> e.kind() == ClassOutcome.Kind.REFUSED)
                    ? " (set failOnRefusal to false to build on with refused classes left unwoven)"
                    : "";
            throw new MojoFailureException("jasyncio: " + errors.size() + (errors.size() == 1 ? " class" : " classes")
                    + " could not be woven: " + classes + hint);
        }
    }
}
