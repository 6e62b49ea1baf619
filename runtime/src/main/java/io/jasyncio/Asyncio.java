package io.jasyncio;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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

    private Asyncio() {}

    // ---- await and return ----

    /**
     * Suspends the calling {@code @Async} method until {@code awaitable} completes, then returns
     * its value or throws its exception. Awaiting something already complete does not suspend.
     * Awaiting a coroutine runs it inside the current task.
     *
     * <p>Legal only inside an {@code @Async} method, whose calls to it the jasyncio agent rewrites;
     * a call that was not rewritten throws {@link NotRewrittenError} saying why.
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

    /**
     * asyncio's module-level {@code ensure_future}: a coroutine, or an awaitable not started yet
     * (a sleep), goes to {@link #getEventLoop()}; any other awaitable gives its own future.
     */
    static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        return awaitable instanceof Coroutine || awaitable instanceof LazyAwaitable
                ? getEventLoop().ensureFuture(awaitable)
                : awaitable.asFuture();
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
            NotRewritten.checkStackForUnrewrittenAsync();
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

    /** As {@link #createTask(Coroutine)}, running the task in {@code context} itself: see {@link EventLoop#createTask(Coroutine, Context)}. */
    public static <T> Task<T> createTask(Coroutine<T> coro, Context context) {
        return getRunningLoop().createTask(coro, context);
    }

    /** As {@link #createTask(Coroutine, Context)}, naming the task. */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        return getRunningLoop().createTask(coro, name, context);
    }

    // ---- context variables ----

    /**
     * A copy of the current {@link Context}: the running task's, the running callback's, or this
     * thread's; Python's {@code contextvars.copy_context()}. Run code in it with {@link
     * Context#run}, or a task with {@link #createTask(Coroutine, Context)}.
     */
    public static Context copyContext() {
        Context current = Context.current(false);
        return current == null ? new Context() : current.copy();
    }

    /**
     * The task running now on this thread's loop, or null if none (a plain callback is running,
     * or no loop runs in this thread).
     */
    public static Task<?> currentTask() {
        EventLoop loop = EventLoop.running();
        return loop == null ? null : loop.currentTask;
    }

    /**
     * The running loop's tasks that are not done yet (a snapshot).
     *
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static Set<Task<?>> allTasks() {
        return Set.copyOf(getRunningLoop().pendingTasks());
    }

    /**
     * The tasks of {@code loop} that are not done yet (a snapshot), whether or not it runs:
     * asyncio's {@code all_tasks(loop)}. Call it from the thread that runs (or will run) the loop.
     */
    public static Set<Task<?>> allTasks(EventLoop loop) {
        return Set.copyOf(loop.pendingTasks());
    }

    // ---- sleeping ----

    /**
     * An awaitable that completes {@code seconds} after it is first awaited; {@code sleep(0)} lets
     * other tasks run once. As asyncio's {@code sleep} coroutine, nothing starts at the call: the
     * timer starts when the awaitable is first awaited or handed to the loop ({@code gather},
     * {@code shield}, {@link EventLoop#runUntilComplete}), on that loop, so a sleep made early
     * counts from its await, and one can be made where no loop runs yet ({@code
     * run(waitFor(sleep(10), 2))}). Awaiting the same object again waits for the same timer.
     */
    public static Awaitable<Void> sleep(double seconds) {
        return sleep(seconds, null);
    }

    /**
     * As {@link #sleep(double)}, completing with {@code result}. With 0 (or less), it lets the
     * other tasks run exactly once, like {@code sleep(0)}, then gives {@code result}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Awaitable<T> sleep(double seconds, T result) {
        long nanos = EventLoop.secondsToNanos(seconds);
        if (nanos == 0) {
            return result == null ? (Awaitable<T>) Task.YIELD : Task.yieldThen(result);
        }
        return new Sleep.Unstarted<>(nanos, result);
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
    @SuppressWarnings("varargs") // the array is only read, through the list view handed to GatheringFuture
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

    // ---- waiting ----

    /**
     * The awaitables in the order they complete: an iterable of as many futures as there are
     * distinct awaitables; awaiting the k-th gives the outcome (value or exception) of the k-th
     * to complete. Coroutines are wrapped in tasks now. asyncio's {@code as_completed}.
     *
     * <pre>{@code
     * for (Future<Integer> next : asCompleted(List.of(square(1), square(2), square(3)))) {
     *     System.out.println("Result: " + await(next));
     * }
     * }</pre>
     *
     * @throws IllegalStateException if the iterable is iterated twice
     */
    public static <T> Iterable<Future<T>> asCompleted(Iterable<? extends Awaitable<? extends T>> awaitables) {
        return new AsCompleted<>(awaitables, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #asCompleted(Iterable)}; once {@code timeoutSeconds} have passed, every future
     * not yet given an outcome fails with {@link TimeoutError} (the awaitables are not cancelled).
     */
    public static <T> Iterable<Future<T>> asCompleted(
            Iterable<? extends Awaitable<? extends T>> awaitables, double timeoutSeconds) {
        return new AsCompleted<>(awaitables, timeoutSeconds);
    }

    /**
     * Waits until {@code returnWhen} holds for {@code futures}, and gives the done and the pending
     * ones: asyncio's {@code wait}. Named {@code waitTasks} because a static {@code wait} would be
     * hidden by {@link Object#wait()} inside every class. It never cancels the futures (cancel the
     * pending ones yourself, or use {@link #waitFor}). Coroutines are not accepted, as in Python
     * 3.11+: wrap them with {@link #createTask} so you can find them in the result. As asyncio's
     * {@code wait} coroutine, the waiting starts when the awaitable is first awaited.
     *
     * @throws IllegalArgumentException if {@code futures} is empty; (from the await) if a future
     *     belongs to another loop than the one awaiting
     */
    public static <T> Awaitable<DoneAndPending<T>> waitTasks(
            Collection<? extends Future<? extends T>> futures, ReturnWhen returnWhen) {
        return Wait.watch(futures, Double.POSITIVE_INFINITY, returnWhen);
    }

    /**
     * As {@link #waitTasks(Collection, ReturnWhen)}, returning anyway once {@code timeoutSeconds}
     * have passed since the first await (no {@link TimeoutError}: the pending ones are in the
     * result).
     */
    public static <T> Awaitable<DoneAndPending<T>> waitTasks(
            Collection<? extends Future<? extends T>> futures, ReturnWhen returnWhen, double timeoutSeconds) {
        return Wait.watch(futures, timeoutSeconds, returnWhen);
    }

    /**
     * Awaits {@code awaitable} for at most {@code timeoutSeconds}: asyncio's {@code wait_for}.
     * When time is up the awaitable is cancelled (a coroutine runs inside the awaiting task and
     * gets the {@link CancelledError} at its await; its {@code finally} blocks run) and, once it
     * has ended, {@link TimeoutError} is thrown. {@code Double.POSITIVE_INFINITY}: no limit. Zero
     * or less: a result already there is returned, else the awaitable is cancelled without
     * running (a coroutine's body never starts) and {@code TimeoutError} is thrown.
     *
     * @throws TimeoutError (from the await) when the time is up
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeoutSeconds) {
        return WaitFor.waitFor(awaitable, timeoutSeconds);
    }

    /** As {@link #waitFor(Awaitable, double)}. */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, Duration timeout) {
        return WaitFor.waitFor(awaitable, timeout.toNanos() / 1e9);
    }

    /**
     * Runs {@code awaitable} in the awaiting task with a deadline {@code delaySeconds} after the
     * await starts: {@code async with asyncio.timeout(delay): return await awaitable}. See
     * {@link Timeout} for the semantics.
     *
     * @throws TimeoutError (from the await) when the deadline passes first
     */
    public static <T> Coroutine<T> timeout(double delaySeconds, Awaitable<T> awaitable) {
        return Timeout.afterEntering(delaySeconds).run(awaitable);
    }

    /**
     * Runs {@code body}, an async lambda, in the awaiting task with a deadline {@code
     * delaySeconds} after the await starts, and returns its result: {@code async with
     * asyncio.timeout(delay):} around a block of code that awaits.
     *
     * <pre>{@code
     * String page = await(timeout(2, () -> {
     *     Connection c = await(Streams.openConnection(host, 80));
     *     return done(await(readPage(c)));
     * }));
     * }</pre>
     *
     * The body is called when the returned coroutine is awaited, under the deadline. See {@link
     * Timeout} for the semantics.
     *
     * @throws TimeoutError (from the await) when the deadline passes first
     */
    public static <T> Coroutine<T> timeout(double delaySeconds, AsyncSupplier<T> body) {
        return Timeout.afterEntering(delaySeconds).run(body);
    }

    /**
     * A {@link Timeout} due {@code delaySeconds} from now on the running loop's clock
     * ({@code Double.POSITIVE_INFINITY}: none), to {@linkplain Timeout#reschedule reschedule} or
     * {@linkplain Timeout#expired() test}; guard work with {@link Timeout#enter()} in a
     * try-with-resources block, or with {@link Timeout#run}. asyncio's {@code timeout(delay)}.
     *
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static Timeout timeout(double delaySeconds) {
        return Timeout.at(
                delaySeconds == Double.POSITIVE_INFINITY
                        ? delaySeconds
                        : getRunningLoop().time() + delaySeconds);
    }

    /** A {@link Timeout} due at loop time {@code when} ({@link EventLoop#time()}); asyncio's {@code timeout_at}. */
    public static Timeout timeoutAt(double when) {
        return Timeout.at(when);
    }

    /**
     * Protects {@code awaitable} from cancellation: the returned future mirrors it, and
     * cancelling the future (as cancelling the task awaiting it does) leaves it running; asyncio's
     * {@code shield}. A coroutine is wrapped in a task. If the awaitable is already done, it is
     * returned itself.
     */
    public static <T> Future<T> shield(Awaitable<T> awaitable) {
        return Shield.shield(awaitable);
    }

    /**
     * {@link TaskGroup#run}, for static import: {@code await(taskGroup(tg -> { ... }))}, whose
     * body is an async lambda.
     */
    public static <R> Coroutine<R> taskGroup(AsyncFunction<? super TaskGroup, R> body) {
        return TaskGroup.run(body);
    }

    /**
     * {@link TaskGroup#enter()}, for static import: {@code try (TaskGroup tg = taskGroup()) { ...
     * }} in an {@code @Async} method.
     *
     * @throws IllegalStateException if no task is running in this thread
     */
    public static TaskGroup taskGroup() {
        return TaskGroup.enter();
    }

    // ---- threads ----

    /**
     * Runs {@code call} in the running loop's default executor and returns a future of its
     * result: asyncio's {@code to_thread} ({@link EventLoop#runInExecutor} with null). The call
     * runs on another thread, in a copy of the current {@link Context} (so context variables set
     * by the calling task are seen there), and must not touch the loop except through {@link
     * EventLoop#callSoonThreadsafe}.
     *
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static <T> Future<T> toThread(Callable<T> call) {
        if (call == null) {
            throw new NullPointerException("call");
        }
        EventLoop loop = getRunningLoop();
        Context context = Context.snapshot(loop);
        if (context == null) {
            return loop.runInExecutor(null, call);
        }
        return loop.runInExecutor(
                null,
                () -> context.run(() -> {
                    try {
                        return call.call();
                    } catch (Exception e) {
                        throw Future.rethrow(e);
                    }
                }));
    }

    /**
     * Submits {@code coro} to {@code loop} from any other thread; the CompletableFuture completes
     * with its outcome (a cancelled task completes it exceptionally with {@link CancelledError});
     * cancelling the CompletableFuture cancels the task. asyncio's {@code run_coroutine_threadsafe}.
     * If the loop closes before the coroutine could start, the CompletableFuture completes
     * exceptionally with an {@link IllegalStateException}, so no caller waits forever.
     *
     * @throws IllegalStateException at once if the loop is closed or closing
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        return Threads.runCoroutineThreadsafe(coro, loop);
    }
}
