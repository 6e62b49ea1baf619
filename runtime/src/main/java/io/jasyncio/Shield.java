package io.jasyncio;

import java.util.function.Consumer;

/**
 * asyncio's {@code shield}: an outer future that mirrors an inner one, so that cancelling the
 * outer (as cancelling the task awaiting it does) leaves the inner running.
 */
final class Shield {
    private Shield() {}

    static <T> Future<T> shield(Awaitable<T> awaitable) {
        if (awaitable == null) {
            throw new NullPointerException("awaitable");
        }
        Future<T> inner = Asyncio.ensureFuture(awaitable);
        if (inner.done()) {
            return inner;
        }
        Future<T> outer = inner.loop.createFuture();
        Consumer<Future<T>> innerDone = in -> {
            if (outer.cancelled()) {
                return;
            }
            if (in.cancelled()) {
                outer.cancel();
                return;
            }
            Throwable e = in.exception();
            if (e != null) {
                outer.setException(e);
            } else {
                outer.setResult(in.result());
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(out -> {
            if (!inner.done()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
