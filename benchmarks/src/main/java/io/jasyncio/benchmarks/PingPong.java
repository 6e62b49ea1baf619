package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;

import io.jasyncio.ContextVar;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
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

/**
 * Workload 1, ping-pong: two tasks hand a value back and forth through futures; the score is ns
 * per hop. Each player waits for the ball in its own slot, puts a fresh future in that slot,
 * then completes the other player's slot. Every peer runs the same program. {@link
 * #jasyncioContextVar} is jasyncio's game with each player also reading and setting a context
 * variable per hop, beside the plain one, which touches none.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PingPong extends OnOneLoop {
    static final int ROUNDS = 10_000;
    static final int HOPS = 2 * ROUNDS;

    // ---- jasyncio ----

    @Async
    static Coroutine<Integer> player(Future<Integer>[] slots, int p, int rounds) {
        int v = 0;
        EventLoop loop = getRunningLoop();
        for (int i = 0; i < rounds; i++) {
            v = await(slots[p]);
            slots[p] = loop.createFuture();
            slots[1 - p].setResult(v + 1);
        }
        return done(v);
    }

    /** The hops a player has received, counted in its task's own context. */
    static final ContextVar<Integer> HOPS_RECEIVED = new ContextVar<>("hopsReceived", 0);

    /**
     * {@link #player} counting its hops in {@link #HOPS_RECEIVED} (a get and a set per hop); the
     * result is the plain player's only if each task sees its own count.
     */
    @Async
    static Coroutine<Integer> contextVarPlayer(Future<Integer>[] slots, int p, int rounds) {
        int v = 0;
        EventLoop loop = getRunningLoop();
        for (int i = 0; i < rounds; i++) {
            v = await(slots[p]);
            HOPS_RECEIVED.set(HOPS_RECEIVED.get() + 1);
            slots[p] = loop.createFuture();
            slots[1 - p].setResult(v + 1);
        }
        return done(v + HOPS_RECEIVED.get() - rounds);
    }

    static Coroutine<Integer> game(int rounds) {
        return game(rounds, false);
    }

    @Async
    static Coroutine<Integer> game(int rounds, boolean contextVar) {
        EventLoop loop = getRunningLoop();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Future<Integer>[] slots = new Future[] {loop.createFuture(), loop.createFuture()};
        slots[0].setResult(0);
        Task<Integer> a = createTask(contextVar ? contextVarPlayer(slots, 0, rounds) : player(slots, 0, rounds));
        Task<Integer> b = createTask(contextVar ? contextVarPlayer(slots, 1, rounds) : player(slots, 1, rounds));
        var results = await(gather(a, b));
        return done(results.get(1));
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int jasyncio() {
        return loop.runUntilComplete(game(ROUNDS));
    }

    /** The same game, each player reading and setting a context variable per hop. */
    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int jasyncioContextVar() {
        return loop.runUntilComplete(game(ROUNDS, true));
    }

    // ---- CompletableFuture callbacks ----

    /** One player as hand-written callbacks: the continuation of one round is the next round. */
    static final class CallbackPlayer {
        final CompletableFuture<Integer>[] slots;
        final int p;
        final MiniLoop loop;
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        int remaining;

        CallbackPlayer(CompletableFuture<Integer>[] slots, int p, int rounds, MiniLoop loop) {
            this.slots = slots;
            this.p = p;
            this.remaining = rounds;
            this.loop = loop;
        }

        void next() {
            slots[p].thenAccept(this::receive);
        }

        private void receive(int v) {
            slots[p] = new CompletableFuture<>();
            CompletableFuture<Integer> other = slots[1 - p];
            loop.execute(() -> other.complete(v + 1));
            if (--remaining == 0) {
                result.complete(v);
            } else {
                next();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int completableFuture() {
        MiniLoop mini = new MiniLoop();
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] slots =
                new CompletableFuture[] {new CompletableFuture<>(), new CompletableFuture<>()};
        slots[0].complete(0);
        CallbackPlayer a = new CallbackPlayer(slots, 0, ROUNDS, mini);
        CallbackPlayer b = new CallbackPlayer(slots, 1, ROUNDS, mini);
        mini.execute(a::next);
        mini.execute(b::next);
        mini.runUntilIdle();
        return b.result.join();
    }

    // ---- ea-async ----

    @State(Scope.Benchmark)
    public static class Ea {
        @Setup(Level.Trial)
        public void init() {
            com.ea.async.Async.init(); // before EaPeers is loaded
        }
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int eaAsync(Ea ea) {
        MiniLoop mini = new MiniLoop();
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] slots =
                new CompletableFuture[] {new CompletableFuture<>(), new CompletableFuture<>()};
        slots[0].complete(0);
        CompletableFuture<Integer> a = new CompletableFuture<>();
        CompletableFuture<Integer> b = new CompletableFuture<>();
        mini.execute(() -> EaPeers.player(slots, 0, ROUNDS, mini).thenAccept(a::complete));
        mini.execute(() -> EaPeers.player(slots, 1, ROUNDS, mini).thenAccept(b::complete));
        mini.runUntilIdle();
        return b.join();
    }

    // ---- Kotlin coroutines (built with -Pkotlin) ----

    /** The same game with {@code CompletableDeferred} slots, on {@code runBlocking}'s loop. */
    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int kotlin() {
        return KotlinPrograms.get().pingPongDeferred(ROUNDS);
    }

    /** Kotlin's own idiom for a hand-over: each player receives from its {@code Channel(1)} and sends to the other's. */
    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int kotlinChannel() {
        return KotlinPrograms.get().pingPongChannel(ROUNDS);
    }

    // ---- virtual threads (JDK 21+) ----

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int virtualThreads() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] slots =
                new CompletableFuture[] {new CompletableFuture<>(), new CompletableFuture<>()};
        slots[0].complete(0);
        int[] results = new int[2];
        Thread a = VirtualThreads.start(() -> results[0] = blockingPlayer(slots, 0, ROUNDS));
        Thread b = VirtualThreads.start(() -> results[1] = blockingPlayer(slots, 1, ROUNDS));
        VirtualThreads.join(a);
        VirtualThreads.join(b);
        return results[1];
    }

    static int blockingPlayer(CompletableFuture<Integer>[] slots, int p, int rounds) {
        int v = 0;
        for (int i = 0; i < rounds; i++) {
            v = slots[p].join();
            slots[p] = new CompletableFuture<>();
            slots[1 - p].complete(v + 1);
        }
        return v;
    }

    // ---- synchronous baseline: the same hand-over, with no suspension at all ----

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int synchronous() {
        int[] ball = new int[1];
        for (int i = 0; i < ROUNDS; i++) {
            hit(ball);
            hit(ball);
        }
        return ball[0];
    }

    @org.openjdk.jmh.annotations.CompilerControl(org.openjdk.jmh.annotations.CompilerControl.Mode.DONT_INLINE)
    private static void hit(int[] ball) {
        ball[0]++;
    }
}
