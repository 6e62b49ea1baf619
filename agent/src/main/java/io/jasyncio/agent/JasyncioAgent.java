package io.jasyncio.agent;

import io.jasyncio.annotation.internal.SharedNames;
import java.lang.instrument.Instrumentation;

/**
 * The Java agent's entry points: {@code -javaagent:jasyncio-agent.jar[=options]} or a dynamic
 * attach. Installs an {@link AsyncClassTransformer} and sets the system property
 * {@value #ATTACHED_PROPERTY} to {@code "attached"}, which the runtime reads to tell a missing
 * agent from a refused class.
 *
 * <p>Options, comma-separated: {@code verbose} reports each rewritten method and its cost on
 * stderr, and the stack trace of the exception behind a refusal that has one (an agent bug, an
 * unreadable class file), which the refusal's line never quotes; {@code verify} checks every rewritten class before handing it to the JVM (a class that
 * fails is left as it was, and the failure is reported).
 */
public final class JasyncioAgent {
    /** Set to {@code "attached"} once the agent is installed. */
    public static final String ATTACHED_PROPERTY = SharedNames.AGENT_ATTACHED_PROPERTY;

    private JasyncioAgent() {}

    /** Called by the JVM for {@code -javaagent}. */
    public static void premain(String options, Instrumentation instrumentation) {
        install(options, instrumentation);
    }

    /** Called by the JVM when the agent is attached to a running JVM. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        if (options != null && options.startsWith(TaskDumpCommand.DUMP_OPTION)) {
            TaskDumpCommand.dumpInTarget(options, instrumentation);
            return;
        }
        install(options, instrumentation);
    }

    private static void install(String options, Instrumentation instrumentation) {
        boolean verbose = false;
        boolean verify = false;
        if (options != null) {
            for (String option : options.split(",")) {
                switch (option.trim()) {
                    case "verbose" -> verbose = true;
                    case "verify" -> verify = true;
                    case "" -> {}
                    default ->
                        System.err.println(
                                "jasyncio-agent: unknown option '" + option.trim() + "' (known: verbose, verify)");
                }
            }
        }
        instrumentation.addTransformer(new AsyncClassTransformer(verbose, verify), false);
        System.setProperty(ATTACHED_PROPERTY, "attached");
    }
}
