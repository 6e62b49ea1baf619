package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import io.jasyncio.files.AsyncBinaryFile;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.internal.ResourceExit;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import io.jasyncio.sync.Condition;
import io.jasyncio.sync.Lock;
import io.jasyncio.sync.Semaphore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's {@link AsyncCloseable}s, each closed the way the end of a try-with-resources
 * block closes it ({@link #leave}: what the agent's rewriting of the block does), and the rule of
 * what leaves the block ({@link ResourceExit}).
 */
class AsyncCloseableTest extends TestBase {
    @TempDir
    Path dir;

    /**
     * The end of {@code try (r) { body }} after the body completed ({@code pending} null) or threw
     * {@code pending}: awaits {@code r.aclose(pending)}, then throws what leaves the block.
     */
    @Async
    static Coroutine<Void> leave(AsyncCloseable r, Throwable pending) {
        if (pending == null) {
            await(r.aclose(null));
            return done();
        }
        try {
            await(r.aclose(pending));
        } catch (Throwable x) {
            throw Future.rethrow(ResourceExit.leaving(pending, x));
        }
        throw Future.rethrow(pending);
    }

    /** A block's body, awaited in this task: what it threw, or null if it completed. */
    @Async
    static Coroutine<Throwable> outcome(Awaitable<?> body) {
        try {
            await(body);
        } catch (Throwable e) {
            return done(e);
        }
        return done(null);
    }

    @Async
    Coroutine<String> after(double seconds, String v) {
        await(sleep(seconds));
        return done(v);
    }

    @Async
    Coroutine<String> failAfter(double seconds, String message) {
        await(sleep(seconds));
        throw new IllegalArgumentException(message);
    }

    @Async
    Coroutine<Void> cancelledWorker(int start, int inFinally) {
        expect(start);
        try {
            await(sleep(10));
            throw expectUnreached();
        } finally {
            expect(inFinally);
        }
    }

    // ---- the rule ----

    @Test
    void aFailureThatCarriesThePendingExceptionReplacesIt() {
        IllegalStateException pending = new IllegalStateException("body");
        RuntimeException caused = new RuntimeException("translated", pending);
        assertSame(caused, ResourceExit.leaving(pending, caused));

        RuntimeException holding = new RuntimeException("group");
        RuntimeException inner = new RuntimeException("inner", new RuntimeException("deeper", pending));
        holding.addSuppressed(inner);
        assertSame(holding, ResourceExit.leaving(pending, holding));

        assertSame(pending, ResourceExit.leaving(pending, pending));
        assertEquals(0, pending.getSuppressed().length); // no self-suppression
    }

    @Test
    void anIndependentFailureIsSuppressedAsJavaDoes() {
        IllegalStateException pending = new IllegalStateException("body");
        IOException closing = new IOException("disk");
        assertSame(pending, ResourceExit.leaving(pending, closing));
        assertArrayEquals(new Throwable[] {closing}, pending.getSuppressed());
    }

    @Test
    void aCancellationWhileClosingIsNotLost() {
        IllegalStateException pending = new IllegalStateException("body");
        CancelledError cancelled = new CancelledError();
        assertSame(cancelled, ResourceExit.leaving(pending, cancelled));
        assertArrayEquals(new Throwable[] {pending}, cancelled.getSuppressed());
    }

    @Test
    void carriesSurvivesCycles() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.addSuppressed(b);
        assertTrue(ResourceExit.carries(a, b));
        assertFalse(ResourceExit.carries(a, new RuntimeException("c")));
    }

    // ---- TaskGroup ----

    @Async
    Coroutine<Void> groupWaitsForItsTasks() {
        List<Task<String>> tasks = new ArrayList<>();
        TaskGroup tg = taskGroup();
        tasks.add(tg.createTask(after(0.02, "x")));
        tasks.add(tg.createTask(after(0.01, "y")));
        assertEquals("y", await(tasks.get(1))); // the body awaits
        await(leave(tg, null));
        for (Task<String> t : tasks) {
            assertTrue(t.done());
        }
        assertThrows(IllegalStateException.class, () -> tg.createTask(after(0, "late")));
        assertThrows(IllegalStateException.class, () -> tg.aclose(null));
        return done();
    }

    @Test
    void taskGroupCloseWaitsForEveryTask() {
        runTest(groupWaitsForItsTasks());
    }

    @Async
    Coroutine<Void> taskFailsWhileBodyAwaits() {
        expect(1);
        TaskGroup tg = taskGroup();
        tg.createTask(cancelledWorker(2, 3));
        tg.createTask(failAfter(0.01, "boom"));
        Throwable pending = await(outcome(sleep(10)));
        expect(4); // the body is cancelled too when a task fails
        assertInstanceOf(CancelledError.class, pending);
        try {
            await(leave(tg, pending));
            throw expectUnreached();
        } catch (ExceptionGroup e) {
            expect(5);
            assertEquals(List.of("boom"), messages(e.exceptions()));
            assertTrue(ResourceExit.carries(e, pending), "the body's cancellation is kept in the group");
        }
        assertEquals(0, currentTask().cancelling()); // the group's cancellation of this task was withdrawn
        await(sleep(0.001)); // this task goes on normally
        return done();
    }

    @Test
    void aFailingTaskCancelsTheBodyAndTheGroupIsRaised() {
        runTest(taskFailsWhileBodyAwaits());
        finish(6);
    }

    @Async
    Coroutine<Void> bodyThrows() {
        TaskGroup tg = taskGroup();
        tg.createTask(cancelledWorker(1, 2));
        await(sleep(0)); // let the worker start
        IllegalArgumentException pending = new IllegalArgumentException("body");
        try {
            await(leave(tg, pending));
            throw expectUnreached();
        } catch (ExceptionGroup e) {
            expect(3);
            assertEquals(List.of(pending), e.exceptions());
        }
        return done();
    }

    @Test
    void aFailingBodyCancelsTheTasksAndJoinsTheGroup() {
        runTest(bodyThrows());
        finish(4);
    }

    @Async
    Coroutine<Void> groupInTask() {
        TaskGroup tg = taskGroup();
        tg.createTask(cancelledWorker(1, 3));
        Throwable pending = await(outcome(sleep(10)));
        await(leave(tg, pending));
        throw expectUnreached();
    }

    @Async
    Coroutine<Void> parentCancelled() {
        Task<Void> t = createTask(groupInTask());
        await(sleep(0.01));
        expect(2);
        t.cancel();
        try {
            await(t);
            throw expectUnreached();
        } catch (CancelledError e) {
            expect(4); // after the group's tasks were cancelled and done
        }
        assertTrue(t.cancelled());
        return done();
    }

    @Test
    void cancellingTheBodyFromOutsideCancelsTheGroup() {
        runTest(parentCancelled());
        finish(5);
    }

    @Test
    void aGroupNeedsATask() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::taskGroup);
        assertTrue(e.getMessage().contains("cannot determine the parent task"), e.getMessage());
    }

    @Async
    Coroutine<Void> runGroupIsNotClosedByHand() {
        TaskGroup[] kept = new TaskGroup[1];
        await(taskGroup(tg -> {
            kept[0] = tg;
            return done();
        }));
        assertThrows(IllegalStateException.class, () -> kept[0].aclose(null));
        return done();
    }

    @Test
    void aGroupOfRunIsLeftByItsBody() {
        runTest(runGroupIsNotClosedByHand());
    }

    // ---- Timeout ----

    @Async
    Coroutine<Void> timeoutExpires() {
        Timeout t = timeout(0.01).enter();
        Throwable pending = await(outcome(sleep(10)));
        assertInstanceOf(CancelledError.class, pending);
        try {
            await(leave(t, pending));
            throw expectUnreached();
        } catch (TimeoutError e) {
            expect(1);
            assertSame(pending, e.getCause());
        }
        assertTrue(t.expired());
        assertEquals(0, currentTask().cancelling());
        assertThrows(IllegalStateException.class, () -> t.aclose(null)); // left already
        return done();
    }

    @Test
    void timeoutTurnsItsCancellationIntoTimeoutError() {
        runTest(timeoutExpires());
        finish(2);
    }

    @Async
    Coroutine<Void> timeoutInTime() {
        Timeout t = timeout(10).enter();
        await(sleep(0));
        t.reschedule(getRunningLoop().time() + 20); // more time, please
        await(leave(t, null));
        assertFalse(t.expired());
        assertThrows(IllegalStateException.class, () -> t.reschedule(0)); // left

        Timeout soon = timeout(0.01).enter();
        await(leave(soon, null));
        await(sleep(0.05)); // past the deadline, which left with the block: not cancelled

        IllegalStateException other = new IllegalStateException("body");
        Timeout u = timeout(10).enter();
        try {
            await(leave(u, other));
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertSame(other, e); // not expired: the body's exception leaves as it is
        }
        return done();
    }

    @Test
    void timeoutInTimeLeavesQuietly() {
        runTest(timeoutInTime());
    }

    @Async
    Coroutine<Void> timeoutMisuse() {
        Timeout t = timeout(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.aclose(null));
        assertTrue(e.getMessage().contains("enter()"), e.getMessage());
        t.enter();
        assertThrows(IllegalStateException.class, t::enter);
        await(t.aclose());
        return done();
    }

    @Test
    void aTimeoutMustBeEnteredOnce() {
        runTest(timeoutMisuse());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Timeout.at(1).enter());
        assertEquals("Timeout should be used inside a task", e.getMessage());
    }

    @Async
    Coroutine<Void> timeoutWithLambdas() {
        assertEquals("worked", await(timeout(1, () -> after(0.01, "worked"))));
        AsyncSupplier<String> slow = () -> {
            expect(2); // called when the timeout coroutine is awaited, under its deadline
            return after(10, "never");
        };
        Coroutine<String> guarded = timeout(0.01, slow);
        expect(1);
        try {
            await(guarded);
            throw expectUnreached();
        } catch (TimeoutError e) {
            expect(3);
        }
        Timeout t = timeout(1);
        assertEquals("object", await(t.run(() -> after(0, "object"))));
        return done();
    }

    @Test
    void timeoutGuardsAnAsyncLambda() {
        runTest(timeoutWithLambdas());
        finish(4);
    }

    // ---- locks ----

    @Async
    Coroutine<Void> locksRelease() {
        Lock lock = new Lock();
        await(lock.acquire());
        await(leave(lock, null));
        assertFalse(lock.locked());
        assertThrows(IllegalStateException.class, () -> lock.aclose(null)); // not acquired

        Semaphore permits = new Semaphore(2);
        await(permits.acquire());
        await(permits.acquire());
        assertTrue(permits.locked());
        IllegalStateException body = new IllegalStateException("body");
        try {
            await(leave(permits, body));
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertSame(body, e);
        }
        assertFalse(permits.locked());

        Condition condition = new Condition();
        await(condition.acquire());
        await(leave(condition, null));
        assertFalse(condition.locked());

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, lock::close);
        assertTrue(e.getMessage().contains("await(x.aclose())"), e.getMessage());
        return done();
    }

    @Test
    void locksAndSemaphoresReleaseOnClose() {
        runTest(locksRelease());
    }

    // ---- files ----

    @Async
    Coroutine<Void> filesClose() throws IOException {
        Path p = dir.resolve("notes.txt");
        AsyncFile f = await(AsyncFiles.open(p.toString(), "w"));
        await(f.write("hello\n"));
        await(leave(f, null));
        assertTrue(f.isClosed());
        assertEquals("hello\n", Files.readString(p, StandardCharsets.UTF_8));

        AsyncBinaryFile b = await(AsyncFiles.openBinary(p.toString(), "rb"));
        IllegalStateException body = new IllegalStateException("body");
        try {
            await(leave(b, body));
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertSame(body, e);
        }
        assertTrue(b.isClosed());
        await(b.aclose()); // again: completed at once
        assertThrows(UnsupportedOperationException.class, b::close);
        return done();
    }

    @Test
    void filesCloseAndTheBodysExceptionLeaves() throws IOException {
        runTest(filesClose());
    }

    // ---- streams ----

    @Async
    static Coroutine<Void> greet(StreamReader reader, StreamWriter writer) {
        writer.write("hi\n".getBytes(StandardCharsets.US_ASCII));
        await(leave(writer, null)); // closes and waits until the socket is closed
        assertTrue(writer.isClosing());
        return done();
    }

    @Async
    Coroutine<Void> streamsClose() {
        Server server = await(Streams.startServer(AsyncCloseableTest::greet, "127.0.0.1", 0));
        int port = server.addresses().get(0).getPort();
        Connection c = await(Streams.openConnection("127.0.0.1", port));
        assertEquals("hi\n", new String(await(c.reader().readline()), StandardCharsets.US_ASCII));
        assertEquals(0, await(c.reader().read()).length); // the server's writer closed
        await(leave(c, null));
        assertTrue(c.writer().isClosing());
        await(leave(server, null)); // returns once the server and its connections are closed
        assertFalse(server.isServing());
        assertEquals(0, server.connectionCount());
        return done();
    }

    @Test
    void writersConnectionsAndServersCloseAndWait() {
        runTest(streamsClose());
    }

    @Async
    Coroutine<Void> connectionFailureWhileBodyFailed() {
        Server server = await(Streams.startServer(AsyncCloseableTest::greet, "127.0.0.1", 0));
        int port = server.addresses().get(0).getPort();
        Connection c = await(Streams.openConnection("127.0.0.1", port));
        IllegalStateException body = new IllegalStateException("body");
        try {
            await(leave(c, body));
            throw expectUnreached();
        } catch (IllegalStateException e) {
            assertSame(body, e);
            // Closing went fine: nothing is attached.
            assertEquals(List.of(), Arrays.stream(e.getSuppressed()).collect(Collectors.toList()));
        }
        await(server.aclose());
        return done();
    }

    @Test
    void aConnectionClosedAfterAFailingBodyLetsTheFailureOut() {
        runTest(connectionFailureWhileBodyFailed());
    }

    private static List<String> messages(List<Throwable> errors) {
        return errors.stream().map(Throwable::getMessage).collect(Collectors.toList());
    }
}
