package io.jasyncio.rewriting;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Async lambdas run: lambdas and method references whose interface is an async functional
 * interface are rewritten like {@code @Async} methods, woven ahead of time (the weave command's
 * code) and at load time (the agent this JVM runs with), each run with every await complete and
 * with every await suspending.
 */
class RewritingAsyncLambdasTest {
    @TempDir
    Path tmp;

    private void check(RewritingHarness.Weaving weaving, String name, String members, String expected) {
        new RewritingHarness(tmp, 17, weaving).check(name, members, expected);
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aStaticLambdaCapturingLocalsInALoop(RewritingHarness.Weaving weaving) {
        check(weaving, "LoopLambda", """
                @Async static Coroutine<Integer> main() {
                    int sum = 0;
                    long scale = 10;
                    for (int i = 0; i < 3; i++) {
                        final int k = i;
                        AsyncFunction<Integer, Integer> f = x -> {
                            log("f" + x);
                            int y = await(v(x + k));
                            double half = y / 2.0;
                            return done((int) (await(v(half)) * 2 * scale));
                        };
                        sum += await(f.apply(i));
                    }
                    return done(sum);
                }""", "f0, f1, f2 -> 60");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void instanceLambdasCapturingThisAndOtherLambdasNested(RewritingHarness.Weaving weaving) {
        check(weaving, "InstanceLambda", """
                int base = 5;
                final AsyncFunction<Integer, Integer> inc = x -> done(await(v(x + base)));
                @Async Coroutine<Integer> go() {
                    AsyncSupplier<Integer> twice = () -> done(await(inc.apply(1)) + await(inc.apply(2)));
                    AsyncSupplier<Integer> outer = () -> {
                        AsyncSupplier<Integer> inner = () -> done(await(twice.get()) * 2);
                        base = 100;
                        return done(await(inner.get()) + base);
                    };
                    return done(await(outer.get()));
                }
                @Async static Coroutine<Integer> main() {
                    return new InstanceLambda().go();
                }""", " -> 506");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void callingTheInterfaceRunsNothingUntilAwaited(RewritingHarness.Weaving weaving) {
        check(weaving, "Unstarted", """
                @Async static Coroutine<String> main() {
                    AsyncSupplier<String> s = () -> {
                        log("body");
                        return done(await(v("x")));
                    };
                    Coroutine<String> c = s.get();
                    log("made");
                    AsyncRunnable r = () -> {
                        log("runnable " + await(c));
                        return done();
                    };
                    await(r.run());
                    return done(await(s.get()) + "y");
                }""", "made, body, runnable x, body -> xy");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aUsersOwnAsyncFunctionalInterfaceAndExceptionsThroughTheAwait(RewritingHarness.Weaving weaving) {
        check(weaving, "Retry", """
                @AsyncFunctionalInterface
                interface Attempt { Coroutine<String> attempt(int n, String what); }
                @Async static Coroutine<String> retry(Attempt a) {
                    for (int n = 1; ; n++) {
                        try {
                            return done(await(a.attempt(n, "fetch")));
                        } catch (IllegalStateException e) {
                            log(e.getMessage() + " " + n);
                        }
                    }
                }
                @Async static Coroutine<String> main() {
                    String prefix = "ok";
                    return retry((n, what) -> {
                        if (n < 3) {
                            await(V.<String>fail(new IllegalStateException(what + " failed")));
                        }
                        return done(prefix + " " + await(v(n)));
                    });
                }""", "fetch failed 1, fetch failed 2 -> ok 3");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void lambdasMadeOutsideAsyncCodeAndMethodReferences(RewritingHarness.Weaving weaving) {
        check(weaving, "Made", """
                @Async static Coroutine<Integer> twice(int x) { return done(2 * await(v(x))); }
                static Coroutine<Integer> plain(int x) { return done(x + 1); }
                static AsyncFunction<Integer, Integer> adder(int n) {
                    return x -> done(await(v(x)) + n);
                }
                static final AsyncSupplier<String> CONSTANT = () -> done(await(v("k")));
                @Async static Coroutine<String> main() {
                    AsyncFunction<Integer, Integer> t = Made::twice;
                    AsyncFunction<Integer, Integer> p = Made::plain;
                    AsyncFunction<Integer, Integer> a = adder(await(t.apply(3)));
                    return done(await(a.apply(await(p.apply(1)))) + await(CONSTANT.get()));
                }""", " -> 8k");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aTaskGroupBodyThatAwaits(RewritingHarness.Weaving weaving) {
        check(weaving, "GroupBody", """
                @Async static Coroutine<String> fetch(String name, int hops) {
                    for (int i = 0; i < hops; i++) {
                        await(sleep(0));
                    }
                    log("fetched " + name);
                    return done(name.toUpperCase());
                }
                @Async static Coroutine<String> main() {
                    List<Task<String>> tasks = await(taskGroup(tg -> {
                        List<Task<String>> ts = new ArrayList<>();
                        for (String n : List.of("a", "b")) {
                            ts.add(tg.createTask(fetch(n, n.equals("a") ? 5 : 1)));
                        }
                        log("body " + await(v(1)));
                        log("b says " + await(ts.get(1)));
                        return done(ts);
                    }));
                    StringBuilder out = new StringBuilder();
                    for (Task<String> t : tasks) {
                        out.append(t.done()).append(t.result());
                    }
                    return done(out.toString());
                }""", "body 1, fetched b, b says B, fetched a -> trueAtrueB");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aFailingTaskCancelsTheAwaitingTaskGroupBodyAndRaisesTheGroup(RewritingHarness.Weaving weaving) {
        check(weaving, "GroupFailure", """
                @Async static Coroutine<String> failing() {
                    await(sleep(0));
                    throw new IllegalStateException("task failed");
                }
                @Async static Coroutine<String> main() {
                    try {
                        await(taskGroup(tg -> {
                            tg.createTask(failing());
                            try {
                                await(sleep(10));
                            } catch (CancelledError e) {
                                log("body cancelled");
                                throw e;
                            } finally {
                                log("body finally");
                            }
                            return done("unreached");
                        }));
                        return done("no group");
                    } catch (ExceptionGroup g) {
                        return done(g.exceptions().size() + " " + g.exceptions().get(0).getMessage());
                    }
                }""", "body cancelled, body finally -> 1 task failed");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aTimeoutBodyThatAwaits(RewritingHarness.Weaving weaving) {
        check(weaving, "TimeoutBody", """
                @Async static Coroutine<String> main() {
                    String fast = await(timeout(2, () -> done(await(v("fast")) + await(sleep(0, "!")))));
                    log(fast);
                    try {
                        await(timeout(0.05, () -> {
                            try {
                                log("slow starts");
                                await(sleep(10));
                            } finally {
                                log("slow finally");
                            }
                            return done("unreached");
                        }));
                        return done("no timeout");
                    } catch (TimeoutError e) {
                        return done("timed out, caused by " + e.getCause().getClass().getSimpleName());
                    }
                }""", "fast!, slow starts, slow finally -> timed out, caused by CancelledError");
    }
}
