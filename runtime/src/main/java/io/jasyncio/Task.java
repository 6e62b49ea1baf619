package io.jasyncio;

import java.util.ArrayList;
import java.util.List;

/**
 * A coroutine scheduled on a loop; asyncio's {@code Task}. A task is a {@link Future} of its
 * coroutine's result.
 *
 * <p>Creating a task schedules its first step; nothing runs before the loop gets to it. Each step
 * resumes the innermost suspended coroutine of the task and runs until it suspends again or the
 * root coroutine completes. Completed inner coroutines resume their callers in a loop (a
 * trampoline), never through nested Java calls, so a chain of any depth fits on one stack.
 *
 * <p>Invariant (as in CPython): either the task waits on one future (its leaf frame's {@code
 * awaiting}, see {@link #waitingOn()}) and no step is scheduled, or a step is scheduled and it
 * waits on nothing.
 *
 * <p>{@link #setResult} and {@link #setException} are not supported on a task: its coroutine
 * decides its outcome.
 *
 * @param <T> the type of the coroutine's result
 */
public abstract class Task<T> extends Future<T> {
    /** What sleep(0) awaits: the task goes to the back of the ready queue once. */
    static final Awaitable<Object> YIELD = new Awaitable<>() {
        @Override
        public Future<Object> asFuture() {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Object> f = loop.createFuture();
            loop.callSoon(() -> f.setResult(null));
            return f;
        }

        @Override
        public String toString() {
            return "<yield>";
        }
    };

    private static long counter;

    private String name;
    /**
     * The innermost frame: the one the next step resumes; the root frame (the task's coroutine)
     * is found up its callers, and once the task is done this is the root frame itself. No field
     * of its own for the root: a million sleeping tasks are 4 MB lighter.
     */
    CoroutineFrame<?> leaf;
    /**
     * Nesting depth of direct child calls on the current Java stack (see CoroutineFrame.await):
     * at most MAX_DIRECT_DEPTH, so a short, which fits in the padding after the Future's state.
     */
    short depth;
    /**
     * A cancellation was requested and not yet delivered into the coroutine. Its message waits in
     * the {@code outcome} slot, which a task leaves unused until it is done (a field less per task).
     */
    private boolean mustCancel;

    private int cancelRequests;
    /** The loop's list of pending tasks (allTasks) is threaded through the tasks themselves. */
    Task<?> prevTask;

    Task<?> nextTask;

    /** Only the loop makes tasks ({@link EventLoop#createTask}), each a {@link QueuedTask}. */
    Task(EventLoop loop, Coroutine<T> coro, String name) {
        super(loop);
        if (!(coro instanceof CoroutineFrame)) {
            throw new IllegalArgumentException("a coroutine was expected, got " + coro);
        }
        CoroutineFrame<T> frame = (CoroutineFrame<T>) coro;
        if (frame.body == null) {
            throw new IllegalArgumentException("done(...) makes an already complete coroutine; "
                    + "there is nothing to schedule: await it or use its value");
        }
        if (frame.state != CoroutineFrame.NEW || frame.task != null || frame.caller != null) {
            throw new IllegalStateException("cannot reuse already awaited coroutine " + frame);
        }
        if (UnawaitedCoroutines.enabled) {
            UnawaitedCoroutines.used(frame);
        }
        this.leaf = frame;
        frame.task = this;
        this.name = name;
        loop.taskStarted(this);
        loop.scheduleStep(this);
    }

    /** The task's name: the one given to createTask, else {@code Task-N}. */
    public String getName() {
        if (name == null) {
            synchronized (Task.class) {
                name = "Task-" + (++counter);
            }
        }
        return name;
    }

    /** Renames the task. */
    public void setName(String name) {
        this.name = name;
    }

    /** The coroutine this task runs. */
    @SuppressWarnings("unchecked")
    public Coroutine<T> getCoro() {
        CoroutineFrame<?> f = leaf;
        while (f.caller != null) {
            f = f.caller;
        }
        return (Coroutine<T>) f;
    }

    /**
     * Requests cancellation: a {@link CancelledError} is thrown into the coroutine at its current
     * await on the next step (what the task awaits is cancelled too). The coroutine may catch it.
     *
     * @return false if the task is already done, true otherwise
     */
    @Override
    public boolean cancel(String message) {
        if (done()) {
            return false;
        }
        cancelRequests++;
        Future<?> waitingOn = waitingOn();
        if (waitingOn != null && waitingOn.cancel(message)) {
            // The waiter's cancellation wakes us with a CancelledError; nothing more to do.
            return true;
        }
        mustCancel = true;
        outcome = message;
        return true;
    }

    /**
     * The number of cancellation requests not yet withdrawn by {@link #uncancel()}: asyncio's
     * {@code cancelling()}. Each {@link #cancel()} of a pending task adds one. Structured
     * concurrency ({@link TaskGroup}, {@link Timeout}) uses it to tell its own cancellations from
     * a cancellation requested from outside.
     */
    public int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request and returns the number left: asyncio's {@code
     * uncancel()}. Call it after catching a {@link CancelledError} that your code caused and
     * handled. As in Python 3.13 (a fix over 3.12), reaching zero also drops a cancellation that
     * was requested but not yet delivered.
     */
    public int uncancel() {
        if (cancelRequests > 0) {
            cancelRequests--;
            if (cancelRequests == 0) {
                mustCancel = false;
                outcome = null;
            }
        }
        return cancelRequests;
    }

    /** Unsupported: a task's outcome is its coroutine's. */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support setResult: its coroutine returns the result");
    }

    /** Unsupported: a task's outcome is its coroutine's. */
    @Override
    public void setException(Throwable exception) {
        throw new UnsupportedOperationException("Task does not support setException: its coroutine throws");
    }

    /**
     * The chain of coroutines this task is suspended in, innermost first, each as the source line
     * of its await (empty once done). Like Python's {@code Task.get_stack()}.
     */
    public List<StackTraceElement> getStack() {
        List<StackTraceElement> stack = new ArrayList<>();
        if (done()) {
            return stack;
        }
        for (CoroutineFrame<?> f = leaf; f != null; f = f.caller) {
            stack.add(f.stackTraceElement());
        }
        return stack;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ");
        if (cancelled()) {
            sb.append("cancelled ");
        } else if (done()) {
            sb.append("finished ");
        } else {
            sb.append("pending ");
        }
        sb.append("name='").append(getName()).append("' coro=").append(getCoro());
        if (!done() && waitingOn() != null) {
            sb.append(" wait_for=").append(waitingOn());
        }
        return sb.append('>').toString();
    }

    // ---- the driver ----

    /** The loop is closing with this task pending: end it cancelled without running any more of it. */
    void destroy() {
        loop.taskEnded(this);
        CoroutineFrame<?> root = leaf;
        for (CoroutineFrame<?> f = leaf; f != null; ) {
            CoroutineFrame<?> caller = f.caller;
            f.finished();
            root = f;
            f = caller;
        }
        leaf = root;
        abandon("the event loop was closed while the task was pending");
    }

    /**
     * The future the task waits on, or null while a step is scheduled or running: the innermost
     * frame's {@code awaiting}, which wakeUp clears (no field of the task's own for it). Between
     * steps, the leaf's awaiting is null or that future: yields and child frames are resolved
     * before a step returns.
     */
    private Future<?> waitingOn() {
        Object w = leaf.awaiting;
        return w instanceof Future ? (Future<?>) w : null;
    }

    /** A scheduled step runs: take the outcome of what we waited on (if anything) and continue. */
    void wakeUp() {
        if (done()) {
            return;
        }
        Future<?> w = waitingOn();
        if (w == null) {
            step(null, null);
            return;
        }
        leaf.awaiting = null;
        Object value;
        try {
            value = w.result();
        } catch (Throwable t) {
            step(null, t);
            return;
        }
        step(value, null);
    }

    private void step(Object value, Throwable error) {
        if (mustCancel) {
            if (!(error instanceof CancelledError)) {
                error = new CancelledError((String) outcome);
            }
            value = null;
            mustCancel = false;
            outcome = null;
        }
        EventLoop loop = this.loop;
        Task<?> previous = loop.currentTask;
        loop.currentTask = this;
        try {
            run(leaf, value, error);
        } finally {
            loop.currentTask = previous;
        }
    }

    /** The trampoline: resume {@code f}, then its callers as each completes, until one suspends or the root ends. */
    private void run(CoroutineFrame<?> f, Object value, Throwable error) {
        while (true) {
            depth = 0;
            Object result = null;
            Throwable thrown = null;
            if (f.state == CoroutineFrame.NEW) {
                f.state = CoroutineFrame.RUNNING;
                if (error != null) {
                    thrown = error; // cancelled before it started: none of its code runs
                } else {
                    try {
                        result = f.body.resume(f);
                    } catch (Throwable t) {
                        thrown = t;
                    }
                }
            } else if (f.label == CoroutineFrame.RETURNING) {
                result = value;
                thrown = error;
            } else {
                f.deliver(value, error);
                try {
                    result = f.body.resume(f);
                } catch (Throwable t) {
                    thrown = t;
                }
            }

            if (thrown == null && result == CoroutineFrame.SUSPENDED) {
                CoroutineFrame<?> waiting = leaf;
                Object awaited = waiting.awaiting;
                if (awaited instanceof CoroutineFrame && ((CoroutineFrame<?>) awaited).state == CoroutineFrame.NEW) {
                    f = (CoroutineFrame<?>) awaited; // a child handed over for depth: start it here
                    leaf = f;
                    value = null;
                    error = null;
                    continue;
                }
                if (awaited == YIELD) {
                    waiting.awaiting = null;
                    loop.scheduleStep(this);
                    return;
                }
                Future<?> future = (Future<?>) awaited;
                String problem = future == this
                        ? "a Task cannot await itself"
                        : future.loop != loop
                                ? "the awaited future " + future + " is attached to a different loop"
                                : null;
                if (problem != null) {
                    waiting.awaiting = null;
                    f = waiting;
                    value = null;
                    error = new IllegalStateException("Task " + getName() + ": " + problem);
                    continue;
                }
                future.addCallback(this); // waiting.awaiting stays: it is what waitingOn() reads
                if (mustCancel && future.cancel((String) outcome)) {
                    mustCancel = false;
                    outcome = null;
                }
                return;
            }

            CoroutineFrame<?> caller = f.caller;
            f.finished();
            if (caller == null) {
                leaf = f; // the root, kept for getCoro
                end(result, thrown);
                return;
            }
            caller.awaiting = null;
            if (thrown != null) {
                appendAsyncFrame(thrown, caller);
            }
            leaf = caller;
            f = caller;
            value = result;
            error = thrown;
        }
    }

    @SuppressWarnings("unchecked")
    private void end(Object result, Throwable thrown) {
        loop.taskEnded(this);
        if (thrown == null) {
            finish((T) result, null);
        } else if (thrown instanceof CancelledError) {
            finishCancelled(thrown.getMessage());
        } else {
            finish(null, thrown);
        }
    }

    /** Longest stack trace we still extend: past it, tracebacks of deep chains stop growing (cost is quadratic). */
    private static final int MAX_TRACE = 1024;

    /**
     * Adds the awaiting caller's line to an exception passing up the chain through the
     * trampoline, just above the runtime's own frames, so the trace lists the awaiting
     * coroutines innermost first, as a Python traceback does (in reverse).
     */
    private static void appendAsyncFrame(Throwable t, CoroutineFrame<?> caller) {
        StackTraceElement[] trace = t.getStackTrace();
        if (trace.length == 0 || trace.length >= MAX_TRACE) {
            return;
        }
        int at = trace.length;
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().equals(Task.class.getName())) {
                at = i;
                break;
            }
        }
        StackTraceElement[] longer = new StackTraceElement[trace.length + 1];
        System.arraycopy(trace, 0, longer, 0, at);
        longer[at] = caller.stackTraceElement();
        System.arraycopy(trace, at, longer, at + 1, trace.length - at);
        t.setStackTrace(longer);
    }
}
