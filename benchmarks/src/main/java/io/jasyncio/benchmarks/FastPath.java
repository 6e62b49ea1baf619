package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import io.jasyncio.benchmarks.ea.EaPeers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 3, the fast path: {@code await} of an already complete future in a hot loop, ns per
 * await, beside a plain (not inlined) method call that returns the same value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FastPath {
    static final int N = 100_000;

    private EventLoop loop;
    private Future<Integer> complete;
    private final CompletableFuture<Integer> completeStage = CompletableFuture.completedFuture(1);

    @Setup(Level.Trial)
    public void setUp() {
        loop = io.jasyncio.Asyncio.newEventLoop();
        complete = loop.createFuture();
        complete.setResult(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    @Async
    static Coroutine<Long> awaitLoop(Future<Integer> f, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(f);
        }
        return done(sum);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long jasyncio() {
        return loop.runUntilComplete(awaitLoop(complete, N));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long synchronous() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += plainCall(complete);
        }
        return sum;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static int plainCall(Future<Integer> f) {
        return f.result();
    }

    /** The callback style's fast path: read a completed stage's value without a callback. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long completableFuture() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += completeStage.join();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long eaAsync(PingPong.Ea ea) {
        return EaPeers.fastPath(completeStage, N).join();
    }

    /** A virtual thread blocks with join(); on a complete future that is the completableFuture row, run in a virtual thread. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long virtualThreads() {
        long[] sum = new long[1];
        Thread t = VirtualThreads.start(() -> sum[0] = completableFuture());
        VirtualThreads.join(t);
        return sum[0];
    }

}
