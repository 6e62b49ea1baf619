package io.jasyncio;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kinds of exception a loop's default exception handler has already printed a stack trace
 * for: a kind is the exception's type and the place it was thrown from (its first stack frame).
 * Bounded: past {@link #LIMIT} kinds it stops remembering, so every kind new by then still gets
 * its trace. Thread-safe: the handler can be reached from other threads (the collector's cleaner).
 */
final class ErrorKinds {
    static final int LIMIT = 1024;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** True the first time an exception of this kind is seen. */
    boolean firstOccurrence(Throwable error) {
        StackTraceElement[] trace = error.getStackTrace();
        String kind = trace.length == 0
                ? error.getClass().getName()
                : error.getClass().getName() + " at " + trace[0];
        if (seen.contains(kind)) {
            return false;
        }
        if (seen.size() >= LIMIT) {
            return true;
        }
        return seen.add(kind);
    }
}
