package io.jasyncio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * asyncio.run: a fresh loop for one main coroutine, cleaned up after it: pending tasks are
 * cancelled and awaited, async generators left open are closed, the default executor is shut down (its running calls awaited), and the
 * loop is closed.
 */
final class Runner {
    private Runner() {}

    static <T> T run(Coroutine<T> coro) {
        if (EventLoop.running() != null) {
            UnawaitedCoroutines.claimed(coro); // the error says it: no "never awaited" report too
            throw new IllegalStateException("run() cannot be called while an event loop is running in this thread: "
                    + "await the coroutine instead");
        }
        if (coro == null) {
            throw new NullPointerException("run(null): a coroutine was expected");
        }
        NotRewritten.checkRunnable(coro);
        EventLoop loop = new EventLoop();
        EventLoop previous = null;
        try {
            previous = Asyncio.getEventLoopIfSet();
            Asyncio.setEventLoop(loop);
            return loop.runUntilComplete(loop.createTask(coro));
        } finally {
            try {
                cancelAllTasks(loop);
                loop.runUntilComplete(loop.shutdownAsyncgens());
                loop.runUntilComplete(loop.shutdownDefaultExecutor());
            } finally {
                loop.close();
                Asyncio.setEventLoop(previous);
            }
        }
    }

    /** Cancels the loop's pending tasks, lets them finish, and reports failures other than cancellation. */
    static void cancelAllTasks(EventLoop loop) {
        List<Task<?>> pending = loop.pendingTasks();
        if (pending.isEmpty()) {
            return;
        }
        for (Task<?> t : pending) {
            t.cancel();
        }
        loop.runUntilComplete(GatheringFuture.gather(pending, true));
        for (Task<?> t : pending) {
            if (t.cancelled()) {
                continue;
            }
            Throwable e = t.exception();
            if (e != null) {
                Map<String, Object> context = new HashMap<>();
                context.put("message", "unhandled exception during run() shutdown");
                context.put("exception", e);
                context.put("task", t);
                loop.callExceptionHandler(context);
            }
        }
    }
}
