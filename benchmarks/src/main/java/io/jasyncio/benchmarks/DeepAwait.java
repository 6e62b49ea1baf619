package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import io.jasyncio.benchmarks.ea.EaPeers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 4, deep await: a chain of {@code depth} coroutines, each awaiting the next; the score
 * is the time of the whole chain. The synchronous, callback and ea-async forms are recursion on
 * the Java stack, and may overflow at the default thread stack size; the table says so.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeepAwait extends OnOneLoop {
    @Param({"1000", "10000", "100000"})
    int depth;

    @Async
    static Coroutine<Integer> chain(int n) {
        if (n == 0) {
            return done(0);
        }
        return done(await(chain(n - 1)) + 1);
    }

    @Benchmark
    public int jasyncio() {
        return loop.runUntilComplete(chain(depth));
    }

    static int recurse(int n) {
        return n == 0 ? 0 : recurse(n - 1) + 1;
    }

    @Benchmark
    public int synchronous() {
        return recurse(depth);
    }

    static CompletableFuture<Integer> composed(int n) {
        return n == 0 ? CompletableFuture.completedFuture(0) : composed(n - 1).thenApply(v -> v + 1);
    }

    @Benchmark
    public int completableFuture() {
        return composed(depth).join();
    }

    /** Kotlin: a suspend function calling the next, in {@code runBlocking}. */
    @Benchmark
    public int kotlin() {
        return KotlinPrograms.get().deep(depth);
    }

    @Benchmark
    public int eaAsync(PingPong.Ea ea) {
        return EaPeers.deep(depth).join();
    }

    /** The synchronous recursion in a virtual thread (its stack grows on the heap, up to the -Xss limit). */
    @Benchmark
    public int virtualThreads() {
        int[] r = new int[1];
        Throwable[] failure = new Throwable[1];
        Thread t = VirtualThreads.start(() -> {
            try {
                r[0] = recurse(depth);
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        VirtualThreads.join(t);
        if (failure[0] instanceof Error e) {
            throw e;
        }
        return r[0];
    }
}
