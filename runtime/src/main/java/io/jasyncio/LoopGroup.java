package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N event loops, each running forever on its own thread: how a jasyncio program uses more than
 * one core without leaving the model. Each loop is an ordinary {@link EventLoop}; what runs on
 * one stays on it (a connection, a task, its futures), and loops talk to each other only through
 * the thread-safe entry points: {@link #submit} from any thread, {@link #runOn} from a coroutine.
 *
 * <pre>{@code
 * try (LoopGroup group = LoopGroup.start(2)) {
 *     GroupServer server = Streams.startServer(group, Echo::handle, "127.0.0.1", 8888).join();
 *     ...
 * }
 * }</pre>
 *
 * <p>Awaiting work on another loop ({@link #runOn}) holds no lock and no thread: the coroutine
 * runs as a task of the target loop, and its outcome comes back to the caller's loop through
 * {@link EventLoop#callSoonThreadsafe}. Cancelling the awaiting side cancels the remote task.
 *
 * <p>{@link #close()} stops every loop: on each, pending tasks are cancelled and awaited (their
 * {@code finally} blocks run), the default executor is shut down, and the loop is closed; then
 * it waits for the threads to end. Thread-safe.
 */
public final class LoopGroup implements AutoCloseable {
    private final List<EventLoop> loops;
    private final List<Thread> threads;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    private LoopGroup(List<EventLoop> loops, List<Thread> threads) {
        this.loops = List.copyOf(loops);
        this.threads = List.copyOf(threads);
    }

    /** As {@link #start(int, String)}, with threads named {@code jasyncio-loop-0}, {@code -1} ... */
    public static LoopGroup start(int size) {
        return start(size, "jasyncio-loop");
    }

    /**
     * Starts {@code size} loops, each on a new non-daemon thread named {@code namePrefix-i},
     * running until {@link #close()}. Returns once every loop runs.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public static LoopGroup start(int size, String namePrefix) {
        if (size <= 0) {
            throw new IllegalArgumentException("a loop group needs at least one loop, got " + size);
        }
        List<EventLoop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch running = new CountDownLatch(size);
        for (int i = 0; i < size; i++) {
            EventLoop loop = new EventLoop();
            loops.add(loop);
            Thread t = new Thread(() -> serve(loop, running), namePrefix + "-" + i);
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
        try {
            running.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new LoopGroup(loops, threads);
    }

    /** One loop's thread: run until stopped, then clean up as {@link Asyncio#run} does. */
    private static void serve(EventLoop loop, CountDownLatch running) {
        Asyncio.setEventLoop(loop);
        loop.callSoon(running::countDown);
        try {
            loop.runForever();
        } finally {
            try {
                Runner.cancelAllTasks(loop);
                loop.runUntilComplete(loop.shutdownDefaultExecutor());
            } finally {
                loop.close();
                Asyncio.setEventLoop(null);
            }
        }
    }

    /** The loops, in order; each must be used from its own thread (or through its thread-safe entry points). */
    public List<EventLoop> loops() {
        return loops;
    }

    /** The number of loops. */
    public int size() {
        return loops.size();
    }

    /** The loop at {@code index}. */
    public EventLoop loop(int index) {
        return loops.get(index);
    }

    /** The next loop in round-robin order: for spreading work. Thread-safe. */
    public EventLoop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** True if {@code loop} is one of this group's. */
    public boolean contains(EventLoop loop) {
        return loops.contains(loop);
    }

    /**
     * Runs {@code coro} as a task of {@code loop}, from any thread; {@link
     * Asyncio#runCoroutineThreadsafe}. The CompletableFuture can be awaited from a coroutine of
     * another loop or joined from a plain thread.
     *
     * @throws IllegalStateException if the group is closed
     */
    public <T> CompletableFuture<T> submit(EventLoop loop, Coroutine<T> coro) {
        checkOpen();
        return Threads.runCoroutineThreadsafe(coro, loop);
    }

    /**
     * From a coroutine: runs {@code coro} as a task of {@code target} and returns a future of the
     * <em>calling</em> loop with its outcome, so {@code await(group.runOn(other, work()))} resumes
     * on the caller's loop. Cancelling the returned future cancels the remote task; a remote
     * cancellation cancels the returned future. On the caller's own loop, it is {@code
     * createTask}.
     *
     * @throws IllegalStateException if no loop runs in this thread, or the group is closed
     */
    public <T> Future<T> runOn(EventLoop target, Coroutine<T> coro) {
        checkOpen();
        EventLoop here = Asyncio.getRunningLoop();
        if (target == here) {
            return here.createTask(coro);
        }
        Future<T> result = here.createFuture();
        CompletableFuture<T> remote = Threads.runCoroutineThreadsafe(coro, target);
        remote.whenComplete((value, error) -> {
            try {
                here.callSoonThreadsafe(() -> settle(result, value, error));
            } catch (IllegalStateException callerClosed) {
                // the caller's loop is gone: nobody waits for the outcome
            }
        });
        result.addDoneCallback(f -> {
            if (f.cancelled()) {
                remote.cancel(false);
            }
        });
        return result;
    }

    private static <T> void settle(Future<T> result, T value, Throwable error) {
        if (result.done()) {
            return;
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof CancelledError || e instanceof java.util.concurrent.CancellationException) {
            result.cancel();
        } else if (e != null) {
            result.setException(e);
        } else {
            result.setResult(value);
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops every loop (pending tasks cancelled and awaited, executors shut down, loops closed) and
     * waits for their threads. Idempotent. Called on one of the group's own loop threads, it stops
     * the loops without waiting (a thread cannot wait for itself).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (EventLoop loop : loops) {
            try {
                loop.callSoonThreadsafe(loop::stop);
            } catch (IllegalStateException alreadyClosed) {
                // its thread ended already
            }
        }
        if (threads.contains(Thread.currentThread())) {
            return;
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the loop group is closed");
        }
    }

    @Override
    public String toString() {
        return "<LoopGroup size=" + loops.size() + (closed ? " closed" : "") + ">";
    }
}
