package io.jasyncio.test;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One {@link AsyncTest}: its {@link VirtualTimeLoop}, what the loop reported, and the verdict.
 *
 * <p>The loop runs in debug mode, so that a coroutine never awaited is reported (when the loop
 * closes) with where it was made. Everything the loop gives its exception handler fails the test,
 * except debug mode's slow-callback notes, which go to standard error: on virtual time a step only
 * "takes" time when it advances the clock itself.
 */
final class AsyncTestRun {
    private final VirtualTimeLoop vt = new VirtualTimeLoop();
    private final List<Map<String, Object>> reports = new ArrayList<>();
    private int reportsSeen;

    AsyncTestRun() {
        EventLoop loop = vt.loop();
        loop.setDebug(true);
        loop.setExceptionHandler(this::report);
    }

    VirtualTimeLoop loop() {
        return vt;
    }

    /**
     * Runs {@code coroutine} as a task named {@code name} until it ends or {@code timeoutSeconds}
     * of virtual time pass; then cancels (and lets finish) the tasks it left.
     *
     * @throws Throwable what the coroutine threw, or an {@link AssertionError} for a timeout, for
     *     tasks left pending, or for errors the loop reported meanwhile (the others suppressed)
     */
    void run(Coroutine<?> coroutine, String name, double timeoutSeconds) throws Throwable {
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("@AsyncTest(timeout = " + timeoutSeconds + "): the timeout must be "
                    + "a positive number of virtual seconds");
        }
        EventLoop loop = vt.loop();
        List<Throwable> failures = new ArrayList<>();
        // The woven method returns a new coroutine with its body: always a task body.
        Task<?> test = loop.createTask(coroutine, name);
        String[] timedOut = {null};
        TimerHandle limit = loop.callLater(timeoutSeconds, () -> {
            timedOut[0] = "@AsyncTest " + name + " timed out after " + timeoutSeconds + " virtual seconds; "
                    + describe(Asyncio.allTasks(loop));
            test.cancel("@AsyncTest timed out");
        });
        try {
            loop.runUntilComplete(test);
        } catch (Throwable e) {
            if (timedOut[0] != null) {
                AssertionError timeout = new AssertionError(timedOut[0]);
                if (!(e instanceof CancelledError)) {
                    timeout.addSuppressed(e);
                }
                failures.add(timeout);
            } else {
                failures.add(e);
            }
        } finally {
            limit.cancel();
        }
        List<Task<?>> left = new ArrayList<>(Asyncio.allTasks(loop));
        if (!left.isEmpty()) {
            failures.add(new AssertionError("@AsyncTest " + name + " ended with " + left.size() + " task"
                    + (left.size() == 1 ? "" : "s") + " still pending; " + describe(left)));
            cancelAndWait(left, timeoutSeconds, failures);
        }
        AssertionError reported = newReports();
        if (reported != null) {
            failures.add(reported);
        }
        throwAll(failures);
    }

    /**
     * Closes the loop (after the {@code @AfterEach} methods, which may still use it), which
     * reports coroutines never awaited and tasks still pending.
     *
     * @throws AssertionError if the loop reported anything not reported yet
     */
    void close() {
        EventLoop loop = vt.loop();
        if (loop.isClosed() || loop.isRunning()) {
            return;
        }
        vt.close();
        AssertionError reported = newReports();
        if (reported != null) {
            throw reported;
        }
    }

    private void report(Map<String, Object> context) {
        Object message = context.get("message");
        if (!context.containsKey("exception")
                && message instanceof String
                && ((String) message).startsWith("Executing ")
                && ((String) message).contains(" took ")) {
            vt.loop().defaultExceptionHandler(context); // debug mode's slow-callback note
            return;
        }
        reports.add(context);
    }

    /** The reports not yet turned into a failure, as one (exceptions as its cause and suppressed), or null. */
    private AssertionError newReports() {
        if (reportsSeen == reports.size()) {
            return null;
        }
        List<Map<String, Object>> fresh = reports.subList(reportsSeen, reports.size());
        StringBuilder sb = new StringBuilder("the event loop reported ")
                .append(fresh.size() == 1 ? "an error" : fresh.size() + " errors")
                .append(" (a test fails on anything given to the loop's exception handler):");
        Throwable first = null;
        List<Throwable> more = new ArrayList<>();
        for (Map<String, Object> r : fresh) {
            sb.append("\n  ").append(r.getOrDefault("message", "(no message)"));
            for (Map.Entry<String, Object> e : r.entrySet()) {
                String key = e.getKey();
                if (key.equals("message") || key.equals("source_traceback")) {
                    continue;
                }
                sb.append("\n    ").append(key).append(": ").append(e.getValue());
                if (e.getValue() instanceof Task) {
                    appendStack(sb, (Task<?>) e.getValue(), "      ");
                }
            }
            if (r.get("exception") instanceof Throwable) {
                Throwable t = (Throwable) r.get("exception");
                if (first == null) {
                    first = t;
                } else {
                    more.add(t);
                }
            }
        }
        reportsSeen = reports.size();
        AssertionError error = new AssertionError(sb.toString(), first);
        more.forEach(error::addSuppressed);
        return error;
    }

    private void cancelAndWait(List<Task<?>> tasks, double timeoutSeconds, List<Throwable> failures) {
        EventLoop loop = vt.loop();
        for (Task<?> t : tasks) {
            t.cancel();
        }
        Future<List<Object>> all = Asyncio.gatherReturningExceptions(tasks);
        // A task may catch its CancelledError and go on: stop waiting after the test's timeout again.
        TimerHandle limit = loop.callLater(timeoutSeconds, loop::stop);
        try {
            loop.runUntilComplete(all);
        } catch (IllegalStateException stopped) {
            failures.add(new AssertionError("tasks left by the test did not end within " + timeoutSeconds
                    + " virtual seconds of being cancelled; " + describe(Asyncio.allTasks(loop))));
            return;
        } finally {
            limit.cancel();
        }
        for (Object outcome : all.result()) {
            if (outcome instanceof Throwable && !(outcome instanceof CancelledError)) {
                failures.add((Throwable) outcome);
            }
        }
    }

    /** Each task with its await chain, innermost first. */
    static String describe(java.util.Collection<Task<?>> tasks) {
        if (tasks.isEmpty()) {
            return "no task was pending";
        }
        List<Task<?>> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(Task::getName));
        StringBuilder sb = new StringBuilder("pending tasks, each at its innermost await first:");
        for (Task<?> t : sorted) {
            sb.append("\n  ").append(t);
            appendStack(sb, t, "    ");
        }
        return sb.toString();
    }

    private static void appendStack(StringBuilder sb, Task<?> t, String indent) {
        for (StackTraceElement e : t.getStack()) {
            sb.append('\n').append(indent).append("at ").append(e);
        }
    }

    private static void throwAll(List<Throwable> failures) throws Throwable {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        for (Throwable t : failures.subList(1, failures.size())) {
            if (t != first) {
                first.addSuppressed(t);
            }
        }
        throw first;
    }
}
