package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child processes with their output read line by line, as in asyncio's subprocess examples:
 *
 * <pre>{@code
 * async def run(cmd):
 *     proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE)
 *     print(f'$ {" ".join(cmd)}')
 *     while line := await proc.stdout.readline():
 *         print(line.decode().rstrip())
 *     print(f'{cmd[0]} exited with {await proc.wait()}')
 *
 * asyncio.run(run(['ls']))
 * }</pre>
 *
 * <p>It runs {@code ls} in a fresh directory holding two files (so the output is known), then
 * {@code echo}, and {@code sh -c} with an exit code.
 */
public class Subprocess {
    @Async
    static Coroutine<Void> show(Path directory, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        var proc = await(Streams.createSubprocess(builder)); // an io.jasyncio.streams.Subprocess
        System.out.println("$ " + String.join(" ", command));
        for (byte[] line; (line = await(proc.stdout().readline())).length > 0; ) {
            System.out.println(new String(line, UTF_8).stripTrailing());
        }
        System.out.println(command[0] + " exited with " + await(proc.waitFor()));
        return done();
    }

    @Async
    static Coroutine<Void> main(Path directory) {
        await(show(directory, "ls"));
        await(show(directory, "echo", "hello from a child process"));
        await(show(directory, "sh", "-c", "echo three; exit 3"));
        return done();
    }

    public static void main(String[] args) throws IOException {
        Path directory = Files.createTempDirectory("jasyncio-subprocess");
        try {
            Files.writeString(directory.resolve("a.txt"), "a");
            Files.writeString(directory.resolve("b.txt"), "b");
            run(main(directory));
        } finally {
            try (var files = Files.list(directory)) {
                files.forEach(f -> {
                    try {
                        Files.delete(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Files.delete(directory);
        }
    }
}
