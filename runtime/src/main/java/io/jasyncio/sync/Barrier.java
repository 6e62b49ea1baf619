package io.jasyncio.sync;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * A meeting point for a fixed number of tasks; asyncio's {@code Barrier}. Each task calls {@link
 * #await()}; the first {@code parties - 1} wait, and the last one's arrival releases them all.
 * The barrier then drains (every released task leaves) and can be used again.
 *
 * <pre>{@code
 * Barrier ready = new Barrier(3);
 *
 * @Async
 * Coroutine<Void> worker(int id) {
 *     await(prepare(id));
 *     int arrival = await(ready.await());   // 0, 1 or 2: the order the three workers arrived in
 *     await(work(id));                      // no worker starts before all three have prepared
 *     return done();
 * }
 * }</pre>
 *
 * <p>States, as in asyncio: FILLING (tasks gather), DRAINING (released tasks leave; newcomers
 * wait for the next round), RESETTING (a {@link #reset()} while tasks were waiting; they leave
 * with {@link BrokenBarrierError}, then the barrier fills again) and BROKEN (after {@link
 * #abort()}; every wait fails until {@link #reset()}). A task cancelled while waiting leaves
 * without breaking the barrier: it just no longer counts as arrived.
 */
public final class Barrier {
    private enum State {
        FILLING,
        DRAINING,
        RESETTING,
        BROKEN
    }

    private final Condition cond = new Condition();
    private final int parties;
    private State state = State.FILLING;
    /** Tasks inside {@link #await()}: arrived and waiting, or released and not yet gone. */
    private int count;

    /**
     * Creates a barrier for {@code parties} tasks.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} tasks have arrived; asyncio's {@code wait()}. Returns this
     * task's arrival index, from 0 for the first to {@code parties - 1} for the one that released
     * the others. A task arriving while the barrier drains or resets waits for the next round.
     *
     * @throws BrokenBarrierError if the barrier is broken, or is aborted or reset while the task waits
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting
     */
    @Async
    public Coroutine<Integer> await() {
        Asyncio.await(cond.acquire());
        try {
            Asyncio.await(cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING));
            if (state == State.BROKEN) {
                throw new BrokenBarrierError("Barrier aborted");
            }
            int index = count;
            count++;
            try {
                if (index + 1 == parties) {
                    state = State.DRAINING;
                    cond.signalAll();
                } else {
                    Asyncio.await(cond.waitFor(() -> state != State.FILLING));
                    if (state == State.BROKEN || state == State.RESETTING) {
                        throw new BrokenBarrierError("Abort or reset of barrier");
                    }
                }
                return done(index);
            } finally {
                count--;
                if (count == 0) {
                    if (state == State.RESETTING || state == State.DRAINING) {
                        state = State.FILLING;
                    }
                    cond.signalAll();
                }
            }
        } finally {
            cond.release();
        }
    }

    /**
     * Returns the barrier to its empty, filling state; waiting tasks get {@link
     * BrokenBarrierError}. Also repairs a broken barrier.
     */
    @Async
    public Coroutine<Void> reset() {
        Asyncio.await(cond.acquire());
        try {
            state = count > 0 ? State.RESETTING : State.FILLING;
            cond.signalAll();
        } finally {
            cond.release();
        }
        return done();
    }

    /** Breaks the barrier: waiting tasks and every later {@link #await()} get {@link BrokenBarrierError}. */
    @Async
    public Coroutine<Void> abort() {
        Asyncio.await(cond.acquire());
        try {
            state = State.BROKEN;
            cond.signalAll();
        } finally {
            cond.release();
        }
        return done();
    }

    /** The number of tasks needed to pass the barrier. */
    public int parties() {
        return parties;
    }

    /** The number of tasks waiting at the barrier while it fills; asyncio's {@code n_waiting}. */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** True if the barrier is broken ({@link #abort()}). */
    public boolean broken() {
        return state == State.BROKEN;
    }

    @Override
    public String toString() {
        return "<Barrier [" + state.name().toLowerCase() + ", waiters:" + nWaiting() + "/" + parties + "]>";
    }
}
