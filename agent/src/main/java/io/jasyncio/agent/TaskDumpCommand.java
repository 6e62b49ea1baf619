package io.jasyncio.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar jasyncio-agent.jar ps <pid>} and {@code pstree <pid>}: attaches to a running
 * JVM (the Attach API), loads this jar into it as an agent with the option {@code
 * dump=<file>[,tree]}, and prints what the agent wrote there: every jasyncio event loop of that
 * JVM with each task's name, state and chain of awaits ({@code ps}), or the tree of which task
 * awaits which ({@code pstree}). Python's {@code python -m asyncio ps} / {@code pstree}.
 *
 * <p>Inside the target, {@link #dumpInTarget} finds the runtime's {@code io.jasyncio.TaskDump}
 * among the loaded classes (the agent never links against the runtime) and calls it.
 */
final class TaskDumpCommand {
    private static final String DUMP_CLASS = "io.jasyncio.TaskDump";
    static final String DUMP_OPTION = "dump=";

    private TaskDumpCommand() {}

    /** True for the commands this class runs. */
    static boolean handles(String command) {
        return command.equals("ps") || command.equals("pstree");
    }

    /** Runs {@code ps <pid>} or {@code pstree <pid>}; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !args[1].matches("\\d+")) {
            err.println("usage: java -jar jasyncio-agent.jar ps|pstree <pid>");
            err.println("  ps      every task of every jasyncio event loop in the JVM <pid>: name, state, awaits");
            err.println("  pstree  the same as a tree of which task awaits which");
            return 2;
        }
        boolean tree = args[0].equals("pstree");
        try {
            Path jar = Path.of(TaskDumpCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path file = Files.createTempFile("jasyncio-dump", ".txt");
            try {
                com.sun.tools.attach.VirtualMachine vm;
                try {
                    vm = com.sun.tools.attach.VirtualMachine.attach(args[1]);
                } catch (IOException e) {
                    err.println("jasyncio-agent: " + args[0] + ": cannot attach to JVM " + args[1] + ": "
                            + e.getMessage() + " (is it a running JVM of the same user? see jps)");
                    return 1;
                }
                try {
                    vm.loadAgent(jar.toString(), DUMP_OPTION + file + (tree ? ",tree" : ""));
                } finally {
                    vm.detach();
                }
                out.print(Files.readString(file, StandardCharsets.UTF_8));
                return 0;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            err.println("jasyncio-agent: " + args[0] + ": cannot attach to JVM " + args[1] + ": " + e.getMessage()
                    + " (is it a running JVM of the same user? see jps)");
            return 1;
        } catch (com.sun.tools.attach.AgentLoadException | com.sun.tools.attach.AgentInitializationException e) {
            err.println("jasyncio-agent: " + args[0] + ": the dump failed inside JVM " + args[1] + ": " + e);
            return 1;
        } catch (IOException | URISyntaxException e) {
            err.println("jasyncio-agent: " + args[0] + ": " + e);
            return 1;
        }
    }

    /** In the target JVM (agentmain with {@code dump=<file>[,tree]}): writes the dump to the file. */
    static void dumpInTarget(String options, Instrumentation instrumentation) {
        String spec = options.substring(DUMP_OPTION.length());
        boolean tree = spec.endsWith(",tree");
        Path file = Path.of(tree ? spec.substring(0, spec.length() - ",tree".length()) : spec);
        String text;
        try {
            Class<?> dump = null;
            for (Class<?> c : instrumentation.getAllLoadedClasses()) {
                if (c.getName().equals(DUMP_CLASS)) {
                    dump = c;
                    break;
                }
            }
            if (dump == null) {
                text = "no jasyncio event loop in this JVM (the jasyncio runtime is not loaded)\n";
            } else {
                Method allAsText = dump.getMethod("allAsText", boolean.class);
                text = (String) allAsText.invoke(null, tree);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            text = "jasyncio-agent: the task dump failed: " + e + "\n";
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("jasyncio-agent: cannot write the task dump to " + file + ": " + e);
        }
    }
}
