package io.jasyncio.test;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The {@code @AsyncTest} extension, through JUnit itself: each fixture class below is run by
 * EngineTestKit and its events asserted, failures included. (Fixtures are nested classes, which
 * Surefire does not run on their own.)
 */
class AsyncTestExtensionTest {
    static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .execute();
    }

    /** The one test of {@code fixture}'s results, which must have failed; its exception. */
    static Throwable onlyFailure(EngineExecutionResults results) {
        Events tests = results.testEvents();
        assertEquals(1, tests.started().count(), describe(tests));
        assertEquals(1, tests.failed().count(), describe(tests));
        return tests.failed().stream()
                .findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    static String describe(Events events) {
        return events.stream().map(Event::toString).collect(Collectors.joining("\n"));
    }

    // ---- passing tests ----

    static class Passing {
        static final List<String> seen = new ArrayList<>();
        String setUp;

        @BeforeEach
        void setUp(VirtualTimeLoop vt, EventLoop loop) {
            assertSame(vt.loop(), loop);
            assertEquals(0.0, vt.time());
            setUp = "set up on " + (getEventLoop() == loop ? "the test's loop" : "another loop");
        }

        @AsyncTest(timeout = 7200)
        @Async
        Coroutine<Void> sleepsAnHour(VirtualTimeLoop vt, TestInfo info) {
            await(sleep(3600));
            assertEquals(3600.0, getRunningLoop().time());
            assertSame(vt, VirtualTimeLoop.current());
            seen.add(info.getDisplayName() + ": " + setUp);
            return done();
        }

        @AsyncTest
        @Async
        @DisplayName("a named one")
        Coroutine<Integer> returnsAValueAndAwaitsATask() {
            Task<String> child = createTask(later("child", 2));
            assertEquals("child", await(child));
            seen.add("named at " + getRunningLoop().time());
            return done(7);
        }

        @Async
        Coroutine<String> later(String v, double seconds) {
            await(sleep(seconds));
            return done(v);
        }
    }

    @org.junit.jupiter.api.Test
    void passingTestsPassWithTheirParametersAndBeforeEach() {
        Passing.seen.clear();
        Events tests = run(Passing.class).testEvents();
        assertEquals(2, tests.started().count(), describe(tests)); // each is one test, not a container
        assertEquals(2, tests.succeeded().count(), describe(tests));
        assertEquals(
                Set.of("sleepsAnHour(VirtualTimeLoop, TestInfo): set up on the test's loop", "named at 2.0"),
                Set.copyOf(Passing.seen));
    }

    @org.junit.jupiter.api.Test
    void oneTestSelectedByItsNameRuns() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Passing.class, "returnsAValueAndAwaitsATask"))
                .execute()
                .testEvents();
        assertEquals(1, tests.succeeded().count(), describe(tests));
    }

    // ---- failures ----

    static class Throws {
        @AsyncTest
        @Async
        Coroutine<Void> failsAfterASleep() {
            await(sleep(1));
            assertEquals(1, 2, "one is not two");
            return done();
        }
    }

    @org.junit.jupiter.api.Test
    void anAssertionInTheCoroutineFailsTheTest() {
        Throwable e = onlyFailure(run(Throws.class));
        assertTrue(e.getMessage().startsWith("one is not two"), e.getMessage());
    }

    static class LeavesATask {
        @AsyncTest
        @Async
        Coroutine<Void> forgetsItsChild() {
            createTask(napsForever(), "forgotten");
            await(sleep(1));
            return done();
        }

        @Async
        Coroutine<Void> napsForever() {
            await(sleep(1e6));
            return done();
        }
    }

    @org.junit.jupiter.api.Test
    void aTaskLeftPendingFailsTheTestWithItsAwaitChain() {
        Throwable e = onlyFailure(run(LeavesATask.class));
        String m = e.getMessage();
        assertTrue(m.contains("ended with 1 task still pending"), m);
        assertTrue(m.contains("name='forgotten'"), m);
        assertTrue(m.contains("at " + LeavesATask.class.getName() + ".napsForever(AsyncTestExtensionTest.java:"), m);
    }

    static class Hangs {
        @AsyncTest(timeout = 5)
        @Async
        Coroutine<Void> awaitsWhatNobodySets() {
            Future<String> never = getRunningLoop().createFuture();
            await(stuck(never));
            return done();
        }

        @Async
        Coroutine<String> stuck(Future<String> never) {
            return done(await(never));
        }
    }

    @org.junit.jupiter.api.Test
    void aHangingTestTimesOutInVirtualSecondsWithTheAwaitChain() {
        Throwable e = onlyFailure(run(Hangs.class));
        String m = e.getMessage();
        assertTrue(m.startsWith("@AsyncTest awaitsWhatNobodySets() timed out after 5.0 virtual seconds"), m);
        assertTrue(m.contains("at " + Hangs.class.getName() + ".stuck(AsyncTestExtensionTest.java:"), m);
        assertTrue(m.contains("at " + Hangs.class.getName() + ".awaitsWhatNobodySets(AsyncTestExtensionTest.java:"), m);
    }

    static class NeverLetsTimeAdvance {
        @AsyncTest(realTimeout = 0.3)
        @Async
        Coroutine<Void> pollsForever() {
            createTask(stubborn(), "stubborn");
            while (true) {
                await(sleep(0)); // a condition polled for that never comes
            }
        }

        /** Polls too, and shrugs off being cancelled: the clean-up must be bounded as well. */
        @Async
        Coroutine<Void> stubborn() {
            while (true) {
                try {
                    await(sleep(0));
                } catch (io.jasyncio.CancelledError ignored) {
                    // code under test swallowing everything
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aTestThatNeverLetsTimeAdvanceFailsAtItsRealTimeLimitWithTheTaskDump() {
        Throwable e = onlyFailure(run(NeverLetsTimeAdvance.class));
        String m = e.getMessage();
        assertTrue(
                m.startsWith("@AsyncTest pollsForever() failed: the virtual-time loop ran for 0.3 s of real time, "
                        + "its real-time limit, while virtual time only went from 0.000 s to 0.000 s"),
                m);
        assertTrue(m.contains("Task 'pollsForever()'"), m);
        assertTrue(m.contains("Task 'stubborn'"), m);
        assertTrue(
                m.contains("at " + NeverLetsTimeAdvance.class.getName() + ".pollsForever(AsyncTestExtensionTest.java:"),
                m);
        assertTrue(
                m.contains("at " + NeverLetsTimeAdvance.class.getName() + ".stubborn(AsyncTestExtensionTest.java:"), m);
        assertFalse(m.contains("still pending"), m); // the dump said it already
        // Cancelled, the stubborn task went on polling: the clean-up stopped at the limit too, and
        // closing the loop reported the task it had to destroy.
        List<String> suppressed = java.util.Arrays.stream(e.getSuppressed())
                .map(Throwable::getMessage)
                .collect(Collectors.toList());
        assertEquals(2, suppressed.size(), suppressed.toString());
        assertTrue(suppressed.get(0).startsWith("the virtual-time loop ran for 0.3 s"), suppressed.get(0));
        assertTrue(suppressed.get(0).contains("Task 'stubborn'"), suppressed.get(0));
        assertFalse(suppressed.get(0).contains("Task 'pollsForever()'"), suppressed.get(0)); // cancelled, it ended
        assertTrue(suppressed.get(1).contains("Task was destroyed but it is pending!"), suppressed.get(1));
    }

    static class BusyCallbacks {
        @AsyncTest
        @Async
        Coroutine<Void> awaitsWhileACallbackSpins() {
            EventLoop loop = getRunningLoop();
            Runnable[] spin = new Runnable[1];
            spin[0] = () -> loop.callSoon(spin[0]);
            loop.callSoon(spin[0]);
            await(sleep(1)); // never due: time cannot advance while a callback is always ready
            return done();
        }
    }

    @org.junit.jupiter.api.Test
    void theRealTimeLimitComesFromTheConfigurationParameterWhenTheTestSetsNone() {
        Throwable e = onlyFailure(EngineTestKit.engine("junit-jupiter")
                .configurationParameter("jasyncio.test.realTimeout", "0.4")
                .selectors(selectClass(BusyCallbacks.class))
                .execute());
        String m = e.getMessage();
        assertTrue(m.contains("ran for 0.4 s of real time"), m);
        assertTrue(m.contains("), waiting on sleep, 1.000 s left\n"), m);
        assertTrue(m.contains("Task 'awaitsWhileACallbackSpins()' (id "), m);
    }

    @org.junit.jupiter.api.Test
    void aBadRealTimeLimitIsAClearError() {
        Throwable e = onlyFailure(EngineTestKit.engine("junit-jupiter")
                .configurationParameter("jasyncio.test.realTimeout", "a minute")
                .selectors(selectClass(BusyCallbacks.class))
                .execute());
        assertEquals(
                "the configuration parameter jasyncio.test.realTimeout must be a number of real seconds, such as 120; "
                        + "got 'a minute'",
                e.getMessage());
    }

    static class CallbackThrows {
        @AsyncTest
        @Async
        Coroutine<Void> aCallbackFails() {
            getRunningLoop().callSoon(() -> {
                throw new IllegalStateException("boom in a callback");
            });
            await(sleep(1));
            return done();
        }
    }

    @org.junit.jupiter.api.Test
    void anErrorTheLoopReportsFailsTheTest() {
        Throwable e = onlyFailure(run(CallbackThrows.class));
        assertTrue(e.getMessage().contains("Exception in callback"), e.getMessage());
        assertEquals("boom in a callback", e.getCause().getMessage());
    }

    static class Unretrieved {
        @AsyncTest
        @Async
        Coroutine<Void> aTaskFailsUnseen() {
            createTask(fails(), "careless");
            await(sleep(1));
            return done();
        }

        @Async
        Coroutine<Void> fails() {
            await(sleep(0.5));
            throw new IllegalStateException("nobody looked");
        }
    }

    @org.junit.jupiter.api.Test
    void aTaskExceptionNeverRetrievedFailsTheTest() {
        Throwable e = onlyFailure(run(Unretrieved.class));
        assertTrue(e.getMessage().contains("Task exception was never retrieved"), e.getMessage());
        assertTrue(e.getMessage().contains("name='careless'"), e.getMessage());
        assertEquals("nobody looked", e.getCause().getMessage());
        // The cause carries the failed task's await chain, as a traceback.
        assertTrue(
                java.util.Arrays.stream(e.getCause().getStackTrace())
                        .anyMatch(f -> f.getMethodName().startsWith("fails")),
                java.util.Arrays.toString(e.getCause().getStackTrace()));
    }

    static class NeverAwaits {
        @AsyncTest
        @Async
        Coroutine<Void> dropsACoroutine() {
            dropped();
            await(sleep(1));
            return done();
        }

        @Async
        Coroutine<Void> dropped() {
            return done();
        }
    }

    @org.junit.jupiter.api.Test
    void aCoroutineNeverAwaitedFailsTheTest() {
        Throwable e = onlyFailure(run(NeverAwaits.class));
        String m = e.getMessage();
        assertTrue(m.contains("Coroutine[AsyncTestExtensionTest$NeverAwaits.dropped] was never awaited"), m);
        assertTrue(m.contains("created at " + NeverAwaits.class.getName() + ".dropsACoroutine"), m);
    }

    static class ReturnsNull {
        @AsyncTest
        @Async
        Coroutine<Void> nothing() {
            return null;
        }
    }

    @org.junit.jupiter.api.Test
    void returningNullIsAClearError() {
        Throwable e = onlyFailure(run(ReturnsNull.class));
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());
    }

    // ---- ordering with Steps ----

    static class Ordered {
        @RegisterExtension
        final Steps steps = new Steps();

        @AsyncTest
        @Async
        Coroutine<Void> childRunsAtTheFirstAwait() {
            steps.expect(1);
            createTask(child());
            steps.expect(2);
            await(sleep(0));
            steps.finish(4);
            return done();
        }

        @Async
        Coroutine<Void> child() {
            steps.expect(3);
            return done();
        }

        @AsyncTest
        @Async
        Coroutine<Void> forgetsToFinish() {
            steps.expect(1);
            return done();
        }

        @AsyncTest
        @Async
        Coroutine<Void> aSwallowedStepStillFails() {
            createTask(wrongStep());
            await(sleep(0));
            return done();
        }

        @Async
        Coroutine<Void> wrongStep() {
            try {
                steps.expect(5);
            } catch (AssertionError swallowed) {
                // code under test catching everything
            }
            return done();
        }
    }

    @org.junit.jupiter.api.Test
    void stepsProveTheOrderAndFailForgottenOrSwallowedSteps() {
        Events tests = run(Ordered.class).testEvents();
        assertEquals(1, tests.succeeded().count(), describe(tests));
        Map<String, String> failures = tests.failed().stream()
                .collect(Collectors.toMap(
                        e -> e.getTestDescriptor().getDisplayName(),
                        e -> e.getPayload(TestExecutionResult.class)
                                .flatMap(TestExecutionResult::getThrowable)
                                .map(Throwable::getMessage)
                                .orElse("")));
        assertEquals(
                Map.of(
                        "forgetsToFinish()",
                        "Expected finish(2) to be called, but the last step was 1 and finish was never called",
                        "aSwallowedStepStillFails()",
                        "Expected step 5, but this is step 1"),
                failures);
    }

    // ---- parallel execution ----

    static class Parallel {
        static final Map<String, EventLoop> loops = new ConcurrentHashMap<>();
        static final Map<String, Thread> threads = new ConcurrentHashMap<>();
        /* Each test waits here, off its loop, until all four have come: run one after another, they would time out. */
        static volatile CountDownLatch allRunning;

        @AsyncTest
        @Async
        Coroutine<Void> one(TestInfo info) {
            return napAndRecord(info, 1);
        }

        @AsyncTest
        @Async
        Coroutine<Void> two(TestInfo info) {
            return napAndRecord(info, 2);
        }

        @AsyncTest
        @Async
        Coroutine<Void> three(TestInfo info) {
            return napAndRecord(info, 3);
        }

        @AsyncTest
        @Async
        Coroutine<Void> four(TestInfo info) {
            return napAndRecord(info, 4);
        }

        @Async
        Coroutine<Void> napAndRecord(TestInfo info, double seconds) {
            for (int i = 0; i < 100; i++) {
                await(sleep(seconds / 100));
            }
            assertEquals(seconds, getRunningLoop().time(), 1e-9); // no other test's time leaked in
            loops.put(info.getDisplayName(), getRunningLoop());
            threads.put(info.getDisplayName(), Thread.currentThread());
            CountDownLatch all = allRunning;
            all.countDown();
            boolean together = await(toThread(() -> all.await(20, TimeUnit.SECONDS)));
            assertTrue(together, "the four tests did not run at the same time");
            return done();
        }
    }

    @org.junit.jupiter.api.Test
    void inParallelEachTestHasItsOwnLoop() {
        Parallel.loops.clear();
        Parallel.threads.clear();
        Parallel.allRunning = new CountDownLatch(4);
        Events tests = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectClass(Parallel.class))
                .execute()
                .testEvents();
        assertEquals(4, tests.succeeded().count(), describe(tests));
        assertEquals(4, Set.copyOf(Parallel.loops.values()).size());
        assertEquals(4, Set.copyOf(Parallel.threads.values()).size(), "each loop runs on its own thread");
    }
}
