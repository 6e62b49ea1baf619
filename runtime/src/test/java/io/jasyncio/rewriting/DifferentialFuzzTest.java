package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.agent.rewrite.AsyncClassRewriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential fuzzing of the rewrite: random coroutine programs ({@link ProgramGenerator}) must
 * print the same trace as their synchronous twins, both with every awaited thing already complete
 * and with every await really suspending; once with the agent's usual layout of save and restore
 * code, once with sharing forced on every method ({@link AsyncClassRewriter#LAYOUT_PROPERTY}).
 *
 * <p>{@code -Djasyncio.fuzz.count=N} sets how many programs (default 200, half as many with
 * sharing forced), {@code -Djasyncio.fuzz.seed=S} the seed (default fixed), {@code
 * -Djasyncio.fuzz.start=K} the first program (so a long run can be split or resumed: program
 * {@code K} is the same whatever the run). Every mismatch is collected and the test fails at the
 * end, printing each program that differed; {@code -Djasyncio.fuzz.progress=true} prints a line per
 * batch.
 */
class DifferentialFuzzTest {
    private static final int BATCH = 100;

    @TempDir
    Path tmp;

    static final String EX = "package rw;\npublic final class Ex extends RuntimeException {\n"
            + "    public final int v;\n    public Ex(int v) { super(\"Ex(\" + v + \")\", null, false, false); this.v = v; }\n}\n";

    /** @param layout the value of {@link AsyncClassRewriter#LAYOUT_PROPERTY} while the programs are woven */
    @ParameterizedTest(name = "layout {0}")
    @ValueSource(strings = {"automatic", "shared"})
    void randomProgramsBehaveLikeTheirSynchronousTwins(String layout) throws Exception {
        int count = Integer.getInteger("jasyncio.fuzz.count", 200);
        if (layout.equals("shared")) {
            count = Math.max(1, count / 2);
        }
        long seed = Long.getLong("jasyncio.fuzz.seed", 20261122L);
        int start = Integer.getInteger("jasyncio.fuzz.start", 0);
        boolean progress = Boolean.getBoolean("jasyncio.fuzz.progress");
        List<String> mismatches = new ArrayList<>();
        long began = System.nanoTime();
        for (int done = 0; done < count; ) {
            int n = Math.min(BATCH, count - done);
            List<ProgramGenerator.Program> programs = new ArrayList<>();
            for (int i = start + done; i < start + done + n; i++) {
                programs.add(ProgramGenerator.generate("P" + i, seed * 1_000_003L + i));
            }
            mismatches.addAll(runBatch(programs, layout, tmp.resolve("batch" + (start + done)), seed));
            done += n;
            if (progress) {
                System.out.printf(
                        "fuzz %s: %d programs from %d, seed %d, %d mismatches, %d s%n",
                        layout, done, start, seed, mismatches.size(), (System.nanoTime() - began) / 1_000_000_000L);
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + count + " programs differ from their twins (layout " + layout + "):\n\n"
                    + String.join("\n\n", mismatches));
        }
    }

    /** Weaves and runs one batch; returns a description of each program that differed. */
    private List<String> runBatch(List<ProgramGenerator.Program> programs, String layout, Path dir, long seed)
            throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ProgramGenerator.Program p : programs) {
            sources.put("rw/" + p.name() + "A.java", p.asyncSource());
            sources.put("rw/" + p.name() + "S.java", p.twinSource());
        }
        sources.put("rw/Ex.java", EX);
        Path classes = new RewritingHarness(dir).layout(layout).build(sources);
        List<String> mismatches = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            for (ProgramGenerator.Program p : programs) {
                String expected = run(loader, p.name() + "S", null);
                for (RewritingHarness.Mode mode : RewritingHarness.Mode.values()) {
                    String actual = run(loader, p.name() + "A", mode);
                    if (!expected.equals(actual)) {
                        mismatches.add("program " + p.name() + " (seed " + seed + ", layout " + layout + ") in mode "
                                + mode + ":\n  expected " + expected + "\n  but was  " + actual + "\n"
                                + p.asyncSource());
                    }
                }
            }
        }
        return mismatches;
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
