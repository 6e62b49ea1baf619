package demo;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import org.junit.jupiter.api.Test;

class SquaresTest {
    /** Woven by weave-test. */
    @Async
    static Coroutine<Integer> twice(int n, boolean viaTask) {
        return done(2 * await(Squares.sum(n, viaTask)));
    }

    @Test
    void runsWithoutTheAgent() {
        assertEquals(null, System.getProperty("jasyncio.agent"), "no agent attached");
        assertEquals(2 * (1 + 4 + 9), run(twice(1, true)));
        assertEquals(2 * (4 + 9 + 16), run(twice(2, false)));
    }
}
