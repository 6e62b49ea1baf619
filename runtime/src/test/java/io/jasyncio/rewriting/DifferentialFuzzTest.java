package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.agent.rewrite.AsyncClassRewriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzzing of the rewrite: random coroutine programs ({@link ProgramGenerator}) must
 * print the same trace as their synchronous twins, both with every awaited thing already complete
 * and with every await really suspending; each program once with the agent's usual layout of save
 * and restore code, once with sharing forced on every method ({@link
 * AsyncClassRewriter#LAYOUT_PROPERTY}). Programs are compiled a batch at a time (one compile for
 * the batch, which is most of the cost), then woven once per layout.
 *
 * <p>{@code -Djasyncio.fuzz.count=N} sets how many programs (default 200), {@code
 * -Djasyncio.fuzz.seed=S} the seed (default fixed), {@code -Djasyncio.fuzz.start=K} the first
 * program (so a long run can be split or resumed: program {@code K} is the same whatever the run),
 * {@code -Djasyncio.fuzz.layouts=automatic} the layouts (default {@code automatic,shared}).
 * One program in {@value #LARGE_EVERY} (program 7 the first) is a large one. Every mismatch is
 * collected and the test fails at the end, printing each program that differed; {@code
 * -Djasyncio.fuzz.progress=true} prints a line per batch.
 */
class DifferentialFuzzTest {
    private static final int BATCH = 100;
    /** One program in this many is large ({@link ProgramGenerator#generate}). */
    static final int LARGE_EVERY = 200;

    @TempDir
    Path tmp;

    @Test
    void randomProgramsBehaveLikeTheirSynchronousTwins() throws Exception {
        int count = Integer.getInteger("jasyncio.fuzz.count", 200);
        long seed = Long.getLong("jasyncio.fuzz.seed", 20261122L);
        int start = Integer.getInteger("jasyncio.fuzz.start", 0);
        boolean progress = Boolean.getBoolean("jasyncio.fuzz.progress");
        List<String> layouts = List.of(
                System.getProperty("jasyncio.fuzz.layouts", "automatic,shared").split(","));
        List<String> mismatches = new ArrayList<>();
        long began = System.nanoTime();
        for (int done = 0; done < count; ) {
            int n = Math.min(BATCH, count - done);
            List<ProgramGenerator.Program> programs = new ArrayList<>();
            for (int i = start + done; i < start + done + n; i++) {
                programs.add(ProgramGenerator.generate("P" + i, seed * 1_000_003L + i, i % LARGE_EVERY == 7));
            }
            mismatches.addAll(runBatch(programs, layouts, tmp.resolve("batch" + (start + done)), seed));
            done += n;
            if (progress) {
                System.out.printf(
                        "fuzz: %d programs from %d, seed %d, %d mismatches, %d s%n",
                        done, start, seed, mismatches.size(), (System.nanoTime() - began) / 1_000_000_000L);
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " runs of " + count + " programs differ from their twins:\n\n"
                    + String.join("\n\n", mismatches));
        }
    }

    /** Compiles one batch, weaves it in each layout and runs it; returns a description of each run that differed. */
    private List<String> runBatch(List<ProgramGenerator.Program> programs, List<String> layouts, Path dir, long seed)
            throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ProgramGenerator.Program p : programs) {
            sources.put("rw/" + p.name() + "A.java", p.asyncSource());
            sources.put("rw/" + p.name() + "S.java", p.twinSource());
        }
        sources.putAll(ProgramGenerator.SHARED_SOURCES);
        Path compiled = new RewritingHarness(dir).compile(sources);
        List<String> mismatches = new ArrayList<>();
        for (String layout : layouts) {
            Path classes = dir.resolve(layout);
            copy(compiled, classes);
            new RewritingHarness(dir).layout(layout).weave(classes);
            try (URLClassLoader loader = new URLClassLoader(
                    new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
                for (ProgramGenerator.Program p : programs) {
                    String expected = run(loader, p.name() + "S", null);
                    for (RewritingHarness.Mode mode : RewritingHarness.Mode.values()) {
                        String actual = run(loader, p.name() + "A", mode);
                        if (!expected.equals(actual)) {
                            mismatches.add("program " + p.name() + " (seed " + seed + ", layout " + layout
                                    + ") in mode " + mode + ":\n  expected " + expected + "\n  but was  " + actual
                                    + "\n" + p.asyncSource());
                        }
                    }
                }
            }
        }
        return mismatches;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The program's log and outcome; {@code mode == null} runs the synchronous twin. */
    private static String run(ClassLoader loader, String cls, RewritingHarness.Mode mode) throws Exception {
        Class<?> v = loader.loadClass("rw.V");
        v.getField("suspend").setBoolean(null, mode == RewritingHarness.Mode.SUSPEND);
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) v.getField("LOG").get(null);
        log.clear();
        Method main = loader.loadClass("rw." + cls).getDeclaredMethod("main");
        main.setAccessible(true);
        String outcome;
        try {
            Object r = main.invoke(null);
            outcome = String.valueOf(mode == null ? r : Asyncio.run((Coroutine<?>) r));
        } catch (InvocationTargetException e) {
            outcome = "!" + e.getCause();
        } catch (RuntimeException e) {
            outcome = "!" + e;
        }
        return String.join(",", log) + " -> " + outcome;
    }
}
