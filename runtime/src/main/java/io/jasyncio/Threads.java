package io.jasyncio;

import java.util.concurrent.CompletableFuture;

/** The bridges between the loop and other threads: asyncio's {@code run_coroutine_threadsafe} (and {@code to_thread}, in {@link EventLoop#runInExecutor}). */
final class Threads {
    private Threads() {}

    /**
     * Schedules {@code coro} as a task of {@code loop} from any thread; the returned
     * CompletableFuture completes with the task's outcome (a cancelled task completes it
     * exceptionally with a {@link CancelledError}), and cancelling it cancels the task. If the
     * loop closes before the task is created, it completes exceptionally with an
     * IllegalStateException; if the loop is closed or closing already, this throws one.
     */
    static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        if (coro == null || loop == null) {
            throw new NullPointerException(coro == null ? "coro" : "loop");
        }
        // From here the future tells the caller what became of the coroutine, run or dropped by
        // a closing loop: it is not reported as never awaited.
        UnawaitedCoroutines.claimed(coro);
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            if (result.isDone()) {
                return; // cancelled before the loop got to it
            }
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable e) {
                result.completeExceptionally(e);
                return;
            }
            task.addDoneCallback((OutsideWaiter<T>) t -> {
                if (t.cancelled()) {
                    result.completeExceptionally(t.makeCancelledError());
                } else if (t.exception() != null) {
                    result.completeExceptionally(t.exception());
                } else {
                    result.complete(t.result());
                }
            });
            result.whenComplete((v, e) -> {
                if (result.isCancelled() && !task.done()) {
                    try {
                        loop.callSoonThreadsafe(task::cancel);
                    } catch (IllegalStateException closed) {
                        // the loop is gone; so is the task
                    }
                }
            });
        };
        loop.callSoonThreadsafe(
                start,
                () -> result.completeExceptionally(new IllegalStateException(
                        "Event loop was closed before the coroutine " + coro + " could start.")));
        return result;
    }
}
