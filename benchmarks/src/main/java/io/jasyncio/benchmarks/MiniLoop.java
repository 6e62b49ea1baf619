package io.jasyncio.benchmarks;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The smallest event loop a hand-written {@code CompletableFuture} program needs: a FIFO of
 * callbacks run on the calling thread until it is empty. The callback peers complete futures
 * through it, as jasyncio resumes a task through its loop, so a long chain of completions never
 * nests on the Java stack.
 */
final class MiniLoop implements Executor {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    /** Runs callbacks, including those they schedule, until none is left. */
    void runUntilIdle() {
        for (Runnable r; (r = ready.poll()) != null; ) {
            r.run();
        }
    }
}
