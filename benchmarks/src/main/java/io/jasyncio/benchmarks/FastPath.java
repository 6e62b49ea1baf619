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
 * await, beside a plain method call that returns the same value. The loop walks an array of
 * {@value #K} complete futures so that the JIT cannot hoist a single future's value out of the
 * loop (with one future it does, for await and a plain call alike, and both score ~0.1 ns).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FastPath {
    static final int N = 100_000;
    static final int K = 1024;

    private EventLoop loop;
    private Future<Integer>[] complete;
    private CompletableFuture<Integer>[] completeStages;

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void setUp() {
        loop = io.jasyncio.Asyncio.newEventLoop();
        complete = new Future[K];
        completeStages = new CompletableFuture[K];
        for (int i = 0; i < K; i++) {
            complete[i] = loop.createFuture();
            complete[i].setResult(i);
            completeStages[i] = CompletableFuture.completedFuture(i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    @Async
    static Coroutine<Long> awaitLoop(Future<Integer>[] fs, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(fs[i & (K - 1)]);
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
            sum += plainCall(complete[i & (K - 1)]);
        }
        return sum;
    }

    /** A plain method call, inlined or not as the JIT likes, as an await is. */
    private static int plainCall(Future<Integer> f) {
        return f.result();
    }

    /** The callback style's fast path: read a completed stage's value without a callback. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long completableFuture() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += completeStages[i & (K - 1)].join();
        }
        return sum;
    }

    /** Kotlin: {@code await()} of complete {@code CompletableDeferred}s, in one {@code runBlocking}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long kotlin(KotlinState kotlin) {
        return KotlinPrograms.get().awaitComplete(kotlin.deferreds, N);
    }

    /** The Kotlin peer's complete deferreds, made once per trial (and only for that peer). */
    @State(Scope.Thread)
    public static class KotlinState {
        Object deferreds;

        @Setup(Level.Trial)
        public void setUp() {
            deferreds = KotlinPrograms.get().completeDeferreds(K);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long eaAsync(PingPong.Ea ea) {
        return EaPeers.fastPath(completeStages, N).join();
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
