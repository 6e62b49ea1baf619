package io.jasyncio.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * CI's only run of the benchmarks: one short iteration of each jasyncio benchmark in this JVM
 * (the classes are woven at process-classes), to prove that they still start and finish. The
 * figures are meaningless; benchmarks/run measures.
 */
class SmokeTest {
    @Test
    void jasyncioBenchmarksStartAndFinish() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(
                        "io\\.jasyncio\\.benchmarks\\.(PingPong|FastPath|DeepAwait|FanOut|QueueHandoff)\\.jasyncio$|PingPong\\.jasyncioContextVar$|StreamThroughput\\.jasyncio(Tcp|Tls)$")
                .param("depth", "100000")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();
        // Silent: the figures mean nothing here, and a build's log is no place for JMH's banners.
        Collection<RunResult> results =
                new Runner(options, OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT)).run();
        assertEquals(8, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
        }
    }

    /**
     * The context-variable variants compute what the plain programs do, which they only can if
     * each task counts in its own context.
     */
    @Test
    void contextVarVariantsComputeWhatThePlainOnesDo() {
        var loop = io.jasyncio.Asyncio.newEventLoop();
        try {
            assertEquals(199, loop.runUntilComplete(PingPong.game(100, false)));
            assertEquals(199, loop.runUntilComplete(PingPong.game(100, true)));
            @SuppressWarnings({"unchecked", "rawtypes"})
            io.jasyncio.Task<Integer>[] sleepers = new io.jasyncio.Task[100];
            for (int i = 0; i < sleepers.length; i++) {
                sleepers[i] = loop.createTask(SpawnSleep.sleeper(0.001, i, true));
            }
            var ids = loop.runUntilComplete(io.jasyncio.Asyncio.gather(sleepers));
            for (int i = 0; i < sleepers.length; i++) {
                assertEquals(i, ids.get(i), "sleeper " + i + "'s context variable");
            }
        } finally {
            loop.close();
        }
    }

    /**
     * The Kotlin peers (built with -Pkotlin, as benchmarks/run builds them) compute what the
     * jasyncio programs of the same workloads compute.
     */
    @Test
    void kotlinPeersComputeWhatTheJasyncioProgramsDo() {
        assumeTrue(KotlinPrograms.available(), "built without -Pkotlin");
        KotlinPrograms k = KotlinPrograms.get();
        var loop = io.jasyncio.Asyncio.newEventLoop();
        try {
            assertEquals(loop.runUntilComplete(PingPong.game(100)), k.pingPongDeferred(100));
            assertEquals(199, k.pingPongDeferred(100));
            assertEquals(199, k.pingPongChannel(100));
            @SuppressWarnings({"unchecked", "rawtypes"})
            io.jasyncio.Future<Integer>[] complete = new io.jasyncio.Future[FastPath.K];
            for (int i = 0; i < complete.length; i++) {
                complete[i] = loop.createFuture();
                complete[i].setResult(i);
            }
            assertEquals(
                    loop.runUntilComplete(FastPath.awaitLoop(complete, 5000)),
                    k.awaitComplete(k.completeDeferreds(FastPath.K), 5000));
            assertEquals(loop.runUntilComplete(DeepAwait.chain(500)), k.deep(500));
            assertEquals(loop.runUntilComplete(FanOut.fanOut(1000)), k.fanOut(1000));
            assertEquals(loop.runUntilComplete(QueueHandoff.handoff(1000)), k.queueHandoff(1000));
        } finally {
            loop.close();
        }
        int[] asleep = {0};
        double ms = k.spawnSleep(1000, 60, 0.01, () -> asleep[0]++);
        assertEquals(1, asleep[0], "whileAsleep runs once, while all sleep");
        assertTrue(ms >= -10 && ms < 60_000, "create+finish of 1000 sleepers of 10 ms took " + ms + " ms more");
    }
}
