package io.jasyncio.rewriting;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.annotation.Async;
import java.util.Locale;

/**
 * The program {@link DebuggerTest} runs under a debugger, with the agent rewriting it at load
 * time. Each line the test names ends with a marker comment ({@code // @name}); the test finds
 * the line numbers by reading this file, so the markers, not the numbers, are the contract.
 *
 * <p>{@link #work} has locals of every shape a debugger reads differently: an {@code int} and a
 * {@code String} parameter, a {@code long} and a {@code double} (two slots each), a {@code null}
 * reference, a variable dead before the first await, a slot reused by variables of different
 * kinds, awaits that complete at once (a done future, a coroutine that does not suspend) and
 * awaits that suspend, one of them in a loop whose other iterations complete at once. {@link
 * #start} has an argument it never reads.
 */
final class DebuggedProgram {
    private final String id;

    private DebuggedProgram(String id) {
        this.id = id;
    }

    @Async
    Coroutine<Long> work(int n, String name) {
        long total = 10_000_000_000L; // @first
        String label = name + "-" + n; // @label
        Object nothing = null; // @nothing
        String dead = label.toUpperCase(Locale.ROOT); // @dead
        System.out.println(dead); // @printDead
        int a = await(ready(n + 1)); // @ready
        total += a; // @afterReady
        int c = await(twice(a)); // @twice
        total += c; // @afterTwice
        String b = await(sleep(0, label + "!")); // @suspends
        total += b.length(); // @afterSuspend
        for (int i = 0; i < 3; i++) { // @loop
            int got = await(i == 1 ? sleep(0, i * 10) : ready(i * 10)); // @loopAwait
            total += got; // @loopBody
        }
        {
            char letter = b.charAt(0); // @letter
            total += letter; // @afterLetter
        }
        {
            String word = await(sleep(0, "w")); // @word
            total += word.length(); // @afterWord
        }
        double ratio = total / 4.0; // @ratio
        return done(total + (long) ratio + id.length() + (nothing == null ? 0 : 1)); // @done
    }

    /** A coroutine that completes without suspending: awaiting it runs it in place. */
    @Async
    static Coroutine<Integer> twice(int x) {
        return done(2 * x); // @twiceDone
    }

    /**
     * Its first argument is never read, so the stub does not save it: in the resume method its
     * slot (0) holds the frame, which a debugger must not show as the {@code String}.
     */
    @Async
    static Coroutine<Integer> start(String unused, int x) {
        int y = x + 1; // @startFirst
        await(sleep(0)); // @startAwait
        return done(y); // @startDone
    }

    private static <T> Future<T> ready(T value) {
        Future<T> f = new Future<>(Asyncio.getRunningLoop());
        f.setResult(value);
        return f;
    }

    public static void main(String[] args) {
        System.out.println("start " + Asyncio.run(start("ignored", 1)));
        System.out.println("result " + Asyncio.run(new DebuggedProgram("p1").work(4, "job")));
    }
}
