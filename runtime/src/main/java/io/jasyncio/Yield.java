package io.jasyncio;

/**
 * The producer's side of an {@link AsyncGenerator}: what Python's {@code yield} is inside an
 * {@code async def}. The producer is an ordinary {@code @Async} method that takes a {@code Yield}
 * and awaits {@link #yield} for each value it hands out:
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Void> numbers(Yield<Integer> out, int n) {
 *     try {
 *         for (int i = 0; i < n; i++) {
 *             await(sleep(0.1));
 *             await(out.yield(i));     // suspends until the consumer asks for the next value
 *         }
 *     } finally {
 *         System.out.println("cleanup"); // runs when the consumer closes the generator early too
 *     }
 *     return done();
 * }
 * }</pre>
 *
 * <p>The producer runs only while a consumer waits for a value, inside the consumer's task (in
 * its context, cancelled with it), exactly as an asyncio async generator does.
 *
 * <p>Invariant: the generator is NEW until first asked, then either suspended at a yield (its
 * innermost frame in {@code leaf}, detached from every task), running (its root frame's caller is
 * the consumer's step frame), or FINISHED. At most one consumer step runs at a time.
 *
 * @param <T> the type of the values
 */
public final class Yield<T> {
    static final byte NEW = 0;
    static final byte SUSPENDED = 1;
    static final byte RUNNING = 2;
    static final byte FINISHED = 3;

    /** The producer's coroutine (its root frame). */
    CoroutineFrame<?> root;
    /** While suspended at a yield: the frame that awaited {@link #yield} (the root or a coroutine it awaits). */
    CoroutineFrame<?> leaf;
    /** The value handed out by the last yield, until the consumer takes it. */
    Object item;
    /** Set when the producer yields, cleared by the step that reads it: tells a yield from the producer's end. */
    boolean yielded;
    /** What the next resume delivers at the yield: a sent value, or an exception (athrow, or GeneratorExit). */
    Object sendValue;

    Throwable sendError;
    /** The step awaits this to resume a suspended producer; the producer awaits {@link #yieldPoint} to yield. */
    final Switch resumePoint = new Switch(this, false);

    final Switch yieldPoint = new Switch(this, true);
    byte state;

    Yield() {}

    /**
     * Hands {@code value} to the consumer; await it in the producer's coroutine: {@code
     * await(out.yield(v))}. The await returns what the consumer sends with {@link
     * AsyncGenerator#asend} (null for {@link AsyncGenerator#hasNext}/{@link
     * AsyncGenerator#anext}), or throws what it throws in with {@link AsyncGenerator#athrow}, or
     * {@link GeneratorExit} when it closes the generator (let it out; {@code finally} blocks run).
     *
     * @throws IllegalStateException if the generator is not running (yield is awaited only by its
     *     own producer, while a consumer waits for a value)
     */
    public Awaitable<Object> yield(T value) {
        if (state != RUNNING) {
            throw new IllegalStateException("yield(" + value + ") while the async generator is " + stateName()
                    + ": await out.yield(...) only in the generator's own producer coroutine");
        }
        item = value;
        return yieldPoint;
    }

    String stateName() {
        switch (state) {
            case NEW:
                return "not started";
            case SUSPENDED:
                return "suspended at a yield";
            case RUNNING:
                return "running";
            default:
                return "finished";
        }
    }

    /**
     * The trampoline's part (see Task.run), at a frame suspended on a Switch: for a yield point,
     * detaches the producer's frames from the consumer's task and returns the consumer's step
     * frame to resume; for the resume point, attaches them under the step frame {@code waiting}
     * and returns the frame that awaited the yield, whose resume value is {@link #sendValue} /
     * {@link #sendError} (taken with {@link #takeSent}).
     */
    CoroutineFrame<?> switchAt(Switch point, CoroutineFrame<?> waiting, Task<?> task) {
        waiting.awaiting = null;
        if (point.isYield) {
            CoroutineFrame<?> f = waiting;
            while (f != null && f != root) {
                f = f.caller;
            }
            if (f == null) {
                // Awaited from a coroutine that is not the producer's: fail it there.
                sendValue = null;
                sendError = new IllegalStateException("out.yield(...) of " + root
                        + " was awaited outside the generator's producer coroutine (another task?)");
                return waiting;
            }
            CoroutineFrame<?> step = root.caller;
            root.caller = null;
            step.awaiting = null;
            leaf = waiting;
            yielded = true;
            state = SUSPENDED;
            sendValue = null;
            sendError = null;
            return step;
        }
        CoroutineFrame<?> resumed = leaf;
        leaf = null;
        root.caller = waiting;
        waiting.awaiting = root;
        for (CoroutineFrame<?> f = resumed; f != null; f = f.caller) {
            f.task = task;
        }
        state = RUNNING;
        return resumed;
    }

    /** The value delivered at the resumed yield; the error, if any, is in {@link #sendError}. */
    Object takeSent() {
        Object v = sendValue;
        sendValue = null;
        return v;
    }

    Throwable takeSentError() {
        Throwable e = sendError;
        sendError = null;
        return e;
    }

    /** What a frame awaits to switch between the producer and its consumer within one task, without a loop pass. */
    static final class Switch implements Awaitable<Object> {
        final Yield<?> generator;
        final boolean isYield;

        Switch(Yield<?> generator, boolean isYield) {
            this.generator = generator;
            this.isYield = isYield;
        }

        @Override
        public Future<Object> asFuture() {
            throw new IllegalStateException(
                    "out.yield(...) can only be awaited directly, in the generator's producer coroutine: "
                            + "await(out.yield(v))");
        }

        @Override
        public String toString() {
            return isYield ? "<yield of " + generator.root + ">" : "<resume of " + generator.root + ">";
        }
    }
}
