package io.jasyncio;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The functions a coroutine program calls, for static import: {@code import static
 * io.jasyncio.Asyncio.*;}. The names follow Python's asyncio in camelCase.
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Integer> square(int x) {
 *     await(sleep(1));
 *     return done(x * x);
 * }
 *
 * public static void main(String[] args) {
 *     System.out.println(run(square(3)));   // 9, after one second
 * }
 * }</pre>
 */
public final class Asyncio {
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    private Asyncio() {
    }

    // ---- await and return ----

    /**
     * Suspends the calling {@code @Async} method until {@code awaitable} completes, then returns
     * its value or throws its exception. Awaiting something already complete does not suspend.
     * Awaiting a coroutine runs it inside the current task.
     *
     * <p>Legal only inside an {@code @Async} method, whose calls to it the jasyncio agent rewrites;
     * a call that was not rewritten throws {@link IllegalStateException} saying why.
     */
    public static <T> T await(Awaitable<T> awaitable) {
        throw NotRewritten.error();
    }

    /**
     * Suspends the calling {@code @Async} method until {@code stage} completes; the method
     * resumes on the loop's thread, whatever thread completed the stage.
     *
     * @see #await(Awaitable)
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw NotRewritten.error();
    }

    /** Completes the calling {@code @Async} method with {@code value}: write {@code return done(value);}. */
    public static <T> Coroutine<T> done(T value) {
        return CoroutineFrame.completed(value);
    }

    /** Completes the calling {@code @Async} method with no value: write {@code return done();}. */
    public static Coroutine<Void> done() {
        return CoroutineFrame.completed(null);
    }

    // ---- running ----

    /**
     * Runs {@code coro} on a new event loop until it completes and returns its result (or throws
     * its exception): asyncio's {@code run}. Afterwards the tasks still pending are cancelled
     * and awaited, and the loop is closed.
     *
     * @throws IllegalStateException if called while an event loop is running in this thread
     */
    public static <T> T run(Coroutine<T> coro) {
        return Runner.run(coro);
    }

    /** A new event loop, not set as the current one of any thread. */
    public static EventLoop newEventLoop() {
        return new EventLoop();
    }

    /**
     * The running loop if called from a coroutine or callback; else the current loop of this
     * thread, which is created (and set) on first use, or replaced if it was closed.
     */
    public static EventLoop getEventLoop() {
        EventLoop running = EventLoop.running();
        if (running != null) {
            return running;
        }
        EventLoop current = CURRENT.get();
        if (current == null || current.isClosed()) {
            current = new EventLoop();
            CURRENT.set(current);
        }
        return current;
    }

    static EventLoop getEventLoopIfSet() {
        return CURRENT.get();
    }

    /** Sets {@code loop} (null: none) as the current loop of this thread, for {@link #getEventLoop()}. */
    public static void setEventLoop(EventLoop loop) {
        if (loop == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(loop);
        }
    }

    /**
     * The loop running in this thread.
     *
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static EventLoop getRunningLoop() {
        EventLoop loop = EventLoop.running();
        if (loop == null) {
            // Without the agent, an @Async body runs at its call, outside any loop: say so first.
            NotRewritten.checkIndexedClasses();
            throw new IllegalStateException("no running event loop: call this from a coroutine or a callback, "
                    + "or start one with run(...)" + NotRewritten.agentHint());
        }
        return loop;
    }

    // ---- tasks ----

    /** Schedules {@code coro} as a task of the running loop; it starts on a later loop iteration. */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return getRunningLoop().createTask(coro);
    }

    /** As {@link #createTask(Coroutine)}, naming the task. */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return getRunningLoop().createTask(coro, name);
    }

    /** The task running now on this thread's loop, or null if none (a plain callback is running). */
    public static Task<?> currentTask() {
        EventLoop loop = EventLoop.running();
        return loop == null ? null : loop.currentTask;
    }

    /** The running loop's tasks that are not done yet. */
    public static Set<Task<?>> allTasks() {
        return Set.copyOf(getRunningLoop().pendingTasks());
    }

    // ---- sleeping ----

    /** An awaitable that completes after {@code seconds}; {@code sleep(0)} lets other tasks run once. */
    public static Awaitable<Void> sleep(double seconds) {
        return sleep(seconds, null);
    }

    /** As {@link #sleep(double)}, completing with {@code result}. */
    @SuppressWarnings("unchecked")
    public static <T> Awaitable<T> sleep(double seconds, T result) {
        long nanos = EventLoop.secondsToNanos(seconds);
        if (nanos == 0 && result == null) {
            return (Awaitable<T>) Task.YIELD;
        }
        return new Sleep<>(getRunningLoop(), nanos, result);
    }

    /** As {@link #sleep(double)}. */
    public static Awaitable<Void> sleep(Duration delay) {
        return sleep(delay, null);
    }

    /** As {@link #sleep(double, Object)}. */
    public static <T> Awaitable<T> sleep(Duration delay, T result) {
        return sleep(delay.toNanos() / 1e9, result);
    }

    // ---- gathering ----

    /**
     * An awaitable of all the awaitables' results, in argument order; coroutines are wrapped in
     * tasks. The first exception (or cancellation) of a child fails the whole at once; the other
     * children keep running. Cancelling the result cancels the children.
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... awaitables) {
        return GatheringFuture.gather(Arrays.asList(awaitables), false);
    }

    /** As {@link #gather(Awaitable[])}, for a collection. */
    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        return GatheringFuture.gather(List.copyOf(awaitables), false);
    }

    /**
     * As {@link #gather(Awaitable[])} with asyncio's {@code return_exceptions=True}: a failed or
     * cancelled child puts its exception in the list instead of failing the whole.
     */
    public static Future<List<Object>> gatherReturningExceptions(Awaitable<?>... awaitables) {
        return GatheringFuture.gather(Arrays.asList(awaitables), true);
    }

    /** As {@link #gatherReturningExceptions(Awaitable[])}, for a collection. */
    public static Future<List<Object>> gatherReturningExceptions(Collection<? extends Awaitable<?>> awaitables) {
        return GatheringFuture.gather(List.copyOf(awaitables), true);
    }
}
