package io.jasyncio;

import java.lang.ref.Cleaner;
import java.util.Map;

/**
 * Delivers reports found late, from any thread: when the garbage collector frees something
 * (through a {@link Cleaner} action) or a loop closes. A report goes to the exception handler of
 * the loop it belongs to, on that loop's thread when the loop is still open, else to standard
 * error with its exception's stack trace. A report queued for a loop that closes before it runs
 * it is given to the handler by {@code close()}, on the loop's thread.
 */
final class LateReports {
    private static volatile Cleaner cleaner;

    private LateReports() {}

    /** The one Cleaner (and thread) of the runtime's reports, made on first use. */
    static Cleaner cleaner() {
        Cleaner c = cleaner;
        if (c == null) {
            synchronized (LateReports.class) {
                c = cleaner;
                if (c == null) {
                    cleaner = c = Cleaner.create();
                }
            }
        }
        return c;
    }

    /** Reports {@code context} through {@code loop} (null or closed: standard error), from any thread. */
    static void deliver(EventLoop loop, Map<String, Object> context) {
        if (loop != null && !loop.isClosed()) {
            if (loop.inLoopThread()) {
                loop.callExceptionHandler(context);
                return;
            }
            try {
                // If the loop closes before running it, close() (on the loop's thread) reports it
                // as it drops it.
                Runnable report = () -> loop.callExceptionHandler(context);
                loop.callSoonThreadsafe(report, report);
                return;
            } catch (IllegalStateException closed) {
                // closed meanwhile: fall through to standard error
            }
        }
        toStandardError(context);
    }

    private static void toStandardError(Map<String, Object> context) {
        System.err.println(context.get("message"));
        Object e = context.get("exception");
        if (e instanceof Throwable) {
            ((Throwable) e).printStackTrace();
        }
    }
}
