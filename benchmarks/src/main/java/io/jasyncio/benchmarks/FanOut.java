package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 5, fan-out: 100,000 tiny tasks (each returns its argument plus one) started, then
 * gathered; the score is ns per task (tasks per second = 1e9 / score). ea-async has no tasks of
 * its own (its methods return CompletableFutures), so its program is the completableFuture one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FanOut extends OnOneLoop {
    static final int N = 100_000;

    @Async
    static Coroutine<Integer> tiny(int i) {
        return done(i + 1);
    }

    @Async
    static Coroutine<Integer> fanOut(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(tiny(i)));
        }
        List<Integer> results = await(gather(tasks));
        return done(results.size());
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int jasyncio() {
        return loop.runUntilComplete(fanOut(N));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int completableFuture() {
        MiniLoop mini = new MiniLoop();
        List<CompletableFuture<Integer>> tasks = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            int x = i;
            tasks.add(CompletableFuture.supplyAsync(() -> x + 1, mini));
        }
        CompletableFuture<List<Integer>> all = CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<Integer> results = new ArrayList<>(N);
                    for (CompletableFuture<Integer> t : tasks) {
                        results.add(t.join());
                    }
                    return results;
                });
        mini.runUntilIdle();
        return all.join().size();
    }

    /** Kotlin: {@code async} per task in {@code runBlocking}, then {@code awaitAll}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int kotlin() {
        return KotlinPrograms.get().fanOut(N);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int virtualThreads() {
        Thread[] threads = new Thread[N];
        int[] results = new int[N];
        for (int i = 0; i < N; i++) {
            int x = i;
            threads[i] = VirtualThreads.start(() -> results[x] = x + 1);
        }
        for (Thread t : threads) {
            VirtualThreads.join(t);
        }
        return results.length;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int synchronous() {
        List<Integer> results = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            results.add(i + 1);
        }
        return results.size();
    }
}
