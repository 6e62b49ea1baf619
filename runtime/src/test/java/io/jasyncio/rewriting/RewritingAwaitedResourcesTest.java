package io.jasyncio.rewriting;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Awaited try-with-resources: in {@code @Async} code, the close of a resource whose static type
 * is an {@code AsyncCloseable} is an await of {@code aclose}, on every way out of the block, with
 * the body's exception passed to it; woven ahead of time and at load time, each run with every
 * await (the closes' too) complete and with every await suspending.
 */
class RewritingAwaitedResourcesTest {
    /** A resource that logs its close, awaits inside it, and fails it when told to. */
    private static final String RESOURCE = """
            static final class Res implements AsyncCloseable {
                final String name;
                final String closeFailure;
                Res(String name) { this(name, null); }
                Res(String name, String closeFailure) {
                    this.name = name;
                    this.closeFailure = closeFailure;
                    log("open " + name);
                }
                @Async public Coroutine<Void> aclose(Throwable pending) {
                    await(v(0));
                    log("aclose " + name + (pending == null ? "" : " after " + what(pending)));
                    if (closeFailure != null) {
                        throw new IllegalStateException(closeFailure);
                    }
                    return done();
                }
            }
            static String what(Throwable t) {
                return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            }
            static String describe(Throwable t) {
                StringBuilder s = new StringBuilder(t.getClass().getSimpleName() + " " + t.getMessage());
                for (Throwable x : t.getSuppressed()) {
                    s.append(" suppressing ").append(x.getMessage());
                }
                return s.toString();
            }
            """;

    @TempDir
    Path tmp;

    private void check(RewritingHarness.Weaving weaving, String name, String members, String expected) {
        new RewritingHarness(tmp, 17, weaving).check(name, RESOURCE + members, expected);
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void theCloseIsAwaitedWhenTheBodyCompletes(RewritingHarness.Weaving weaving) {
        check(weaving, "Completes", """
                @Async static Coroutine<String> main() {
                    try (Res r = new Res("a")) {
                        log("body " + await(v(1)));
                    }
                    log("after");
                    return done("ok");
                }""", "open a, body 1, aclose a, after -> ok");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void theBodysExceptionIsPassedToAcloseAndLeaves(RewritingHarness.Weaving weaving) {
        check(weaving, "BodyFails", """
                static Res open(String name) { return new Res(name); }
                @Async static Coroutine<String> main() {
                    try {
                        try (Res r = open("a")) {
                            await(v(1));
                            throw new IllegalArgumentException("boom");
                        }
                    } catch (IllegalArgumentException e) {
                        return done(describe(e));
                    }
                }""", "open a, aclose a after boom -> IllegalArgumentException boom");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aFailingCloseAfterACompletedBodyLeaves(RewritingHarness.Weaving weaving) {
        check(weaving, "CloseFails", """
                @Async static Coroutine<String> main() {
                    try {
                        try (Res r = new Res("a", "close failed")) {
                            log("body");
                        }
                        return done("unreached");
                    } catch (IllegalStateException e) {
                        return done(describe(e));
                    }
                }""", "open a, body, aclose a -> IllegalStateException close failed");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aFailingCloseAfterAFailedBodyIsSuppressedAsJavaDoes(RewritingHarness.Weaving weaving) {
        check(
                weaving,
                "BothFail",
                """
                @Async static Coroutine<String> main() {
                    try {
                        try (Res r = new Res("a", "close failed")) {
                            await(v(1));
                            throw new IllegalArgumentException("boom");
                        }
                    } catch (RuntimeException e) {
                        return done(describe(e));
                    }
                }""",
                "open a, aclose a after boom -> IllegalArgumentException boom suppressing close failed");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void returnBreakAndContinueAwaitTheClose(RewritingHarness.Weaving weaving) {
        check(
                weaving,
                "Exits",
                """
                @Async static Coroutine<String> pick(int x) {
                    try (Res r = new Res("p" + x)) {
                        if (x > 0) {
                            return done("positive " + await(v(x)));
                        }
                    }
                    return done("zero");
                }
                @Async static Coroutine<String> main() {
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i < 4; i++) {
                        try (Res r = new Res("l" + i)) {
                            if (i == 1) {
                                continue;
                            }
                            if (i == 2) {
                                break;
                            }
                            out.append(await(v(i)));
                        }
                    }
                    return done(out + " " + await(pick(1)) + " " + await(pick(0)));
                }""",
                "open l0, aclose l0, open l1, aclose l1, open l2, aclose l2, open p1, aclose p1, open p0, aclose p0"
                        + " -> 0 positive 1 zero");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void nestedResourcesCloseInReverseOrderEachSeeingTheOutcomeSoFar(RewritingHarness.Weaving weaving) {
        check(
                weaving,
                "Nested",
                """
                @Async static Coroutine<String> main() {
                    try {
                        try (Res a = new Res("a"); Res b = new Res("b", "b failed")) {
                            try (Res c = new Res("c")) {
                                await(v(1));
                            }
                            throw new IllegalArgumentException("boom");
                        }
                    } catch (RuntimeException e) {
                        return done(describe(e));
                    }
                }""",
                "open a, open b, open c, aclose c, aclose b after boom, aclose a after boom"
                        + " -> IllegalArgumentException boom suppressing b failed");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aNullResourceIsNotClosed(RewritingHarness.Weaving weaving) {
        check(weaving, "NullResource", """
                static Res none() { return null; }
                @Async static Coroutine<String> main() {
                    try (Res r = none()) {
                        log("body " + (r == null) + " " + await(v(1)));
                    }
                    try (Res r = none()) {
                    }
                    try (Res r = none(); Res s = new Res("s")) {
                        log("two");
                    }
                    return done("ok");
                }""", "body true 1, open s, two, aclose s -> ok");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void cancellationWhileClosingAndWhileInTheBody(RewritingHarness.Weaving weaving) {
        check(
                weaving,
                "Cancelled",
                """
                static final class Slow implements AsyncCloseable {
                    @Async public Coroutine<Void> aclose(Throwable pending) {
                        log("closing" + (pending == null ? "" : " after " + pending.getClass().getSimpleName()));
                        try {
                            await(sleep(10));
                        } catch (CancelledError e) {
                            log("close cancelled");
                            throw e;
                        }
                        return done();
                    }
                }
                @Async static Coroutine<Void> closeIsCancelled() {
                    try (Slow s = new Slow()) {
                        log("body");
                    }
                    log("unreached");
                    return done();
                }
                @Async static Coroutine<Void> bodyIsCancelled() {
                    try (Res r = new Res("r")) {
                        await(sleep(10));
                    }
                    log("unreached");
                    return done();
                }
                @Async static Coroutine<String> main() {
                    Task<Void> t = createTask(closeIsCancelled());
                    await(sleep(0));
                    await(sleep(0));
                    t.cancel();
                    try {
                        await(t);
                    } catch (CancelledError e) {
                        log("first cancelled");
                    }
                    Task<Void> u = createTask(bodyIsCancelled());
                    await(sleep(0));
                    u.cancel();
                    try {
                        await(u);
                    } catch (CancelledError e) {
                        log("second cancelled");
                    }
                    return done(t.cancelled() + " " + u.cancelled());
                }""",
                "body, closing, close cancelled, first cancelled, open r, aclose r after CancelledError,"
                        + " second cancelled -> true true");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void theRuntimesResourcesInAsyncWithForm(RewritingHarness.Weaving weaving) {
        check(
                weaving,
                "RuntimeResources",
                """
                @Async static Coroutine<String> child(String name) {
                    await(sleep(0));
                    log("child " + name);
                    return done(name);
                }
                @Async static Coroutine<String> main() {
                    io.jasyncio.sync.Lock lock = new io.jasyncio.sync.Lock();
                    try (TaskGroup tg = taskGroup()) {
                        tg.createTask(child("a"));
                        tg.createTask(child("b"));
                        log("group body " + await(v(1)));
                    }
                    log("group left");
                    await(lock.acquire());
                    try (lock) {
                        log("locked " + lock.locked());
                    }
                    log("unlocked " + !lock.locked());
                    try (Timeout t = timeout(0.05).enter()) {
                        await(sleep(10));
                        return done("no timeout");
                    } catch (TimeoutError e) {
                        return done("timed out");
                    }
                }""",
                "group body 1, child a, child b, group left, locked true, unlocked true -> timed out");
    }

    @ParameterizedTest
    @EnumSource(RewritingHarness.Weaving.class)
    void aResourceInAnAsyncLambda(RewritingHarness.Weaving weaving) {
        check(weaving, "InLambda", """
                @Async static Coroutine<String> main() {
                    AsyncFunction<String, String> use = name -> {
                        try (Res r = new Res(name)) {
                            return done(name + await(v("!")));
                        }
                    };
                    return done(await(use.apply("x")));
                }""", "open x, aclose x -> x!");
    }
}
