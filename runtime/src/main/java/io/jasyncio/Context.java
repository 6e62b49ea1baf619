package io.jasyncio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A mapping of {@link ContextVar}s to their values: Python's {@code contextvars.Context}.
 *
 * <p>Every task runs in a context of its own: {@link EventLoop#createTask} gives the task a copy
 * of the context current where it is created (or the context passed to it), so a variable set in
 * one task is seen by the tasks it creates afterwards, but never by its parent or its siblings.
 * Callbacks ({@link EventLoop#callSoon}, {@link EventLoop#callLater}, {@link EventLoop#callAt},
 * {@link EventLoop#callSoonThreadsafe}, {@link Future#addDoneCallback}) run in a copy of the
 * context current where they were scheduled. Each thread outside a loop has a context of its
 * own too. {@link Asyncio#copyContext()} copies the current one; {@link #run} runs code in a
 * given one.
 *
 * <p>The mapping itself is immutable: copying a context is O(1), and setting a variable in it
 * (through {@link ContextVar#set}, while it is current) replaces the mapping inside this context
 * object. A context is meant to be used from one thread at a time.
 *
 * <p>Cost: a task or callback created while the current context is empty holds no context
 * object at all; one is made the first time code running there sets a variable.
 */
public final class Context {
    private static final Object[] EMPTY = {};
    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    /** Variables and values, alternating; never modified in place (copies share it). */
    private Object[] data;
    /** True while {@link #run} runs in this context. */
    private boolean entered;

    /** A new, empty context. */
    public Context() {
        this(EMPTY);
    }

    private Context(Object[] data) {
        this.data = data;
    }

    /** A copy of this context: the same variables and values, changed independently from now on. */
    public Context copy() {
        return new Context(data);
    }

    /**
     * Runs {@code body} with this context as the current one, and returns what it returns. What
     * {@code body} sets in context variables stays in this context (it is not seen by the caller
     * once {@code run} returns); the caller's context is current again afterwards, also when
     * {@code body} throws.
     *
     * @throws IllegalStateException if this context is already entered (by an enclosing {@code
     *     run}, or as the context of the task running now)
     */
    public <T> T run(Supplier<T> body) {
        ThreadState s = STATE.get();
        Object activation = s.activation();
        if (entered || this == s.contextOf(activation, false)) {
            throw new IllegalStateException(
                    "cannot enter context " + this + ": it is already entered; run it in a copy() instead");
        }
        Context outer = s.entered;
        Object outerActivation = s.enteredIn;
        s.entered = this;
        s.enteredIn = activation;
        entered = true;
        try {
            return body.get();
        } finally {
            entered = false;
            s.entered = outer;
            s.enteredIn = outerActivation;
        }
    }

    /** As {@link #run(Supplier)}, for code that returns nothing. */
    public void run(Runnable body) {
        run(() -> {
            body.run();
            return null;
        });
    }

    /** The value of {@code var} in this context, or null if it has none (its default is not consulted). */
    public <T> T get(ContextVar<T> var) {
        return var.cast(lookup(var));
    }

    /** True if {@code var} has a value in this context. */
    public boolean containsKey(ContextVar<?> var) {
        return indexOf(var) >= 0;
    }

    /** The number of variables that have a value in this context. */
    public int size() {
        return data.length / 2;
    }

    /** True if no variable has a value in this context. */
    public boolean isEmpty() {
        return data.length == 0;
    }

    /** The variables and their values, in the order they were first set: an unmodifiable snapshot. */
    public Map<ContextVar<?>, Object> asMap() {
        Object[] d = data;
        Map<ContextVar<?>, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < d.length; i += 2) {
            map.put((ContextVar<?>) d[i], d[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Context");
        Object[] d = data;
        for (int i = 0; i < d.length; i += 2) {
            sb.append(i == 0 ? " " : ", ")
                    .append(((ContextVar<?>) d[i]).getName())
                    .append('=')
                    .append(d[i + 1]);
        }
        return sb.append(" at 0x")
                .append(Integer.toHexString(System.identityHashCode(this)))
                .append('>')
                .toString();
    }

    // ---- for ContextVar ----

    /** Marks "no value": distinct from a null value. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<Token.MISSING>";
        }
    };

    Object lookup(ContextVar<?> var) {
        int i = indexOf(var);
        return i < 0 ? MISSING : data[i + 1];
    }

    /** Sets (or, with MISSING, removes) {@code var}; the old mapping is left as it was for the copies sharing it. */
    void put(ContextVar<?> var, Object value) {
        Object[] d = data;
        int i = indexOf(var);
        if (value == MISSING) {
            if (i < 0) {
                return;
            }
            Object[] smaller = new Object[d.length - 2];
            System.arraycopy(d, 0, smaller, 0, i);
            System.arraycopy(d, i + 2, smaller, i, d.length - i - 2);
            data = smaller;
        } else if (i >= 0) {
            Object[] same = d.clone();
            same[i + 1] = value;
            data = same;
        } else {
            Object[] larger = java.util.Arrays.copyOf(d, d.length + 2);
            larger[d.length] = var;
            larger[d.length + 1] = value;
            data = larger;
        }
    }

    private int indexOf(ContextVar<?> var) {
        Object[] d = data;
        for (int i = 0; i < d.length; i += 2) {
            if (d[i] == var) {
                return i;
            }
        }
        return -1;
    }

    /** The context current on this thread: made (and kept where it belongs) if {@code create} and there is none yet. */
    static Context current(boolean create) {
        ThreadState s = STATE.get();
        return s.contextOf(s.activation(), create);
    }

    /**
     * What a new task or callback of {@code loop} gets: a copy of the current context, or null
     * when it is empty (the common case, which allocates nothing). Cheap on the loop's own
     * thread: no thread-local lookup.
     */
    static Context snapshot(EventLoop loop) {
        ThreadState s = loop.contexts;
        if (s == null || !loop.inLoopThread()) {
            s = STATE.get();
        }
        Context c = s.contextOf(s.activation(), false);
        return c == null || c.data.length == 0 ? null : new Context(c.data);
    }

    /** The running loop's record of this thread's contexts; called once per runForever. */
    static ThreadState threadState() {
        return STATE.get();
    }

    /**
     * One thread's contexts: the one entered by {@link #run} (and the task or callback it was
     * entered in, so that tasks stepped by a loop started inside {@code run} still get their own),
     * the thread's own context, and the loop running on the thread, whose current task or
     * callback says whose context is current.
     */
    static final class ThreadState {
        Context entered;
        Object enteredIn;
        Context base;
        EventLoop loop;

        /** The running task or callback of this thread's loop, or null outside them. */
        Object activation() {
            EventLoop l = loop;
            if (l == null) {
                return null;
            }
            Task<?> t = l.currentTask;
            return t != null ? t : l.currentHandle;
        }

        Context contextOf(Object activation, boolean create) {
            if (entered != null && enteredIn == activation) {
                return entered;
            }
            if (activation instanceof Task) {
                return ((Task<?>) activation).context(create);
            }
            if (activation instanceof Handle) {
                return ((Handle) activation).context(create);
            }
            if (base == null && create) {
                base = new Context();
            }
            return base;
        }
    }
}
