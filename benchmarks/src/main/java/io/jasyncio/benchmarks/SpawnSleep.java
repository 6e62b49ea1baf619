package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import io.jasyncio.benchmarks.ea.EaPeers;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Workload 2, spawn-sleep, a plain main (JMH cannot measure heap per suspended task): N tasks
 * each asleep; heap bytes per task = (used heap after GC while all are asleep - used heap after
 * GC before) / N; and the wall time to create N tasks sleeping {@value #SHORT_SLEEP_S} s and
 * finish them all, minus that sleep. Each peer keeps its N handles in an array, as gather must.
 *
 * <p>Usage: {@code java -Xmx4g -cp benchmarks.jar io.jasyncio.benchmarks.SpawnSleep PEER N}, PEER
 * one of jasyncio, completableFuture, eaAsync, virtualThreads. Prints one line {@code RESULT ...}.
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
            case "jasyncio" -> r = jasyncio(n);
            case "completableFuture" -> r = callbacks(n, false);
            case "eaAsync" -> {
                com.ea.async.Async.init(); // before EaPeers is loaded
                r = callbacks(n, true);
            }
            case "virtualThreads" -> r = virtualThreads(n);
            default -> throw new IllegalArgumentException("unknown peer " + peer);
        }
        System.out.printf("RESULT spawnSleep %s n=%d bytesPerTask=%.1f createFinishMs=%.1f%n", peer, n, r[0], r[1]);
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

    // ---- jasyncio ----

    @Async
    static Coroutine<Integer> sleeper(double seconds, int i) {
        await(sleep(seconds));
        return done(i);
    }

    @Async
    static Coroutine<double[]> jasyncioMain(int n) {
        long before = usedHeap();
        @SuppressWarnings("unchecked")
        Task<Integer>[] tasks = new Task[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = createTask(sleeper(LONG_SLEEP_S, i));
        }
        await(sleep(0)); // every task has run to its sleep
        double bytes = (double) (usedHeap() - before) / n;
        for (Task<Integer> t : tasks) {
            t.cancel();
        }
        await(sleep(0));
        Arrays.fill(tasks, null);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tasks[i] = createTask(sleeper(SHORT_SLEEP_S, i));
        }
        await(gather(tasks));
        double ms = (System.nanoTime() - t0) / 1e6 - SHORT_SLEEP_S * 1000;
        return done(new double[] {bytes, ms});
    }

    static double[] jasyncio(int n) {
        return run(jasyncioMain(n));
    }

    // ---- CompletableFuture callbacks and ea-async: a timer completes a future; a continuation waits on it ----

    static double[] callbacks(int n, boolean ea) throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        long before = usedHeap();
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] tasks = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = callbackSleeper(timers, (long) (LONG_SLEEP_S * 1000), i, ea);
        }
        double bytes = (double) (usedHeap() - before) / n;
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
        long before = usedHeap();
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
        double bytes = (double) (usedHeap() - before) / n;
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
}
