package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * aiofiles' {@code open} for jasyncio: files whose every operation runs off the loop thread and
 * returns an awaitable.
 *
 * <pre>{@code
 * AsyncFile f = await(AsyncFiles.open("example.txt", "w"));
 * await(f.write("Hello, world!"));
 * await(f.close());
 * }</pre>
 */
public final class AsyncFiles {
    private AsyncFiles() {
    }

    /** As {@link #open(Path, String, Charset)} in UTF-8. */
    public static Future<AsyncFile> open(String path, String mode) {
        return open(Paths.get(path), mode, StandardCharsets.UTF_8);
    }

    /** As {@link #open(Path, String, Charset)} in UTF-8. */
    public static Future<AsyncFile> open(Path path, String mode) {
        return open(path, mode, StandardCharsets.UTF_8);
    }

    /**
     * Opens a text file, on a disk thread. Modes as Python's: {@code "r"} read, {@code "w"} write
     * (create or truncate), {@code "a"} append (create if missing), {@code "x"} create a new file;
     * a {@code "t"} is allowed and ignored.
     *
     * @return an awaitable of the open file; it fails with {@link java.io.UncheckedIOException}
     *     wrapping the {@link java.io.IOException} ({@link java.nio.file.NoSuchFileException},
     *     {@link java.nio.file.FileAlreadyExistsException}, ...) if the file cannot be opened
     * @throws IllegalArgumentException for an invalid mode, or binary ({@code b}) and update
     *     ({@code +}) modes, not supported yet
     * @throws IllegalStateException if called outside the loop's thread when no loop is set
     *     (cancelling the returned awaitable closes the file if it opens after all)
     */
    public static Future<AsyncFile> open(Path path, String mode, Charset charset) {
        OpenMode m = OpenMode.parse(mode);
        DiskQueue disk = new DiskQueue(Asyncio.getEventLoop());
        return disk.submit(() -> {
            OpenOption[] options = m.options.toArray(new OpenOption[0]);
            if (m.reads()) {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(Files.newInputStream(path, options), charset.newDecoder()));
                return new AsyncFile(disk, path, mode, reader, null);
            }
            BufferedWriter writer = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(path, options), charset.newEncoder()));
            return new AsyncFile(disk, path, mode, null, writer);
        }, AsyncFile::close); // opened after its awaiter gave up: do not leak the descriptor
    }
}
