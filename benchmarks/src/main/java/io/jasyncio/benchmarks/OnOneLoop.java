package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state of a benchmark whose jasyncio program runs on one event loop for the whole trial:
 * {@link #loop} is opened before the trial and closed after it (JMH runs a superclass's
 * {@code @Setup} and {@code @TearDown} methods for its {@code @State} subclasses).
 */
public abstract class OnOneLoop {
    /** The loop each jasyncio benchmark method runs its program on. */
    protected EventLoop loop;

    @Setup(Level.Trial)
    public void openLoop() {
        loop = io.jasyncio.Asyncio.newEventLoop();
    }

    @TearDown(Level.Trial)
    public void closeLoop() {
        loop.close();
    }
}
