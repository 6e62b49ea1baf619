package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A child process with its pipes as streams: asyncio's {@code asyncio.subprocess.Process}, made by
 * {@link Streams#createSubprocessExec}, {@link Streams#createSubprocessShell} or {@link
 * Streams#createSubprocess(ProcessBuilder)}.
 *
 * <pre>{@code
 * Subprocess p = await(Streams.createSubprocessExec("ls", "-l"));
 * for (byte[] line; (line = await(p.stdout().readline())).length > 0; ) {
 *     System.out.print(new String(line, UTF_8));
 * }
 * int code = await(p.waitFor());
 * }</pre>
 *
 * <p>How the pipes are watched: the JDK gives a {@link Process}'s pipes as blocking streams, not
 * selectable channels, so each piped stream has a daemon thread ({@code jasyncio-pipe-<pid>-stdout}
 * ...) that blocks in {@code read} or {@code write} and talks to the loop only through {@code
 * callSoonThreadsafe}; the process's exit comes from {@link Process#onExit()}. The loop thread
 * never blocks; back-pressure holds both ways (see {@link StreamReader} and {@link
 * StreamWriter#drain()}). A pipe that is not {@link ProcessBuilder.Redirect#PIPE} has no stream
 * here (its getter returns null).
 *
 * <p>Exit codes are the JDK's: a child killed by a signal reports 128 plus the signal's number
 * (143 after {@link #terminate()}), where Python reports the negative signal number.
 *
 * <p>Cancelling an awaiting {@link #waitFor()} or {@link #communicate} stops the waiting only:
 * the child goes on running (as in asyncio); end it with {@link #terminate()} or {@link #kill()}.
 * Not thread-safe: use it from its loop only.
 */
public final class Subprocess {
    /** What {@link #communicate} returns: all of stdout and stderr (null for a stream not piped). */
    public record Output(byte[] stdout, byte[] stderr) {}

    private final EventLoop loop;
    private final Process process;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final List<Future<Integer>> waiters = new ArrayList<>(1);
    private Integer returncode;

    private Subprocess(EventLoop loop, Process process, ProcessBuilder builder) {
        this.loop = loop;
        this.process = process;
        String name = "jasyncio-pipe-" + process.pid() + "-";
        if (builder.redirectInput() == ProcessBuilder.Redirect.PIPE) {
            PipeWriteTransport in = new PipeWriteTransport(loop, process.getOutputStream(), name + "stdin");
            this.stdin = new StreamWriter(in);
            in.start();
        } else {
            this.stdin = null;
        }
        this.stdout = builder.redirectOutput() == ProcessBuilder.Redirect.PIPE
                ? pipe(loop, process.getInputStream(), name + "stdout")
                : null;
        this.stderr = builder.redirectError() == ProcessBuilder.Redirect.PIPE && !builder.redirectErrorStream()
                ? pipe(loop, process.getErrorStream(), name + "stderr")
                : null;
        process.onExit().whenComplete((p, e) -> {
            try {
                loop.callSoonThreadsafe(this::exited);
            } catch (IllegalStateException loopClosed) {
                // nobody waits any more
            }
        });
    }

    private static StreamReader pipe(EventLoop loop, java.io.InputStream in, String name) {
        PipeReadTransport t = new PipeReadTransport(loop, in, name);
        t.start();
        return t.reader();
    }

    /** Starts {@code builder}'s process off the loop thread (fork and exec block). */
    static Future<Subprocess> start(ProcessBuilder builder) {
        Objects.requireNonNull(builder, "builder");
        EventLoop loop = Asyncio.getEventLoop();
        Future<Subprocess> result = loop.createFuture();
        loop.runInExecutor(null, builder::start).addDoneCallback(f -> {
            if (f.exception() != null) {
                Throwable e = f.exception();
                result.setException(e instanceof IOException ? new UncheckedIOException((IOException) e) : e);
                return;
            }
            Process p = f.result();
            if (result.done()) { // cancelled while starting: asked to, so the child goes too
                p.destroyForcibly();
                return;
            }
            result.setResult(new Subprocess(loop, p, builder));
        });
        return result;
    }

    private void exited() {
        returncode = process.exitValue();
        for (Future<Integer> w : waiters) {
            if (!w.done()) {
                w.setResult(returncode);
            }
        }
        waiters.clear();
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The exit code, or null while the child runs (asyncio's {@code returncode}). */
    public Integer returncode() {
        return returncode;
    }

    /** The child's stdin, or null if not piped. Close it (or {@code writeEof()}) to send EOF. */
    public StreamWriter stdin() {
        return stdin;
    }

    /** The child's stdout, or null if not piped. */
    public StreamReader stdout() {
        return stdout;
    }

    /** The child's stderr, or null if not piped (or merged into stdout). */
    public StreamReader stderr() {
        return stderr;
    }

    /** The JDK's process, for what this class does not cover. */
    public Process process() {
        return process;
    }

    /**
     * An awaitable of the exit code, once the child has exited (asyncio's {@code wait()}; named
     * so because {@code wait} is {@link Object#wait()}). A child that fills a pipe nobody reads
     * never exits: read its output, or use {@link #communicate}.
     */
    public Future<Integer> waitFor() {
        Future<Integer> f = loop.createFuture();
        if (returncode != null) {
            f.setResult(returncode);
        } else {
            waiters.add(f);
        }
        return f;
    }

    /**
     * Sends {@code input} (null: nothing) to stdin and closes it, reads stdout and stderr to EOF
     * at the same time, and waits for the exit (asyncio's {@code communicate}).
     *
     * @return an awaitable of what the child wrote (null for a stream that is not piped); it
     *     fails with {@link UncheckedIOException} if stdin broke before all input was written
     *     (the child exited without reading it), as asyncio ignores only a broken pipe at close
     * @throws IllegalStateException if {@code input} is given but stdin is not piped
     */
    public Future<Output> communicate(byte[] input) {
        if (input != null && stdin == null) {
            throw new IllegalStateException("communicate(input) on a process whose stdin is not piped");
        }
        Future<Output> result = loop.createFuture();
        Future<Void> fed = loop.createFuture();
        if (stdin != null) {
            if (input != null) {
                stdin.write(input);
            }
            stdin.close();
            stdin.waitClosed()
                    .addDoneCallback(c -> fed.setResult(null)); // a broken pipe is the child's business, as asyncio
        } else {
            fed.setResult(null);
        }
        Future<byte[]> out = stdout != null ? stdout.read() : done(null);
        Future<byte[]> err = stderr != null ? stderr.read() : done(null);
        Future<Integer> exit = waitFor();
        Runnable check = () -> {
            if (result.done() || !out.done() || !err.done() || !exit.done() || !fed.done()) {
                return;
            }
            Throwable e = out.exception() != null ? out.exception() : err.exception();
            if (e != null) {
                result.setException(e);
            } else {
                result.setResult(new Output(out.result(), err.result()));
            }
        };
        for (Future<?> f : List.of(out, err, exit, fed)) {
            f.addDoneCallback(x -> check.run());
        }
        result.addDoneCallback(r -> {
            if (r.cancelled()) { // stop waiting; the reads are dropped, the child is left alone
                out.cancel();
                err.cancel();
                exit.cancel();
            }
        });
        return result;
    }

    private <T> Future<T> done(T value) {
        Future<T> f = loop.createFuture();
        f.setResult(value);
        return f;
    }

    /** Asks the child to end: SIGTERM on Unix ({@link Process#destroy()}). Nothing if it has exited. */
    public void terminate() {
        process.destroy();
    }

    /** Ends the child at once: SIGKILL on Unix ({@link Process#destroyForcibly()}). Nothing if it has exited. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "<Subprocess " + process.pid() + (returncode != null ? " returncode=" + returncode : " running") + ">";
    }
}
