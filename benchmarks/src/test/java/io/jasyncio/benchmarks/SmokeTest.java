package io.jasyncio.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

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
                        "io\\.jasyncio\\.benchmarks\\.(PingPong|FastPath|DeepAwait|FanOut|QueueHandoff)\\.jasyncio$|StreamThroughput\\.jasyncio(Tcp|Tls)$")
                .param("depth", "100000")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(7, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
        }
    }
}
