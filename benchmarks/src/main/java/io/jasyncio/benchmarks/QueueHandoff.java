package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import io.jasyncio.sync.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The queue hand-off benchmark: a producer puts {@link #ITEMS} items into a queue that holds one, a
 * consumer takes them; the score is ns per item. jasyncio: {@code Queue(1)} between two tasks on
 * one loop. Virtual threads: a {@code SynchronousQueue} between two virtual threads (JDK 21+).
 * Platform threads: an {@code ArrayBlockingQueue(1)} between two platform threads, as a further
 * reference. The items are small Integers (from the JDK's cache), so no peer allocates them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QueueHandoff extends OnOneLoop {
    static final int ITEMS = 10_000;

    static Integer item(int i) {
        return i & 127;
    }

    // ---- jasyncio ----

    @Async
    static Coroutine<Void> producer(Queue<Integer> queue, int n) {
        for (int i = 0; i < n; i++) {
            await(queue.put(item(i)));
        }
        return done();
    }

    @Async
    static Coroutine<Integer> consumer(Queue<Integer> queue, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(queue.get());
        }
        return done(sum);
    }

    @Async
    static Coroutine<Integer> handoff(int n) {
        Queue<Integer> queue = new Queue<>(1);
        var results = await(gather(createTask(producer(queue, n)), createTask(consumer(queue, n))));
        return done((Integer) results.get(1));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int jasyncio() {
        return loop.runUntilComplete(handoff(ITEMS));
    }

    /** Kotlin: a {@code Channel(1)} between a producer and a consumer coroutine on {@code runBlocking}'s loop. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int kotlin() {
        return KotlinPrograms.get().queueHandoff(ITEMS);
    }

    // ---- blocking queues between threads ----

    static void produce(BlockingQueue<Integer> queue, int n) {
        try {
            for (int i = 0; i < n; i++) {
                queue.put(item(i));
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static int consume(BlockingQueue<Integer> queue, int n) {
        int sum = 0;
        try {
            for (int i = 0; i < n; i++) {
                sum += queue.take();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return sum;
    }

    /** A {@code SynchronousQueue} between two virtual threads (JDK 21+). */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int virtualThreads() {
        SynchronousQueue<Integer> queue = new SynchronousQueue<>();
        int[] sum = new int[1];
        Thread p = VirtualThreads.start(() -> produce(queue, ITEMS));
        Thread c = VirtualThreads.start(() -> sum[0] = consume(queue, ITEMS));
        VirtualThreads.join(p);
        VirtualThreads.join(c);
        return sum[0];
    }

    /** An {@code ArrayBlockingQueue(1)} between two platform threads: a reference beside the peers. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int platformThreads() {
        ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(1);
        int[] sum = new int[1];
        Thread p = new Thread(() -> produce(queue, ITEMS));
        Thread c = new Thread(() -> sum[0] = consume(queue, ITEMS));
        p.start();
        c.start();
        VirtualThreads.join(p);
        VirtualThreads.join(c);
        return sum[0];
    }
}
