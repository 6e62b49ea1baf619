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
    /*
     * States of a task. Future's state is PENDING in the first three; "queued" means the task
     * (a QueuedTask) is in the loop's ready queue, which is what a step being scheduled is.
     *
     *  state     | leaf                          | leaf.awaiting            | queued | loop's list
     *  ----------+-------------------------------+--------------------------+--------+------------
     *  SCHEDULED | the frame to resume (the root | null, or the future it   | yes    | in
     *            | frame, NEW, for a new task)   | waited on, done by now   |        |
     *  RUNNING   | changes as frames call,       | what the current frame   | no     | in
     *            | suspend and return            | awaits, once it suspends |        |
     *  WAITING   | the innermost suspended frame | the one pending future   | no     | in
     *            |                               | it waits on; the task is |        |
     *            |                               | that future's callback   |        |
     *  DONE      | the root frame (DONE)         | null                     | no     | out
     *
     * Slots besides: outcome, while pending, holds the message of a cancellation not delivered
     * yet (mustCancel), then the result, exception or cancel message (Future); cancelRequests
     * counts cancel() minus uncancel(); prevTask/nextTask link the loop's pending tasks.
     *
     * Who moves it:
     *  - new (EventLoop.createTask): -> SCHEDULED, linked into the loop's list.
     *  - the loop's pass (runReady -> wakeUp): SCHEDULED -> RUNNING; wakeUp takes the awaited
     *    future's outcome (clearing leaf.awaiting) and run() is the trampoline: it resumes the
     *    leaf, then, as frames complete, their callers, until one suspends or the root ends.
     *  - run(), when a frame suspends: on a pending future -> WAITING (it registers the task as
     *    the future's callback); on YIELD -> SCHEDULED; on a fresh child frame handed over for
     *    depth, it goes on with the child. When the root ends: -> DONE (end), unlinked.
     *  - the awaited future completing (Future.scheduleCallbacks): WAITING -> SCHEDULED.
     *  - cancel(): WAITING: cancels the awaited future, whose completion wakes the task with a
     *    CancelledError; otherwise (or if that future refuses) sets mustCancel, delivered as a
     *    CancelledError at the next resume or used to cancel the next future it waits on.
     *  - EventLoop.close() (destroy): any pending state -> DONE, cancelled, without running.
     * CoroutineFrame.await moves leaf as frames suspend, see the table there.
     */

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

    /**
     * What sleep(0, result) awaits: YIELD, then the result. A hand-written state machine (what the
     * agent would make of an @Async method), so it takes the one pass sleep(0) takes, not a timer.
     */
    static <T> Coroutine<T> yieldThen(T result) {
        CoroutineFrame<T> f = new CoroutineFrame<>(Task::yieldThen, "io.jasyncio.Asyncio.sleep(Asyncio.java)");
        f.refs(1)[0] = result;
        return f;
    }

    private static Object yieldThen(CoroutineFrame<?> f) {
        if (f.label == 0) {
            f.label = 1;
            return f.await(YIELD);
        }
        f.resumeValue();
        return f.refs[0];
    }

    /**
     * The task's name and its context in one slot rather than two (a field less on every task):
     * null (unnamed, empty context), a String (named), a Context (unnamed, with a
     * context), or a {@link Named} (both). Most tasks never have a context object: see {@link
     * Context}.
     */
    private Object nameAndContext;
    /** The N of {@code Task-N}: given at creation, as in asyncio, so names follow creation order. */
    private final int number;
    /**
     * The innermost frame: the one the next step resumes; the root frame (the task's coroutine)
     * is found up its callers, and once the task is done this is the root frame itself. No field
     * of its own for the root, which would cost every task a field.
     */
    CoroutineFrame<?> leaf;
    /**
     * A cancellation was requested and not yet delivered into the coroutine. Its message waits in
     * the Future's pending-data slot (see requestCancel), which a task leaves unused until it is
     * done: a field less per task.
     */
    private boolean mustCancel;

    /**
     * Cancellation requests not withdrawn: a short (it stops counting at 32,767), which with the
     * Future's state and mustCancel fills the word after the object header.
     */
    private short cancelRequests;
    /** The loop's list of pending tasks (allTasks) is threaded through the tasks themselves. */
    Task<?> prevTask;

    Task<?> nextTask;

    /** Only the loop makes tasks ({@link EventLoop#createTask}), each a {@link QueuedTask}. */
    Task(EventLoop loop, Coroutine<T> coro, String name, Context context) {
        super(loop);
        if (!(coro instanceof CoroutineFrame)) {
            throw new IllegalArgumentException("a coroutine was expected, got " + coro);
        }
        CoroutineFrame<T> frame = (CoroutineFrame<T>) coro;
        if (frame.madeByDone()) {
            throw new IllegalArgumentException("done(...) makes an already complete coroutine; "
                    + "there is nothing to schedule: await it or use its value");
        }
        if (frame.state != CoroutineFrame.NEW || frame.task != null || frame.caller != null) {
            throw new IllegalStateException("cannot reuse already awaited coroutine " + frame);
        }
        if (frame.unawaited == CoroutineFrame.PROMOTED) {
            UnawaitedCoroutines.used(frame);
        }
        this.leaf = frame;
        frame.task = this;
        this.nameAndContext = name == null ? context : context == null ? name : new Named(name, context);
        this.number = loop.newTaskNumber();
        loop.taskStarted(this);
        loop.scheduleStep(this);
    }

    /**
     * The task's name: the one given to createTask or {@link #setName}, else {@code Task-N}, where
     * N counts the tasks in the order they were created (unique in the JVM, increasing on each
     * loop).
     */
    public String getName() {
        Object n = nameAndContext;
        if (n instanceof String) {
            return (String) n;
        }
        if (n instanceof Named) {
            return ((Named) n).name;
        }
        return "Task-" + Integer.toUnsignedString(number);
    }

    /** Renames the task (null: back to its {@code Task-N} name). */
    public void setName(String name) {
        Context context = context(false);
        this.nameAndContext = name == null ? context : context == null ? name : new Named(name, context);
    }

    /**
     * The context the task runs in: a copy of the one current where it was created, or the one
     * given to {@link EventLoop#createTask(Coroutine, String, Context)}; asyncio's {@code
     * Task.get_context()}.
     */
    public Context getContext() {
        return context(true);
    }

    /** The task's context; if it has none yet (it was created in an empty one), a new empty one if {@code create}, else null. */
    Context context(boolean create) {
        Object n = nameAndContext;
        if (n instanceof Context) {
            return (Context) n;
        }
        if (n instanceof Named) {
            return ((Named) n).context;
        }
        if (!create) {
            return null;
        }
        Context made = new Context();
        nameAndContext = n == null ? made : new Named((String) n, made);
        return made;
    }

    /** The task's unique number: the N of {@code Task-N}. */
    int number() {
        return number;
    }

    /** The slot's value for a task that has both a name and a context. */
    private static final class Named {
        final String name;
        final Context context;

        Named(String name, Context context) {
            this.name = name;
            this.context = context;
        }
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
        if (cancelRequests < Short.MAX_VALUE) {
            cancelRequests++;
        }
        Future<?> waitingOn = waitingOn();
        if (waitingOn != null && waitingOn.cancel(message)) {
            // The waiter's cancellation wakes us with a CancelledError; nothing more to do.
            return true;
        }
        requestCancel(message);
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
                dropCancelRequest();
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

    /** A cancellation that could not be delivered yet; its message waits in the pending-data slot. */
    private void requestCancel(String message) {
        mustCancel = true;
        setPendingData(message);
    }

    private String cancelRequestMessage() {
        return (String) pendingData();
    }

    private void dropCancelRequest() {
        mustCancel = false;
        if (!done()) { // once done, the slot is the task's outcome
            setPendingData(null);
        }
    }

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
            if (!(t instanceof CancelledError)) {
                // Thrown in another task (a task awaited, a gather's child): add this task's own
                // await, as a Python traceback shows `await asyncio.gather(...)` in main.
                appendAsyncFrame(t, leaf);
            }
            step(null, t);
            return;
        }
        step(value, null);
    }

    private void step(Object value, Throwable error) {
        if (mustCancel) {
            if (!(error instanceof CancelledError)) {
                error = new CancelledError(cancelRequestMessage());
            }
            value = null;
            dropCancelRequest();
        }
        EventLoop loop = this.loop;
        Task<?> previous = loop.currentTask;
        loop.currentTask = this;
        try {
            run(leaf, value, error);
        } finally {
            loop.currentTask = previous;
            if (loop.newFrames.any()) {
                loop.newFrames.sweep(this);
            }
        }
    }

    /** The trampoline: resume {@code f}, then its callers as each completes, until one suspends or the root ends. */
    private void run(CoroutineFrame<?> f, Object value, Throwable error) {
        while (true) {
            loop.depth = 0;
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
            } else if (f.returning()) {
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
                if (awaited instanceof Yield.Switch) {
                    // An async generator's producer yields to its consumer, or is resumed by it:
                    // within this step, no pass of the loop (see Yield).
                    Yield<?> generator = ((Yield.Switch) awaited).generator;
                    f = generator.switchAt((Yield.Switch) awaited, waiting, this);
                    leaf = f;
                    value = generator.takeSent();
                    error = generator.takeSentError();
                    continue;
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
                if (mustCancel && future.cancel(cancelRequestMessage())) {
                    dropCancelRequest();
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
        if (thrown == null && mustCancel) {
            // Cancelled right before the coroutine returned: asyncio marks the task cancelled.
            String message = cancelRequestMessage();
            dropCancelRequest();
            finishCancelled(message);
        } else if (thrown == null) {
            finish((T) result, null);
        } else if (thrown instanceof CancelledError) {
            finishCancelled(thrown.getMessage());
        } else {
            finish(null, thrown);
            keepUnretrieved(UnretrievedException.track(this, thrown));
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
