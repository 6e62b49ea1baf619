package io.jasyncio;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Debug mode's "coroutine was never awaited" report: Python's {@code RuntimeWarning} with its
 * coroutine origin tracking.
 *
 * <p>While any open loop is in debug mode, every new coroutine records the stack where it was
 * created and the loop running there. A coroutine counts as used once it is awaited or wrapped in
 * a task. One that never is gets reported once, whichever comes first: when the loop it was
 * created under closes, or when the garbage collector frees it (a {@link java.lang.ref.Cleaner} action, which
 * reports through that loop's exception handler if the loop is still open, else to standard
 * error). Tracking costs a stack walk per coroutine; it stops when the last debug loop turns
 * debug mode off or closes.
 */
final class UnawaitedCoroutines {
    /** Read by every coroutine's constructor: a plain static read when debug mode was never used. */
    static volatile boolean enabled;

    /** Frames of the creation stack kept: the method, its caller and a few more. */
    private static final int MAX_DEPTH = 16;

    /** The unused coroutines, weakly: tracking never keeps one alive. */
    private static final Map<CoroutineFrame<?>, Origin> UNUSED = Collections.synchronizedMap(new WeakHashMap<>());

    private UnawaitedCoroutines() {}

    private static int debugLoops;

    /** A loop entered debug mode. */
    static synchronized void enable() {
        debugLoops++;
        enabled = true;
    }

    /** A loop left debug mode (or closed in it). */
    static synchronized void disable() {
        if (debugLoops > 0 && --debugLoops == 0) {
            enabled = false;
        }
    }

    /** A coroutine was made (debug mode): remember where. */
    static void created(CoroutineFrame<?> frame) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int from = 0;
        // Drop the runtime's own frames: the first one left is the @Async method's stub.
        while (from < stack.length
                && (stack[from].getClassName().equals(UnawaitedCoroutines.class.getName())
                        || stack[from].getClassName().equals(CoroutineFrame.class.getName()))) {
            from++;
        }
        int to = Math.min(stack.length, from + MAX_DEPTH);
        Origin origin = new Origin(frame.toString(), Arrays.copyOfRange(stack, from, to), EventLoop.running());
        UNUSED.put(frame, origin);
        LateReports.cleaner().register(frame, origin);
    }

    /** The coroutine was awaited or wrapped in a task. */
    static void used(CoroutineFrame<?> frame) {
        Origin origin = UNUSED.remove(frame);
        if (origin != null) {
            origin.reported = true;
        }
    }

    /** {@code loop} is closing: report the coroutines created under it that were never used. */
    static void reportAtClose(EventLoop loop) {
        if (!enabled) {
            return;
        }
        // (Reports those of any loop that closes while tracking is on; created under a loop
        // without debug mode they are reported too, which is what the user asked for.)
        List<Origin> mine = new ArrayList<>();
        synchronized (UNUSED) {
            UNUSED.values().removeIf(o -> {
                if (o.loop.get() == loop) {
                    mine.add(o);
                    return true;
                }
                return false;
            });
        }
        for (Origin o : mine) {
            o.report(loop);
        }
    }

    /** Where one coroutine was created; also the Cleaner action that reports it if it was never used. */
    static final class Origin implements Runnable {
        final String coroutine;
        final StackTraceElement[] createdAt;
        final WeakReference<EventLoop> loop;
        volatile boolean reported;

        Origin(String coroutine, StackTraceElement[] createdAt, EventLoop loop) {
            this.coroutine = coroutine;
            this.createdAt = createdAt;
            this.loop = new WeakReference<>(loop);
        }

        /** The Cleaner's call: the coroutine was garbage collected. */
        @Override
        public void run() {
            report(null);
        }

        /** Reports once; {@code closing} is the loop whose close() (on its own thread) reports, or null for the Cleaner. */
        void report(EventLoop closing) {
            if (reported) {
                return;
            }
            reported = true;
            // createdAt[0] is the @Async method itself; createdAt[1] the line that called it.
            StackTraceElement where = createdAt.length > 1 ? createdAt[1] : createdAt.length == 1 ? createdAt[0] : null;
            Map<String, Object> context = new HashMap<>();
            context.put("message", coroutine + " was never awaited; created at " + where);
            context.put("source_traceback", List.of(createdAt));
            if (closing != null) {
                closing.callExceptionHandler(context);
            } else {
                LateReports.deliver(loop.get(), context);
            }
        }
    }
}
