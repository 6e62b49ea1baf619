package io.jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where every task of a loop waits: its name, state and chain of awaits down to what the
 * innermost one waits on; {@code python -m asyncio ps} / {@code pstree}, kotlinx's {@code
 * DebugProbes.dumpCoroutines}. Made by {@link EventLoop#dumpTasks()}; {@link #all()} dumps every
 * open loop of the JVM, which is what the agent's {@code ps} and {@code pstree} commands print
 * from outside the program (see docs/runtime.md).
 *
 * <p>Taken on the loop's own thread when called there or, for a running loop, by a callback
 * scheduled on it (waiting at most a second); a loop that does not answer in time (one callback
 * is blocking it) is read from the calling thread as it is, which may be slightly inconsistent.
 * Nothing of this costs the loop anything until a dump is asked for.
 */
public final class TaskDump {
    static {
        TaskDumpTriggers.install();
    }

    /** Every open loop, weakly: a dump from outside must find them all. */
    private static final Set<EventLoop> LOOPS =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final String loop;
    private final List<TaskInfo> tasks;

    private TaskDump(String loop, List<TaskInfo> tasks) {
        this.loop = loop;
        this.tasks = List.copyOf(tasks);
    }

    /** The loop's description: its thread and whether it runs. */
    public String loop() {
        return loop;
    }

    /** The loop's pending tasks, oldest first. */
    public List<TaskInfo> tasks() {
        return tasks;
    }

    /**
     * The dump as text, one block per task:
     *
     * <pre>
     * Task 'worker-1' (id 2), waiting on sleep, 0.480 s left
     *   at app.Main.fetch(Main.java:31)
     *   at app.Main.worker(Main.java:22)
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(loop)
                .append(": ")
                .append(tasks.size())
                .append(tasks.size() == 1 ? " task" : " tasks")
                .append('\n');
        for (TaskInfo t : tasks) {
            sb.append("Task '")
                    .append(t.name())
                    .append("' (id ")
                    .append(t.id())
                    .append("), ")
                    .append(t.state());
            if (!t.waitingOn().isEmpty()) {
                sb.append(" on ").append(t.waitingOn());
            }
            sb.append('\n');
            for (StackTraceElement e : t.awaitChain()) {
                sb.append("  at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The tree of which task awaits which, as {@code python -m asyncio pstree} prints it: each
     * task under the task that awaits it, with its innermost await.
     */
    public String tree() {
        Map<Integer, TaskInfo> byId = new LinkedHashMap<>();
        Map<Integer, Integer> awaitedBy = new HashMap<>();
        for (TaskInfo t : tasks) {
            byId.put(t.id(), t);
        }
        for (TaskInfo t : tasks) {
            for (int child : t.awaits()) {
                if (byId.containsKey(child)) {
                    awaitedBy.putIfAbsent(child, t.id());
                }
            }
        }
        StringBuilder sb = new StringBuilder(loop).append('\n');
        List<TaskInfo> roots = new ArrayList<>();
        for (TaskInfo t : tasks) {
            if (!awaitedBy.containsKey(t.id())) {
                roots.add(t);
            }
        }
        for (int i = 0; i < roots.size(); i++) {
            appendTree(sb, roots.get(i), byId, awaitedBy, "", i == roots.size() - 1);
        }
        return sb.toString();
    }

    private static void appendTree(
            StringBuilder sb,
            TaskInfo t,
            Map<Integer, TaskInfo> byId,
            Map<Integer, Integer> awaitedBy,
            String indent,
            boolean last) {
        sb.append(indent).append(last ? "└── " : "├── ").append("(T) ").append(t.name());
        if (!t.awaitChain().isEmpty()) {
            sb.append("  ").append(t.awaitChain().get(0));
        }
        sb.append('\n');
        List<TaskInfo> children = new ArrayList<>();
        for (int child : t.awaits()) {
            Integer parent = awaitedBy.get(child);
            if (parent != null && parent == t.id()) {
                children.add(byId.get(child));
            }
        }
        for (int i = 0; i < children.size(); i++) {
            appendTree(
                    sb, children.get(i), byId, awaitedBy, indent + (last ? "    " : "│   "), i == children.size() - 1);
        }
    }

    // ---- every loop ----

    /** Dumps of every open loop in the JVM. */
    public static List<TaskDump> all() {
        List<EventLoop> loops;
        synchronized (LOOPS) {
            loops = new ArrayList<>(LOOPS);
        }
        List<TaskDump> dumps = new ArrayList<>();
        for (EventLoop l : loops) {
            if (!l.isClosed()) {
                dumps.add(of(l));
            }
        }
        return dumps;
    }

    /** {@link #all()} as text (or as trees if {@code tree}); what the agent's {@code ps} / {@code pstree} print. */
    public static String allAsText(boolean tree) {
        List<TaskDump> dumps = all();
        if (dumps.isEmpty()) {
            return "no open jasyncio event loop in this JVM\n";
        }
        StringBuilder sb = new StringBuilder();
        for (TaskDump d : dumps) {
            sb.append(tree ? d.tree() : d.toString()).append('\n');
        }
        return sb.toString();
    }

    static void register(EventLoop loop) {
        LOOPS.add(loop);
    }

    static void unregister(EventLoop loop) {
        LOOPS.remove(loop);
    }

    /** The dump of {@code loop}, taken on its thread if it runs (see the class comment). */
    static TaskDump of(EventLoop loop) {
        if (loop.isRunning() && !loop.inLoopThread()) {
            CompletableFuture<TaskDump> answer = new CompletableFuture<>();
            try {
                loop.callSoonThreadsafe(() -> answer.complete(snapshot(loop)));
                return answer.get(1, TimeUnit.SECONDS);
            } catch (Exception busyOrClosed) {
                // Blocked by a long callback (or closed meanwhile): read it from here, as it is.
            }
        }
        try {
            return snapshot(loop);
        } catch (RuntimeException raced) {
            return new TaskDump(describe(loop) + " (changing while read: " + raced + ")", List.of());
        }
    }

    private static TaskDump snapshot(EventLoop loop) {
        List<Task<?>> pending = loop.pendingTasks();
        Collections.reverse(pending); // oldest first
        long now = loop.nanoTime(); // the loop's clock: virtual under test
        List<TaskInfo> infos = new ArrayList<>(pending.size());
        for (Task<?> t : pending) {
            infos.add(info(loop, t, now));
        }
        return new TaskDump(describe(loop), infos);
    }

    private static String describe(EventLoop loop) {
        Thread thread = loop.thread();
        return "EventLoop@" + Integer.toHexString(System.identityHashCode(loop))
                + (thread != null ? " running on thread '" + thread.getName() + "'" : " (not running)");
    }

    private static TaskInfo info(EventLoop loop, Task<?> t, long now) {
        Object awaited = t.leaf.awaiting;
        String state = loop.currentTask == t ? "running" : awaited instanceof Future ? "waiting" : "ready";
        List<Integer> awaits = new ArrayList<>();
        String on = "";
        if (awaited instanceof Future) {
            on = describe((Future<?>) awaited, now, awaits);
        }
        return new TaskInfo(t.number(), t.getName(), state, t.getStack(), on, awaits);
    }

    private static String describe(Future<?> f, long now, List<Integer> awaits) {
        if (f instanceof Sleep) {
            double left = Math.max(0, ((Sleep<?>) f).deadlineNanos() - now) / 1e9;
            return String.format(Locale.ROOT, "sleep, %.3f s left", left);
        }
        if (f instanceof Task) {
            Task<?> awaited = (Task<?>) f;
            awaits.add(awaited.number());
            return "task '" + awaited.getName() + "'";
        }
        if (f instanceof GatheringFuture) {
            int done = 0;
            List<? extends Future<?>> children = ((GatheringFuture<?>) f).children();
            for (Future<?> c : children) {
                if (c.done()) {
                    done++;
                } else if (c instanceof Task) {
                    awaits.add(((Task<?>) c).number());
                }
            }
            return "gather of " + children.size() + " (" + done + " done)";
        }
        return f.toString();
    }
}
