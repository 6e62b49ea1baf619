package io.jasyncio.rewriting;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every construct the rewriter must cover, each its own test: real Java source,
 * rewritten by the agent, verified, loaded and run with every await complete and with every await
 * suspending; both runs must print what the synchronous program would.
 */
class RewritingConstructsTest {
    @TempDir
    Path tmp;

    private void check(String name, String members, String expected) {
        new RewritingHarness(tmp).check(name, members, expected);
    }

    @Test
    void awaitAsAStatement() {
        check("Statement", """
                @Async static Coroutine<String> main() {
                    log("a");
                    await(v(1));
                    log("b");
                    await(sleep(0));
                    return done("c");
                }""", "a, b -> c");
    }

    @Test
    void awaitInsideArithmeticWithValuesOnTheStack() {
        check("Arith", """
                @Async static Coroutine<Integer> main() {
                    int a = 3, b = 4;
                    return done(a + await(v(5)) * b - await(v(2)));
                }""", " -> 21");
    }

    @Test
    void awaitInCallArgumentsConcatenationAndArrayStores() {
        check("Args", """
                static String join(String a, int b, long c, String d) { return a + b + c + d; }
                @Async static Coroutine<String> main() {
                    String s = join("x", await(v(1)), await(v(2L)), "y" + await(v("z")) + 3);
                    int[] ints = new int[2];
                    ints[await(v(1))] = await(v(7));
                    String[][] grid = new String[2][2];
                    grid[1][await(v(0))] = "g" + await(v(9));
                    return done(s + Arrays.toString(ints) + grid[1][0]);
                }""", " -> x12yz3[0, 7]g9");
    }

    @Test
    void uninitializedObjectsOnTheStack() {
        check("Uninit", """
                record P(Object a, Object b) { }
                @Async static Coroutine<String> main() {
                    P p = new P(1, await(v("b")));
                    P q = new P(new P(await(v(2)), new StringBuilder("s").append(await(v(3)))), p);
                    StringBuilder sb = new StringBuilder(await(v("sb")));
                    return done(q + " " + new P(p != null ? await(v("t")) : "f", sb));
                }""", " -> P[a=P[a=2, b=s3], b=P[a=1, b=b]] P[a=t, b=sb]");
    }

    @Test
    void nestedAwaits() {
        check("Nested", """
                @Async static Coroutine<Integer> twice(int x) { return done(2 * await(v(x))); }
                @Async static Coroutine<Integer> main() {
                    return done(await(twice(await(twice(await(v(5)))))));
                }""", " -> 20");
    }

    @Test
    void everyPrimitiveTypeInLocalsAndOnTheStack() {
        check(
                "Prims",
                """
                @Async static Coroutine<String> main() {
                    boolean z = true; byte b = -7; char c = 'q'; short s = -300; int i = 1 << 30;
                    long l = Long.MIN_VALUE + 5; float f = -1.5e-40f; double d = Double.longBitsToDouble(0x7ff8dead00000001L);
                    float nan = Float.intBitsToFloat(0x7fc12345);
                    await(v(0));
                    String locals = "" + z + b + c + s + i + l + f + Double.doubleToRawLongBits(d)
                            + Float.floatToRawIntBits(nan);
                    long sumL = l + await(v(1L));
                    double sumD = 0.25 + await(v(0.5));
                    float sumF = f * await(v(2f));
                    int sumI = b + c + s + await(v((short) 3)) + (z ? 1 : 0) + await(v('x'));
                    boolean and = z & await(v(false));
                    return done(locals + "|" + sumL + "|" + sumD + "|" + sumF + "|" + sumI + "|" + and);
                }""",
                " -> true-7q-3001073741824-9223372036854775803-1.5E-40" + 0x7ff8dead00000001L + 0x7fc12345
                        + "|-9223372036854775802|0.75|" + (-1.5e-40f * 2f) + "|" + (-7 + 'q' - 300 + 3 + 1 + 'x')
                        + "|false");
    }

    @Test
    void loopsOfEveryKindWithLabeledBreakAndContinue() {
        check("Loops", """
                @Async static Coroutine<Integer> main() {
                    int sum = 0;
                    outer:
                    for (int i = 0; i < 5; i++) {
                        int j = 0;
                        while (true) {
                            if (j++ > i) continue outer;
                            if (await(v(i * j)) > 6) break outer;
                            sum += await(v(j));
                        }
                    }
                    int k = 0;
                    do { sum += await(v(k)); } while (++k < 3);
                    for (String s : List.of("a", "bb")) sum += await(v(s)).length();
                    for (int x : new int[] {100, 200}) sum += await(v(x));
                    return done(sum);
                }""", " -> " + (1 + (1 + 2) + (1 + 2 + 3) + (1 + 2) + (0 + 1 + 2) + (1 + 2) + 300));
    }

    @Test
    void ifElseAndTernaries() {
        check("Cond", """
                @Async static Coroutine<String> main() {
                    String r = "";
                    for (int i = 0; i < 3; i++) {
                        if (await(v(i)) == 0) r += "zero";
                        else if (i == 1) r += await(v("one"));
                        else r += i > 1 ? await(v("big")) : "small";
                        r += await(v(i % 2 == 0)) ? "E" : "O";
                    }
                    return done(r);
                }""", " -> zeroEoneObigE");
    }

    @Test
    void switchStatementsAndExpressionsOnStringsEnumsAndInts() {
        check("Switches", """
                enum Day { MON, TUE, SAT }
                @Async static Coroutine<String> one(String s, Day d, int i) {
                    String out;
                    switch (s) {
                        case "one": out = await(v("1")); break;
                        case "two": out = "2"; break;
                        default: out = await(v("?"));
                    }
                    switch (d) {
                        case MON: out += await(v("m"));
                        case TUE: out += "t"; break;
                        default: out += await(v("w"));
                    }
                    out += switch (i) {
                        case 1 -> await(v("I"));
                        case 2 -> { String x = await(v("I")); yield x + x; }
                        default -> "N";
                    };
                    out += switch (d) { case SAT -> { yield await(v("!")); } default -> "."; };
                    return done(out);
                }
                @Async static Coroutine<String> main() {
                    return done(await(one("one", Day.MON, 1)) + " " + await(one("two", Day.TUE, 2))
                            + " " + await(one("x", Day.SAT, 3)));
                }""", " -> 1mtI. 2tII. ?wN!");
    }

    @Test
    void tryCatchFinallyWithAwaitsInEveryBlock() {
        check("Exceptions", """
                @Async static Coroutine<Void> main() {
                    try {
                        log(await(v("try")));
                        await(fail(new IllegalStateException("boom")));
                        log("not reached");
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        log(await(v("catch " + e.getMessage())));
                    } finally {
                        log(await(v("finally")));
                    }
                    try {
                        try {
                            await(fail(new RuntimeException("inner")));
                        } finally {
                            log(await(v("inner finally")));
                        }
                    } catch (RuntimeException e) {
                        log("outer " + e.getMessage() + await(v("!")));
                    }
                    return done();
                }""", "try, catch boom, finally, inner finally, outer inner! -> null");
    }

    @Test
    void tryWithResources() {
        check("Twr", """
                record R(String name) implements AutoCloseable {
                    public void close() { log("close " + name); }
                }
                @Async static Coroutine<String> main() {
                    try (R a = new R(await(v("a"))); R b = new R("b")) {
                        log(await(v("body")));
                        await(fail(new IllegalStateException("x")));
                    } catch (IllegalStateException e) {
                        log("caught " + await(v(e.getMessage())));
                    }
                    return done("end");
                }""", "body, close b, close a, caught x -> end");
    }

    @Test
    void anExceptionEscapesTheCoroutine() {
        check("Escapes", """
                @Async static Coroutine<String> inner() {
                    await(v(1));
                    throw new UnsupportedOperationException("deep");
                }
                @Async static Coroutine<String> main() {
                    log("start");
                    return done(await(inner()));
                }""", "start -> !UnsupportedOperationException: deep");
    }

    @Test
    void staticInstancePrivateGenericAndVarargsMethods() {
        check("Kinds", """
                private final int field;
                Kinds(int field) { this.field = field; }
                @Async Coroutine<Integer> instance(int x) { return done(await(v(x)) + field + await(priv())); }
                @Async private Coroutine<Integer> priv() { return done(await(v(field * 10))); }
                @Async static <T extends Comparable<T>> Coroutine<T> max(T a, T b) {
                    T x = await(v(a));
                    return done(x.compareTo(b) > 0 ? x : b);
                }
                @Async static Coroutine<Integer> sum(int... xs) {
                    int s = 0;
                    for (int x : xs) s += await(v(x));
                    return done(s);
                }
                @Async static Coroutine<String> main() {
                    return done(await(new Kinds(2).instance(1)) + " " + await(max("a", "b")) + " "
                            + await(sum(1, 2, 3)) + " " + await(sum()));
                }""", " -> 23 b 6 0");
    }

    @Test
    void interfaceDefaultAndStaticMethodsEnumsAndRecords() {
        check("Shapes", """
                interface Sized {
                    int size();
                    @Async default Coroutine<Integer> doubled() { return done(2 * await(v(size()))); }
                    @Async static Coroutine<String> describe(Sized s) { return done("size " + await(s.doubled())); }
                }
                enum Kind implements Sized {
                    SMALL, LARGE;
                    public int size() { return ordinal() + 1; }
                    @Async Coroutine<String> label() { return done(name() + await(v(size()))); }
                }
                record Point(int x, int y) implements Sized {
                    public int size() { return x * y; }
                    @Async Coroutine<Integer> sum() { return done(x + await(v(y))); }
                }
                @Async static Coroutine<String> main() {
                    return done(await(Sized.describe(Kind.LARGE)) + " " + await(Kind.SMALL.label()) + " "
                            + await(new Point(3, 4).sum()) + " " + await(Sized.describe(new Point(2, 5))));
                }""", " -> size 4 SMALL1 7 size 20");
    }

    @Test
    void innerLocalAndAnonymousClasses() {
        check("Classes", """
                int field = 5;
                class Inner {
                    @Async Coroutine<Integer> inner() { return done(await(v(field)) + 1); }
                }
                @Async Coroutine<Integer> outer() {
                    class Local {
                        @Async Coroutine<Integer> local(int x) { return done(await(v(x)) + field); }
                    }
                    Supplier<Coroutine<Integer>> anon = new Supplier<Coroutine<Integer>>() {
                        @Async public Coroutine<Integer> get() { return done(await(v(field)) * 100); }
                    };
                    return done(await(new Inner().inner()) + await(new Local().local(10)) + await(anon.get()));
                }
                @Async static Coroutine<Integer> main() { return done(await(new Classes().outer())); }
                """, " -> " + (6 + 15 + 500));
    }

    @Test
    void recursion() {
        check("Recursion", """
                @Async static Coroutine<Long> fib(int n) {
                    if (n < 2) return done((long) await(v(n)));
                    return done(await(fib(n - 1)) + await(fib(n - 2)));
                }
                @Async static Coroutine<Long> main() { return done(await(fib(15))); }
                """, " -> 610");
    }

    @Test
    void aMethodWithNoAwait() {
        check("NoAwait", """
                @Async static Coroutine<Integer> plain(int x) { log("ran " + x); return done(x + 1); }
                @Async static Coroutine<Integer> main() {
                    Coroutine<Integer> c = plain(1);
                    log("created");
                    return done(await(c));
                }""", "created, ran 1 -> 2");
    }

    @Test
    void lambdasThatCaptureTheLocalsOfAnAsyncMethod() {
        check("Lambdas", """
                @Async static Coroutine<String> main() {
                    String prefix = await(v("p"));
                    int k = await(v(2));
                    Function<Integer, String> f = x -> prefix + (x + k);
                    Supplier<String> s = () -> f.apply(k);
                    String first = s.get();
                    return done(first + await(v(f)).apply(10));
                }""", " -> p4p12");
    }

    @Test
    void returningAnAwaitableAdoptsItsOutcome() {
        check("Adopt", """
                @Async static Coroutine<Integer> twice(int x) { return done(2 * await(v(x))); }
                @Async static Coroutine<Integer> adopt(int x) { return twice(x); }
                @Async static Coroutine<Integer> choose(int x) {
                    return x > 0 ? twice(await(v(x))) : done(-1);
                }
                @Async static Coroutine<String> main() {
                    return done(await(adopt(4)) + " " + await(choose(3)) + " " + await(choose(0)));
                }""", " -> 8 6 -1");
    }
}
