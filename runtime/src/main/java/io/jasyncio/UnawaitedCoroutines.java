package io.jasyncio;

import java.lang.ref.Cleaner;
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
 * <p>Once any loop turns debug mode on, every new coroutine records the stack where it was
 * created and the loop running there. A coroutine counts as used once it is awaited or wrapped in
 * a task. One that never is gets reported once, whichever comes first: when the loop it was
 * created under closes, or when the garbage collector frees it (a {@link Cleaner} action, which
 * reports through that loop's exception handler if the loop is still open, else to standard
 * error). Tracking stays on for the JVM's life; it costs a stack walk per coroutine.
 */
final class UnawaitedCoroutines {
    /** Read by every coroutine's constructor: a plain static read when debug mode was never used. */
    static volatile boolean enabled;

    private static volatile Cleaner cleaner;
    /** The unused coroutines, weakly: tracking never keeps one alive. */
    private static final Map<CoroutineFrame<?>, Origin> UNUSED = Collections.synchronizedMap(new WeakHashMap<>());

    private UnawaitedCoroutines() {
    }

    static void enable() {
        if (!enabled) {
            synchronized (UnawaitedCoroutines.class) {
                if (cleaner == null) {
                    cleaner = Cleaner.create();
                }
                enabled = true;
            }
        }
    }

    /** A coroutine was made (debug mode): remember where. */
    static void created(CoroutineFrame<?> frame) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int from = 0;
        // Drop the runtime's own frames: the first one left is the @Async method's stub.
        while (from < stack.length && (stack[from].getClassName().equals(UnawaitedCoroutines.class.getName())
                || stack[from].getClassName().equals(CoroutineFrame.class.getName()))) {
            from++;
        }
        Origin origin = new Origin(frame.toString(), Arrays.copyOfRange(stack, from, stack.length), EventLoop.running());
        UNUSED.put(frame, origin);
        cleaner.register(frame, origin);
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
            o.report();
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
            report();
        }

        void report() {
            if (reported) {
                return;
            }
            reported = true;
            // createdAt[0] is the @Async method itself; createdAt[1] the line that called it.
            StackTraceElement where = createdAt.length > 1 ? createdAt[1] : createdAt.length == 1 ? createdAt[0] : null;
            Map<String, Object> context = new HashMap<>();
            context.put("message", coroutine + " was never awaited; created at " + where);
            context.put("source_traceback", List.of(createdAt));
            EventLoop l = loop.get();
            if (l != null && !l.isClosed() && l.inLoopThread()) {
                l.callExceptionHandler(context);
            } else if (l != null && !l.isClosed()) {
                try {
                    l.callSoonThreadsafe(() -> l.callExceptionHandler(context));
                } catch (IllegalStateException closed) {
                    System.err.println(context.get("message"));
                }
            } else {
                System.err.println(context.get("message"));
            }
        }
    }
}
