package io.jasyncio;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.annotation.Async;
import io.jasyncio.internal.StateMachine;
import io.jasyncio.sync.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A stream of values produced on demand by an {@code @Async} method: Python's async generator
 * ({@code async def} with {@code yield}), consumed with a loop that plays {@code async for}.
 *
 * <pre>{@code
 * AsyncGenerator<Integer> numbers = AsyncGenerator.of(out -> numbers(out, 5)); // see Yield
 * try {
 *     while (await(numbers.hasNext())) {     // async for n in numbers:
 *         int n = numbers.next();
 *         if (n == 2) break;
 *     }
 * } finally {
 *     await(numbers.aclose());               // the producer's finally blocks run now
 * }
 * }</pre>
 *
 * <p>The producer runs only when the consumer asks for a value ({@link #hasNext}, {@link #anext},
 * {@link #asend}, {@link #athrow}), inside the consumer's task, up to its next {@link
 * Yield#yield} or its end; handing a value over takes no pass of the loop. So, as in asyncio:
 * an exception of the producer is thrown at the consumer's await and finishes the generator;
 * cancelling the consumer while the producer runs throws {@link CancelledError} into the
 * producer (its {@code finally} blocks run) and finishes it; the producer sees the consumer's
 * {@link Context}. A generator left suspended at a yield is closed by {@link Asyncio#run} when
 * the main coroutine ends ({@code shutdown_asyncgens}); close it yourself in a {@code finally}
 * when you stop early, as {@code contextlib.aclosing} does.
 *
 * <p>One step at a time: asking while another step of the same generator runs (from another
 * task) throws {@link IllegalStateException}, as Python's "asynchronous generator is already
 * running".
 *
 * @param <T> the type of the values
 */
public final class AsyncGenerator<T> {
    private static final Coroutine<Boolean> TRUE = CoroutineFrame.completed(true);
    private static final Coroutine<Boolean> FALSE = CoroutineFrame.completed(false);

    // What a step frame does, kept in its label until it first runs; then RESUMED.
    private static final int HAS_NEXT = 0;
    private static final int ANEXT = 1;
    private static final int ASEND = 2;
    private static final int ATHROW = 3;
    private static final int ACLOSE = 4;
    /** RESUMED + the operation: the step has run the producer and is resumed when it yields or ends. */
    private static final int RESUMED = 8;

    private static final String[] OPERATION = {"hasNext", "anext", "asend", "athrow", "aclose"};

    private final Yield<T> producer;
    /** One body for every step frame of this generator: a capture made once, not per step. */
    private final StateMachine step = this::step;
    /** The item fetched by hasNext() that next() has not taken yet. */
    private boolean itemReady;

    private T item;

    private AsyncGenerator(Yield<T> producer) {
        this.producer = producer;
    }

    /**
     * The generator whose values {@code producer} yields: {@code producer} is called now with
     * the {@link Yield} to await, and returns the producer's coroutine, which does not start
     * before the first value is asked for. Typically {@code AsyncGenerator.of(out ->
     * numbers(out, 10))} for an {@code @Async} method {@code numbers(Yield<Integer> out, int n)}.
     *
     * @throws IllegalArgumentException if {@code producer} returns something other than a fresh
     *     coroutine of an {@code @Async} method
     */
    public static <T> AsyncGenerator<T> of(Function<? super Yield<T>, ? extends Coroutine<?>> producer) {
        Yield<T> out = new Yield<>();
        Coroutine<?> coro = producer.apply(out);
        if (!(coro instanceof CoroutineFrame) || ((CoroutineFrame<?>) coro).madeByDone()) {
            throw new IllegalArgumentException("the producer of an AsyncGenerator must return the coroutine of an"
                    + " @Async method that awaits out.yield(...), got " + coro);
        }
        CoroutineFrame<?> root = (CoroutineFrame<?>) coro;
        if (root.state != CoroutineFrame.NEW || root.caller != null || root.task != null) {
            throw new IllegalStateException("cannot reuse already awaited coroutine " + root);
        }
        UnawaitedCoroutines.claimed(root); // run by the generator's first step, if ever: no report
        out.root = root;
        return new AsyncGenerator<>(out);
    }

    /** A generator of {@code values}, in order: {@code async for} over an ordinary collection. */
    public static <T> AsyncGenerator<T> from(Iterable<? extends T> values) {
        if (values == null) {
            throw new NullPointerException("values");
        }
        return of(out -> each(out, values));
    }

    @Async
    private static <T> Coroutine<Void> each(Yield<T> out, Iterable<? extends T> values) {
        for (T v : values) {
            await(out.yield(v));
        }
        return done();
    }

    /**
     * The awaitables in the order they complete, as a stream of the awaitables themselves (each
     * done when handed out; a coroutine is handed out as the task it was wrapped in): Python
     * 3.13's {@code async for t in asyncio.as_completed(aws)}. Coroutines are wrapped in tasks
     * now. Once {@code timeoutSeconds} have passed ({@code Double.POSITIVE_INFINITY}: no limit),
     * the next await throws {@link TimeoutError} (the awaitables are not cancelled).
     */
    public static <T> AsyncGenerator<Future<T>> asCompleted(
            Iterable<? extends Awaitable<? extends T>> awaitables, double timeoutSeconds) {
        EventLoop loop = Asyncio.getEventLoop();
        Queue<Future<T>> finished = new Queue<>();
        int count = 0;
        for (Awaitable<? extends T> aw : awaitables) {
            if (aw == null) {
                throw new NullPointerException("asCompleted: awaitable #" + count + " is null");
            }
            @SuppressWarnings("unchecked")
            Future<T> f = (Future<T>) loop.ensureFuture(aw);
            f.addCallback((java.util.function.Consumer<Future<T>>) finished::putNowait);
            count++;
        }
        int total = count;
        double deadline =
                timeoutSeconds == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : loop.time() + timeoutSeconds;
        return of(out -> completing(out, finished, total, deadline));
    }

    /** As {@link #asCompleted(Iterable, double)} without a time limit. */
    public static <T> AsyncGenerator<Future<T>> asCompleted(Iterable<? extends Awaitable<? extends T>> awaitables) {
        return asCompleted(awaitables, Double.POSITIVE_INFINITY);
    }

    @Async
    private static <T> Coroutine<Void> completing(
            Yield<Future<T>> out, Queue<Future<T>> finished, int total, double deadline) {
        for (int i = 0; i < total; i++) {
            Future<T> next = await(Asyncio.timeoutAt(deadline).run(finished.get()));
            await(out.yield(next));
        }
        return done();
    }

    /**
     * This generator's values, each of which must come within {@code seconds} of being asked
     * for: when one takes longer, the producer is cancelled where it waits (its {@code finally}
     * blocks run), and the await of the consumer throws {@link TimeoutError}. {@code async for x
     * in agen: async with asyncio.timeout(seconds): ...} around each {@code anext}.
     */
    public AsyncGenerator<T> withItemTimeout(double seconds) {
        AsyncGenerator<T> source = this;
        return of(out -> timed(out, source, seconds));
    }

    @Async
    private static <T> Coroutine<Void> timed(Yield<T> out, AsyncGenerator<T> source, double seconds) {
        try {
            while (await(Asyncio.timeout(seconds, source.hasNext()))) {
                await(out.yield(source.next()));
            }
        } finally {
            await(source.aclose());
        }
        return done();
    }

    /** All the remaining values, in a list: Python's {@code [x async for x in agen]}. */
    public Coroutine<List<T>> toList() {
        return collect(this);
    }

    @Async
    private static <T> Coroutine<List<T>> collect(AsyncGenerator<T> g) {
        List<T> values = new ArrayList<>();
        while (await(g.hasNext())) {
            values.add(g.next());
        }
        return done(values);
    }

    // ---- async for ----

    /**
     * Runs the producer to its next value: completes with true if there is one (take it with
     * {@link #next()}), false once the producer has ended. If a value fetched earlier was not
     * taken yet, completes with true at once. The producer's exception is thrown here.
     */
    public Coroutine<Boolean> hasNext() {
        if (itemReady) {
            return TRUE;
        }
        if (producer.state == Yield.FINISHED) {
            return FALSE;
        }
        return stepFrame(HAS_NEXT, null);
    }

    /**
     * The value the last {@link #hasNext()} fetched.
     *
     * @throws NoSuchElementException if {@code hasNext()} did not complete with true since the last {@code next()}
     */
    public T next() {
        if (!itemReady) {
            throw new NoSuchElementException(
                    "next() without a value: await(hasNext()) first, and call next()" + " once per true it gives");
        }
        itemReady = false;
        T v = item;
        item = null;
        return v;
    }

    // ---- Python's protocol ----

    /**
     * Runs the producer to its next value and completes with it: Python's {@code anext(agen)}.
     * A value fetched by {@link #hasNext()} and not taken yet is given first.
     *
     * @throws StopAsyncIteration (from the await) when the producer has ended
     */
    public Coroutine<T> anext() {
        if (itemReady) {
            return CoroutineFrame.completed(next());
        }
        return stepFrame(ANEXT, null);
    }

    /**
     * Resumes the producer with {@code value} as the result of its pending {@code
     * await(out.yield(...))}, and completes with the next value it yields: Python's {@code
     * asend}. {@code asend(null)} is {@link #anext()}.
     *
     * @throws StopAsyncIteration (from the await) when the producer ends instead of yielding
     * @throws IllegalArgumentException (from the await) if a value other than null is sent to a
     *     generator that has not started yet
     */
    public Coroutine<T> asend(Object value) {
        return stepFrame(ASEND, value);
    }

    /**
     * Throws {@code exception} into the producer at its pending yield, and completes with the
     * next value it yields if it catches it: Python's {@code athrow}. A generator that has not
     * started, or has ended, does not run: the await throws {@code exception} (not started, which
     * also finishes it) or {@link StopAsyncIteration} (ended).
     */
    public Coroutine<T> athrow(Throwable exception) {
        if (exception == null) {
            throw new NullPointerException("exception");
        }
        return stepFrame(ATHROW, exception);
    }

    /**
     * Closes the generator: throws {@link GeneratorExit} into the producer at its pending yield,
     * so its {@code finally} blocks run (they may await), and completes when it has ended;
     * Python's {@code aclose}. A generator that has not started is finished without running;
     * closing a finished generator does nothing.
     *
     * @throws IllegalStateException (from the await) if the producer yields again instead of
     *     ending ("async generator ignored GeneratorExit")
     */
    public Coroutine<Void> aclose() {
        return stepFrame(ACLOSE, null);
    }

    /** True once the producer has ended (returned, thrown, or been closed). */
    public boolean isFinished() {
        return producer.state == Yield.FINISHED;
    }

    @Override
    public String toString() {
        return "<AsyncGenerator " + producer.root.methodName() + " " + producer.stateName() + ">";
    }

    // ---- the step ----

    @SuppressWarnings("unchecked")
    private <R> Coroutine<R> stepFrame(int operation, Object argument) {
        CoroutineFrame<R> f = new CoroutineFrame<>(
                step, "io.jasyncio.AsyncGenerator." + OPERATION[operation] + "(AsyncGenerator.java)");
        f.label = operation;
        f.setStartArgument(argument);
        return f;
    }

    /**
     * The hand-written state machine of one step: at its start (label = the operation), checks
     * the generator's state, then starts the producer as a child, or awaits the resume point (the
     * task's trampoline attaches the producer's frames and resumes them); resumed (RESUMED) when
     * the producer has yielded or ended, it gives the operation's result.
     */
    private Object step(CoroutineFrame<?> f) {
        Yield<T> g = producer;
        if (f.label >= RESUMED) {
            int operation = f.label - RESUMED;
            try {
                f.resumeValue(); // the producer's result: nothing, an async generator returns no value
            } catch (Throwable e) {
                return ended(operation, e);
            }
            return g.yielded ? yielded(operation) : ended(operation, null);
        }
        int operation = f.label;
        Object argument = f.takeStartArgument();
        if (g.state == Yield.RUNNING) {
            throw new IllegalStateException(OPERATION[operation] + "(): asynchronous generator is already running");
        }
        if (g.state == Yield.FINISHED) {
            return finishedResult(operation);
        }
        if (operation == HAS_NEXT && itemReady) {
            return Boolean.TRUE;
        }
        if (g.state == Yield.NEW) {
            if (operation == ASEND && argument != null) {
                throw new IllegalArgumentException(
                        "can't send non-null value to a just-started async generator: send null (or call anext) first");
            }
            if (operation == ATHROW || operation == ACLOSE) {
                g.state = Yield.FINISHED;
                if (operation == ATHROW) {
                    throw Future.rethrow((Throwable) argument);
                }
                return null;
            }
            g.state = Yield.RUNNING;
            f.task.loop.asyncGeneratorStarted(this);
            f.label = RESUMED + operation;
            Object r;
            try {
                r = f.await(g.root);
            } catch (Throwable e) {
                return ended(operation, e);
            }
            if (r == CoroutineFrame.SUSPENDED) {
                return r;
            }
            return g.yielded ? yielded(operation) : ended(operation, null);
        }
        // Suspended at a yield: deliver the operation's value there.
        if (operation == ATHROW) {
            g.sendError = (Throwable) argument;
        } else if (operation == ACLOSE) {
            g.sendError = new GeneratorExit();
        } else {
            g.sendValue = argument;
        }
        g.state = Yield.RUNNING;
        f.label = RESUMED + operation;
        return f.await(g.resumePoint);
    }

    /** The producer awaited a yield: the operation's result. */
    private Object yielded(int operation) {
        Yield<T> g = producer;
        g.yielded = false;
        @SuppressWarnings("unchecked")
        T value = (T) g.item;
        g.item = null;
        switch (operation) {
            case ACLOSE:
                throw new IllegalStateException("async generator ignored GeneratorExit: " + g.root + " yielded " + value
                        + " while being closed; let GeneratorExit out of the producer");
            case HAS_NEXT:
                item = value;
                itemReady = true;
                return Boolean.TRUE;
            default:
                return value;
        }
    }

    /** The producer returned ({@code error} null) or threw: the generator is finished; the operation's result. */
    private Object ended(int operation, Throwable error) {
        producer.state = Yield.FINISHED;
        producer.yielded = false;
        producer.item = null;
        if (error instanceof GeneratorExit && operation == ACLOSE) {
            return null;
        }
        if (error instanceof StopAsyncIteration) {
            throw new IllegalStateException("async generator raised StopAsyncIteration", error);
        }
        if (error != null) {
            throw Future.rethrow(error);
        }
        return finishedResult(operation);
    }

    private static Object finishedResult(int operation) {
        switch (operation) {
            case HAS_NEXT:
                return Boolean.FALSE;
            case ACLOSE:
                return null;
            default:
                throw new StopAsyncIteration();
        }
    }
}
