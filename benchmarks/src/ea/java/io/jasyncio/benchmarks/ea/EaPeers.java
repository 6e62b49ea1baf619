package io.jasyncio.benchmarks.ea;

import static com.ea.async.Async.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The workloads written with EA's ea-async 1.2.3: methods returning {@code CompletableFuture}
 * that call {@code Async.await}. Compiled for release 11 (ea-async's shaded ASM 7 cannot read
 * release-17 class files) and rewritten at class load by ea-async's agent, which
 * {@code Async.init()} attaches to the running JVM ({@code -Djdk.attach.allowAttachSelf=true}).
 * {@code com.ea.async.Async.init()} must run before this class is loaded (not from here: this
 * class would then be loaded already, and ea-async cannot redefine it).
 */
public final class EaPeers {
    private EaPeers() {
    }

    /** One ping-pong player: waits for the ball in slots[p], re-arms it, passes the ball through the loop. */
    public static CompletableFuture<Integer> player(CompletableFuture<Integer>[] slots, int p, int rounds, Executor loop) {
        int v = 0;
        for (int i = 0; i < rounds; i++) {
            v = await(slots[p]);
            slots[p] = new CompletableFuture<>();
            CompletableFuture<Integer> other = slots[1 - p];
            int next = v + 1;
            loop.execute(() -> other.complete(next));
        }
        return CompletableFuture.completedFuture(v);
    }

    /** await of an already complete future, n times. */
    public static CompletableFuture<Long> fastPath(CompletableFuture<Integer>[] complete, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(complete[i & (complete.length - 1)]);
        }
        return CompletableFuture.completedFuture(sum);
    }

    /** A chain of n nested awaits. */
    public static CompletableFuture<Integer> deep(int n) {
        if (n == 0) {
            return CompletableFuture.completedFuture(0);
        }
        return CompletableFuture.completedFuture(await(deep(n - 1)) + 1);
    }

    /** A task asleep until {@code timer} completes. */
    public static CompletableFuture<Integer> sleeper(CompletableFuture<Void> timer, int i) {
        await(timer);
        return CompletableFuture.completedFuture(i);
    }
}
