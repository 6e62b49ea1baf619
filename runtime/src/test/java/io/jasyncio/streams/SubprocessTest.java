package io.jasyncio.streams;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Child processes with their pipes as streams, with real programs: cat, sh -c, echo, sleep. */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
    /**
     * cat echoes 8 MiB while we write it: far more than a pipe's 64 KiB each way, so a parent that
     * wrote everything before reading (or blocked its loop writing) would deadlock with the child.
     */
    @Test
    void catEchoesMoreThanThePipeBuffersWhileWeWriteItsStdin() {
        run(catRoundTrip());
    }

    @Async
    static Coroutine<Void> catRoundTrip() {
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(1).nextBytes(data);
        Subprocess cat = await(Streams.createSubprocessExec("cat"));
        assertNull(cat.returncode(), "running");
        Task<byte[]> reading = createTask(readAll(cat.stdout()));
        for (int off = 0; off < data.length; off += 100_000) {
            cat.stdin().write(data, off, Math.min(100_000, data.length - off));
            await(cat.stdin().drain()); // back-pressure: cat reads as fast as we read its output
        }
        cat.stdin().close();
        assertArrayEquals(data, await(reading));
        assertEquals(0, await(cat.waitFor()));
        assertEquals(0, cat.returncode());
        return done();
    }

    @Async
    static Coroutine<byte[]> readAll(StreamReader reader) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte[] chunk = await(reader.read(65536));
            if (chunk.length == 0) {
                return done(out.toByteArray());
            }
            out.writeBytes(chunk);
        }
    }

    /** A child that writes 1 MiB to stdout before it reads its stdin, while we write 1 MiB to its stdin first. */
    @Test
    void aChildWritingMoreThanThePipeBufferBeforeReadingDoesNotDeadlock() {
        assertEquals(List.of(1048576, 1048576), run(writesFirst()));
    }

    @Async
    static Coroutine<List<Integer>> writesFirst() {
        Subprocess p = await(Streams.createSubprocessShell("head -c 1048576 /dev/zero; wc -c"));
        byte[] input = new byte[1024 * 1024];
        Subprocess.Output out = await(p.communicate(input));
        byte[] o = out.stdout();
        int zeros = 0;
        while (zeros < o.length && o[zeros] == 0) {
            zeros++;
        }
        String counted = new String(o, zeros, o.length - zeros, UTF_8).trim(); // wc -c of our input
        return done(List.of(zeros, Integer.parseInt(counted)));
    }

    @Test
    void communicateGivesStdoutStderrAndTheExitCode() {
        run(shell());
    }

    @Async
    static Coroutine<Void> shell() {
        Subprocess p = await(Streams.createSubprocessShell("read x; echo \"out $x\"; echo err >&2; exit 3"));
        Subprocess.Output out = await(p.communicate("in\n".getBytes(UTF_8)));
        assertEquals("out in\n", new String(out.stdout(), UTF_8));
        assertEquals("err\n", new String(out.stderr(), UTF_8));
        assertEquals(3, p.returncode());
        return done();
    }

    @Test
    void stdoutReadLineByLine() {
        assertEquals(List.of("one", "two", "three"), run(lines()));
    }

    @Async
    static Coroutine<List<String>> lines() {
        Subprocess p = await(Streams.createSubprocessExec("printf", "one\\ntwo\\nthree\\n"));
        List<String> lines = new ArrayList<>();
        for (byte[] line; (line = await(p.stdout().readline())).length > 0; ) {
            lines.add(new String(line, UTF_8).trim());
        }
        assertEquals(0, await(p.waitFor()));
        return done(lines);
    }

    @Test
    void terminateAndKillEndTheChild() {
        run(terminateAndKill());
    }

    @Async
    static Coroutine<Void> terminateAndKill() {
        Subprocess sleeper = await(Streams.createSubprocessExec("sleep", "60"));
        sleeper.terminate();
        assertEquals(128 + 15, await(sleeper.waitFor()), "SIGTERM, as the JDK reports it");
        Subprocess stubborn = await(Streams.createSubprocessShell("trap '' TERM; sleep 60"));
        await(sleep(0.2)); // let the shell set its trap
        stubborn.kill();
        assertEquals(128 + 9, await(stubborn.waitFor()), "SIGKILL");
        return done();
    }

    /** Cancelling a task that waits for a child stops the waiting only: the child runs on until asked. */
    @Test
    void cancellingAWaiterKillsNothing() {
        run(cancelWaiter());
    }

    @Async
    static Coroutine<Void> cancelWaiter() {
        Subprocess sleeper = await(Streams.createSubprocessExec("sleep", "60"));
        Task<Integer> waiter = createTask(waitFor(sleeper));
        Task<Subprocess.Output> talker = createTask(communicate(sleeper));
        await(sleep(0.05));
        waiter.cancel();
        talker.cancel();
        try {
            await(waiter);
        } catch (CancelledError expected) {
            // as asked
        }
        try {
            await(talker);
        } catch (CancelledError expected) {
            // as asked
        }
        await(sleep(0.1));
        assertTrue(sleeper.process().isAlive(), "the child was not killed by the cancellations");
        assertNull(sleeper.returncode());
        sleeper.kill();
        assertEquals(137, await(sleeper.waitFor()));
        return done();
    }

    @Async
    static Coroutine<Integer> waitFor(Subprocess p) {
        return done(await(p.waitFor()));
    }

    @Async
    static Coroutine<Subprocess.Output> communicate(Subprocess p) {
        return done(await(p.communicate(null)));
    }

    @Test
    void aProgramThatDoesNotExistFailsToStart() {
        run(noSuchProgram());
    }

    @Async
    static Coroutine<Void> noSuchProgram() {
        try {
            await(Streams.createSubprocessExec("no-such-program-jasyncio"));
            throw new AssertionError("started a program that does not exist");
        } catch (UncheckedIOException e) {
            assertTrue(e.getMessage().contains("no-such-program-jasyncio"), e.getMessage());
        }
        return done();
    }

    /** Writing to a child that exited: the next drain fails with the broken pipe, nothing hangs. */
    @Test
    void writingToAChildThatExitedFailsTheDrain() {
        run(brokenPipe());
    }

    @Async
    static Coroutine<Void> brokenPipe() {
        Subprocess p = await(Streams.createSubprocessExec("true"));
        assertEquals(0, await(p.waitFor()));
        byte[] chunk = new byte[1024 * 1024];
        try {
            for (int i = 0; i < 64; i++) {
                p.stdin().write(chunk);
                await(p.stdin().drain());
            }
            throw new AssertionError("64 MiB written to a child that exited");
        } catch (UncheckedIOException e) {
            assertTrue(e.getMessage().startsWith("cannot write to the child's stdin"), e.getMessage());
        }
        return done();
    }
}
