package io.jasyncio.agent.rewrite;

import org.objectweb.asm.Type;

/**
 * The names the agent recognises in user code and the names of the runtime it emits calls to.
 * The agent never links against the runtime; these strings are the whole of what it knows about
 * it (docs/architecture.md, "The protocol between rewritten code and the runtime").
 */
final class RuntimeNames {
    /** The descriptor of {@code @io.jasyncio.annotation.Async}; its absence is the cheap skip. */
    static final String ASYNC_DESC = "Lio/jasyncio/annotation/Async;";
    /** The descriptor of {@code @io.jasyncio.internal.Woven}, put on every rewritten class. */
    static final String WOVEN_DESC = "Lio/jasyncio/internal/Woven;";

    /**
     * The descriptor of {@code @io.jasyncio.AsyncFunctionalInterface}: a lambda whose interface
     * carries it is rewritten like an {@code @Async} method.
     */
    static final String ASYNC_FUNCTIONAL_INTERFACE_DESC = "Lio/jasyncio/AsyncFunctionalInterface;";

    /** The bootstrap class of every lambda; with a coroutine-returning descriptor, part of the cheap skip. */
    static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    static final String ASYNCIO = "io/jasyncio/Asyncio";
    static final String AWAIT = "await";
    static final String DONE = "done";
    static final String DONE_VALUE_DESC = "(Ljava/lang/Object;)Lio/jasyncio/Coroutine;";
    static final String DONE_VOID_DESC = "()Lio/jasyncio/Coroutine;";
    static final String COROUTINE = "io/jasyncio/Coroutine";

    static final String FRAME = "io/jasyncio/CoroutineFrame";
    static final String FRAME_DESC = "L" + FRAME + ";";
    static final String STATE_MACHINE = "io/jasyncio/internal/StateMachine";
    static final String STATE_MACHINE_DESC = "L" + STATE_MACHINE + ";";
    /** The single abstract method of {@code StateMachine}. */
    static final String RESUME = "resume";

    static final String RESUME_DESC = "(" + FRAME_DESC + ")Ljava/lang/Object;";

    static final String FRAME_INIT_DESC = "(" + STATE_MACHINE_DESC + "Ljava/lang/String;)V";
    static final String SUSPENDED = "SUSPENDED";
    static final String LABEL = "label";
    static final String LINE = "line";
    static final String REFS = "refs";
    static final String PRIMS = "prims";
    static final String REFS_DESC = "(I)[Ljava/lang/Object;";
    static final String PRIMS_DESC = "(I)[J";
    static final String FRAME_AWAIT_DESC = "(Ljava/lang/Object;)Ljava/lang/Object;";
    static final String RESUME_VALUE = "resumeValue";
    static final String RESUME_VALUE_DESC = "()Ljava/lang/Object;";
    static final String FRAME_DONE_DESC = "(Ljava/lang/Object;" + FRAME_DESC + ")L" + COROUTINE + ";";
    static final String COMPLETE = "complete";
    static final String COMPLETE_DESC = "(Ljava/lang/Object;" + FRAME_DESC + ")Ljava/lang/Object;";

    /** A resource whose try-with-resources close is awaited, and what is awaited instead of close(). */
    static final String ASYNC_CLOSEABLE = "io/jasyncio/AsyncCloseable";

    static final String ACLOSE = "aclose";
    static final String ACLOSE_DESC = "(Ljava/lang/Throwable;)Lio/jasyncio/Awaitable;";
    /** The {@code Asyncio.await} overload the awaited close calls. */
    static final String AWAIT_AWAITABLE_DESC = "(Lio/jasyncio/Awaitable;)Ljava/lang/Object;";
    /** What leaves a block whose close failed while the body's exception was pending. */
    static final String RESOURCE_EXIT = "io/jasyncio/internal/ResourceExit";

    static final String LEAVING = "leaving";
    static final String LEAVING_DESC = "(Ljava/lang/Throwable;Ljava/lang/Throwable;)Ljava/lang/Throwable;";

    /** Suffix of the synthetic static method that holds a rewritten body. */
    static final String RESUME_SUFFIX = "$resume";

    private RuntimeNames() {}

    /** Whether {@code owner.name desc} is one of the {@code Asyncio.await} overloads. */
    static boolean isAwait(String owner, String name, String desc) {
        if (!ASYNCIO.equals(owner) || !AWAIT.equals(name) || !desc.endsWith(")Ljava/lang/Object;")) {
            return false;
        }
        Type[] args = Type.getArgumentTypes(desc);
        return args.length == 1 && (args[0].getSort() == Type.OBJECT || args[0].getSort() == Type.ARRAY);
    }
}
