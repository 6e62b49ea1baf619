package io.jasyncio;

import java.util.NoSuchElementException;

/**
 * A variable whose value belongs to the current {@link Context}: Python's {@code
 * contextvars.ContextVar}. Per-request state (a trace id, a deadline, the user) that every task
 * handling the request sees, and no other task does; a {@link ThreadLocal} cannot do this on an
 * event loop, where every task shares one thread.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 *
 * @Async
 * static Coroutine<Void> handle(String id) {
 *     REQUEST_ID.set(id);                 // seen by this task and the tasks it creates from now on
 *     await(gather(step("a"), step("b"))); // each child task starts with a copy: request_id = id
 *     return done();
 * }
 * }</pre>
 *
 * <p>Create context variables once, as constants: a variable is its own key (compared by
 * identity), and each context keeps the variables set in it.
 *
 * @param <T> the type of the variable's value
 */
public final class ContextVar<T> {
    private final String name;
    private final Object defaultValue;

    /** A variable without a default: {@link #get()} throws where it has no value. */
    public ContextVar(String name) {
        this(name, null, false);
    }

    /** A variable whose {@link #get()} returns {@code defaultValue} where it has no value (null is a default too). */
    public ContextVar(String name, T defaultValue) {
        this(name, defaultValue, true);
    }

    private ContextVar(String name, T defaultValue, boolean hasDefault) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        this.name = name;
        this.defaultValue = hasDefault ? defaultValue : Context.MISSING;
    }

    /** The name given at creation, for messages. */
    public String getName() {
        return name;
    }

    /**
     * The variable's value in the current context, else its default.
     *
     * @throws NoSuchElementException if it has neither (Python's {@code LookupError})
     */
    public T get() {
        Object v = lookup();
        if (v == Context.MISSING) {
            v = defaultValue;
        }
        if (v == Context.MISSING) {
            throw new NoSuchElementException("ContextVar '" + name + "' has no value in the current context"
                    + " and no default: set() it first, or call get(default)");
        }
        return cast(v);
    }

    /** The variable's value in the current context, else {@code fallback} (the variable's own default is not used). */
    public T get(T fallback) {
        Object v = lookup();
        return v == Context.MISSING ? fallback : cast(v);
    }

    /**
     * Sets the variable's value in the current context and returns a token that {@link
     * #reset(Token)} takes to restore the value it had before.
     */
    public Token<T> set(T value) {
        Context ctx = Context.current(true);
        Object old = ctx.lookup(this);
        ctx.put(this, value);
        return new Token<>(ctx, this, old);
    }

    /**
     * Restores the value the variable had before the {@link #set} that returned {@code token}
     * (removing it if it had none).
     *
     * @throws IllegalStateException if the token was already used
     * @throws IllegalArgumentException if the token belongs to another variable, or was made in
     *     another context than the current one
     */
    public void reset(Token<T> token) {
        if (token.used) {
            throw new IllegalStateException("Token has already been used once: " + token);
        }
        if (token.var != this) {
            throw new IllegalArgumentException("Token was created by a different ContextVar: " + token);
        }
        Context ctx = Context.current(false);
        if (token.context != ctx) {
            throw new IllegalArgumentException("Token was created in a different Context: " + token);
        }
        ctx.put(this, token.oldValue);
        token.used = true;
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (defaultValue == Context.MISSING ? "" : " default=" + defaultValue)
                + ">";
    }

    private Object lookup() {
        Context ctx = Context.current(false);
        return ctx == null ? Context.MISSING : ctx.lookup(this);
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return value == Context.MISSING ? null : (T) value;
    }

    /**
     * What {@link ContextVar#set} returns: the variable's previous value, for {@link
     * ContextVar#reset}. Usable once.
     *
     * @param <T> the type of the variable's value
     */
    public static final class Token<T> {
        private final Context context;
        private final ContextVar<T> var;
        private final Object oldValue;
        private boolean used;

        private Token(Context context, ContextVar<T> var, Object oldValue) {
            this.context = context;
            this.var = var;
            this.oldValue = oldValue;
        }

        /** The variable that was set. */
        public ContextVar<T> getVar() {
            return var;
        }

        /** True if the variable had a value before the set (Python: {@code old_value is not Token.MISSING}). */
        public boolean hadOldValue() {
            return oldValue != Context.MISSING;
        }

        /** The value before the set, or null if it had none (see {@link #hadOldValue()}). */
        public T getOldValue() {
            return var.cast(oldValue);
        }

        @Override
        public String toString() {
            return "<Token" + (used ? " used" : "") + " var=" + var + ">";
        }
    }
}
