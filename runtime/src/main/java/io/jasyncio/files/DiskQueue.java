package io.jasyncio.files;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The blocking operations of one file, run one at a time and in the order submitted, on a shared
 * pool of daemon "disk" threads; each completes a future of the file's loop (through {@code
 * callSoonThreadsafe}), so the loop thread never touches the disk. Submission order is the
 * order of the calls on the loop, which keeps {@code write(...); close()} right even unawaited.
 *
 * <p>The pool has at most {@link #THREADS} threads (Python's default executor size, {@code
 * min(32, processors + 4)}); a file's queue holds one of them while it has work, and files
 * beyond that wait their turn. Idle threads end after a minute.
 *
 * <p>If the pool cannot start a thread (the system's process limit, {@code OutOfMemoryError:
 * unable to create native thread}), the operation being submitted fails with that error, the
 * queue is left idle and empty, and the file's next operation tries again: the file stays usable.
 *
 * <p>Why a pool and blocking {@code FileChannel} calls rather than {@code
 * AsynchronousFileChannel}: on Linux the JDK's asynchronous file channel is itself a thread pool
 * doing blocking calls, its open is blocking anyway, and its small reads are slower than a pool
 * thread's (the figures are in docs/streams-and-files.md).
 */
final class DiskQueue {
    /** The most disk threads at once. */
    static final int THREADS = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);

    private static final Executor DISK = newPool(THREADS);

    static ThreadPoolExecutor newPool(int threads) {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "jasyncio-disk");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A blocking file operation. */
    @FunctionalInterface
    interface Op<T> {
        T run() throws IOException;
    }

    private final EventLoop loop;
    private final Executor pool;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>(); // guarded by this
    private boolean running; // guarded by this

    DiskQueue(EventLoop loop) {
        this(loop, DISK);
    }

    /** On {@code pool} instead of the shared disk threads: for tests of a pool that fails. */
    DiskQueue(EventLoop loop, Executor pool) {
        this.loop = loop;
        this.pool = pool;
    }

    EventLoop loop() {
        return loop;
    }

    /** Queues {@code op}; the future gets its result, or its IOException wrapped in UncheckedIOException. */
    <T> Future<T> submit(Op<T> op) {
        return submit(op, null);
    }

    /** As {@link #submit(Op)}; {@code discard} gets the result if the future was cancelled meanwhile. */
    <T> Future<T> submit(Op<T> op, Consumer<T> discard) {
        Future<T> f = loop.createFuture();
        Runnable job = () -> {
            T value = null;
            Throwable error = null;
            try {
                value = op.run();
            } catch (IOException e) {
                error = new UncheckedIOException(e);
            } catch (Throwable t) {
                error = t;
            }
            deliver(f, value, error, discard);
        };
        boolean start;
        synchronized (this) {
            queue.add(job);
            start = !running;
            running = true;
        }
        if (start) {
            try {
                pool.execute(this::drain);
            } catch (Throwable e) { // OutOfMemoryError: unable to create native thread; a RejectedExecutionException
                synchronized (this) {
                    // Nothing ran: the queue held only this job (it was idle). Leave it idle, so
                    // the next submission starts a thread again.
                    queue.clear();
                    running = false;
                }
                f.setException(e);
            }
        }
        return f;
    }

    /** Runs the queued jobs in order on one disk thread, until the queue is empty. */
    private void drain() {
        while (true) {
            Runnable job;
            synchronized (this) {
                job = queue.poll();
                if (job == null) {
                    running = false;
                    return;
                }
            }
            job.run();
        }
    }

    private <T> void deliver(Future<T> f, T value, Throwable error, Consumer<T> discard) {
        try {
            loop.callSoonThreadsafe(() -> {
                if (f.done()) {
                    // Cancelled by its awaiter; the operation happened anyway.
                    if (discard != null && value != null) {
                        discard.accept(value);
                    }
                    return;
                }
                if (error != null) {
                    f.setException(error);
                } else {
                    f.setResult(value);
                }
            });
        } catch (IllegalStateException loopClosed) {
            // nobody is waiting any more
        }
    }
}
