package io.jasyncio;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The eventual outcome of an operation, bound to one {@link EventLoop}; asyncio's {@code Future}.
 *
 * <p>A future is pending until it gets a result ({@link #setResult}), an exception ({@link
 * #setException}) or is cancelled ({@link #cancel()}); after that it is done and never changes.
 * Done callbacks always run through the loop ({@code callSoon}), never inline inside the call
 * that completed the future. Not thread-safe: use it from its loop's thread only (other threads
 * go through {@link EventLoop#callSoonThreadsafe}).
 *
 * @param <T> the type of the result
 */
public class Future<T> implements Awaitable<T> {
    static final byte PENDING = 0;
    static final byte CANCELLED = 1;
    static final byte FINISHED = 2;
    /** Finished with an exception (a state of its own: a result may itself be a Throwable). */
    static final byte FAILED = 3;

    final EventLoop loop;
    byte state;
    /**
     * The one outcome, read according to {@code state}: the result (FINISHED), the exception
     * (FAILED) or the cancel message (CANCELLED); one field rather than three keeps every future,
     * task and sleep smaller. While PENDING, a subclass's own datum ({@link #pendingData}).
     * Subclasses go through those accessors, never through the field.
     */
    private Object outcome;
    /**
     * null, one callback (a user's Consumer, or a ReadyItem to queue as it is: a task to wake up),
     * or a List of them: most futures have one. Once done: null, or a failed task's
     * UnretrievedException.
     */
    private Object callbacks;

    /** Creates a pending future bound to {@code loop}. */
    public Future(EventLoop loop) {
        if (loop == null) {
            throw new NullPointerException("loop");
        }
        this.loop = loop;
    }

    /** Creates a pending future bound to the loop of this thread ({@link Asyncio#getEventLoop()}). */
    public Future() {
        this(Asyncio.getEventLoop());
    }

    /** The loop this future is bound to. */
    public EventLoop getLoop() {
        return loop;
    }

    /** True once the future has a result, an exception, or was cancelled. */
    public boolean done() {
        return state != PENDING;
    }

    /** True only if the future was cancelled. */
    public boolean cancelled() {
        return state == CANCELLED;
    }

    /**
     * Returns the result. If the future failed, throws its exception as is, checked exceptions
     * included (though {@code result()} declares none).
     *
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateError if the future is not done
     */
    @SuppressWarnings("unchecked")
    public T result() {
        if (state == FINISHED) {
            return (T) outcome;
        }
        if (state == FAILED) {
            retrieved();
            throw rethrow((Throwable) outcome);
        }
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        throw new InvalidStateError("Result is not set: the future is still pending; await it first.");
    }

    /**
     * Returns the exception the future finished with, or null if it finished with a result.
     *
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateError if the future is not done
     */
    public Throwable exception() {
        if (state == FINISHED) {
            return null;
        }
        if (state == FAILED) {
            retrieved();
            return (Throwable) outcome;
        }
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        throw new InvalidStateError("Exception is not set: the future is still pending; await it first.");
    }

    /**
     * Marks the future done with {@code value} and schedules its callbacks.
     *
     * @throws InvalidStateError if the future is already done
     */
    public void setResult(T value) {
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + stateName() + " future cannot take a result");
        }
        this.outcome = value;
        this.state = FINISHED;
        scheduleCallbacks();
    }

    /**
     * Marks the future done with {@code exception} and schedules its callbacks.
     *
     * @throws InvalidStateError if the future is already done
     * @throws IllegalArgumentException if {@code exception} is a {@link CancelledError}: use {@link #cancel()}
     */
    public void setException(Throwable exception) {
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + stateName() + " future cannot take an exception");
        }
        if (exception == null) {
            throw new NullPointerException("exception");
        }
        if (exception instanceof CancelledError) {
            throw new IllegalArgumentException("CancelledError cannot be set as an exception; call cancel() instead");
        }
        this.outcome = exception;
        this.state = FAILED;
        scheduleCallbacks();
    }

    /**
     * Cancels the future if it is pending and schedules its callbacks.
     *
     * @return false if the future was already done, true otherwise
     */
    public boolean cancel() {
        return cancel(null);
    }

    /** As {@link #cancel()}, with a message carried by the {@link CancelledError}. */
    public boolean cancel(String message) {
        if (state != PENDING) {
            return false;
        }
        finishCancelled(message);
        return true;
    }

    /**
     * Adds a callback run (through the loop) with this future once it is done; if it is already
     * done, the callback is scheduled with {@code callSoon} at once. It runs in a copy of the
     * {@link Context} current now.
     */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        Context context = Context.snapshot(loop);
        addCallback(context == null ? callback : new InContext(callback, context));
    }

    /** As {@link #addDoneCallback(Consumer)}, running the callback in {@code context} (null: an empty one). */
    public void addDoneCallback(Consumer<? super Future<T>> callback, Context context) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        addCallback(new InContext(callback, context));
    }

    /**
     * Removes every registration of {@code callback}.
     *
     * @return the number of callbacks removed
     */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        return removeCallback(callback);
    }

    @Override
    public Future<T> asFuture() {
        return this;
    }

    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        switch (state) {
            case FINISHED:
                return "<" + name + " finished result=" + outcome + ">";
            case FAILED:
                return "<" + name + " finished exception=" + outcome + ">";
            case CANCELLED:
                return "<" + name + " cancelled>";
            default:
                return "<" + name + " pending>";
        }
    }

    // ---- for the runtime ----

    /** Completes without the checks of the public setters (used by tasks for their own outcome). */
    final void finish(T value, Throwable error) {
        this.outcome = error != null ? error : value;
        this.state = error != null ? FAILED : FINISHED;
        scheduleCallbacks();
    }

    /** Marks the future cancelled, without the overridable logic of cancel() (a task's own end). */
    final void finishCancelled(String message) {
        this.state = CANCELLED;
        this.outcome = message;
        scheduleCallbacks();
    }

    /**
     * Cancels the future while its loop closes: the loop will not run again, so done callbacks
     * that are plain functions run now, inline, and tasks waiting on it are dropped with the loop.
     */
    @SuppressWarnings("unchecked")
    final void abandon(String message) {
        if (state != PENDING) {
            return;
        }
        state = CANCELLED;
        outcome = message;
        Object cbs = callbacks;
        callbacks = null;
        java.util.List<Object> list = cbs == null
                ? java.util.List.of()
                : cbs instanceof CallbackList ? (CallbackList) cbs : java.util.List.of(cbs);
        for (Object cb : list) {
            if (cb instanceof Consumer || cb instanceof InContext) {
                try {
                    if (cb instanceof InContext) {
                        InContext c = (InContext) cb;
                        (c.context != null ? c.context : new Context()).run(() -> c.callback.accept(this));
                    } else {
                        ((Consumer<Object>) cb).accept(this);
                    }
                } catch (Throwable t) {
                    java.util.Map<String, Object> context = new java.util.HashMap<>();
                    context.put("message", "Exception in done callback of " + this + " while closing the loop");
                    context.put("exception", t);
                    loop.callExceptionHandler(context);
                }
            }
        }
    }

    /**
     * A failed task keeps its {@link UnretrievedException} in the callback slot (unused once
     * done) until someone reads the exception.
     */
    private void retrieved() {
        Object cbs = callbacks;
        if (cbs instanceof UnretrievedException) {
            callbacks = null;
            ((UnretrievedException) cbs).retrieved();
        }
    }

    /** For a task that has just failed: the record of its not yet retrieved exception. */
    final void keepUnretrieved(UnretrievedException record) {
        callbacks = record;
    }

    final void addCallback(Object callback) {
        if (state != PENDING) {
            loop.scheduleCallback(callback, this);
            return;
        }
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = callback;
        } else if (cbs instanceof CallbackList) {
            ((CallbackList) cbs).add(callback);
        } else {
            CallbackList list = new CallbackList();
            list.add(cbs);
            list.add(callback);
            callbacks = list;
        }
    }

    final int removeCallback(Object callback) {
        Object cbs = callbacks;
        if (cbs == null || state != PENDING) {
            return 0;
        }
        if (cbs instanceof CallbackList) {
            CallbackList list = (CallbackList) cbs;
            int before = list.size();
            list.removeIf(c -> c == callback || c.equals(callback));
            return before - list.size();
        }
        if (cbs == callback || cbs.equals(callback)) {
            callbacks = null;
            return 1;
        }
        return 0;
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        if (cbs instanceof CallbackList) {
            for (Object cb : (CallbackList) cbs) {
                loop.scheduleCallback(cb, this);
            }
        } else {
            loop.scheduleCallback(cbs, this);
        }
    }

    /**
     * While pending, a subclass's own datum, kept in the outcome slot until the future is done
     * (Sleep: the value it will finish with; Task: the message of a cancellation not delivered
     * yet).
     */
    final Object pendingData() {
        return state == PENDING ? outcome : null;
    }

    /** Sets the datum {@link #pendingData} returns; only while pending. */
    final void setPendingData(Object data) {
        if (state != PENDING) {
            throw new IllegalStateException("a done future's outcome cannot be replaced");
        }
        outcome = data;
    }

    /** The message given to {@link #cancel(String)}, for the {@link CancelledError} it raises. */
    final String cancelMessage() {
        return state == CANCELLED ? (String) outcome : null;
    }

    CancelledError makeCancelledError() {
        return new CancelledError(cancelMessage());
    }

    private String stateName() {
        return state == CANCELLED ? "cancelled" : state == PENDING ? "pending" : "finished";
    }

    /** Throws any throwable, checked or not, without wrapping: await must rethrow exactly what was thrown. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
        throw (E) t;
    }

    /**
     * A done callback with the context it runs in; equal to its callback, so that {@link
     * #removeDoneCallback} finds it.
     */
    static final class InContext {
        final Consumer<Object> callback;
        final Context context;

        @SuppressWarnings("unchecked")
        InContext(Consumer<?> callback, Context context) {
            this.callback = (Consumer<Object>) callback;
            this.context = context;
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o == callback || (o instanceof InContext && ((InContext) o).callback == callback);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(callback);
        }

        @Override
        public String toString() {
            return callback.toString();
        }
    }

    /** A distinct list type, so a user callback that happens to be a List is never mistaken for one. */
    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }
}
