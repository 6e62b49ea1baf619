package io.jasyncio;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio's {@code as_completed}: an iterable of futures, as many as there are distinct
 * awaitables, the k-th of which takes the outcome of the k-th awaitable to complete. The
 * awaitables are wrapped in tasks (coroutines) and watched at once, when {@code asCompleted} is
 * called (CPython's generator starts when first iterated; the difference shows only if the loop
 * runs before the first iteration). On timeout, every future not yet given an outcome fails with
 * {@link TimeoutError}; the awaitables themselves are not cancelled.
 *
 * <p>Each future handed out is fresh and belongs to the iteration, not to an awaitable: awaiting
 * the second one before the first is allowed and gets the first completion. Cancelling one (its
 * awaiting task was cancelled) leaves the completion it would have received for the next.
 */
final class AsCompleted<T> implements Iterable<Future<T>> {
    private final EventLoop loop;
    private final Set<Future<? extends T>> todo = new LinkedHashSet<>();
    /** Completed awaitables not yet handed to a waiter; null stands for the timeout. */
    private final ArrayDeque<Object> completed = new ArrayDeque<>();

    private final ArrayDeque<Future<T>> waiters = new ArrayDeque<>();
    private final Consumer<Future<? extends T>> onCompletion = this::onCompletion;
    private final int count;
    private int handedOut;
    private TimerHandle timeoutHandle;
    private boolean iterated;

    @SuppressWarnings("unchecked")
    AsCompleted(Iterable<? extends Awaitable<? extends T>> awaitables, double timeoutSeconds) {
        if (Double.isNaN(timeoutSeconds)) {
            throw new IllegalArgumentException("asCompleted: timeout is NaN");
        }
        this.loop = Asyncio.getEventLoop();
        Map<Awaitable<?>, Boolean> seen = new IdentityHashMap<>();
        for (Awaitable<? extends T> aw : awaitables) {
            if (aw == null) {
                throw new NullPointerException("asCompleted: an awaitable is null");
            }
            if (seen.put(aw, Boolean.TRUE) != null) {
                continue;
            }
            Future<? extends T> f = loop.ensureFuture(aw);
            todo.add(f);
        }
        this.count = todo.size();
        for (Future<? extends T> f : todo) {
            ((Future<T>) f).addDoneCallback((Consumer<? super Future<T>>) (Consumer<?>) onCompletion);
        }
        if (!todo.isEmpty() && timeoutSeconds != Double.POSITIVE_INFINITY) {
            timeoutHandle = loop.callLater(timeoutSeconds, this::onTimeout);
        }
    }

    private void onCompletion(Future<? extends T> f) {
        if (!todo.remove(f)) {
            return;
        }
        deliver(f);
        if (todo.isEmpty() && timeoutHandle != null) {
            timeoutHandle.cancel();
        }
    }

    private void onTimeout() {
        for (Future<? extends T> f : todo) {
            removeCallback(f);
            deliver(null);
        }
        todo.clear();
    }

    @SuppressWarnings("unchecked")
    private void removeCallback(Future<? extends T> f) {
        ((Future<T>) f).removeDoneCallback((Consumer<? super Future<T>>) (Consumer<?>) onCompletion);
    }

    /** Gives a completion (null: the timeout) to the first waiter still waiting, or keeps it for the next. */
    private void deliver(Future<? extends T> f) {
        Future<T> w;
        while ((w = waiters.poll()) != null) {
            if (!w.done()) {
                settle(w, f);
                return;
            }
        }
        completed.add(f == null ? TIMEOUT : f);
    }

    @SuppressWarnings("unchecked")
    private void settle(Future<T> waiter, Object outcome) {
        if (outcome == null || outcome == TIMEOUT) {
            waiter.setException(new TimeoutError("asCompleted timed out"));
            return;
        }
        Future<? extends T> f = (Future<? extends T>) outcome;
        if (f.cancelled()) {
            waiter.cancel();
            return;
        }
        Throwable e = f.exception();
        if (e != null) {
            waiter.setException(e);
        } else {
            waiter.setResult(f.result());
        }
    }

    private static final Object TIMEOUT = new Object();

    /** The next awaitable in completion order. */
    private Future<T> next() {
        Future<T> waiter = new Future<>(loop); // if cancelled, deliver() skips it
        Object ready = completed.poll();
        if (ready != null) {
            settle(waiter, ready);
        } else {
            waiters.add(waiter);
        }
        return waiter;
    }

    /**
     * The futures in completion order.
     *
     * @throws IllegalStateException if iterated a second time (as a Python generator, it is consumed once)
     */
    @Override
    public Iterator<Future<T>> iterator() {
        if (iterated) {
            throw new IllegalStateException("asCompleted(...) can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return handedOut < count;
            }

            @Override
            public Future<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                handedOut++;
                return AsCompleted.this.next();
            }
        };
    }
}
