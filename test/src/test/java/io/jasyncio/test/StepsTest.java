package io.jasyncio.test;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class StepsTest {
    @Test
    void stepsInOrderThenFinishPass() {
        Steps steps = new Steps();
        steps.expect(1);
        steps.expect(2);
        steps.finish(3);
        assertEquals(3, steps.last());
        steps.check();
    }

    @Test
    void aStepOutOfOrderFailsWithBothNumbers() {
        Steps steps = new Steps();
        steps.expect(1);
        AssertionError e = assertThrows(AssertionError.class, () -> steps.expect(3));
        assertEquals("Expected step 3, but this is step 2", e.getMessage());
    }

    @Test
    void aStepAfterFinishFails() {
        Steps steps = new Steps();
        steps.finish(1);
        AssertionError e = assertThrows(AssertionError.class, () -> steps.expect(2));
        assertEquals("Step 2 came after finish(1): finish must be the last step", e.getMessage());
        assertThrows(AssertionError.class, () -> steps.finish(2)); // a second finish too
    }

    @Test
    void countingWithoutFinishFailsTheCheck() {
        Steps steps = new Steps();
        steps.expect(1);
        steps.expect(2);
        AssertionError e = assertThrows(AssertionError.class, steps::check);
        assertEquals(
                "Expected finish(3) to be called, but the last step was 2 and finish was never called", e.getMessage());
    }

    @Test
    void aSwallowedFailureStillFailsTheCheck() {
        Steps steps = new Steps();
        try {
            steps.expect(2); // the code under test catches it
        } catch (AssertionError swallowed) {
            // as a catch (Throwable) in the code under test would
        }
        steps.expect(2); // the counter went on: this is step 2 of 2
        steps.finish(3);
        AssertionError e = assertThrows(AssertionError.class, steps::check);
        assertEquals("Expected step 2, but this is step 1", e.getMessage());
    }

    @Test
    void unreachedFailsNowAndAtTheCheck() {
        Steps steps = new Steps();
        steps.expect(1);
        AssertionError e = assertThrows(AssertionError.class, steps::unreached);
        assertEquals("This line must not be reached (after step 1)", e.getMessage());
        steps.finish(2);
        assertSame(e, assertThrows(AssertionError.class, steps::check));
    }

    @Test
    void anUntouchedCounterPasses() {
        new Steps().check();
    }

    @Test
    void afterEachChecksThenStartsOver() {
        Steps steps = new Steps();
        steps.expect(1);
        assertThrows(AssertionError.class, () -> steps.afterEach(null));
        assertEquals(0, steps.last()); // a shared instance serves the next test from zero
        steps.finish(1);
        steps.afterEach(null);
    }
}
