package io.jasyncio.test;

import io.jasyncio.EventLoop;
import io.jasyncio.TaskDump;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The wall-clock bound on one run of a {@link VirtualTimeLoop}: the safety net for code that keeps
 * the loop busy without ever letting virtual time advance (a task polling with {@code sleep(0)}, a
 * callback that reschedules itself), which no virtual timeout can catch since virtual time stands
 * still.
 *
 * <p>When the limit passes, a thread of its own asks the loop ({@code callSoonThreadsafe}) to take
 * its task dump and stop after the current pass; the run then fails with the dump. If the loop does
 * not get to that callback (one callback has been running all along), the watchdog waits as long
 * again (at most {@value #MAX_GRACE_SECONDS} s more), then writes the loop thread's Java stack to
 * standard error and interrupts it, which ends a callback blocked in an interruptible call; a
 * callback spinning on the CPU cannot be stopped from outside its thread.
 */
final class RealTimeLimit {
    /** The system property (and JUnit configuration parameter) of the default limit, in seconds. */
    static final String PROPERTY = "jasyncio.test.realTimeout";

    /** The limit when nothing sets one: generous for a test on a loaded CI machine, short of a hang. */
    static final double DEFAULT_SECONDS = 60;

    static final double MAX_GRACE_SECONDS = 10;

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final EventLoop loop;
    private final Thread loopThread;
    private final double seconds;
    private final double startTime;
    private final ScheduledFuture<?> alarm;
    private final ScheduledFuture<?> lastResort;

    private boolean active = true;
    private boolean interrupted;
    /** Set on the loop's thread when the limit passed and the loop heard of it. */
    private String exceeded;

    /** Arms the limit for a run of {@code vt}'s loop about to start in this thread. */
    RealTimeLimit(VirtualTimeLoop vt, double seconds) {
        this.loop = vt.loop();
        this.loopThread = Thread.currentThread();
        this.seconds = seconds;
        this.startTime = vt.time();
        long nanos = toNanos(seconds);
        this.alarm = WATCHDOG.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
        this.lastResort = WATCHDOG.schedule(
                this::interruptStuckThread,
                nanos + toNanos(Math.min(seconds, MAX_GRACE_SECONDS)),
                TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jasyncio-test-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true); // a test may run its loop thousands of times
        return watchdog;
    }

    /** The default limit: the system property {@value #PROPERTY}, else {@value #DEFAULT_SECONDS} s. */
    static double defaultSeconds() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? DEFAULT_SECONDS : parse(value, "the system property " + PROPERTY);
    }

    /** {@code value} as a limit in seconds; {@code where} names its source in the error. */
    static double parse(String value, String where) {
        double seconds;
        try {
            seconds = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + " must be a number of real seconds, such as 120; got '" + value + "'", e);
        }
        return check(seconds, where);
    }

    static double check(double seconds, String where) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException(where + " must be a positive number of real seconds; got " + seconds);
        }
        return seconds;
    }

    /**
     * The run is over (called in the loop's thread): the watchdog stands down, and an interrupt it
     * sent is cleared so that it does not leak into what the thread does next.
     */
    void end() {
        synchronized (this) {
            active = false;
            if (interrupted) {
                Thread.interrupted();
            }
        }
        alarm.cancel(false);
        lastResort.cancel(false);
    }

    /** True if the loop was stopped because the limit passed. */
    synchronized boolean exceeded() {
        return exceeded != null;
    }

    /** The failure of a run that passed the limit ({@link #exceeded()}): what happened, and the task dump. */
    synchronized AssertionError failure() {
        return new AssertionError(exceeded);
    }

    private synchronized void expire() {
        if (!active) {
            return;
        }
        try {
            loop.callSoonThreadsafe(this::stopLoop);
        } catch (IllegalStateException closed) {
            // the run ended meanwhile
        }
    }

    /** On the loop's thread. A stale call, left queued by a run that ended first, does nothing. */
    private void stopLoop() {
        synchronized (this) {
            if (!active || exceeded != null) {
                return;
            }
        }
        TaskDump dump = loop.dumpTasks();
        String message = String.format(
                        Locale.ROOT,
                        "the virtual-time loop ran for %s s of real time, its real-time limit, while virtual time "
                                + "only went from %.3f s to %.3f s: something keeps the loop busy without letting "
                                + "time advance (a task polling with sleep(0), a callback that reschedules itself, "
                                + "a long computation). If the test really needs more real time, raise the limit "
                                + "with @AsyncTest(realTimeout = seconds), VirtualTimeLoop.setRealTimeout, or the "
                                + "system property or JUnit configuration parameter %s (default %s s). ",
                        format(seconds),
                        startTime,
                        loop.time(),
                        PROPERTY,
                        format(DEFAULT_SECONDS))
                + (dump.tasks().isEmpty()
                        ? "No task was pending."
                        : "Where each task was, innermost await first:\n" + dump);
        synchronized (this) {
            exceeded = message;
        }
        loop.stop();
    }

    private synchronized void interruptStuckThread() {
        if (!active || exceeded != null) {
            return;
        }
        StringBuilder sb = new StringBuilder("jasyncio-test: the virtual-time loop on thread '")
                .append(loopThread.getName())
                .append("' passed its real-time limit of ")
                .append(format(seconds))
                .append(" s and has not run a callback since: one callback keeps the thread. Interrupting it;"
                        + " its stack:");
        for (StackTraceElement e : loopThread.getStackTrace()) {
            sb.append("\n\tat ").append(e);
        }
        System.err.println(sb);
        interrupted = true;
        loopThread.interrupt();
    }

    private static long toNanos(double seconds) {
        return seconds >= Long.MAX_VALUE / 4e9 ? Long.MAX_VALUE / 4 : (long) (seconds * 1e9);
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) && seconds < 1e15
                ? Long.toString((long) seconds)
                : Double.toString(seconds);
    }
}
