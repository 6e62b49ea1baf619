package io.jasyncio.rewriting;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save and restore code shared between resume points, forced on small methods (the agent shares
 * it only in very large ones, where per-await code would not fit): each shape here once failed to
 * verify or to run when shared, and must print what its synchronous program prints.
 */
class RewritingSharedLayoutTest {
    @TempDir
    Path tmp;

    private void check(String name, String members, String expected) {
        new RewritingHarness(tmp, 17, RewritingHarness.Weaving.WEAVE)
                .layout("shared")
                .check(name, members, expected);
    }

    /**
     * The first await is alone in its group ({@code t} and {@code y} share a slot); the others
     * share one chain, {@code [w, a, y]}. At the second await {@code a} is dead (assigned before
     * it is read again) but comes after the point's entry in the chain: an extra. On the path from
     * the first await's resume, whose chain does not hold {@code a}, its slot still holds what the
     * resume method was called with (the frame), not an {@code int}: the extra must be given a
     * value before the chain reads it.
     */
    @Test
    void aDeadPrimitiveExtraWhoseSlotHoldsTheFrameOnAnotherGroupsResumePath() {
        check("DeadExtra", """
                @Async static Coroutine<Integer> f(int a) {
                    {
                        String t = "t";
                        log(await(v(1)) + t);
                    }
                    int y = 2;
                    {
                        int w = 3;
                        log("p" + await(v(2)) + y + w);
                    }
                    a = await(v(3));
                    log("a" + await(v(4)) + a + y);
                    log("a" + await(v(5)) + a + y);
                    return done(a);
                }
                @Async static Coroutine<Integer> main() { return done(await(f(7))); }""", "1t, p223, a432, a532 -> 3");
    }

    /** The same with extras of every kind: {@code long} and {@code double} (two slots each) and a reference. */
    @Test
    void deadExtrasOfEveryKind() {
        check("DeadExtras", """
                @Async static Coroutine<String> f(long a, double d, String s) {
                    {
                        String t = "t";
                        log(await(v(1)) + t);
                    }
                    int y = 2;
                    {
                        int w = 3;
                        log("p" + await(v(2)) + y + w);
                    }
                    a = await(v(3L));
                    d = await(v(0.5));
                    s = await(v("s"));
                    log(await(v(4)) + ":" + a + ":" + d + ":" + s + y);
                    log(await(v(5)) + ":" + a + ":" + d + ":" + s + y);
                    return done(a + ":" + d + s);
                }
                @Async static Coroutine<String> main() { return done(await(f(7L, 1.5, "x"))); }""", "1t, p223, 4:3:0.5:s2, 5:3:0.5:s2 -> 3:0.5s");
    }
}
