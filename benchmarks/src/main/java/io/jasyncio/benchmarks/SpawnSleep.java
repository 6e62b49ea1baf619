package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.ContextVar;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import io.jasyncio.benchmarks.ea.EaPeers;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import org.openjdk.jol.info.ClassLayout;

/**
 * Workload 2, spawn-sleep, a plain main (JMH cannot measure heap per suspended task): N tasks
 * each asleep; heap bytes per task = (used heap after GC while all are asleep - used heap after
 * GC before) / N, and the same difference taken from two class histograms of the live heap
 * (the JVM's {@code GC.class_histogram}, what {@code jmap -histo:live} prints), which says which
 * objects the bytes are; then the wall time to create N tasks sleeping {@value #SHORT_SLEEP_S} s
 * and finish them all, minus that sleep, and the collectors' time during it. Each peer keeps its N handles in an array, as gather
 * must.
 *
 * <p>Usage: {@code java -Xmx4g -cp benchmarks.jar io.jasyncio.benchmarks.SpawnSleep PEER N}, PEER
 * one of jasyncio, jasyncioContextVar (each sleeper sets a context variable before it
 * sleeps and reads it when it wakes), completableFuture, eaAsync, virtualThreads, kotlin. Prints one line {@code
 * RESULT ...}, then one {@code HISTO ...} line per class that grew by at least half a byte per
 * task; for jasyncio and Kotlin, the field layout of each class with an instance per task
 * ({@code LAYOUT} lines, by JOL).
 */
public final class SpawnSleep {
    static final double LONG_SLEEP_S = 60;
    static final double SHORT_SLEEP_S = 0.1;

    private SpawnSleep() {}

    public static void main(String[] args) throws Exception {
        String peer = args[0];
        int n = Integer.parseInt(args[1]);
        double[] r;
        switch (peer) {
            case "jasyncio" -> r = jasyncio(n, false);
            case "jasyncioContextVar" -> r = jasyncio(n, true);
            case "completableFuture" -> r = callbacks(n, false);
            case "eaAsync" -> {
                com.ea.async.Async.init(); // before EaPeers is loaded
                r = callbacks(n, true);
            }
            case "virtualThreads" -> r = virtualThreads(n);
            case "kotlin" -> r = kotlin(n);
            default -> throw new IllegalArgumentException("unknown peer " + peer);
        }
        System.out.printf(
                "RESULT spawnSleep %s n=%d bytesPerTask=%.1f histogramBytesPerTask=%.1f createFinishMs=%.1f gcMs=%d%n",
                peer, n, r[0], METER.histogramBytesPerTask, r[1], gcMillis() - METER.gcMillisAsleep);
        for (String line : METER.breakdown) {
            System.out.println(line);
        }
        if (peer.startsWith("jasyncio") || peer.equals("kotlin")) {
            printLayouts(METER.perTaskClasses);
        }
    }

    /**
     * Prints the field layout (JOL) of each class with one or more instances per task, as {@code
     * LAYOUT} lines: which field of which object the bytes per sleeper are.
     */
    static void printLayouts(List<String> classNames) {
        System.setProperty("jol.skipDynamicAttach", "true"); // the layout needs no agent
        for (String name : classNames) {
            Class<?> c;
            try {
                c = Class.forName(name, false, SpawnSleep.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue; // a hidden class (a lambda's): no name to load it by
            }
            System.out.println("LAYOUT " + name);
            for (String line : ClassLayout.parseClass(c).toPrintable().split("\\R")) {
                System.out.println("LAYOUT| " + line);
            }
        }
    }

    static final HeapMeter METER = new HeapMeter();

    /** The two heap measurements: {@link #before} the N sleepers exist, {@link #asleep} once all sleep. */
    static final class HeapMeter {
        private long usedBefore;
        private Map<String, long[]> histogramBefore;
        double histogramBytesPerTask;
        /** The collectors' total time once the heap was measured: what follows is the timed part. */
        long gcMillisAsleep;

        final List<String> breakdown = new ArrayList<>();
        /** The classes (not arrays) with at least one instance per task. */
        final List<String> perTaskClasses = new ArrayList<>();

        void before() {
            histogramBefore = histogram();
            usedBefore = usedHeap();
        }

        /** Bytes per task by used heap after GC; records the histogram's figure and breakdown. */
        double asleep(int n) {
            long used = usedHeap();
            Map<String, long[]> after = histogram();
            long total = 0;
            List<Map.Entry<String, long[]>> grown = new ArrayList<>();
            for (Map.Entry<String, long[]> e : after.entrySet()) {
                long[] b = histogramBefore.getOrDefault(e.getKey(), new long[2]);
                long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
                total += d[1];
                if (d[1] * 2 >= n) {
                    grown.add(Map.entry(e.getKey(), d));
                }
            }
            grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
            for (Map.Entry<String, long[]> e : grown) {
                if (e.getValue()[0] >= n && !e.getKey().startsWith("[")) {
                    perTaskClasses.add(e.getKey());
                }
                breakdown.add(String.format(
                        "HISTO %s instancesPerTask=%.3f bytesPerTask=%.1f",
                        e.getKey(), (double) e.getValue()[0] / n, (double) e.getValue()[1] / n));
            }
            histogramBytesPerTask = (double) total / n;
            gcMillisAsleep = gcMillis();
            return (double) (used - usedBefore) / n;
        }
    }

    /** The time all garbage collectors have spent so far, in ms. */
    static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** The live heap's class histogram (after a full GC): class name to {instances, bytes}. */
    static Map<String, long[]> histogram() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram from this JVM", e);
        }
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = HISTOGRAM_LINE.matcher(line);
            if (m.find()) {
                classes.merge(
                        m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))}, (a, b) -> {
                            a[0] += b[0];
                            a[1] += b[1];
                            return a;
                        });
            }
        }
        return classes;
    }

    // ---- jasyncio ----

    @Async
    static Coroutine<Integer> sleeper(double seconds, int i) {
        await(sleep(seconds));
        return done(i);
    }

    /** What {@link #contextVarSleeper} sets before it sleeps and reads when it wakes. */
    static final ContextVar<Integer> SLEEPER_ID = new ContextVar<>("sleeperId");

    /** {@link #sleeper} that sets a context variable before it sleeps, and returns its value when it wakes. */
    @Async
    static Coroutine<Integer> contextVarSleeper(double seconds, int i) {
        SLEEPER_ID.set(i);
        await(sleep(seconds));
        return done(SLEEPER_ID.get());
    }

    static Coroutine<Integer> sleeper(double seconds, int i, boolean contextVar) {
        return contextVar ? contextVarSleeper(seconds, i) : sleeper(seconds, i);
    }

    @Async
    static Coroutine<double[]> jasyncioMain(int n, boolean contextVar) {
        METER.before();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Task<Integer>[] tasks = new Task[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = createTask(sleeper(LONG_SLEEP_S, i, contextVar));
        }
        await(sleep(0)); // every task has run to its sleep
        double bytes = METER.asleep(n);
        for (Task<Integer> t : tasks) {
            t.cancel();
        }
        await(sleep(0));
        Arrays.fill(tasks, null);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tasks[i] = createTask(sleeper(SHORT_SLEEP_S, i, contextVar));
        }
        List<Integer> ids = await(gather(tasks));
        double ms = (System.nanoTime() - t0) / 1e6 - SHORT_SLEEP_S * 1000;
        for (int i = 0; i < n; i++) {
            if (ids.get(i) != i) {
                throw new IllegalStateException("sleeper " + i + " woke with " + ids.get(i));
            }
        }
        return done(new double[] {bytes, ms});
    }

    static double[] jasyncio(int n, boolean contextVar) {
        return run(jasyncioMain(n, contextVar));
    }

    // ---- CompletableFuture callbacks and ea-async: a timer completes a future; a continuation waits on it ----

    static double[] callbacks(int n, boolean ea) throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        METER.before();
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] tasks = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = callbackSleeper(timers, (long) (LONG_SLEEP_S * 1000), i, ea);
        }
        double bytes = METER.asleep(n);
        timers.getQueue().clear();
        Arrays.fill(tasks, null);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tasks[i] = callbackSleeper(timers, (long) (SHORT_SLEEP_S * 1000), i, ea);
        }
        CompletableFuture.allOf(tasks).join();
        double ms = (System.nanoTime() - t0) / 1e6 - SHORT_SLEEP_S * 1000;
        timers.shutdownNow();
        return new double[] {bytes, ms};
    }

    static CompletableFuture<Integer> callbackSleeper(ScheduledThreadPoolExecutor timers, long ms, int i, boolean ea) {
        CompletableFuture<Void> timer = new CompletableFuture<>();
        timers.schedule(() -> timer.complete(null), ms, TimeUnit.MILLISECONDS);
        return ea ? EaPeers.sleeper(timer, i) : timer.thenApply(v -> i);
    }

    // ---- virtual threads ----

    static double[] virtualThreads(int n) throws Exception {
        METER.before();
        Thread[] threads = new Thread[n];
        CountDownLatch asleep = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            threads[i] = VirtualThreads.start(() -> {
                asleep.countDown();
                try {
                    Thread.sleep((long) (LONG_SLEEP_S * 1000));
                } catch (InterruptedException e) {
                    // woken to finish
                }
            });
        }
        asleep.await();
        Thread.sleep(500); // the last ones get from countDown into sleep
        double bytes = METER.asleep(n);
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join();
        }
        Arrays.fill(threads, null);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            threads[i] = VirtualThreads.start(() -> {
                try {
                    Thread.sleep((long) (SHORT_SLEEP_S * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        double ms = (System.nanoTime() - t0) / 1e6 - SHORT_SLEEP_S * 1000;
        return new double[] {bytes, ms};
    }

    // ---- Kotlin coroutines (built with -Pkotlin): async { delay(..) } on runBlocking's loop ----

    static double[] kotlin(int n) {
        KotlinPrograms kotlin = KotlinPrograms.get();
        double[] bytes = new double[1];
        METER.before();
        double ms = kotlin.spawnSleep(n, LONG_SLEEP_S, SHORT_SLEEP_S, () -> bytes[0] = METER.asleep(n));
        return new double[] {bytes[0], ms};
    }
}
