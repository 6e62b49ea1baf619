package io.jasyncio.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Proves the exact interleaving of a test with one counter, kotlinx.coroutines' {@code
 * expect}/{@code finish} idiom: each step says its number, and a step out of order fails with
 * both numbers.
 *
 * <pre>{@code
 * @RegisterExtension final Steps steps = new Steps();
 *
 * @AsyncTest @Async
 * Coroutine<Void> childRunsAtTheFirstAwait() {
 *     steps.expect(1);
 *     Task<Void> child = createTask(child());   // child() calls steps.expect(3)
 *     steps.expect(2);
 *     await(sleep(0));                          // the child runs now
 *     steps.finish(4);
 *     return done();
 * }
 * }</pre>
 *
 * <p>Registered as a JUnit extension ({@code @RegisterExtension} on a field), it also fails the
 * test after it ran when a test that started counting never called {@code finish}, and when a
 * failed step's {@link AssertionError} was swallowed by the code under test (caught, or thrown in
 * a task nobody awaited): the first failure is kept and thrown again. Without JUnit, call {@link
 * #check()} at the end. Safe to call from any thread.
 */
public final class Steps implements AfterEachCallback {
    private int last;
    private boolean finished;
    private AssertionError firstFailure;

    /** A counter at zero: the first step is 1. */
    public Steps() {}

    /**
     * Records step {@code step}, which must be the next one.
     *
     * @throws AssertionError if the previous step was not {@code step - 1}, or {@link #finish} was
     *     already called
     */
    public synchronized void expect(int step) {
        if (finished) {
            throw fail("Step " + step + " came after finish(" + last + "): finish must be the last step");
        }
        int was = ++last;
        if (step != was) {
            throw fail("Expected step " + step + ", but this is step " + was);
        }
    }

    /**
     * Records the last step, {@code step}.
     *
     * @throws AssertionError as {@link #expect}: out of order, or a second {@code finish}
     */
    public synchronized void finish(int step) {
        expect(step);
        finished = true;
    }

    /**
     * Fails: a line the test must not reach. Write {@code throw steps.unreached();} so the compiler
     * knows the line ends there.
     *
     * @throws AssertionError always (also kept for {@link #check()}, in case it is swallowed)
     */
    public synchronized AssertionError unreached() {
        throw fail("This line must not be reached (after step " + last + ")");
    }

    /** The number of the last step recorded; 0 before the first. */
    public synchronized int last() {
        return last;
    }

    /**
     * Fails if a step failed (even if the code under test caught it) or if counting started and
     * {@link #finish} was never called.
     *
     * @throws AssertionError the first failure, or one saying {@code finish} was not reached
     */
    public synchronized void check() {
        if (firstFailure != null) {
            throw firstFailure;
        }
        if (last > 0 && !finished) {
            throw new AssertionError("Expected finish(" + (last + 1) + ") to be called, but the last step was " + last
                    + " and finish was never called");
        }
    }

    /**
     * After each test: {@link #check()}, then back to zero (so one {@code Steps} also serves a
     * test class whose instance is shared by its tests).
     */
    @Override
    public synchronized void afterEach(ExtensionContext context) {
        try {
            check();
        } finally {
            last = 0;
            finished = false;
            firstFailure = null;
        }
    }

    private AssertionError fail(String message) {
        AssertionError e = new AssertionError(message);
        if (firstFailure == null) {
            firstFailure = e;
        }
        return e;
    }

    @Override
    public synchronized String toString() {
        return "Steps[last=" + last + (finished ? ", finished]" : "]");
    }
}
