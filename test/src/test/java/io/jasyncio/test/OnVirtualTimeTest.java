package io.jasyncio.test;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.annotation.Async;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnVirtualTimeTest {
    /** A program as users write them: run(main()), with a loop of its own. */
    public static final class Program {
        static final List<String> seen = new ArrayList<>();

        @Async
        static Coroutine<Void> main(String name) {
            await(sleep(10));
            seen.add(name + " at " + getRunningLoop().time());
            seen.add("current: "
                    + (VirtualTimeLoop.current().time() == getRunningLoop().time()));
            return done();
        }

        public static void main(String[] args) {
            run(main(args[0]));
            EventLoop second = newEventLoop(); // every loop the program makes is on virtual time
            second.runUntilComplete(sleep(2.5));
            second.close();
        }
    }

    @Test
    void runsAProgramWithEveryLoopOnVirtualTimeAndReportsTheLongest() throws Throwable {
        Program.seen.clear();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OnVirtualTime.main(new String[] {"--report-time", Program.class.getName(), "hello"});
        } finally {
            System.setErr(err);
        }
        assertEquals(List.of("hello at 10.0", "current: true"), Program.seen);
        assertEquals(
                "virtual time: 10.000 s",
                captured.toString(StandardCharsets.UTF_8).trim());
        EventLoop after = newEventLoop(); // back on the system clock
        try {
            assertThrows(IllegalStateException.class, () -> after.runUntilComplete(notVirtual()));
        } finally {
            after.close();
        }
    }

    @Async
    static Coroutine<Void> notVirtual() {
        VirtualTimeLoop.current(); // throws: this loop is on the system clock
        return done();
    }
}
