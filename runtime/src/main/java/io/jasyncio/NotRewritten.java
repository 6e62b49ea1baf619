package io.jasyncio;

import io.jasyncio.annotation.Async;
import io.jasyncio.annotation.internal.SharedNames;
import io.jasyncio.internal.Woven;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
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
    static final String AGENT_PROPERTY = SharedNames.AGENT_ATTACHED_PROPERTY;
    /** Prefix of the properties the agent sets for each class it refused to rewrite, with the reason. */
    static final String REFUSED_PROPERTY_PREFIX = SharedNames.REFUSED_PROPERTY_PREFIX;
    /** Resources listing, one binary class name a line, the classes with @Async methods (written by the processor). */
    static final String INDEX_RESOURCE = SharedNames.ASYNC_CLASSES_RESOURCE;
    /** Resources the weave command writes: one refused class a line, {@code name<TAB>reason}. */
    static final String WEAVE_REFUSED_RESOURCE = SharedNames.REFUSED_CLASSES_RESOURCE;

    static final String HOW_TO_ATTACH = "start the JVM with -javaagent:/path/to/jasyncio-agent-VERSION.jar "
            + "(the artifact io.jasyncio:jasyncio-agent), or weave the classes at build time with the "
            + "jasyncio-maven-plugin or java -jar jasyncio-agent-VERSION.jar weave CLASSES_DIR";

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

    /** Why the class of an {@code await} that was not rewritten was not, and what to do. */
    static String reason(String className) {
        String known = knownReason(className);
        return known != null
                ? known
                : "await is legal only directly inside a method annotated @Async (io.jasyncio.annotation.Async), "
                        + "not in a plain method or in a lambda.";
    }

    /** Why a class with {@code @Async} methods was not rewritten, and what to do. */
    private static String asyncClassReason(String className) {
        String known = knownReason(className);
        return known != null
                ? known
                : "the jasyncio agent is attached but did not rewrite it: a class loaded before the agent was "
                        + "attached (a dynamic attach) stays as it was; start the JVM with -javaagent instead.";
    }

    /** The agent's or the weave command's refusal, or the missing agent; null if none of them. */
    private static String knownReason(String className) {
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
        return null;
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
     * Fails fast when {@code run(coro)} is given a coroutine of an {@code @Async} method that was
     * not rewritten: such a method ran its whole body at its call and returned {@code done(v)}'s
     * coroutine. A coroutine of a rewritten method is recognised at once (nothing is read); any
     * other is checked against the class that called {@code run}: when that class is listed in
     * the processor's index ({@value #INDEX_RESOURCE}) and was not rewritten, this throws,
     * naming it and why. Nothing is loaded, and the cost does not depend on how many classes the
     * index lists unless run is given a coroutine no rewritten method made; a class that is
     * never used is never reported.
     */
    static void checkRunnable(Coroutine<?> coro) {
        if (coro instanceof CoroutineFrame<?> frame && !frame.madeByDone()) {
            return; // made by a rewritten method's stub (or by the runtime's own state machines)
        }
        checkRunnable(coro, callerOutsideTheRuntime());
    }

    /** {@link #checkRunnable(Coroutine)} with the caller given; {@code caller} may be null. */
    static void checkRunnable(Coroutine<?> coro, Class<?> caller) {
        if (coro instanceof CoroutineFrame<?> frame && !frame.madeByDone()) {
            return;
        }
        if (caller == null || caller.isAnnotationPresent(Woven.class)) {
            return;
        }
        String name = caller.getName();
        if (isIndexed(name, caller.getClassLoader())) {
            throw new NotRewrittenError(
                    "class " + name + " has @Async methods but was not rewritten: " + asyncClassReason(name));
        }
    }

    /**
     * Fails when the stack holds the call of an {@code @Async} method that was not rewritten:
     * checked on the way to an error that such a method's body, running at its call outside any
     * event loop, causes (no running loop), so that the error says what is really wrong. Only
     * the methods on the stack are looked at.
     */
    static void checkStackForUnrewrittenAsync() {
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).forEach(frame -> {
            Class<?> cls = frame.getDeclaringClass();
            if (cls.getClassLoader() == null || cls.isAnnotationPresent(Woven.class)) {
                return; // the JDK's classes, or a rewritten class
            }
            Method method;
            try {
                method = cls.getDeclaredMethod(
                        frame.getMethodName(), frame.getMethodType().parameterArray());
            } catch (NoSuchMethodException | LinkageError | SecurityException e) {
                return; // a constructor or initializer, or a method reflection cannot see
            }
            if (method.isAnnotationPresent(Async.class)) {
                throw new NotRewrittenError("@Async method " + cls.getName() + "." + frame.getMethodName()
                        + " ran at its call instead of returning a coroutine, because it was not rewritten: "
                        + asyncClassReason(cls.getName()));
            }
        });
    }

    private static Class<?> callerOutsideTheRuntime() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != NotRewritten.class && c != Runner.class && c != Asyncio.class)
                        .findFirst()
                        .orElse(null));
    }

    /** Whether one of the processor's indexes visible to {@code loader} lists {@code className}. */
    static boolean isIndexed(String className, ClassLoader loader) {
        if (loader == null) {
            loader = NotRewritten.class.getClassLoader();
        }
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX_RESOURCE);
            while (indexes.hasMoreElements()) {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(indexes.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.trim().equals(className)) {
                            return true;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return false; // an unreadable index only loses the early check
        }
        return false;
    }
}
