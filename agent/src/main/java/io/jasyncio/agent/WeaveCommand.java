package io.jasyncio.agent;

import io.jasyncio.agent.weave.ClassOutcome;
import io.jasyncio.agent.weave.RuntimeLocator;
import io.jasyncio.agent.weave.WeaveReport;
import io.jasyncio.agent.weave.Weaver;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Build-time weaving from the command line: {@code java -jar jasyncio-agent.jar weave
 * [--classpath CP] DIR} rewrites every {@code @Async} method of the class files under {@code DIR}
 * in place (see {@link Weaver}), so the classes run without the agent. {@code CP} is the classes'
 * compile class path; when it does not hold the jasyncio runtime, the runtime beside the agent's
 * jar is used (see {@link RuntimeLocator}).
 *
 * <p>Prints one summary line on stdout and, on stderr, one line per class it could not weave
 * and a last line naming them all. Exits 0 when every class that needed weaving is woven, 1 when
 * some class could not be woven (each is left byte for byte as it was), 2 on a usage error or an
 * unreadable directory.
 */
public final class WeaveCommand {
    private static final String PREFIX = "jasyncio-agent: weave: ";

    private WeaveCommand() {}

    /** The command line entry point. */
    public static void main(String[] args) {
        if (args.length > 0 && TaskDumpCommand.handles(args[0])) {
            System.exit(TaskDumpCommand.run(args, System.out, System.err));
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> classpath = new ArrayList<>();
        Path dir = null;
        if (args.length == 0 || !args[0].equals("weave")) {
            return usage(err);
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--classpath") || args[i].equals("-cp")) {
                if (i + 1 == args.length) {
                    return usage(err);
                }
                for (String entry : args[++i].split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        classpath.add(Path.of(entry));
                    }
                }
            } else if (args[i].startsWith("-") || dir != null) {
                return usage(err);
            } else {
                dir = Path.of(args[i]);
            }
        }
        if (dir == null) {
            return usage(err);
        }
        if (!Files.isDirectory(dir)) {
            err.println(PREFIX + "not a directory: " + dir);
            return 2;
        }
        if (!RuntimeLocator.holdsRuntime(classpath) && !RuntimeLocator.holdsRuntime(List.of(dir))) {
            RuntimeLocator.besideAgent().ifPresent(classpath::add);
        }
        WeaveReport report;
        try {
            report = new Weaver(classpath).weave(dir);
        } catch (IOException e) {
            err.println(PREFIX + "cannot read " + dir + ": " + e);
            return 2;
        }
        out.println("jasyncio-agent: weave " + report.summary());
        List<ClassOutcome> failures = report.failures();
        if (failures.isEmpty()) {
            return 0;
        }
        for (ClassOutcome failure : failures) {
            err.println(PREFIX + failure.message());
        }
        if (failures.stream().anyMatch(f -> f.reason().startsWith("cannot find class file"))) {
            err.println(PREFIX + "pass --classpath with the classes' compile class path "
                    + "(the jasyncio runtime and their other dependencies) so frames can be computed");
        }
        err.println(PREFIX + failures.size() + (failures.size() == 1 ? " class" : " classes")
                + " not woven, each left as it was: "
                + failures.stream().map(ClassOutcome::className).collect(Collectors.joining(", ")));
        return 1;
    }

    private static int usage(PrintStream err) {
        err.println("usage: java -jar jasyncio-agent.jar weave [--classpath CLASSPATH] DIR");
        err.println("  rewrites every @Async method of the class files under DIR in place;");
        err.println("  CLASSPATH is their compile class path (the jasyncio runtime is found by itself)");
        err.println("       java -jar jasyncio-agent.jar ps|pstree PID   (the tasks of a running JVM)");
        return 2;
    }
}
