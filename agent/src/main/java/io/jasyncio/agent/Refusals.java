package io.jasyncio.agent;

import io.jasyncio.agent.rewrite.RewriteRefusedException;
import io.jasyncio.annotation.internal.SharedNames;

/**
 * Reports a class the agent would not rewrite: one line on stderr naming the class, the method and
 * its descriptor (just the class when no method is to blame: a malformed class file), and the
 * system property
 * {@code jasyncio.agent.refused.<binary class name>} holding the reason, which the runtime
 * quotes when one of the class's {@code @Async} methods is called.
 */
final class Refusals {
    /** Prefix of the per-class system property holding the refusal reason. */
    static final String PROPERTY_PREFIX = SharedNames.REFUSED_PROPERTY_PREFIX;

    private Refusals() {}

    /** The one-line message for a refused class. */
    static String message(String className, RewriteRefusedException e) {
        String where = e.method() != null ? className + "." + e.method() : className;
        return "jasyncio-agent: cannot rewrite " + where + ": " + e.reason()
                + "; the class is left as it was, so its @Async methods will fail when called";
    }

    /**
     * Prints the line and sets the property; with {@code verbose}, also the stack trace of the
     * exception behind the refusal, if any (an agent bug or an unreadable class file), which the
     * line itself never quotes.
     */
    static void report(String className, RewriteRefusedException e, boolean verbose) {
        System.err.println(message(className, e));
        if (verbose && e.getCause() != null) {
            System.err.println("jasyncio-agent: the cause of the refusal of " + className + ":");
            e.getCause().printStackTrace(System.err);
        }
        try {
            String where = e.method() != null ? e.method() + ": " : "";
            System.setProperty(PROPERTY_PREFIX + className, where + e.reason());
        } catch (SecurityException ignored) {
            // the line on stderr is all we can give
        }
    }
}
