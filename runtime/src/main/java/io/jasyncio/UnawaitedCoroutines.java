package io.jasyncio;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * "Coroutine ... was never awaited", reported by default: Python's {@code RuntimeWarning}, and in
 * debug mode its coroutine origin tracking.
 *
 * <p>A coroutine counts as used once it is awaited, wrapped in a task or taken by an async
 * generator. One that never is gets reported once, through the exception handler of the loop it
 * was created under, whichever comes first: when that loop closes, or when the garbage collector
 * frees it (a {@link java.lang.ref.Cleaner} action, which reports through that loop's exception
 * handler if the loop is still open, else to standard error).
 *
 * <p>What a coroutine that is used pays: on the loop's thread, its creation appends it to the
 * loop's list of new frames ({@link NewFrames}), and the end of the task step (or of the loop's
 * pass, for callbacks) reads its state once and drops it from the list. Only a frame still
 * unused then is <em>promoted</em>: it gets a Cleaner registration and an entry in the JVM-wide
 * table of unused coroutines, which its later use removes. Frames created where no loop runs
 * (before {@code runUntilComplete}, in another thread) are promoted at once.
 *
 * <p>Without debug mode the report says which task made the coroutine and where that task's
 * step ended; while any open loop is in debug mode, every new coroutine is promoted at its
 * creation with the stack where it was created (a stack walk per coroutine), and the report
 * names the line that created it.
 */
final class UnawaitedCoroutines {
    /** While true (some open loop is in debug mode), each new coroutine records its creation stack. */
    static volatile boolean debug;

    /**
     * The new-frame list of the loop that last started running: a coroutine created on that
     * loop's thread goes there without a thread-local lookup. Read by other threads too, racily:
     * they only compare its owner with themselves, and an owner is only ever set to the thread
     * that sets it.
     */
    private static NewFrames newest = NewFrames.NONE;

    /** Frames of the creation stack kept in debug mode: the method, its caller and a few more. */
    private static final int MAX_DEPTH = 16;

    /** The promoted coroutines, weakly (tracking never keeps one alive): what their use settles. */
    private static final Map<CoroutineFrame<?>, Origin> UNUSED = new WeakHashMap<>();
    /**
     * The reports of promoted coroutines not settled yet (neither used nor reported), including
     * those already collected: what a closing loop reports. Guarded, with {@link #UNUSED} and
     * every {@link Origin#reported}, by {@code UNUSED}'s monitor.
     */
    private static final Set<Origin> PENDING = new HashSet<>();

    private static int debugLoops;

    private UnawaitedCoroutines() {}

    /** A loop entered debug mode. */
    static synchronized void enableDebug() {
        debugLoops++;
        debug = true;
    }

    /** A loop left debug mode (or closed in it). */
    static synchronized void disableDebug() {
        if (debugLoops > 0 && --debugLoops == 0) {
            debug = false;
        }
    }

    /** {@code frames} (a loop's) now collects the coroutines created on the current thread. */
    static void startCollecting(NewFrames frames) {
        frames.owner = Thread.currentThread();
        newest = frames;
    }

    /**
     * {@code frames} (a loop's) stops collecting: its loop stopped running. Forgets it as {@link
     * #newest}, so a stopped or closed loop is not kept reachable from here. (Racing another
     * loop's {@link #startCollecting} can lose that loop's entry too; its coroutines then take the
     * slower path through {@link EventLoop#running()}, still to its list.)
     */
    static void stopCollecting(NewFrames frames) {
        frames.owner = null;
        if (newest == frames) {
            newest = NewFrames.NONE;
        }
    }

    /** A coroutine was made: the constructor of every frame with a body calls this. */
    static void created(CoroutineFrame<?> frame) {
        NewFrames n = newest;
        if (n.owner == Thread.currentThread() && !debug) {
            n.add(frame);
        } else {
            createdElsewhere(frame);
        }
    }

    private static void createdElsewhere(CoroutineFrame<?> frame) {
        if (debug) {
            promote(frame, EventLoop.running(), creationStack(), null);
            return;
        }
        EventLoop loop = EventLoop.running();
        if (loop != null && loop.newFrames.owner == Thread.currentThread()) {
            loop.newFrames.add(frame);
        } else {
            promote(
                    frame,
                    null,
                    null,
                    "outside any running loop, in thread "
                            + Thread.currentThread().getName());
        }
    }

    /** The coroutine was awaited, wrapped in a task or {@linkplain #claimed claimed}: never report it. */
    static void used(CoroutineFrame<?> frame) {
        if (frame.unawaited == CoroutineFrame.PROMOTED) {
            synchronized (UNUSED) {
                Origin origin = UNUSED.remove(frame);
                if (origin != null) {
                    origin.reported = true;
                    PENDING.remove(origin);
                }
            }
        }
        frame.unawaited = CoroutineFrame.USED;
    }

    /**
     * An API took {@code awaitable} and answers for it from now on: it runs it later (an async
     * generator's producer, {@code runCoroutineThreadsafe}), or it refused it with an error and
     * never will (a finished task group; CPython closes such a coroutine). If it is a coroutine,
     * it is not reported as never awaited.
     */
    static void claimed(Object awaitable) {
        if (awaitable instanceof CoroutineFrame && !((CoroutineFrame<?>) awaitable).madeByDone()) {
            used((CoroutineFrame<?>) awaitable);
        }
    }

    /** True if {@code frame} was neither awaited nor scheduled nor claimed yet. */
    private static boolean unused(CoroutineFrame<?> frame) {
        return frame.state == CoroutineFrame.NEW
                && frame.caller == null
                && frame.task == null
                && frame.unawaited == CoroutineFrame.UNTRACKED;
    }

    private static void promote(CoroutineFrame<?> frame, EventLoop loop, StackTraceElement[] createdAt, String by) {
        Origin origin = new Origin(frame.toString(), createdAt, by, loop);
        frame.unawaited = CoroutineFrame.PROMOTED;
        synchronized (UNUSED) {
            UNUSED.put(frame, origin);
            PENDING.add(origin);
        }
        LateReports.cleaner().register(frame, origin);
    }

    private static StackTraceElement[] creationStack() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int from = 0;
        // Drop the runtime's own frames: the first one left is the @Async method's stub.
        while (from < stack.length
                && (stack[from].getClassName().equals(UnawaitedCoroutines.class.getName())
                        || stack[from].getClassName().equals(CoroutineFrame.class.getName()))) {
            from++;
        }
        return Arrays.copyOfRange(stack, from, Math.min(stack.length, from + MAX_DEPTH));
    }

    /**
     * {@code loop} is closing (other threads can no longer schedule on it): report the promoted
     * coroutines created under it that were never used, collected or not.
     */
    static void reportAtClose(EventLoop loop) {
        // (Created under a loop that closes while they are unused, they are reported even if
        // they were meant for another loop: a coroutine is not bound to a loop until it runs.)
        List<Origin> mine = new ArrayList<>();
        synchronized (UNUSED) {
            PENDING.removeIf(o -> {
                if (o.loop.get() == loop) {
                    o.reported = true;
                    mine.add(o);
                    return true;
                }
                return false;
            });
            UNUSED.values().removeAll(mine);
        }
        for (Origin o : mine) {
            loop.callExceptionHandler(o.context());
        }
    }

    /**
     * One loop's coroutines created since its last sweep, on its thread: a list of strong
     * references, so nothing in it is collected before the sweep looks at it. Used by that
     * thread only (the owner), except for the racy reads of {@link #owner} described at {@link
     * #newest}.
     */
    static final class NewFrames {
        /** Past this many frames not yet used within one step, the unused ones are promoted. */
        static final int MAX = 4096;
        /** Owned by no thread: what {@link #newest} is while no loop has started or after one stops. */
        static final NewFrames NONE = new NewFrames(null);

        /** The loop whose coroutines these are. */
        private final EventLoop loop;
        /** The thread running the loop, null while it does not run. */
        Thread owner;

        private CoroutineFrame<?>[] frames = new CoroutineFrame<?>[16];
        private int count;

        NewFrames(EventLoop loop) {
            this.loop = loop;
        }

        void add(CoroutineFrame<?> frame) {
            if (count == frames.length) {
                makeRoom();
            }
            frames[count++] = frame;
        }

        /** True if coroutines were created since the last sweep. */
        boolean any() {
            return count != 0;
        }

        /**
         * The end of a step of {@code task} (null: of a callback, or the loop stops or closes):
         * drops the frames used by now and promotes the others, which are reported unless
         * something uses them later.
         */
        void sweep(Task<?> task) {
            CoroutineFrame<?>[] fs = frames;
            int n = count;
            count = 0;
            for (int i = 0; i < n; i++) {
                CoroutineFrame<?> f = fs[i];
                fs[i] = null;
                if (unused(f)) {
                    promote(f, loop, null, createdBy(task));
                }
            }
        }

        /** A full list: drop what was used; grow if most of it is still unused; promote all past MAX. */
        private void makeRoom() {
            CoroutineFrame<?>[] fs = frames;
            int kept = 0;
            for (int i = 0; i < count; i++) {
                CoroutineFrame<?> f = fs[i];
                fs[i] = null;
                if (unused(f)) {
                    fs[kept++] = f;
                }
            }
            count = kept;
            if (kept > fs.length / 2) {
                if (fs.length < MAX) {
                    frames = Arrays.copyOf(fs, fs.length * 2);
                } else {
                    sweep(loop.currentTask);
                }
            }
        }

        private static String createdBy(Task<?> task) {
            if (task == null) {
                return "by a callback of the loop";
            }
            if (task.done()) {
                return "by task " + task.getName() + " in its last step";
            }
            return "by task " + task.getName() + " in its step that ended at " + task.leaf.stackTraceElement();
        }
    }

    /** Where one coroutine was created; also the Cleaner action that reports it if it was never used. */
    static final class Origin implements Runnable {
        final String coroutine;
        /** Debug mode's creation stack, else null. */
        final StackTraceElement[] createdAt;
        /** Without debug mode: which task or callback made it. */
        final String createdBy;

        final WeakReference<EventLoop> loop;
        /** Guarded by UNUSED's monitor. */
        boolean reported;

        Origin(String coroutine, StackTraceElement[] createdAt, String createdBy, EventLoop loop) {
            this.coroutine = coroutine;
            this.createdAt = createdAt;
            this.createdBy = createdBy;
            this.loop = new WeakReference<>(loop);
        }

        /**
         * The Cleaner's call: the coroutine was garbage collected. The report goes to its loop's
         * thread; if that loop is closing, its close() reports it (see reportAtClose).
         */
        @Override
        public void run() {
            EventLoop l = loop.get();
            synchronized (UNUSED) {
                if (reported) {
                    return;
                }
                if (l != null && !l.isClosed()) {
                    try {
                        // Dropped by a close() that began after this: close() reports it then.
                        Runnable report = () -> l.callExceptionHandler(context());
                        l.callSoonThreadsafe(report, report);
                        reported = true;
                        PENDING.remove(this);
                    } catch (IllegalStateException closing) {
                        // close() has begun and will report it: it takes this lock after.
                    }
                    return;
                }
                reported = true;
                PENDING.remove(this);
            }
            LateReports.deliver(null, context());
        }

        Map<String, Object> context() {
            Map<String, Object> context = new HashMap<>();
            if (createdAt != null) {
                // createdAt[0] is the @Async method itself; createdAt[1] the line that called it.
                StackTraceElement where =
                        createdAt.length > 1 ? createdAt[1] : createdAt.length == 1 ? createdAt[0] : null;
                context.put("message", coroutine + " was never awaited; created at " + where);
                context.put("source_traceback", List.of(createdAt));
            } else {
                context.put(
                        "message",
                        coroutine + " was never awaited; created " + createdBy
                                + " (debug mode records the line that created it)");
            }
            return context;
        }
    }
}
