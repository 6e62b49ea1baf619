package io.jasyncio.rewriting;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shapes ordinary Java code is full of, which the processor accepts and the agent must
 * rewrite: locals that are {@code null} at an await, {@code synchronized} blocks (without awaits)
 * inside a {@code try} whose handlers or continuation await, values whose merged verifier type
 * the method cannot access, arrays merged across dimensions and element kinds, and uninitialized
 * objects under switch expressions with {@code try}.
 *
 * <p>Each test runs for class files of releases 8 (where the shape can be written in Java 8), 17
 * and the running JDK's, rewritten by the weave command and by the attached agent, and each run
 * in both modes (every await complete, every await suspending); every run must print what the
 * synchronous program prints.
 */
class RewritingRealWorldShapesTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> everyRelease() {
        return releases(8);
    }

    static Stream<Arguments> modernReleases() {
        return releases(17);
    }

    private static Stream<Arguments> releases(int oldest) {
        int newest = Runtime.version().feature();
        return Stream.of(8, 17, newest)
                .filter(r -> r >= oldest && r <= newest)
                .distinct()
                .flatMap(r -> Stream.of(RewritingHarness.Weaving.values()).map(w -> Arguments.of(r, w)));
    }

    private void check(int release, RewritingHarness.Weaving weaving, String name, String members, String expected) {
        new RewritingHarness(tmp, release, weaving).check(name, members, expected);
    }

    @ParameterizedTest(name = "release {0}, {1}")
    @MethodSource("everyRelease")
    void nullLocalsAndStackValuesLiveAcrossAnAwait(int release, RewritingHarness.Weaving weaving) {
        check(
                release,
                weaving,
                "Nulls",
                """
                static String both(String a, int b) { return a + "/" + b; }
                @Async static Coroutine<String> main() {
                    String x = null;
                    Object[] arr = null;
                    Integer boxed = null;
                    await(sleep(0));
                    log("x=" + x + " arr=" + arr + " boxed=" + boxed);
                    String last = null;
                    for (int i = 0; i < 3; i++) {
                        log("last=" + last);
                        last = await(v("s" + i));
                        if (i == 1) last = null;
                    }
                    String onStack = both(null, await(v(7)));
                    Object maybe = boxed != null ? boxed : null;
                    await(v(0));
                    return done("x=" + x + " " + onStack + " " + maybe + " " + last);
                }""",
                "x=null arr=null boxed=null, last=null, last=s0, last=null -> x=null null/7 null s2");
    }

    @ParameterizedTest(name = "release {0}, {1}")
    @MethodSource("everyRelease")
    void synchronizedBlocksInsideTryWithAwaitsAfterInCatchAndInFinally(int release, RewritingHarness.Weaving weaving) {
        check(release, weaving, "Locks", """
                static final Object A = new Object();
                static final Object B = new Object();
                static int n;
                @Async static Coroutine<String> main() {
                    try {
                        synchronized (A) { n++; }
                        await(v(1));
                    } finally {
                        log("finally " + await(v(n)));
                    }
                    try {
                        synchronized (A) {
                            synchronized (B) {
                                n++;
                                if (n > 1) throw new IllegalStateException("in lock");
                            }
                        }
                    } catch (IllegalStateException e) {
                        log(await(v("caught " + e.getMessage())));
                    } finally {
                        log("finally " + await(v(n)));
                    }
                    for (int i = 0; i < 2; i++) {
                        try {
                            synchronized (B) { n += i; }
                        } catch (RuntimeException e) {
                            log("never");
                        }
                        log("after " + await(v(n)));
                    }
                    synchronized (A) { n++; }
                    return done("n=" + await(v(n)));
                }""", "finally 1, caught in lock, finally 2, after 2, after 3 -> n=4");
    }

    @ParameterizedTest(name = "release {0}, {1}")
    @MethodSource("everyRelease")
    void mergedTypesTheMethodCannotAccessFromTheJdk(int release, RewritingHarness.Weaving weaving) {
        check(release, weaving, "JdkMerges", """
                @Async static Coroutine<String> main() {
                    boolean c = await(v(true));
                    // StringBuilder and StringBuffer merge to the package-private AbstractStringBuilder
                    CharSequence s = c ? new StringBuilder("a") : new StringBuffer("b");
                    CharSequence t = !c ? new StringBuilder("c") : new StringBuffer("d");
                    await(v(0));
                    // LongAdder and DoubleAdder merge to the package-private Striped64
                    Number adder = c ? new java.util.concurrent.atomic.LongAdder()
                            : new java.util.concurrent.atomic.DoubleAdder();
                    Appendable app = c ? new StringBuilder("x") : new StringBuffer("y");
                    await(v(1));
                    try { app.append('!'); } catch (java.io.IOException e) { throw new IllegalStateException(e); }
                    log(s.length() + s.toString() + t + adder.intValue() + app);
                    java.io.Serializable cmp = c ? new StringBuilder("p") : new StringBuffer("q");
                    String joined = String.join("+", s, await(v(t)), c ? new StringBuilder("z") : new StringBuffer("w"));
                    return done(joined + cmp);
                }""", "1ad0x! -> a+d+zp");
    }

    /** Package-private classes of another package, as merge results and as multi-catch types. */
    private static final Map<String, String> OTHER_PACKAGE = Map.of(
            "other/Hidden.java",
            "package other;\nabstract class Hidden implements Runnable {\n"
                    + "    public String toString() { return getClass().getSimpleName(); }\n}\n",
            "other/Left.java",
            "package other;\npublic class Left extends Hidden { public void run() { rw.V.log(\"run left\"); } }\n",
            "other/Right.java",
            "package other;\npublic class Right extends Hidden { public void run() { rw.V.log(\"run right\"); } }\n",
            "other/HiddenFailure.java",
            "package other;\nclass HiddenFailure extends RuntimeException {\n"
                    + "    HiddenFailure(String m) { super(m); }\n}\n",
            "other/FailA.java",
            "package other;\npublic class FailA extends HiddenFailure { public FailA() { super(\"A\"); } }\n",
            "other/FailB.java",
            "package other;\npublic class FailB extends HiddenFailure { public FailB() { super(\"B\"); } }\n");

    @ParameterizedTest(name = "release {0}, {1}")
    @MethodSource("everyRelease")
    void mergedTypesThatArePackagePrivateInAnotherPackage(int release, RewritingHarness.Weaving weaving) {
        Map<String, String> sources = new LinkedHashMap<>(OTHER_PACKAGE);
        sources.put("rw/Packages.java", RewritingHarness.source("Packages", """
                static void fail(int i) {
                    if (i == 0) throw new other.FailA();
                    throw new other.FailB();
                }
                // Not e.getMessage() in the handler: javac names the inaccessible merged class as
                // the owner of that call, which fails without any rewriting.
                static String describe(RuntimeException e) { return e.getMessage() + e.getClass().getSimpleName(); }
                @Async static Coroutine<String> main() {
                    boolean c = await(v(false));
                    Object o = c ? new other.Left() : new other.Right();
                    Runnable r = !c ? new other.Left() : new other.Right();
                    await(v(0));
                    r.run();
                    log(o);
                    String out = "";
                    for (int i = 0; i < 2; i++) {
                        try {
                            fail(i);
                        } catch (other.FailA | other.FailB e) {
                            out += await(v(describe(e)));
                            out += e;
                        }
                    }
                    return done(out + o + await(v(r)));
                }"""));
        new RewritingHarness(tmp, release, weaving)
                .check(sources, "Packages", "run left, Right -> AFailAother.FailA: ABFailBother.FailB: BRightLeft");
    }

    @ParameterizedTest(name = "release {0}, {1}")
    @MethodSource("everyRelease")
    void arraysMergedAcrossDimensionsAndElementKinds(int release, RewritingHarness.Weaving weaving) {
        check(release, weaving, "Arrays", """
                @Async static Coroutine<String> main() {
                    boolean c = await(v(true));
                    Object[] a = c ? new String[][] {{"s"}} : new Integer[] {1};
                    Object[] b = !c ? new int[][] {{1}} : new String[][] {{"t", "u"}};
                    Object p = c ? new int[] {1, 2} : new long[] {3};
                    Object[][] d = c ? new String[][][] {{{"deep"}}} : new Integer[][] {{2}};
                    Cloneable e = c ? new int[3] : new String[4];
                    java.io.Serializable f = !c ? new double[1][] : new Object[5];
                    Object[] g = c ? new Integer[] {4} : new Number[] {5L};
                    await(v(0));
                    String out = a.length + ":" + ((String[]) a[0])[0] + " " + b.length + ":" + ((String[]) b[0])[1]
                            + " " + ((int[]) p).length + " " + d.length + ((Object[]) d[0][0])[0]
                            + " " + ((int[]) e).length + " " + ((Object[]) f).length + " " + g[0];
                    a[0] = await(v(new String[] {"again"}));
                    return done(out + " " + ((String[]) a[0])[0] + b[0].getClass().getSimpleName());
                }""", " -> 1:s 1:u 2 1deep 3 5 4 againString[]");
    }

    @ParameterizedTest(name = "release {0}, {1}")
    @MethodSource("modernReleases")
    void uninitializedObjectsUnderSwitchExpressionsWithTry(int release, RewritingHarness.Weaving weaving) {
        check(
                release,
                weaving,
                "SwitchTry",
                """
                record Rec(int a, int b) { }
                record Pair(Object a, Object b) { }
                @Async static Coroutine<String> main() {
                    int k = await(v(1));
                    Rec r = new Rec(1, switch (k) {
                        case 1 -> { try { yield await(v(2)); } catch (RuntimeException e) { yield -1; } }
                        default -> 3;
                    });
                    Rec failed = new Rec(k, switch (k) {
                        case 1 -> {
                            try { yield await(V.<Integer>fail(new IllegalStateException("x"))); }
                            catch (RuntimeException e) { yield -1; }
                        }
                        default -> 3;
                    });
                    Pair nested = new Pair(new StringBuilder("sb").append(switch (k + 1) {
                        case 2 -> { try { yield await(v("2")); } finally { log("finally"); } }
                        default -> "d";
                    }), new Rec(await(v(5)), switch (k) {
                        case 0 -> 0;
                        default -> { try { yield await(v(6)) + 1; } catch (IllegalArgumentException e) { yield 0; } }
                    }));
                    String s = "" + new Rec(switch (k) { case 1 -> { try { yield await(v(8)); } catch (RuntimeException e) { yield 0; } } default -> 0; }, 9);
                    return done(r + " " + failed + " " + nested + " " + s);
                }""",
                "finally -> Rec[a=1, b=2] Rec[a=1, b=-1] Pair[a=sb2, b=Rec[a=5, b=7]] Rec[a=8, b=9]");
    }

    /**
     * A hundred locals live across a hundred awaits (each await also with values on the stack),
     * and a hundred locals each declared from an await: both stay under the JVM's 64 KB per
     * method because the save and restore code is shared between awaits.
     */
    @ParameterizedTest(name = "release {0}, {1}")
    @MethodSource("everyRelease")
    void aHundredAwaitsWithAHundredLiveLocals(int release, RewritingHarness.Weaving weaving) {
        StringBuilder body = new StringBuilder("@Async static Coroutine<Long> main() {\n");
        for (int i = 0; i < 100; i++) {
            body.append("    long a").append(i).append(" = ").append(i).append(";\n");
        }
        long expected = 0;
        for (int i = 0; i < 100; i++) {
            body.append("    a")
                    .append(i)
                    .append(" += 1 + a")
                    .append((i + 1) % 100)
                    .append(" * await(v(1));\n");
        }
        long[] a = new long[100];
        for (int i = 0; i < 100; i++) {
            a[i] = i;
        }
        for (int i = 0; i < 100; i++) {
            a[i] += 1 + a[(i + 1) % 100];
        }
        body.append("    long sum = 0;\n");
        for (int i = 0; i < 100; i++) {
            body.append("    sum += a").append(i).append(";\n");
            expected += a[i];
        }
        body.append("    return done(sum + await(declared()));\n}\n");
        body.append("@Async static Coroutine<Long> declared() {\n");
        long declared = 0;
        for (int i = 0; i < 100; i++) {
            body.append("    String s")
                    .append(i)
                    .append(" = await(v(\"")
                    .append(i)
                    .append("\"));\n");
        }
        body.append("    long n = 0;\n");
        for (int i = 0; i < 100; i++) {
            body.append("    n += s").append(i).append(".length();\n");
            declared += Integer.toString(i).length();
        }
        body.append("    return done(n);\n}\n");
        check(release, weaving, "Large", body.toString(), " -> " + (expected + declared));
    }
}
