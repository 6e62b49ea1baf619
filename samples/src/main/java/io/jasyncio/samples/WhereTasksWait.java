package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import io.jasyncio.sync.Lock;

/**
 * A program to look at from outside: three tasks wait (one sleeps, one waits for a lock, main
 * waits for both) for a minute. While it runs, {@code java -jar agent/target/jasyncio-agent.jar
 * ps <pid>} prints where each task waits, and {@code pstree <pid>} which task awaits which;
 * Python 3.14's {@code python -m asyncio ps} / {@code pstree}.
 */
public class WhereTasksWait {
    @Async
    static Coroutine<Void> sleeper() {
        await(sleep(60));
        return done();
    }

    @Async
    static Coroutine<Void> locked(Lock lock) {
        await(lock.acquire());
        lock.release();
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        Lock lock = new Lock();
        await(lock.acquire()); // held by main: the other task waits for it
        Task<Void> sleeping = createTask(sleeper(), "sleeper");
        Task<Void> waiting = createTask(locked(lock), "waiting-for-lock");
        await(sleep(0));
        System.out.println("ready: java -jar agent/target/jasyncio-agent.jar ps "
                + ProcessHandle.current().pid());
        await(gather(sleeping, waiting));
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
