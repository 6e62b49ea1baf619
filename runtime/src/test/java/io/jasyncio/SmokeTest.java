package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Async
    static Coroutine<Integer> square(int x) {
        await(sleep(0.01));
        return done(x * x);
    }

    @Async
    static Coroutine<List<Integer>> main() {
        List<Integer> r = await(gather(square(1), square(2)));
        return done(r);
    }

    @Test
    void works() {
        assertEquals(List.of(1, 4), run(main()));
    }
}
