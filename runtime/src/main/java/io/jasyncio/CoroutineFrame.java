package io.jasyncio;

import io.jasyncio.internal.InternalApi;
import io.jasyncio.internal.StateMachine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The frame of one call of a rewritten {@code @Async} method: its resume point, its saved values
 * and its place in the chain of awaiting coroutines.
 *
 * <p><b>Not API</b> ({@link InternalApi}): public only because code rewritten by the jasyncio
 * agent, in any package, creates and drives frames; the members it uses are the protocol of
 * docs/architecture.md and may change between versions.
 *
 * <p>Invariants: a frame is NEW until it first runs, RUNNING while it runs or is suspended, DONE
 * after (the state table inside the class says what each field holds in each). The innermost
 * suspended frame of a task is its task's {@code leaf}, and its {@code awaiting} is the one
 * thing the task waits on.
 *
 * @param <T> the type of the coroutine's result
 * @hidden
 */
@InternalApi
public final class CoroutineFrame<T> extends Coroutine<T> {
    /*
     * States of a frame (the state byte), and what each slot holds in it:
     *
     *  state    | label           | refs, prims     | caller, task         | awaiting    | value
     *  ---------+-----------------+-----------------+----------------------+-------------+---------
     *  NEW      | 0               | the arguments   | null until awaited   | null        | null
     *           |                 | (and this)      | or made a task       |             |
     *  RUNNING, | where it last   | scratch: the    | set (caller null for | null, or    | the value
     *  on the   | suspended; the  | body restores   | a task's root)       | the child   | to resume
     *  stack    | body reads it   | what it needs   |                      | it calls    | with, then
     *           |                 |                 |                      | directly    | done(v)'s
     *  RUNNING, | the await to    | the values live | set                  | a future, a | null, until
     *  suspended| resume at, or   | after that      |                      | child frame | deliver()
     *           | RETURNING       | await           |                      | or YIELD    | before resuming
     *  DONE     | any             | null            | null                 | null        | null
     *
     * A frame made by done(v) outside rewritten code has no body and is DONE from the start; its
     * value is its outcome (the error if failed). failed says whether value is an exception.
     * line is the source line of the last await, for tracebacks. An async generator's
     * hand-written step frame starts NEW with label = its operation and value = its argument
     * (setStartArgument). unawaited is the never-awaited tracking of UnawaitedCoroutines.
     *
     * Who moves it:
     *  - the stub of the rewritten method (the constructor): NEW.
     *  - await(child) in the caller's body: binds caller and task; runs the child at once
     *    (NEW -> RUNNING) unless the Java stack is MAX_DIRECT_DEPTH deep, when the caller
     *    suspends on the child and the task's trampoline starts it. Task's constructor binds the
     *    root frame's task.
     *  - the woven body, at an await that suspends: stores label, line, refs and prims, and
     *    await() stores awaiting and makes this frame the task's leaf.
     *  - Task.run (the trampoline): delivers the value or error (deliver), resumes the body, and
     *    when a body returns or throws, marks the frame DONE (finished) and resumes its caller.
     *  - complete(): a body that returned a pending awaitable suspends on it with RETURNING; its
     *    outcome becomes the frame's without running the body again.
     */

    /** Returned by a resume method, and by {@link #await}, when the coroutine suspends. */
    @InternalApi
    public static final Object SUSPENDED = new Object() {
        @Override
        public String toString() {
            return "SUSPENDED";
        }
    };

    /** Label of a frame whose body returned an awaitable still pending: its outcome is the frame's result. */
    static final int RETURNING = -1;
    /** Direct (nested Java) calls of child coroutines stop at this depth; deeper ones go through the task's trampoline. */
    static final int MAX_DIRECT_DEPTH = 256;

    static final byte NEW = 0;
    static final byte RUNNING = 1;
    static final byte DONE = 2;

    /** Values of {@link #unawaited}: not looked at by a sweep yet (or used before it was). */
    static final byte UNTRACKED = 0;
    /** Still unused at a sweep: in the table of coroutines to report if never used. */
    static final byte PROMOTED = 1;
    /** Taken by something that runs it later (an async generator): never reported. */
    static final byte USED = 2;

    /** What done(v) returns inside rewritten code: the value itself waits in the frame. */
    private static final CoroutineFrame<Object> DONE_MARKER = completed(null);

    /** The resume point to continue at; 0 is the method's entry. */
    @InternalApi
    public int label;
    /** The source line of the await the frame is suspended at, for tracebacks and task descriptions. */
    @InternalApi
    public int line;
    /** Save area for reference values. */
    @InternalApi
    public Object[] refs;
    /** Save area for primitive values, widened to long (raw bits for float and double). */
    @InternalApi
    public long[] prims;

    final StateMachine body;
    /** "pkg.Cls.method(Cls.java)": where this coroutine's method is, for messages and tracebacks. */
    final String site;

    CoroutineFrame<?> caller;
    Task<?> task;
    /** The one thing this frame is suspended on: a future, a child frame, Task.YIELD, or an async generator's Yield.Switch. */
    Object awaiting;
    /**
     * What the frame is resumed with, or the value stashed by done(v), or a completed done-frame's
     * outcome: a value, or the exception if {@code failed}. One slot, not two: a frame holds one
     * outcome at a time, and every frame saves a field.
     */
    Object value;

    boolean failed;
    byte state;
    /** Never-awaited tracking (see UnawaitedCoroutines): UNTRACKED, PROMOTED or USED. */
    byte unawaited;

    /** Called by the stub of a rewritten method; nothing runs yet. */
    @InternalApi
    public CoroutineFrame(StateMachine body, String site) {
        this.body = body;
        this.site = site;
        UnawaitedCoroutines.created(this);
    }

    private CoroutineFrame(Object value, Throwable error) {
        this.body = null;
        this.site = "done";
        deliver(value, error);
        this.state = DONE;
    }

    /** An already complete coroutine: what {@code Asyncio.done(v)} returns outside rewritten returns. */
    static <T> CoroutineFrame<T> completed(T value) {
        return new CoroutineFrame<>(value, null);
    }

    /** The reference save area, allocated or grown to {@code size}. */
    @InternalApi
    public Object[] refs(int size) {
        Object[] r = refs;
        if (r == null || r.length < size) {
            refs = r = new Object[size];
        }
        return r;
    }

    /** The primitive save area, allocated or grown to {@code size}. */
    @InternalApi
    public long[] prims(int size) {
        long[] p = prims;
        if (p == null || p.length < size) {
            prims = p = new long[size];
        }
        return p;
    }

    /**
     * One {@code await(x)} of this frame's body: returns {@code x}'s value at once if it is
     * complete (or is a child coroutine that completes without suspending), throws its exception
     * if it failed, or returns {@link #SUSPENDED} after recording what the frame waits on.
     */
    @InternalApi
    public Object await(Object x) {
        if (x instanceof CoroutineFrame) {
            return awaitCoroutine((CoroutineFrame<?>) x);
        }
        if (x instanceof Future) {
            Future<?> f = (Future<?>) x;
            return f.state != Future.PENDING ? f.result() : suspendOn(f);
        }
        if (x == Task.YIELD || x instanceof Yield.Switch) {
            return suspendOn(x);
        }
        if (x instanceof CompletionStage) {
            return awaitStage((CompletionStage<?>) x);
        }
        if (x instanceof Awaitable) {
            Future<?> f = ((Awaitable<?>) x).asFuture();
            if (f == null) {
                throw new NullPointerException(x.getClass().getName() + ".asFuture() returned null");
            }
            return f.state != Future.PENDING ? f.result() : suspendOn(f);
        }
        if (x == null) {
            throw new NullPointerException("await(null) in " + site + ": there is nothing to await");
        }
        throw new IllegalArgumentException("object of type " + x.getClass().getName()
                + " can't be used in 'await': pass a Coroutine, Future, Task, Awaitable or CompletionStage");
    }

    /** At a resume point: the value delivered by what the frame awaited, or its exception thrown. */
    @InternalApi
    public Object resumeValue() {
        Object v = value;
        value = null;
        if (failed) {
            failed = false;
            throw Future.rethrow((Throwable) v);
        }
        return v;
    }

    /** True for a coroutine made by {@code done(v)} outside rewritten code: no body, complete from the start. */
    boolean madeByDone() {
        return body == null;
    }

    /** True while the frame waits on the awaitable its body returned (see {@link #complete}): its outcome is the frame's. */
    boolean returning() {
        return label == RETURNING;
    }

    /**
     * For a hand-written frame, NEW: an argument its first resume takes with {@link
     * #takeStartArgument} (nothing is delivered to a frame before it first runs, so the value
     * slot is free).
     */
    void setStartArgument(Object argument) {
        value = argument;
    }

    /** The argument {@link #setStartArgument} left, taken once at the frame's first resume. */
    Object takeStartArgument() {
        Object v = value;
        value = null;
        return v;
    }

    /** Sets what the frame resumes with: {@code value}, or {@code error} if not null. */
    void deliver(Object value, Throwable error) {
        this.failed = error != null;
        this.value = failed ? error : value;
    }

    /** A completed done-frame's exception, or null if it completed with a value. */
    Throwable error() {
        return failed ? (Throwable) value : null;
    }

    /** A completed done-frame's value (null if it completed with an exception). */
    Object result() {
        return failed ? null : value;
    }

    /** Replaces {@code return done(value)} in rewritten code: keeps the value, returns a marker. */
    @InternalApi
    public static Coroutine<?> done(Object value, CoroutineFrame<?> f) {
        f.value = value; // the stash: complete() takes it right after, at the ARETURN
        return DONE_MARKER;
    }

    /**
     * Wraps every return of a rewritten body: the value given to {@code done}, or the outcome of
     * another awaitable the method returned (which may suspend the frame once more).
     */
    @InternalApi
    public static Object complete(Object returned, CoroutineFrame<?> f) {
        if (returned == DONE_MARKER) {
            Object v = f.value; // the stash done() left
            f.value = null;
            return v;
        }
        if (returned == null) {
            throw new NullPointerException("@Async method " + f.site
                    + " returned null: return done(value) or done(), or an awaitable to adopt");
        }
        Object r = f.await(returned);
        if (r == SUSPENDED) {
            f.label = RETURNING;
        }
        return r;
    }

    private Object awaitCoroutine(CoroutineFrame<?> child) {
        if (child.state == DONE && child.madeByDone()) {
            Throwable error = child.error();
            if (error != null) {
                throw Future.rethrow(error);
            }
            return child.result();
        }
        if (child.state != NEW || child.caller != null) {
            throw new IllegalStateException("cannot reuse already awaited coroutine " + child);
        }
        if (child.unawaited == PROMOTED) {
            UnawaitedCoroutines.used(child);
        }
        Task<?> t = task;
        EventLoop loop = t.loop;
        child.caller = this;
        child.task = t;
        awaiting = child;
        if (loop.depth >= MAX_DIRECT_DEPTH) {
            // Hand the child to the trampoline: this frame suspends, the task starts the child.
            t.leaf = this;
            return SUSPENDED;
        }
        child.state = RUNNING;
        loop.depth++;
        Object r;
        try {
            r = child.body.resume(child);
        } catch (Throwable e) {
            loop.depth--;
            child.finished();
            awaiting = null;
            throw Future.rethrow(e);
        }
        loop.depth--;
        if (r == SUSPENDED) {
            return SUSPENDED;
        }
        child.finished();
        awaiting = null;
        return r;
    }

    private Object awaitStage(CompletionStage<?> stage) {
        CompletableFuture<?> cf = null;
        try {
            cf = stage.toCompletableFuture();
        } catch (UnsupportedOperationException notConvertible) {
            // A stage that cannot be converted is awaited through its callback alone.
        }
        if (cf != null && cf.isDone()) {
            try {
                return cf.join();
            } catch (CompletionException e) {
                throw Future.rethrow(e.getCause() != null ? e.getCause() : e);
            } catch (java.util.concurrent.CancellationException e) {
                throw new CancelledError(e.getMessage());
            }
        }
        EventLoop loop = task.loop;
        Future<Object> f = loop.createFuture();
        loop.outsideWorkStarted(); // another thread will complete it: virtual time must not skip ahead
        stage.whenComplete((v, e) -> {
            try {
                loop.callSoonThreadsafe(() -> {
                    if (f.done()) {
                        return;
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof java.util.concurrent.CancellationException) {
                        f.cancel(cause.getMessage());
                    } else if (cause != null) {
                        f.setException(cause);
                    } else {
                        f.setResult(v);
                    }
                });
            } finally {
                loop.outsideWorkEnded();
            }
        });
        return suspendOn(f);
    }

    private Object suspendOn(Object what) {
        awaiting = what;
        task.leaf = this;
        return SUSPENDED;
    }

    /** Releases what a finished frame no longer needs, so a kept coroutine object holds no garbage. */
    void finished() {
        state = DONE;
        caller = null;
        awaiting = null;
        refs = null;
        prims = null;
    }

    /** The place this frame is suspended at, as a stack trace element (the await's line). */
    StackTraceElement stackTraceElement() {
        String s = site;
        int paren = s.indexOf('(');
        String qualified = paren < 0 ? s : s.substring(0, paren);
        String file = paren < 0 ? null : s.substring(paren + 1, s.length() - 1);
        int dot = qualified.lastIndexOf('.');
        String cls = dot < 0 ? "" : qualified.substring(0, dot);
        String method = qualified.substring(dot + 1);
        return new StackTraceElement(cls, method, file, line > 0 ? line : -1);
    }

    /** "Cls.method": the method's simple name, as Python's repr of a coroutine shows it. */
    String methodName() {
        StackTraceElement e = stackTraceElement();
        String cls = e.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName();
    }

    @Override
    public String toString() {
        if (madeByDone()) {
            return "Coroutine[done]";
        }
        return "Coroutine[" + methodName() + "]";
    }
}
