package io.jasyncio;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** N loops on N threads, and awaiting work on another loop. */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class LoopGroupTest {
    @Test
    void eachLoopRunsOnItsOwnThread() {
        try (LoopGroup group = LoopGroup.start(3, "test-loop")) {
            assertEquals(3, group.size());
            List<String> names = new ArrayList<>();
            for (EventLoop loop : group.loops()) {
                names.add(group.submit(loop, threadName()).join());
            }
            assertEquals(List.of("test-loop-0", "test-loop-1", "test-loop-2"), names);
            assertEquals(group.loop(0), group.next());
            assertEquals(group.loop(1), group.next());
        }
    }

    @Async
    static Coroutine<String> threadName() {
        await(sleep(0));
        return done(Thread.currentThread().getName());
    }

    /** A task of loop 0 awaits a coroutine run on loop 1, and resumes on loop 0. */
    @Test
    void aTaskAwaitsWorkOnAnotherLoopAndResumesOnItsOwn() {
        try (LoopGroup group = LoopGroup.start(2)) {
            List<String> events = group.submit(group.loop(0), callOther(group)).join();
            assertEquals(
                    List.of("caller on jasyncio-loop-0", "work on jasyncio-loop-1", "resumed on jasyncio-loop-0"),
                    events);
        }
    }

    @Async
    static Coroutine<List<String>> callOther(LoopGroup group) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        events.add("caller on " + Thread.currentThread().getName());
        String where = await(group.runOn(group.loop(1), threadName()));
        events.add("work on " + where);
        events.add("resumed on " + Thread.currentThread().getName());
        return done(events);
    }

    @Test
    void anErrorOnTheOtherLoopIsThrownAtTheAwait() {
        try (LoopGroup group = LoopGroup.start(2)) {
            assertEquals(
                    "caught: remote failure",
                    group.submit(group.loop(0), catchRemote(group)).join());
        }
    }

    @Async
    static Coroutine<String> catchRemote(LoopGroup group) {
        try {
            await(group.runOn(group.loop(1), failing()));
            return done("no error");
        } catch (IllegalStateException e) {
            return done("caught: " + e.getMessage());
        }
    }

    @Async
    static Coroutine<Void> failing() {
        await(sleep(0));
        throw new IllegalStateException("remote failure");
    }

    /** Cancelling the awaiting task cancels the remote one: its finally runs on its loop. */
    @Test
    void cancellingTheAwaiterCancelsTheRemoteTask() {
        try (LoopGroup group = LoopGroup.start(2)) {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            String outcome =
                    group.submit(group.loop(0), cancelRemote(group, events)).join();
            assertEquals("awaiter cancelled", outcome);
            // The remote finally ran before this, or runs soon: wait on loop 1 for it.
            group.submit(group.loop(1), untilEvent(events, "remote finally on jasyncio-loop-1"))
                    .join();
            assertEquals(List.of("remote started", "remote finally on jasyncio-loop-1"), events);
        }
    }

    @Async
    static Coroutine<String> cancelRemote(LoopGroup group, List<String> events) {
        Task<Void> awaiter = Asyncio.createTask(awaitForever(group, events));
        while (events.isEmpty()) {
            await(sleep(0.001));
        }
        awaiter.cancel();
        try {
            await(awaiter);
            return done("awaiter finished");
        } catch (CancelledError e) {
            return done("awaiter cancelled");
        }
    }

    @Async
    static Coroutine<Void> awaitForever(LoopGroup group, List<String> events) {
        await(group.runOn(group.loop(1), sleepForever(events)));
        return done();
    }

    @Async
    static Coroutine<Void> sleepForever(List<String> events) {
        events.add("remote started");
        try {
            await(sleep(3600));
        } finally {
            events.add("remote finally on " + Thread.currentThread().getName());
        }
        return done();
    }

    @Async
    static Coroutine<Void> untilEvent(List<String> events, String event) {
        while (!events.contains(event)) {
            await(sleep(0.001));
        }
        return done();
    }

    /** close() cancels what still runs on every loop (finally blocks run) and ends the threads. */
    @Test
    void closeCancelsPendingTasksAndEndsTheThreads() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        LoopGroup group = LoopGroup.start(2);
        group.submit(group.loop(0), sleepForever(events));
        group.submit(group.loop(1), sleepForever(events));
        group.submit(group.loop(0), untilCount(events, 2)).join();
        group.close();
        assertTrue(group.isClosed());
        assertEquals(4, events.size(), events.toString());
        assertTrue(events.contains("remote finally on jasyncio-loop-0"), events.toString());
        assertTrue(events.contains("remote finally on jasyncio-loop-1"), events.toString());
        for (EventLoop loop : group.loops()) {
            assertTrue(loop.isClosed());
        }
        assertThrows(IllegalStateException.class, () -> group.submit(group.loop(0), threadName()));
        group.close(); // idempotent
    }

    @Async
    static Coroutine<Void> untilCount(List<String> events, int n) {
        while (events.size() < n) {
            await(sleep(0.001));
        }
        return done();
    }

    @Test
    void runOnTheCallersOwnLoopIsATask() {
        try (LoopGroup group = LoopGroup.start(2)) {
            assertEquals(
                    "jasyncio-loop-0",
                    group.submit(group.loop(0), onOwnLoop(group)).join());
        }
    }

    @Async
    static Coroutine<String> onOwnLoop(LoopGroup group) {
        Future<String> f = group.runOn(group.loop(0), threadName());
        assertTrue(f instanceof Task, "a task of this loop");
        return done(await(f));
    }

    @Test
    void aGroupNeedsALoop() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoopGroup.start(0));
        assertEquals("a loop group needs at least one loop, got 0", e.getMessage());
    }

    @Test
    void submitFromAPlainThreadFailsWithTheCoroutinesError() {
        try (LoopGroup group = LoopGroup.start(1)) {
            CompletionException e = assertThrows(
                    CompletionException.class,
                    () -> group.submit(group.loop(0), failing()).join());
            assertEquals("remote failure", e.getCause().getMessage());
            assertNotEquals(null, e.getCause());
        }
    }
}
