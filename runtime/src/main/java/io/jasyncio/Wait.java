package io.jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio's {@code wait}: a future that completes with the done and pending futures once the
 * return-when condition holds or the timeout passes. It never cancels the futures it watches;
 * cancelling it only stops the watching. Made when the awaitable {@code waitTasks} returns is
 * first awaited, so the timeout counts from there.
 */
final class Wait<T> extends Future<DoneAndPending<T>> {
    private final List<Future<T>> futures;
    private final ReturnWhen returnWhen;
    private final Consumer<Future<T>> onCompletion = this::onCompletion;
    private TimerHandle timeoutHandle;
    private int remaining;

    private Wait(EventLoop loop, List<Future<T>> futures, ReturnWhen returnWhen) {
        super(loop);
        this.futures = futures;
        this.returnWhen = returnWhen;
        this.remaining = futures.size();
    }

    /**
     * The awaitable {@code waitTasks} returns: checked now, started (the timeout counting, the
     * futures watched) when first awaited, as asyncio's {@code wait} coroutine.
     */
    @SuppressWarnings("unchecked")
    static <T> Awaitable<DoneAndPending<T>> watch(
            java.util.Collection<? extends Future<? extends T>> fs, double timeoutSeconds, ReturnWhen returnWhen) {
        if (returnWhen == null) {
            throw new NullPointerException("returnWhen");
        }
        if (Double.isNaN(timeoutSeconds)) {
            throw new IllegalArgumentException("waitTasks: timeout is NaN");
        }
        Set<Future<T>> distinct = new LinkedHashSet<>();
        for (Future<? extends T> f : fs) {
            if (f == null) {
                throw new NullPointerException("waitTasks: a future is null");
            }
            distinct.add((Future<T>) f);
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        return new Unstarted<>(new ArrayList<>(distinct), timeoutSeconds, returnWhen);
    }

    /** A {@code waitTasks} not awaited yet. */
    private static final class Unstarted<T> extends LazyAwaitable<DoneAndPending<T>> {
        private final List<Future<T>> futures;
        private final double timeoutSeconds;
        private final ReturnWhen returnWhen;

        Unstarted(List<Future<T>> futures, double timeoutSeconds, ReturnWhen returnWhen) {
            this.futures = futures;
            this.timeoutSeconds = timeoutSeconds;
            this.returnWhen = returnWhen;
        }

        @Override
        Future<DoneAndPending<T>> start(EventLoop loop) {
            for (Future<T> f : futures) {
                if (f.loop != loop) {
                    throw new IllegalArgumentException("waitTasks: " + f + " belongs to a different loop");
                }
            }
            Wait<T> w = new Wait<>(loop, futures, returnWhen);
            if (timeoutSeconds != Double.POSITIVE_INFINITY) {
                w.timeoutHandle = loop.callLater(timeoutSeconds, w::release);
            }
            for (Future<T> f : futures) {
                f.addDoneCallback(w.onCompletion);
            }
            return w;
        }
    }

    private void onCompletion(Future<T> f) {
        remaining--;
        if (remaining <= 0
                || returnWhen == ReturnWhen.FIRST_COMPLETED
                || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
            release();
        }
    }

    /** The condition holds or the time is up: report what is done now. */
    private void release() {
        if (done()) {
            return;
        }
        cleanUp();
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : futures) {
            (f.done() ? done : pending).add(f);
        }
        setResult(new DoneAndPending<>(done, pending));
    }

    private void cleanUp() {
        if (timeoutHandle != null) {
            timeoutHandle.cancel();
            timeoutHandle = null;
        }
        for (Future<T> f : futures) {
            f.removeDoneCallback(onCompletion);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        cleanUp();
        return true;
    }
}
