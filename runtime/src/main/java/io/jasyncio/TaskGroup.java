package io.jasyncio;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.annotation.Async;
import io.jasyncio.internal.ResourceExit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Structured concurrency: a scope whose tasks all end before the scope does; asyncio's {@code
 * TaskGroup}.
 *
 * <p>Python's {@code async with asyncio.TaskGroup() as tg:} has two Java forms. A
 * try-with-resources block in an {@code @Async} method (or an async lambda), whose end waits for
 * the group's tasks (see {@link AsyncCloseable}):
 *
 * <pre>{@code
 * try (TaskGroup tg = taskGroup()) {
 *     Task<String> a = tg.createTask(fetch("a"));
 *     Task<String> b = tg.createTask(fetch("b"));
 *     System.out.println(await(b));      // the body may await
 * }                                      // every task of the group is done here
 * }</pre>
 *
 * or a body given to {@link #run}, an async lambda whose value the scope returns:
 *
 * <pre>{@code
 * String both = await(taskGroup(tg -> {
 *     Task<String> a = tg.createTask(fetch("a"));
 *     Task<String> b = tg.createTask(fetch("b"));
 *     return done(await(a) + await(b));
 * }));
 * }</pre>
 *
 * <p>Semantics are CPython 3.12's, in both forms:
 * <ul>
 * <li>When a task of the group fails (with anything but {@link CancelledError}), the group's
 *     other tasks are cancelled, and so is the body (the awaiting task is cancelled at its
 *     current await; that cancellation is withdrawn, with {@link Task#uncancel()}, on leaving).
 * <li>If the body throws, the group's tasks are cancelled too.
 * <li>Leaving waits for every task. Then, if any task or the body failed, an {@link
 *     ExceptionGroup} is thrown with all the failures, the tasks' in the order they happened,
 *     then the body's; cancellations are not failures. A {@link VirtualMachineError} (out of
 *     memory, stack overflow: Python's {@code SystemExit}/{@code KeyboardInterrupt}) is thrown
 *     as itself instead.
 * <li>If the awaiting task was cancelled from outside, the {@link CancelledError} is thrown
 *     after the tasks are done (unless there are failures, which win).
 * <li>Otherwise the block ends normally ({@link #run}: with the value of the body).
 * </ul>
 *
 * <p>In the try-with-resources form, the exception that leaves the block always carries the
 * body's exception (see {@link AsyncCloseable}): where Python drops the {@link CancelledError}
 * with which the group cancelled the body, it is attached to the {@link ExceptionGroup} as a
 * suppressed exception (it shows where the body was).
 *
 * <p>{@link #createTask} is allowed from the body, from the group's tasks and from callbacks,
 * until the group has finished; not once it is shutting down after a failure.
 */
public final class TaskGroup implements AsyncCloseable {
    /** The body of {@link #run}; null for a group entered by {@link #enter()}. */
    private final AsyncFunction<? super TaskGroup, ?> body;

    private boolean entered;
    /** {@link #aclose} was called: the frame it returned exits the group. */
    private boolean closing;

    private boolean exiting;
    private boolean aborting;
    private EventLoop loop;
    private Task<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private List<Throwable> errors = new ArrayList<>();
    private Throwable baseError;
    private Future<Object> onCompleted;
    /** How the body ended: its value, or its exception. */
    private Object bodyValue;

    private Throwable bodyError;
    private CancelledError propagateCancellation;
    private final Consumer<Future<?>> onTaskDone = this::onTaskDone;

    private TaskGroup(AsyncFunction<? super TaskGroup, ?> body) {
        this.body = body;
    }

    /**
     * The scope: a coroutine that, awaited, runs {@code body} with a new group in the awaiting
     * task, waits for the group's tasks, and returns the body's value. The body is an async
     * lambda (it may await) or any other {@link AsyncFunction}; it is called when the coroutine
     * is awaited, not before.
     *
     * @throws ExceptionGroup (from the await) with every failure of the tasks and the body
     * @throws CancelledError (from the await) if the awaiting task was cancelled from outside
     */
    public static <R> Coroutine<R> run(AsyncFunction<? super TaskGroup, R> body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        return new TaskGroup(body).scope();
    }

    /**
     * A new group, entered in the current task, for a try-with-resources block: {@code try
     * (TaskGroup tg = TaskGroup.enter()) { ... }} (or {@code taskGroup()}). Leaving the block
     * awaits {@link #aclose(Throwable)}, which waits for the group's tasks.
     *
     * @throws IllegalStateException if no task is running in this thread
     */
    public static TaskGroup enter() {
        TaskGroup tg = new TaskGroup(null);
        tg.enter(Asyncio.currentTask());
        return tg;
    }

    /**
     * Leaves a group made by {@link #enter()}: Python's {@code TaskGroup.__aexit__}. If {@code
     * pendingOrNull} is not null (the block's body threw it), the group's tasks are cancelled.
     * The returned coroutine, awaited in the group's task, waits for every task of the group and
     * then completes, or fails as the class description says; a failure carries {@code
     * pendingOrNull}.
     *
     * @throws IllegalStateException if the group was made by {@link #run}, or is closed already
     */
    @Override
    public Coroutine<Void> aclose(Throwable pendingOrNull) {
        if (body != null) {
            throw new IllegalStateException(
                    "TaskGroup " + this + " belongs to TaskGroup.run: it is left when its body ends");
        }
        if (closing) {
            throw new IllegalStateException("TaskGroup " + this + " is closed already");
        }
        closing = true;
        bodyError = pendingOrNull;
        return exit();
    }

    /**
     * Creates a task of the group (see {@link EventLoop#createTask}).
     *
     * @throws IllegalStateException if the group has not been entered yet, is finished, or is
     *     shutting down because a task failed
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /** As {@link #createTask(Coroutine)}, naming the task. */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        if (!entered) {
            throw refuse(coro, "has not been entered");
        }
        if (exiting && tasks.isEmpty()) {
            throw refuse(coro, "is finished");
        }
        if (aborting) {
            throw refuse(coro, "is shutting down");
        }
        Task<T> task = loop.createTask(coro, name);
        tasks.add(task);
        task.addCallback(onTaskDone);
        return task;
    }

    /** createTask's error; the refused coroutine will never run, so it is not reported as never awaited (CPython closes it). */
    private IllegalStateException refuse(Coroutine<?> coro, String state) {
        UnawaitedCoroutines.claimed(coro);
        return new IllegalStateException("TaskGroup " + this + " " + state);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<TaskGroup");
        if (!tasks.isEmpty()) {
            sb.append(" tasks=").append(tasks.size());
        }
        if (!errors.isEmpty()) {
            sb.append(" errors=").append(errors.size());
        }
        if (aborting) {
            sb.append(" cancelling");
        } else if (entered) {
            sb.append(" entered");
        }
        return sb.append('>').toString();
    }

    // ---- the scope ----

    /** {@link #run}'s coroutine: Python's {@code __aenter__}, the body, then {@link #exit}. */
    @Async
    private <R> Coroutine<R> scope() {
        enter(Asyncio.currentTask());
        try {
            bodyValue = await(body.apply(this));
        } catch (Throwable e) {
            bodyError = e;
        }
        return exit();
    }

    /**
     * Python's {@code __aexit__}, once the body has ended ({@code bodyValue} or {@code
     * bodyError} says how): cancels the tasks if it failed, waits for every task, and gives the
     * scope's outcome.
     */
    @Async
    @SuppressWarnings("unchecked")
    private <R> Coroutine<R> exit() {
        beginExit();
        // "while self._tasks: await self._on_completed_fut"
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = loop.createFuture();
            }
            try {
                await(onCompleted);
            } catch (CancelledError e) {
                exitCancelled(e);
            }
            onCompleted = null;
        }
        return done((R) finish());
    }

    private void enter(Task<?> task) {
        if (entered) {
            throw new IllegalStateException("TaskGroup " + this + " has already been entered");
        }
        if (task == null) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task");
        }
        this.loop = task.loop;
        this.parentTask = task;
        this.entered = true;
    }

    /** The body has ended (__aexit__ up to its waiting loop). */
    private void beginExit() {
        exiting = true;
        Throwable exc = bodyError;
        if (exc != null && isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        propagateCancellation = exc instanceof CancelledError ? (CancelledError) exc : null;
        if (exc != null && !aborting) {
            abort();
        }
    }

    /** The wait for the tasks was cancelled: our parent is being cancelled from outside. */
    private void exitCancelled(CancelledError e) {
        if (!aborting) {
            propagateCancellation = e;
            abort();
        }
    }

    /** All tasks are done: the outcome of the scope. */
    private Object finish() {
        if (parentCancelRequested) {
            // We cancelled our parent ourselves (a task failed): withdraw that request. Done after
            // the wait, as in CPython 3.13, so that a request made during the wait is withdrawn too.
            parentCancelRequested = false;
            if (parentTask.uncancel() == 0) {
                propagateCancellation = null;
            }
        }
        if (baseError != null) {
            throw Future.rethrow(carryBodyError(baseError));
        }
        if (propagateCancellation != null && errors.isEmpty()) {
            throw carryBodyError(propagateCancellation);
        }
        if (bodyError != null && !(bodyError instanceof CancelledError)) {
            errors.add(bodyError);
        }
        if (!errors.isEmpty()) {
            List<Throwable> all = errors;
            errors = new ArrayList<>();
            throw carryBodyError(new ExceptionGroup("unhandled errors in a TaskGroup", all));
        }
        Object v = bodyValue;
        bodyValue = null;
        return v;
    }

    /** In the try-with-resources form, makes what leaves the block carry the body's exception. */
    private <E extends Throwable> E carryBodyError(E out) {
        if (closing && bodyError != null && !ResourceExit.carries(out, bodyError)) {
            out.addSuppressed(bodyError);
        }
        return out;
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    private void onTaskDone(Future<?> task) {
        tasks.remove(task);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.done()) {
            onCompleted.setResult(Boolean.TRUE);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable exc = task.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        if (parentTask.done()) {
            Map<String, Object> context = new HashMap<>();
            context.put(
                    "message",
                    "Task " + task + " has errored out but its parent task " + parentTask + " is already completed");
            context.put("exception", exc);
            context.put("task", task);
            loop.callExceptionHandler(context);
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Cancel the body too (the parent task at its current await); withdrawn in finish().
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    private static boolean isBaseError(Throwable e) {
        return e instanceof VirtualMachineError;
    }
}
