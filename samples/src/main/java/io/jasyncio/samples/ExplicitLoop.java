package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getEventLoop;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.annotation.Async;

/**
 * Managing the event loop by hand, in a {@code try} block (asyncio's introductory examples, "Event Loops"), instead of
 * {@code asyncio.run}.
 *
 * <pre>{@code
 * from asyncio import AbstractEventLoop
 * import asyncio
 *
 * # Instantiate the loop
 * loop: AbstractEventLoop = asyncio.get_event_loop()
 *
 * # Run the loop in a `try` bloc
 * try:
 *     loop.is_running()    # Returns `True`
 *     loop.run_until_complete(main())
 * finally:
 *     loop.close()
 *     loop.is_closed()    # Returns `True`
 * }</pre>
 *
 * The first comment is wrong in Python too: before {@code run_until_complete} nothing runs
 * the loop, so {@code is_running()} is false; it is true only while the loop runs, which
 * {@code main} shows from inside.
 */
public class ExplicitLoop {
    @Async
    static Coroutine<Void> main() {
        System.out.println("main: loop.isRunning() = " + getRunningLoop().isRunning());
        await(sleep(0.1));
        System.out.println("main: done");
        return done();
    }

    public static void main(String[] args) {
        // Instantiate the loop
        EventLoop loop = getEventLoop();

        // Run the loop in a try block
        try {
            System.out.println("loop.isRunning() = " + loop.isRunning());
            loop.runUntilComplete(main());
            System.out.println("loop.isRunning() = " + loop.isRunning());
        } finally {
            loop.close();
            System.out.println("loop.isClosed() = " + loop.isClosed());
        }
    }
}
