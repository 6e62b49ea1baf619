package io.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The loop's side of {@link EventLoop#runInExecutor}: the default executor (created on first use,
 * replaceable, shut down once) and the bridge that brings a call's outcome back to the loop's
 * thread. Used from the loop's thread only.
 */
final class DefaultExecutor {
    private final EventLoop loop;
    private ExecutorService executor;
    private boolean shutdownCalled;

    DefaultExecutor(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code call} on {@code on} (null: the default executor); see {@link EventLoop#runInExecutor}. */
    <T> Future<T> run(Executor on, Callable<T> call) {
        if (call == null) {
            throw new NullPointerException("call");
        }
        if (on == null) {
            on = defaultExecutor();
        }
        Future<T> future = loop.createFuture();
        FutureTask<T> work = new FutureTask<>(call) {
            @Override
            protected void done() {
                try {
                    deliver();
                } finally {
                    loop.outsideWorkEnded();
                }
            }

            private void deliver() {
                if (isCancelled()) {
                    return;
                }
                T value = null;
                Throwable error = null;
                try {
                    value = get();
                } catch (ExecutionException e) {
                    error = e.getCause();
                } catch (Throwable e) {
                    error = e;
                }
                T v = value;
                Throwable err = error;
                try {
                    loop.callSoonThreadsafe(() -> {
                        if (future.done()) {
                            return;
                        }
                        if (err != null) {
                            future.setException(err);
                        } else {
                            future.setResult(v);
                        }
                    });
                } catch (IllegalStateException loopClosed) {
                    // Nobody can receive the outcome any more.
                }
            }
        };
        future.addCallback((Consumer<Future<T>>) f -> {
            if (f.cancelled()) {
                work.cancel(false);
            }
        });
        loop.outsideWorkStarted(); // until done() has queued the outcome: virtual time must wait for it
        try {
            on.execute(work);
        } catch (RuntimeException rejected) {
            loop.outsideWorkEnded();
            throw rejected;
        }
        return future;
    }

    /** Replaces the default executor (null: back to the built-in pool, created on use). */
    void set(ExecutorService executor) {
        this.executor = executor;
    }

    /** See {@link EventLoop#shutdownDefaultExecutor()}. */
    Future<Void> shutdown() {
        shutdownCalled = true;
        Future<Void> done = loop.createFuture();
        ExecutorService executor = this.executor;
        if (executor == null) {
            done.setResult(null);
            return done;
        }
        executor.shutdown();
        Thread waiter = new Thread(
                () -> {
                    try {
                        executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    try {
                        loop.callSoonThreadsafe(() -> {
                            if (!done.done()) {
                                done.setResult(null);
                            }
                        });
                    } catch (IllegalStateException loopClosed) {
                        // The loop went away first: nothing to tell.
                    } finally {
                        loop.outsideWorkEnded();
                    }
                },
                "jasyncio-executor-shutdown");
        waiter.setDaemon(true);
        loop.outsideWorkStarted();
        waiter.start();
        return done;
    }

    /** The loop is closing: shut the default executor down without waiting for running calls. */
    void close() {
        ExecutorService executor = this.executor;
        this.executor = null;
        if (executor != null) {
            executor.shutdown();
        }
    }

    private ExecutorService defaultExecutor() {
        if (shutdownCalled) {
            throw new IllegalStateException(
                    "Executor shutdown has been called: the default executor cannot run more calls.");
        }
        ExecutorService executor = this.executor;
        if (executor == null) {
            int threads = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "jasyncio-executor-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
            pool.allowCoreThreadTimeOut(true);
            this.executor = executor = pool;
        }
        return executor;
    }
}
