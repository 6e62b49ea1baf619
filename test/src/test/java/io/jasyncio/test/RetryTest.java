package io.jasyncio.test;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;

/** The README's example, as it is there. */
class RetryTest {
    @Async
    static Coroutine<String> callEveryMinute(int attempts) {
        for (int i = 0; i < attempts; i++) {
            await(sleep(60)); // a real client would call its service here
        }
        return done("gave up");
    }

    @AsyncTest(timeout = 7200) // the limit, in virtual seconds
    @Async
    Coroutine<Void> givesUpAfterAnHour() {
        assertEquals("gave up", await(callEveryMinute(60)));
        assertEquals(3600.0, getRunningLoop().time()); // an hour, in no real time
        return done();
    }
}
