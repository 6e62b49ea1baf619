package io.jasyncio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The future {@code gather} returns: done when all its children are, with their results in
 * argument order. Cancelling it cancels every child that is not done.
 */
final class GatheringFuture<T> extends Future<List<T>> {
    private final List<Future<? extends T>> children;
    private boolean cancelRequested;

    private GatheringFuture(EventLoop loop, List<Future<? extends T>> children) {
        super(loop);
        this.children = children;
    }

    /** asyncio.gather: wraps coroutines in tasks (the same coroutine object once), then waits for all. */
    static <T> Future<List<T>> gather(List<? extends Awaitable<? extends T>> awaitables, boolean returnExceptions) {
        if (awaitables.isEmpty()) {
            Future<List<T>> empty = Asyncio.getEventLoop().createFuture();
            empty.setResult(Collections.emptyList());
            return empty;
        }
        EventLoop loop = null;
        // Only what gather itself wraps needs remembering (a coroutine passed twice runs once):
        // a future passed twice simply gets two callbacks and is counted twice. No map over all
        // the children: at 100,000 of them its table is a humongous array that, once dead, keeps
        // every child alive through young collections until the next marking (fan-out spent
        // most of its time copying them).
        Map<Awaitable<?>, Future<? extends T>> wrapped = null;
        List<Future<? extends T>> children = new ArrayList<>(awaitables.size());
        for (Awaitable<? extends T> aw : awaitables) {
            if (aw == null) {
                throw new NullPointerException("gather: awaitable #" + children.size() + " is null");
            }
            Future<? extends T> f;
            if (aw instanceof Future) {
                f = (Future<? extends T>) aw;
            } else {
                if (wrapped == null) {
                    wrapped = new IdentityHashMap<>();
                }
                f = wrapped.get(aw);
                if (f == null) {
                    f = Asyncio.ensureFuture(aw);
                    wrapped.put(aw, f);
                }
            }
            if (loop == null) {
                loop = f.loop;
            } else if (f.loop != loop) {
                throw new IllegalArgumentException("gather: awaitables must all belong to the same loop");
            }
            children.add(f);
        }
        GatheringFuture<T> outer = new GatheringFuture<>(loop, children);
        Consumer<Future<? extends T>> onChildDone = outer.childCallback(children.size(), returnExceptions);
        for (Future<? extends T> f : children) {
            addCallbackTo(f, onChildDone);
        }
        return outer;
    }

    /** The futures gathered, in argument order (for task dumps). */
    List<Future<? extends T>> children() {
        return children;
    }

    @SuppressWarnings("unchecked")
    private static <T> void addCallbackTo(Future<? extends T> f, Consumer<Future<? extends T>> cb) {
        ((Future<T>) f).addDoneCallback((Consumer<? super Future<T>>) (Consumer<?>) cb);
    }

    /** The callback each child calls once done (twice for a future passed twice); the {@code count}th call ends the gather. */
    private Consumer<Future<? extends T>> childCallback(int count, boolean returnExceptions) {
        int[] finished = {0};
        return child -> {
            finished[0]++;
            if (done()) {
                return;
            }
            if (!returnExceptions) {
                if (child.cancelled()) {
                    finish(null, child.makeCancelledError());
                    return;
                }
                Throwable e = child.exception();
                if (e != null) {
                    finish(null, e);
                    return;
                }
            }
            if (finished[0] < count) {
                return;
            }
            Object[] results = new Object[children.size()];
            for (int i = 0; i < results.length; i++) {
                Future<? extends T> c = children.get(i);
                if (c.cancelled()) {
                    results[i] = c.makeCancelledError();
                } else {
                    Throwable e = c.exception();
                    results[i] = e != null ? e : c.result();
                }
            }
            if (cancelRequested) {
                finish(null, new CancelledError());
            } else {
                @SuppressWarnings("unchecked")
                List<T> list = (List<T>) Arrays.asList(results);
                finish(list, null);
            }
        };
    }

    @Override
    public boolean cancel(String message) {
        if (done()) {
            return false;
        }
        boolean any = false;
        for (Future<? extends T> child : children) {
            if (child.cancel(message)) {
                any = true;
            }
        }
        if (any) {
            // Children report their cancellation; gather then ends with CancelledError.
            cancelRequested = true;
        }
        return any;
    }
}
