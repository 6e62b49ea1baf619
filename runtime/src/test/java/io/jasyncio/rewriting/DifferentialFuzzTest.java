package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzzing of the rewrite: random coroutine programs ({@link ProgramGenerator}) must
 * print the same trace as their synchronous twins, both with every awaited thing already complete
 * and with every await really suspending.
 *
 * <p>{@code -Djasyncio.fuzz.count=N} sets how many programs (default 200), {@code
 * -Djasyncio.fuzz.seed=S} the seed (default fixed). A mismatch prints the program.
 */
class DifferentialFuzzTest {
    private static final int BATCH = 100;

    @TempDir
    Path tmp;

    static final String EX = "package rw;\npublic final class Ex extends RuntimeException {\n"
            + "    public final int v;\n    public Ex(int v) { super(\"Ex(\" + v + \")\", null, false, false); this.v = v; }\n}\n";

    @Test
    void randomProgramsBehaveLikeTheirSynchronousTwins() throws Exception {
        int count = Integer.getInteger("jasyncio.fuzz.count", 200);
        long seed = Long.getLong("jasyncio.fuzz.seed", 20261122L);
        int done = 0;
        for (int batch = 0; done < count; batch++) {
            int n = Math.min(BATCH, count - done);
            Map<String, String> sources = new LinkedHashMap<>();
            List<ProgramGenerator.Program> programs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ProgramGenerator.Program p = ProgramGenerator.generate("P" + (done + i), seed * 1_000_003L + done + i);
                programs.add(p);
                sources.put("rw/" + p.name() + "A.java", p.asyncSource());
                sources.put("rw/" + p.name() + "S.java", p.twinSource());
            }
            sources.put("rw/Ex.java", EX);
            Path classes = new RewritingHarness(tmp.resolve("batch" + batch)).build(sources);
            try (URLClassLoader loader = new URLClassLoader(
                    new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
                for (ProgramGenerator.Program p : programs) {
                    String expected = run(loader, p.name() + "S", null);
                    for (RewritingHarness.Mode mode : RewritingHarness.Mode.values()) {
                        assertEquals(
                                expected,
                                run(loader, p.name() + "A", mode),
                                "program " + p.name() + " (seed " + seed + ") in mode " + mode + ":\n"
                                        + p.asyncSource());
                    }
                }
            }
            done += n;
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
