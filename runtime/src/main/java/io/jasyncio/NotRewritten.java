package io.jasyncio;

import io.jasyncio.internal.Woven;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Optional;

/**
 * Explains, as precisely as it can, why an {@code @Async} method cannot run: the agent is not
 * attached, or it refused the class (and why), or {@code await} is used outside an {@code @Async}
 * method.
 */
final class NotRewritten {
    /** Set by the agent when it is attached. */
    static final String AGENT_PROPERTY = "jasyncio.agent";
    /** Prefix of the properties the agent sets for each class it refused to rewrite, with the reason. */
    static final String REFUSED_PROPERTY_PREFIX = "jasyncio.agent.refused.";
    /** Resources listing, one binary class name a line, the classes with @Async methods (written by the processor). */
    static final String INDEX_RESOURCE = "META-INF/jasyncio/async-classes";
    /** Resources the weave command writes: one refused class a line, {@code name<TAB>reason}. */
    static final String WEAVE_REFUSED_RESOURCE = "META-INF/jasyncio/refused-classes";

    static final String HOW_TO_ATTACH = "start the JVM with -javaagent:/path/to/jasyncio-agent-VERSION.jar "
            + "(the artifact io.jasyncio:jasyncio-agent), or weave the classes at build time with the "
            + "jasyncio-maven-plugin or java -jar jasyncio-agent-VERSION.jar weave CLASSES_DIR";

    private static volatile boolean indexChecked;

    private NotRewritten() {}

    /** The error thrown by an {@code await} call that the agent did not rewrite. */
    static NotRewrittenError error() {
        Optional<StackWalker.StackFrame> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.dropWhile(f ->
                                f.getDeclaringClass() == NotRewritten.class || f.getDeclaringClass() == Asyncio.class)
                        .findFirst());
        String where = caller.map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                        + f.getLineNumber() + ")")
                .orElse("an unknown method");
        String className = caller.map(StackWalker.StackFrame::getClassName).orElse(null);
        return new NotRewrittenError(
                "await(...) called in " + where + ", which was not rewritten into a coroutine: " + reason(className));
    }

    /** Why the class was not rewritten, and what to do. */
    static String reason(String className) {
        String refused = className == null ? null : System.getProperty(REFUSED_PROPERTY_PREFIX + className);
        if (refused != null) {
            return "the jasyncio agent refused to rewrite " + className + ": " + refused;
        }
        String woven = className == null ? null : refusedByWeaving(className);
        if (woven != null) {
            return "the jasyncio weave command refused to rewrite " + className + ": " + woven;
        }
        if (System.getProperty(AGENT_PROPERTY) == null) {
            return "the jasyncio agent is not attached; " + HOW_TO_ATTACH + ".";
        }
        return "await is legal only directly inside a method annotated @Async (io.jasyncio.annotation.Async), "
                + "not in a plain method or in a lambda.";
    }

    /** The weave command's reason for refusing the class, from its resources, or null. */
    static String refusedByWeaving(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = NotRewritten.class.getClassLoader();
        }
        try {
            Enumeration<URL> lists = loader.getResources(WEAVE_REFUSED_RESOURCE);
            while (lists.hasMoreElements()) {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(lists.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        int tab = line.indexOf('\t');
                        if (tab > 0 && line.substring(0, tab).equals(className)) {
                            return line.substring(tab + 1);
                        }
                    }
                }
            }
        } catch (IOException e) {
            return null; // only the reason is lost
        }
        return null;
    }

    /** A hint for errors that a missing agent may cause, or "" when the agent is attached. */
    static String agentHint() {
        return System.getProperty(AGENT_PROPERTY) != null
                ? ""
                : " (the jasyncio agent is not attached: if this was called from an @Async method, " + HOW_TO_ATTACH
                        + ")";
    }

    /**
     * Fails fast, on the first {@code run}, if a class the processor indexed as having {@code
     * @Async} methods was not woven. Classes are loaded without being initialized, so no user code
     * runs; an attached agent weaves them as they load.
     */
    static void checkIndexedClasses() {
        if (indexChecked) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = NotRewritten.class.getClassLoader();
        }
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX_RESOURCE);
            while (indexes.hasMoreElements()) {
                URL url = indexes.nextElement();
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        String name = line.trim();
                        if (name.isEmpty() || name.startsWith("#")) {
                            continue;
                        }
                        checkWoven(name, loader);
                    }
                }
            }
        } catch (IOException e) {
            // An unreadable index only loses the early check; await still reports a missing agent.
            return;
        }
        indexChecked = true;
    }

    /**
     * A class the agent refused is not checked here: it is the only one affected, and its own
     * methods fail with the agent's reason when used, so a class that is never used cannot make
     * every program fail.
     */
    private static void checkWoven(String className, ClassLoader loader) {
        if (System.getProperty(REFUSED_PROPERTY_PREFIX + className) != null || refusedByWeaving(className) != null) {
            return;
        }
        Class<?> cls;
        try {
            // Loading without initializing runs no user code; the agent (if attached) weaves it on load.
            cls = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return; // the index may list classes of another build; nothing to check
        }
        if (!cls.isAnnotationPresent(Woven.class)) {
            throw new NotRewrittenError(
                    "class " + className + " has @Async methods but was not rewritten: " + reason(className));
        }
    }
}
