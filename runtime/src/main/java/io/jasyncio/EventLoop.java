package io.jasyncio;

import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A single-threaded event loop: asyncio's {@code SelectorEventLoop}.
 *
 * <p>The loop owns a ready queue of callbacks, a timer queue and a {@link java.nio.channels.Selector}. When
 * nothing is ready it blocks in the selector until the next timer is due, I/O is ready, or
 * another thread calls {@link #callSoonThreadsafe}; an idle loop uses no CPU. Every method
 * except {@link #callSoonThreadsafe}, {@link #stop()} when called from the loop's own callbacks,
 * {@link #isRunning()} and {@link #isClosed()} must be called from the thread running the loop
 * (or, before it runs, from the thread that will run it).
 *
 * <p><b>Debug mode</b> ({@link #setDebug}, or the system property {@code jasyncio.debug=true} for
 * every new loop), as asyncio's: each callback or task step that runs longer than {@link
 * #getSlowCallbackDuration()} is reported through the exception handler as {@code "Executing
 * <what> took 0.123 seconds"}; and each coroutine records the stack where it was created, so
 * that the report of one never awaited names the line that created it (see {@link #setDebug}).
 * Debug mode costs time; leave it off in production.
 *
 * <p><b>Reported by default</b>, through the exception handler, once: a failed task whose
 * exception nobody retrieved ({@code "Task exception was never retrieved"}), and a coroutine
 * never awaited nor wrapped in a task ({@code "Coroutine[Cls.method] was never awaited; created
 * by task Task-3 ..."}, naming the task that made it), when the garbage collector frees it or
 * when the loop it was created under closes, whichever comes first.
 */
public final class EventLoop implements AutoCloseable {
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    /** At most this many callbacks scheduled by other threads join the ready queue per pass. */
    static final int THREADSAFE_BATCH = 1024;

    private final ArrayDeque<ReadyItem> ready = new ArrayDeque<>();
    private final TimerQueue timers = new TimerQueue();
    /** What other threads scheduled (callSoonThreadsafe), until a pass moves it to the ready queue. */
    private final ConcurrentLinkedQueue<QueuedCallback> incoming = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final IoWatcher io;
    private final DefaultExecutor executor = new DefaultExecutor(this);
    /** The one source of time: every read of the loop, its timers and sleeps goes through it. */
    final LoopClock clock;

    private final long startNanos;
    /** Calls running in other threads whose outcome the loop waits for (see LoopClock.waitsOnOutside). */
    private final AtomicInteger outsideWork = new AtomicInteger();

    private volatile Thread thread;
    /** Set first thing in close(): from then on, other threads cannot schedule anything. */
    private volatile boolean closing;

    private volatile boolean closed;
    private boolean stopping;
    private Consumer<Map<String, Object>> exceptionHandler;
    private boolean debug = Boolean.getBoolean("jasyncio.debug");
    private long slowCallbackNanos = 100_000_000L;
    private final ErrorKinds errorKinds = new ErrorKinds();

    /** Head of the list of this loop's pending tasks, threaded through the tasks (no per-task map entry). */
    private Task<?> firstTask;

    private int taskCount;
    Task<?> currentTask;
    /** The I/O callbacks the last select found ready, until runOnce queues them. */
    private final ArrayList<QueuedCallback> ioEvents = new ArrayList<>();
    /** The callback (a Handle) running now, whose context is current: see Context. */
    Handle currentHandle;
    /** The contexts of the thread running this loop, while it runs (saves a thread-local lookup per callback scheduled). */
    Context.ThreadState contexts;
    /**
     * Nesting depth of direct child-coroutine calls on the loop thread's Java stack (see
     * CoroutineFrame.await): one task steps at a time, so the loop keeps it, not each task.
     */
    int depth;
    /** The async generators first run on this loop and not collected: what shutdownAsyncgens closes. */
    private java.util.Set<AsyncGenerator<?>> asyncGenerators;
    /** The coroutines created on the loop's thread since the end of the last step (see UnawaitedCoroutines). */
    final UnawaitedCoroutines.NewFrames newFrames = new UnawaitedCoroutines.NewFrames(this);
    /** The running thread's Task-N numbers, while the loop runs (saves a thread-local lookup per task). */
    private TaskNumbers taskNumbers;

    /** Creates a loop on the system clock (see LoopClock.setClockForNewLoops); prefer {@link Asyncio#newEventLoop()}. */
    EventLoop() {
        this(LoopClock.forNewLoop());
    }

    /** Creates a loop reading its time from {@code clock}. */
    EventLoop(LoopClock clock) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.io = new IoWatcher(this);
        if (debug) {
            UnawaitedCoroutines.enableDebug();
        }
        TaskDump.register(this);
    }

    // ---- running and stopping ----

    /**
     * Runs the loop until {@code awaitable} is done and returns its result (or throws its
     * exception). A coroutine is wrapped in a task first.
     *
     * @throws IllegalStateException if the loop is closed or already running, or if another loop
     *     is running in this thread, or if the loop was stopped before the awaitable completed
     */
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        checkRunnable();
        Future<T> future = ensureFuture(awaitable);
        Consumer<Future<T>> stopper = f -> stop();
        future.addDoneCallback(stopper);
        try {
            runForever();
        } finally {
            future.removeDoneCallback(stopper);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before the future completed.");
        }
        return future.result();
    }

    /**
     * Runs the loop until {@link #stop()} is called.
     *
     * @throws IllegalStateException if the loop is closed or already running, or another loop runs in this thread
     */
    public void runForever() {
        checkRunnable();
        thread = Thread.currentThread();
        RUNNING.set(this);
        Context.ThreadState threadContexts = Context.threadState();
        threadContexts.loop = this;
        contexts = threadContexts;
        taskNumbers = TaskNumbers.ofThisThread();
        UnawaitedCoroutines.startCollecting(newFrames);
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            newFrames.sweep(null);
            UnawaitedCoroutines.stopCollecting(newFrames);
            threadContexts.loop = null;
            contexts = null;
            taskNumbers = null;
            RUNNING.remove();
            thread = null;
        }
    }

    /**
     * Stops the loop after the current iteration. If the loop is not running, the next {@link
     * #runForever()} runs one iteration and returns.
     */
    public void stop() {
        stopping = true;
    }

    /** True while {@link #runForever()} or {@link #runUntilComplete} runs. */
    public boolean isRunning() {
        return thread != null;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: drops pending callbacks and timers, shuts the default executor down
     * without waiting for it, and releases the selector. Idempotent.
     *
     * <p>Tasks still pending cannot run any more: each is reported through the exception handler
     * ({@code "Task was destroyed but it is pending!"}, as asyncio does when such a task is
     * garbage collected) and marked cancelled at once, so whatever waits on it from other
     * threads ({@link Asyncio#runCoroutineThreadsafe}) sees a {@link CancelledError}. Their
     * {@code finally} blocks do not run: to let them run, cancel and await the tasks before
     * closing, as {@link Asyncio#run} does. Failed tasks whose exception nobody retrieved are
     * reported ({@code "Task exception was never retrieved"}), as they are when the garbage
     * collector frees them. So are coroutines created while this loop ran and never awaited
     * (see the class comment).
     *
     * <p>From the moment {@code close()} begins, {@link #callSoonThreadsafe} and {@link
     * Asyncio#runCoroutineThreadsafe} fail at once. What other threads had scheduled before and
     * this loop did not run is dropped like any pending callback, and its handle is cancelled
     * ({@link Handle#cancelled()} turns true); the future of a {@code runCoroutineThreadsafe}
     * whose coroutine had not started completes exceptionally with an {@link
     * IllegalStateException}.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("Cannot close a running event loop: call stop() and let it return first.");
        }
        if (closed) {
            return;
        }
        closing = true;
        for (Task<?> t : pendingTasks()) {
            Map<String, Object> context = new HashMap<>();
            context.put("message", "Task was destroyed but it is pending!");
            context.put("task", t);
            callExceptionHandler(context);
            t.destroy();
        }
        List<UnretrievedException> neverRetrieved;
        synchronized (this) {
            neverRetrieved = unretrieved == null ? List.of() : new ArrayList<>(unretrieved);
            unretrieved = null;
        }
        for (UnretrievedException record : neverRetrieved) {
            record.report(true);
        }
        UnawaitedCoroutines.reportAtClose(this);
        if (debug) {
            debug = false;
            UnawaitedCoroutines.disableDebug();
        }
        closed = true;
        TaskDump.unregister(this);
        runOutsideWaiters();
        ready.clear();
        timers.clear();
        dropIncoming();
        executor.close();
        io.close();
    }

    // ---- debug mode ----

    /**
     * Turns debug mode on or off (see the class comment). While any open loop is in debug mode,
     * where coroutines are created is recorded for the whole JVM: a coroutine is not bound to a
     * loop until it runs, so recording cannot be per loop. Without debug mode a never-awaited
     * coroutine is still reported, naming the task that made it rather than the line.
     */
    public void setDebug(boolean enabled) {
        if (enabled == debug || closed) {
            this.debug = enabled && !closed;
            return;
        }
        this.debug = enabled;
        if (enabled) {
            UnawaitedCoroutines.enableDebug();
        } else {
            UnawaitedCoroutines.disableDebug();
        }
    }

    /** True if debug mode is on. */
    public boolean getDebug() {
        return debug;
    }

    /** In debug mode, callbacks and task steps that run longer than this many seconds are reported (default 0.1). */
    public void setSlowCallbackDuration(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("slow callback duration must be >= 0, got " + seconds);
        }
        this.slowCallbackNanos = (long) (seconds * 1e9);
    }

    /** The threshold set by {@link #setSlowCallbackDuration}, in seconds. */
    public double getSlowCallbackDuration() {
        return slowCallbackNanos / 1e9;
    }

    // ---- time and scheduling ----

    /** The loop's clock, in seconds: monotonic, with an arbitrary origin. */
    public double time() {
        return toLoopTime(clock.nanoTime());
    }

    /**
     * Schedules {@code callback} to run on the next iteration, after those already scheduled. It
     * runs in a copy of the current {@link Context}.
     */
    public Handle callSoon(Runnable callback) {
        return callSoon(callback, Context.snapshot(this));
    }

    /** As {@link #callSoon(Runnable)}, running the callback in {@code context} (null: an empty one). */
    public Handle callSoon(Runnable callback, Context context) {
        checkClosed();
        QueuedCallback h = new QueuedCallback(requireCallback(callback));
        h.context = context;
        ready.add(h);
        return h;
    }

    /**
     * Schedules {@code callback} from any thread and wakes the loop. The only scheduling method
     * that is safe to call from a thread other than the loop's. The callback runs in a copy of
     * the calling thread's current {@link Context}.
     *
     * <p>A callback accepted here runs on a coming pass of the loop, unless the loop is closed
     * before it gets to it: then the callback is dropped and its handle cancelled (see {@link
     * #close()}).
     *
     * @throws IllegalStateException at once if the loop is closed or closing
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        return callSoonThreadsafe(callback, Context.snapshot(this));
    }

    /** As {@link #callSoonThreadsafe(Runnable)}, running the callback in {@code context} (null: an empty one). */
    public Handle callSoonThreadsafe(Runnable callback, Context context) {
        QueuedCallback h = new QueuedCallback(requireCallback(callback));
        h.context = context;
        submitThreadsafe(h);
        return h;
    }

    /**
     * As {@link #callSoonThreadsafe}, for the runtime's own bridges: {@code onDropped} runs
     * instead of {@code callback} (on the thread that closes the loop) if the loop closes before
     * running it.
     */
    void callSoonThreadsafe(Runnable callback, Runnable onDropped) {
        submitThreadsafe(new ThreadsafeCallback(requireCallback(callback), onDropped));
    }

    private void submitThreadsafe(QueuedCallback h) {
        if (closing) {
            throw closedForOtherThreads();
        }
        incoming.add(h);
        // close() sets closing, then drains the queue. Seen set now, it may have drained before
        // our add: take h back and fail. If h is gone, close() took it and drops it properly.
        if (closing && incoming.remove(h)) {
            throw closedForOtherThreads();
        }
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            io.wakeup();
        }
    }

    private IllegalStateException closedForOtherThreads() {
        return new IllegalStateException(
                closed
                        ? "Event loop is closed: nothing can be scheduled on it any more."
                        : "Event loop is closing: nothing can be scheduled on it any more.");
    }

    /**
     * close(): what other threads scheduled and the loop never ran is dropped, as pending
     * callbacks are; each handle reads cancelled, and the runtime's own waiters hear of it.
     */
    private void dropIncoming() {
        for (QueuedCallback h; (h = incoming.poll()) != null; ) {
            if (h.cancelled()) {
                continue;
            }
            h.cancel();
            if (h instanceof ThreadsafeCallback) {
                try {
                    ((ThreadsafeCallback) h).dropped();
                } catch (Throwable t) {
                    reportCallbackError(t, h);
                }
            }
        }
    }

    /**
     * Schedules {@code callback} to run after {@code delaySeconds}, in a copy of the current
     * {@link Context}. 0 or negative: on the next pass, after the callbacks already ready, and,
     * as in asyncio, among the other due timers in the order of their deadlines (a negative delay
     * is a deadline in the past, so it runs before an earlier {@code callLater(0, ...)}).
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        return callLater(delaySeconds, callback, Context.snapshot(this));
    }

    /** As {@link #callLater(double, Runnable)}, running the callback in {@code context} (null: an empty one). */
    public TimerHandle callLater(double delaySeconds, Runnable callback, Context context) {
        return callAtNanos(clock.nanoTime() + signedSecondsToNanos(delaySeconds), callback, context);
    }

    /** Schedules {@code callback} to run at loop time {@code when} (see {@link #time()}), in a copy of the current {@link Context}. */
    public TimerHandle callAt(double when, Runnable callback) {
        return callAt(when, callback, Context.snapshot(this));
    }

    /** As {@link #callAt(double, Runnable)}, running the callback in {@code context} (null: an empty one). */
    public TimerHandle callAt(double when, Runnable callback, Context context) {
        return callAtNanos(startNanos + signedSecondsToNanos(when), callback, context);
    }

    TimerHandle callAtNanos(long deadlineNanos, Runnable callback, Context context) {
        checkClosed();
        QueuedTimer t = new QueuedTimer(this, deadlineNanos, timers.newSequence(), requireCallback(callback));
        t.context = context;
        timers.add(t);
        return t;
    }

    /** The sequence number a new timer entry must carry (see TimerQueue.Entry). */
    int newTimerSequence() {
        return timers.newSequence();
    }

    /** Queues a timer entry that is not a TimerHandle (a Sleep). */
    void addTimer(TimerQueue.Entry timer) {
        checkClosed();
        timers.add(timer);
    }

    /** Creates a pending future bound to this loop. */
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /**
     * Wraps {@code coro} in a task scheduled on this loop; nothing of it runs before this method
     * returns. The task runs in a copy of the current {@link Context}.
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, (String) null);
    }

    /** As {@link #createTask(Coroutine)}, with a name for the task (null: a generated {@code Task-N} name). */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        checkClosed();
        return new QueuedTask<>(this, coro, name, Context.snapshot(this));
    }

    /**
     * As {@link #createTask(Coroutine)}, running the task in {@code context} itself (not a copy:
     * what the task sets is seen through {@code context}); asyncio's {@code create_task(coro,
     * context=ctx)}.
     */
    public <T> Task<T> createTask(Coroutine<T> coro, Context context) {
        return createTask(coro, null, context);
    }

    /** As {@link #createTask(Coroutine, Context)}, with a name for the task (null: {@code Task-N}). */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        checkClosed();
        if (context == null) {
            throw new NullPointerException("context: pass copyContext() or new Context()");
        }
        return new QueuedTask<>(this, coro, name, context);
    }

    /**
     * Closes every async generator that started on this loop and is neither finished nor
     * garbage collected (each {@link AsyncGenerator#aclose()} in a task of its own), and returns
     * a future done once all are closed; asyncio's {@code shutdown_asyncgens}, which {@link
     * Asyncio#run} calls after the main coroutine. A generator that fails to close is reported
     * through the exception handler.
     */
    public Future<Void> shutdownAsyncgens() {
        checkClosed();
        List<AsyncGenerator<?>> open = new ArrayList<>();
        if (asyncGenerators != null) {
            for (AsyncGenerator<?> g : asyncGenerators) {
                if (!g.isFinished()) {
                    open.add(g);
                }
            }
            asyncGenerators.clear();
        }
        Future<Void> done = createFuture();
        if (open.isEmpty()) {
            done.setResult(null);
            return done;
        }
        List<Task<Void>> closing = new ArrayList<>();
        for (AsyncGenerator<?> g : open) {
            closing.add(createTask(g.aclose()));
        }
        GatheringFuture.gather(closing, true).addDoneCallback(all -> {
            for (int i = 0; i < closing.size(); i++) {
                Task<Void> t = closing.get(i);
                Throwable e = t.cancelled() ? null : t.exception();
                if (e != null) {
                    Map<String, Object> context = new HashMap<>();
                    context.put("message", "an error occurred during closing of asynchronous generator " + open.get(i));
                    context.put("exception", e);
                    context.put("asyncgen", open.get(i));
                    callExceptionHandler(context);
                }
            }
            done.setResult(null);
        });
        return done;
    }

    // ---- task dump ----

    /**
     * Every pending task of this loop with its name, state and chain of awaits down to what it
     * waits on: a value, whose {@code toString()} is the text and {@link TaskDump#tree()} the tree
     * of which task awaits which. Callable from any thread (see {@link TaskDump}). Costs nothing
     * until called.
     */
    public TaskDump dumpTasks() {
        return TaskDump.of(this);
    }

    // ---- threads ----

    /**
     * Runs {@code call} on {@code executor} (null: the loop's default executor) and returns a
     * future of this loop that completes, on the loop's thread, with its result or exception;
     * asyncio's {@code run_in_executor}. Cancelling the future cancels the call if it has not
     * started yet (a running call is not interrupted, as in asyncio).
     *
     * <p>The default executor is a pool of daemon threads named {@code jasyncio-executor-N}, at
     * most {@code min(32, processors + 4)}, created on first use and shut down by {@link #close()}
     * (without waiting) and by {@link Asyncio#run} (waiting for running calls).
     *
     * @throws IllegalStateException if the loop is closed, or the default executor is requested
     *     after {@link #shutdownDefaultExecutor()}
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> call) {
        checkClosed();
        return this.executor.run(executor, call);
    }

    /** Replaces the default executor of {@link #runInExecutor} (null: back to the built-in pool, created on use). */
    public void setDefaultExecutor(ExecutorService executor) {
        this.executor.set(executor);
    }

    /**
     * Shuts the default executor down and returns a future that completes once its running calls
     * have finished (waiting in a helper thread, never blocking the loop); asyncio's {@code
     * shutdown_default_executor}. Later {@code runInExecutor(null, ...)} calls fail.
     */
    public Future<Void> shutdownDefaultExecutor() {
        checkClosed();
        return executor.shutdown();
    }

    // ---- I/O readiness ----

    /**
     * Calls {@code callback} on the loop each time {@code channel} is ready to read (or, for a
     * server channel, to accept), until {@link #removeReader}; asyncio's {@code add_reader}. The
     * channel is switched to non-blocking mode. Replaces an earlier reader of the same channel.
     */
    public void addReader(SelectableChannel channel, Runnable callback) {
        watch(channel, requireCallback(callback), true);
    }

    /** Stops watching {@code channel} for reading; returns true if it was watched. */
    public boolean removeReader(SelectableChannel channel) {
        return unwatch(channel, true);
    }

    /**
     * Calls {@code callback} on the loop each time {@code channel} is ready to write (or, for a
     * connecting socket, to finish connecting), until {@link #removeWriter}; asyncio's {@code
     * add_writer}.
     */
    public void addWriter(SelectableChannel channel, Runnable callback) {
        watch(channel, requireCallback(callback), false);
    }

    /** Stops watching {@code channel} for writing; returns true if it was watched. */
    public boolean removeWriter(SelectableChannel channel) {
        return unwatch(channel, false);
    }

    private void watch(SelectableChannel channel, Runnable callback, boolean read) {
        checkClosed();
        io.watch(channel, callback, read);
    }

    private boolean unwatch(SelectableChannel channel, boolean read) {
        return io.unwatch(channel, read);
    }

    // ---- errors ----

    /**
     * Sets the handler called with a context map ({@code message}, and where known {@code
     * exception}, {@code future}, {@code task}, {@code handle}) for errors no one else can
     * receive, such as an exception thrown by a callback. Null restores the default, which
     * prints to standard error.
     */
    public void setExceptionHandler(Consumer<Map<String, Object>> handler) {
        this.exceptionHandler = handler;
    }

    /** The handler set by {@link #setExceptionHandler}, or null for the default. */
    public Consumer<Map<String, Object>> getExceptionHandler() {
        return exceptionHandler;
    }

    /** Reports an error through the exception handler. */
    public void callExceptionHandler(Map<String, Object> context) {
        Consumer<Map<String, Object>> handler = exceptionHandler;
        if (handler != null) {
            try {
                handler.accept(context);
                return;
            } catch (Throwable t) {
                Map<String, Object> inner = new HashMap<>();
                inner.put("message", "Unhandled error in exception handler");
                inner.put("exception", t);
                inner.put("context", context);
                defaultExceptionHandler(inner);
                return;
            }
        }
        defaultExceptionHandler(context);
    }

    /**
     * The default handling, on standard error: one line per error, with the message, the
     * exception (its type and message) and the other keys of the context. The exception's stack
     * trace follows that line in debug mode, and otherwise only the first time this loop reports
     * an exception of that type thrown from that place: a server whose clients keep failing the
     * same way prints one trace, then one line each. A {@code source_traceback} (where a
     * coroutine was created) is printed in debug mode only.
     */
    public void defaultExceptionHandler(Map<String, Object> context) {
        Object ex = context.get("exception");
        Throwable error = ex instanceof Throwable ? (Throwable) ex : null;
        boolean trace = error != null && (debug || errorKinds.firstOccurrence(error));
        StringBuilder line = new StringBuilder();
        line.append(context.getOrDefault("message", "Unhandled error in event loop"));
        if (error != null) {
            line.append(": ").append(error);
        }
        String separator = " (";
        for (Map.Entry<String, Object> e : context.entrySet()) {
            String key = e.getKey();
            if (!key.equals("message") && !key.equals("exception") && !key.equals("source_traceback")) {
                line.append(separator).append(key).append(": ").append(e.getValue());
                separator = ", ";
            }
        }
        if (!separator.equals(" (")) {
            line.append(')');
        }
        if (error != null && !trace) {
            line.append(" [stack trace printed at its first occurrence; debug mode prints every one]");
        }
        Object created = debug ? context.get("source_traceback") : null;
        synchronized (System.err) {
            System.err.println(line.toString().replace('\n', ' '));
            if (created instanceof List) {
                for (Object frame : (List<?>) created) {
                    System.err.println("\tcreated at " + frame);
                }
            }
            if (trace) {
                error.printStackTrace();
            }
        }
    }

    // ---- the loop ----

    /**
     * One iteration: drop cancelled timers, choose how long to block, select, move what other
     * threads scheduled, the I/O callbacks found ready (see {@link #ioReady}) and the due timers
     * to the ready queue, then run exactly the items that were ready at that point. Callbacks are
     * called from nowhere else.
     */
    private void runOnce() {
        timers.dropCancelled();

        boolean work = !ready.isEmpty() || !incoming.isEmpty() || stopping;
        if (!work) {
            // About to block: from here on a callSoonThreadsafe must wake the selector, so clear
            // the flag, then look at the incoming queue again (a call may have come in between).
            // Only here: the flag's volatile write costs a fence, too much for every busy pass.
            wakeupPending.set(false);
            work = !incoming.isEmpty();
        }
        long timeoutNanos;
        if (work) {
            timeoutNanos = 0;
        } else {
            timeoutNanos = clock.idle(this, timers.isEmpty() ? Long.MAX_VALUE : timers.nextDeadline());
        }
        io.select(timeoutNanos);

        // A bounded batch, so that a flood from other threads cannot hold back timers and I/O:
        // what is left waits for the next pass, which will not block.
        QueuedCallback h;
        for (int n = THREADSAFE_BATCH; n > 0 && (h = incoming.poll()) != null; n--) {
            ready.add(h);
        }
        if (!ioEvents.isEmpty()) {
            ready.addAll(ioEvents);
            ioEvents.clear();
        }
        if (!timers.isEmpty()) { // no clock read on a pass without timers
            long now = clock.nanoTime();
            for (TimerQueue.Entry t; (t = timers.pollDue(now)) != null; ) {
                ready.add(t);
            }
        }

        if (debug) {
            runReadyTimed();
        } else {
            for (int n = ready.size(); n > 0; n--) {
                ready.poll().runReady(this);
            }
        }
        if (newFrames.any()) { // made by callbacks: a task's step sweeps its own
            newFrames.sweep(null);
        }
    }

    /** The last step of runOnce in debug mode: the same, timing each callback and reporting slow ones. */
    private void runReadyTimed() {
        for (int n = ready.size(); n > 0; n--) {
            ReadyItem item = ready.poll();
            String what = item.toString(); // before it runs: a task's description changes as it steps
            long start = clock.nanoTime();
            item.runReady(this);
            long took = clock.nanoTime() - start;
            if (took >= slowCallbackNanos) {
                Map<String, Object> context = new HashMap<>();
                context.put(
                        "message",
                        String.format(java.util.Locale.ROOT, "Executing %s took %.3f seconds", what, took / 1e9));
                context.put("handle", item);
                callExceptionHandler(context);
            }
        }
    }

    /**
     * A watched channel is ready (see {@link IoWatcher#select}): its handle joins the ready queue
     * after what other threads scheduled, before the due timers, and runs in this pass, as
     * asyncio's {@code _process_events} → {@code _add_callback}; what it throws goes to the
     * exception handler, and debug mode times it like any callback.
     */
    void ioReady(QueuedCallback handle) {
        ioEvents.add(handle);
    }

    void reportCallbackError(Throwable t, Object handle) {
        Map<String, Object> context = new HashMap<>();
        context.put("message", "Exception in callback " + handle);
        context.put("exception", t);
        context.put("handle", handle);
        callExceptionHandler(context);
    }

    // ---- for the runtime ----

    /** Queues a task to take its next step; no Handle is allocated for it. */
    void scheduleStep(Task<?> task) {
        ready.add((QueuedTask<?>) task); // every task is one (see createTask)
    }

    /** Schedules one done callback of {@code future}: a task waiting on it, or a user Consumer. */
    @SuppressWarnings("unchecked")
    void scheduleCallback(Object callback, Future<?> future) {
        if (callback instanceof ReadyItem) {
            ready.add((ReadyItem) callback);
        } else if (callback instanceof Future.InContext) {
            Future.InContext c = (Future.InContext) callback;
            QueuedCallback h = new QueuedCallback(() -> c.callback.accept(future));
            h.context = c.context;
            ready.add(h);
        } else {
            ready.add(new QueuedCallback(new DoneCallback((Consumer<Object>) callback, future)));
        }
    }

    /** One done callback of a future, as queued (a class rather than a lambda: close() looks inside). */
    private static final class DoneCallback implements Runnable {
        final Consumer<Object> consumer;
        final Future<?> future;

        DoneCallback(Consumer<Object> consumer, Future<?> future) {
            this.consumer = consumer;
            this.future = future;
        }

        @Override
        public void run() {
            consumer.accept(future);
        }

        @Override
        public String toString() {
            return consumer + " of " + future;
        }
    }

    /**
     * close(): done callbacks that tell other threads an outcome ({@link OutsideWaiter}) run even
     * though the loop will not get to them, so that nobody waits forever for an outcome that is
     * already known.
     */
    private void runOutsideWaiters() {
        for (ReadyItem item : ready.toArray(new ReadyItem[0])) {
            if (item instanceof QueuedCallback) {
                QueuedCallback h = (QueuedCallback) item;
                Runnable cb = h.callback();
                if (cb instanceof DoneCallback && ((DoneCallback) cb).consumer instanceof OutsideWaiter) {
                    h.runReporting(this);
                }
            }
        }
    }

    /** An async generator's producer starts: remember it (weakly) for {@link #shutdownAsyncgens()}. */
    void asyncGeneratorStarted(AsyncGenerator<?> generator) {
        if (asyncGenerators == null) {
            asyncGenerators = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
        }
        asyncGenerators.add(generator);
    }

    /** Failed tasks' exceptions not retrieved yet, reported at close(); the Cleaner's thread removes some too. */
    private java.util.Set<UnretrievedException> unretrieved;

    void unretrieved(UnretrievedException record, boolean add) {
        synchronized (this) {
            if (add) {
                if (unretrieved == null) {
                    unretrieved = new java.util.HashSet<>();
                }
                unretrieved.add(record);
            } else if (unretrieved != null) {
                unretrieved.remove(record);
            }
        }
    }

    /** The N of a new task's {@code Task-N}. */
    int newTaskNumber() {
        TaskNumbers numbers = taskNumbers;
        if (numbers == null || !inLoopThread()) {
            numbers = TaskNumbers.ofThisThread();
        }
        return numbers.next();
    }

    void taskStarted(Task<?> task) {
        task.nextTask = firstTask;
        if (firstTask != null) {
            firstTask.prevTask = task;
        }
        firstTask = task;
        taskCount++;
    }

    void taskEnded(Task<?> task) {
        if (task.prevTask != null) {
            task.prevTask.nextTask = task.nextTask;
        } else if (firstTask == task) {
            firstTask = task.nextTask;
        }
        if (task.nextTask != null) {
            task.nextTask.prevTask = task.prevTask;
        }
        task.prevTask = null;
        task.nextTask = null;
        taskCount--;
    }

    /** The tasks of this loop that are not done yet, oldest last. */
    List<Task<?>> pendingTasks() {
        List<Task<?>> list = new ArrayList<>(taskCount);
        for (Task<?> t = firstTask; t != null; t = t.nextTask) {
            list.add(t);
        }
        return list;
    }

    void timerCancelled() {
        timers.cancelled();
    }

    /** The loop's clock now, in nanoseconds (the scale of timer deadlines). */
    long nanoTime() {
        return clock.nanoTime();
    }

    /** A call started in another thread whose outcome the loop will wait for. */
    void outsideWorkStarted() {
        outsideWork.incrementAndGet();
    }

    /** That call's outcome is queued for the loop (or dropped). */
    void outsideWorkEnded() {
        outsideWork.decrementAndGet();
    }

    /** See {@link LoopClock#waitsOnOutside}. */
    boolean waitsOnOutside() {
        return outsideWork.get() > 0 || io.watching();
    }

    double toLoopTime(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    boolean inLoopThread() {
        return thread == Thread.currentThread();
    }

    /** The thread running the loop, or null. */
    Thread thread() {
        return thread;
    }

    /** The loop running in the current thread, or null. */
    static EventLoop running() {
        return RUNNING.get();
    }

    /**
     * asyncio's {@code ensure_future}: a coroutine becomes a task of this loop (a coroutine made
     * by {@code done(v)} a future already done with v); an awaitable not started yet (a sleep)
     * starts on this loop; any other awaitable gives its own future.
     */
    @SuppressWarnings("unchecked")
    <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof CoroutineFrame && ((CoroutineFrame<T>) awaitable).madeByDone()) {
            CoroutineFrame<T> completed = (CoroutineFrame<T>) awaitable;
            Future<T> f = createFuture();
            f.finish((T) completed.result(), completed.error());
            return f;
        }
        if (awaitable instanceof Coroutine) {
            return createTask((Coroutine<T>) awaitable);
        }
        Future<T> f = awaitable instanceof LazyAwaitable
                ? ((LazyAwaitable<T>) awaitable).startOn(this)
                : awaitable.asFuture();
        if (f.loop != this) {
            throw new IllegalArgumentException("The future belongs to a different loop than the one given: " + f);
        }
        return f;
    }

    private void checkRunnable() {
        checkClosed();
        if (isRunning()) {
            throw new IllegalStateException("This event loop is already running: a nested runUntilComplete "
                    + "is not allowed; await the awaitable instead.");
        }
        EventLoop other = RUNNING.get();
        if (other != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running in this thread.");
        }
    }

    private void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed.");
        }
    }

    private static Runnable requireCallback(Runnable callback) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        return callback;
    }

    /** As secondsToNanos, keeping the sign: a timer's deadline may be in the past. */
    static long signedSecondsToNanos(double seconds) {
        return seconds < 0 ? -secondsToNanos(-seconds) : secondsToNanos(seconds);
    }

    static long secondsToNanos(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("delay is NaN");
        }
        if (seconds <= 0) {
            return 0;
        }
        double nanos = seconds * 1e9;
        return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) nanos;
    }
}
