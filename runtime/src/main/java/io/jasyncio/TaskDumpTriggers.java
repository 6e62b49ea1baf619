package io.jasyncio;

import java.lang.reflect.Proxy;

/**
 * The system property {@value #PROPERTY}: prints the {@link TaskDump} of every open loop to
 * standard error on a signal or when the JVM exits. Comma-separated: {@code exit} (at JVM
 * shutdown, including Ctrl-C, if any loop is still open), {@code signal} (on {@code SIGUSR2}:
 * {@code kill -USR2 <pid>}), {@code signal=NAME} (on another signal, e.g. {@code HUP}). Read
 * once, when the first loop is made.
 */
final class TaskDumpTriggers {
    static final String PROPERTY = "jasyncio.dump";

    private TaskDumpTriggers() {}

    static void install() {
        String value = System.getProperty(PROPERTY, "");
        for (String trigger : value.split(",")) {
            trigger = trigger.trim();
            if (trigger.isEmpty()) {
                continue;
            }
            if (trigger.equals("exit")) {
                Runtime.getRuntime().addShutdownHook(new Thread(TaskDumpTriggers::dumpIfOpen, "jasyncio-task-dump"));
            } else if (trigger.equals("signal") || trigger.startsWith("signal=")) {
                String name = trigger.equals("signal") ? "USR2" : trigger.substring("signal=".length());
                onSignal(name);
            } else {
                System.err.println("jasyncio: unknown " + PROPERTY + " trigger '" + trigger
                        + "' (known: exit, signal, signal=NAME)");
            }
        }
    }

    private static void dumpIfOpen() {
        if (!TaskDump.all().isEmpty()) {
            System.err.print(TaskDump.allAsText(false));
        }
    }

    /**
     * sun.misc.Signal, through reflection: it is the JDK's only way to handle a signal, and
     * javac's warning about internal API cannot be suppressed otherwise.
     */
    private static void onSignal(String name) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h = Proxy.newProxyInstance(
                    handler.getClassLoader(), new Class<?>[] {handler}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            System.err.print(TaskDump.allAsText(false));
                            System.err.flush();
                            return null;
                        }
                        return method.getName().equals("hashCode")
                                ? System.identityHashCode(proxy)
                                : method.getName().equals("equals")
                                        ? proxy == args[0]
                                        : "jasyncio task dump on SIG" + name;
                    });
            signal.getMethod("handle", signal, handler)
                    .invoke(null, signal.getConstructor(String.class).newInstance(name), h);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("jasyncio: cannot print task dumps on signal " + name + " (" + PROPERTY + "): "
                    + (e.getCause() != null ? e.getCause() : e));
        }
    }
}
