package io.jasyncio.sync;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/**
 * A flag tasks can wait for; asyncio's {@code Event}. It starts cleared; {@link #set()} wakes
 * every waiting task, and tasks that wait while it is set do not wait at all.
 *
 * <pre>{@code
 * Event ready = new Event();
 *
 * @Async
 * Coroutine<Void> consumer() {
 *     await(ready.await());        // suspends until some task calls ready.set()
 *     System.out.println("ready");
 *     return done();
 * }
 * }</pre>
 *
 * <p>asyncio's {@code wait()} is named {@link #await()} here, as in {@code
 * java.util.concurrent}: {@code Object.wait()} is final. A task cancelled while waiting leaves no
 * trace.
 */
public final class Event {
    private final Waiters waiters = new Waiters(() -> {});
    private boolean value;

    /** Creates a cleared event. */
    public Event() {}

    /** True if the event is set. */
    public boolean isSet() {
        return value;
    }

    /** Sets the event and wakes every task waiting for it. Does nothing if already set. */
    public void set() {
        if (!value) {
            value = true;
            waiters.wakeAll();
        }
    }

    /** Clears the event: tasks that wait from now on wait for the next {@link #set()}. */
    public void clear() {
        value = false;
    }

    /**
     * Waits until the event is set; asyncio's {@code wait()}. Returns at once if it is set. A task
     * woken by {@link #set()} returns even if the event was cleared again before it ran.
     *
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting
     */
    @Async
    public Coroutine<Void> await() {
        if (!value) {
            Asyncio.await(waiters.park());
        }
        return done();
    }

    @Override
    public String toString() {
        return "<Event [" + (value ? "set" : "unset") + ", waiters:" + waiters.size() + "]>";
    }
}
