package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;

/**
 * aiofiles' {@code open} for jasyncio: files whose every operation runs off the loop thread and
 * returns an awaitable. Python's one {@code open} is two here: {@link #open} for text ({@link
 * AsyncFile}, strings) and {@link #openBinary} for bytes ({@link AsyncBinaryFile}).
 *
 * <pre>{@code
 * AsyncFile f = await(AsyncFiles.open("example.txt", "w"));
 * await(f.write("Hello, world!"));
 * await(f.aclose());
 *
 * try (AsyncFile g = await(AsyncFiles.open("example.txt", "r"))) {  // async with aiofiles.open(...) as g:
 *     String text = await(g.read());
 * }                                                                 // closed here
 * }</pre>
 */
public final class AsyncFiles {
    private AsyncFiles() {}

    /** As {@link #open(Path, String, Charset)} in UTF-8. */
    public static Future<AsyncFile> open(String path, String mode) {
        return open(Paths.get(path), mode, StandardCharsets.UTF_8);
    }

    /** As {@link #open(Path, String, Charset)} in UTF-8. */
    public static Future<AsyncFile> open(Path path, String mode) {
        return open(path, mode, StandardCharsets.UTF_8);
    }

    /**
     * Opens a text file, on a disk thread. Modes as Python's text ones: {@code "r"} read, {@code
     * "w"} write (create or truncate), {@code "a"} append (create if missing; every write goes to
     * the end), {@code "x"} create a new file; with a {@code +} ({@code "r+"}, {@code "w+"}, {@code
     * "a+"}, {@code "x+"}) the file is opened for both reading and writing, {@code "a+"} at its end
     * (see {@link AsyncFile} for the position they share). A {@code "t"} is allowed and ignored.
     *
     * @return an awaitable of the open file; it fails with {@link java.io.UncheckedIOException}
     *     wrapping the {@link java.io.IOException} ({@link java.nio.file.NoSuchFileException},
     *     {@link java.nio.file.FileAlreadyExistsException}, ...) if the file cannot be opened
     *     (cancelling it closes the file if it opens after all)
     * @throws IllegalArgumentException for an invalid mode, or a binary mode ({@code "rb"}, ...:
     *     use {@link #openBinary})
     * @throws IllegalStateException if called outside the loop's thread when no loop is set
     */
    public static Future<AsyncFile> open(Path path, String mode, Charset charset) {
        OpenMode m = OpenMode.parse(mode);
        if (m.binary) {
            throw new IllegalArgumentException("binary mode '" + mode + "' for a text file: "
                    + "use AsyncFiles.openBinary to read and write bytes");
        }
        return open(path, mode, m, file -> new AsyncFile(file, charset), AsyncFile::aclose);
    }

    /** As {@link #openBinary(Path, String)}. */
    public static Future<AsyncBinaryFile> openBinary(String path, String mode) {
        return openBinary(Paths.get(path), mode);
    }

    /**
     * Opens a binary file, on a disk thread. Modes as Python's binary ones, the {@code b} optional
     * here: {@code "rb"} read, {@code "wb"} write (create or truncate), {@code "ab"} append (create
     * if missing; every write goes to the end), {@code "xb"} create a new file; with a {@code +}
     * ({@code "r+b"} or {@code "rb+"}, {@code "w+b"}, {@code "a+b"}, {@code "x+b"}) the file is
     * opened for both reading and writing, {@code "a+b"} at its end.
     *
     * <pre>{@code
     * try (AsyncBinaryFile f = await(AsyncFiles.openBinary("image.png", "rb"))) {
     *     byte[] png = await(f.read());
     * }
     * }</pre>
     *
     * @return an awaitable of the open file; it fails with {@link java.io.UncheckedIOException}
     *     wrapping the {@link java.io.IOException} ({@link java.nio.file.NoSuchFileException},
     *     {@link java.nio.file.FileAlreadyExistsException}, ...) if the file cannot be opened
     *     (cancelling it closes the file if it opens after all)
     * @throws IllegalArgumentException for an invalid mode, or a text mode ({@code t}: use {@link #open})
     * @throws IllegalStateException if called outside the loop's thread when no loop is set
     */
    public static Future<AsyncBinaryFile> openBinary(Path path, String mode) {
        OpenMode m = OpenMode.parse(mode);
        if (m.text) {
            throw new IllegalArgumentException(
                    "text mode '" + mode + "' for a binary file: " + "use AsyncFiles.open to read and write text");
        }
        return open(path, mode, m, AsyncBinaryFile::new, AsyncBinaryFile::aclose);
    }

    /** Opens the channel on a new disk queue and wraps it; {@code discard} closes a file opened after its awaiter gave up. */
    private static <F> Future<F> open(Path path, String mode, OpenMode m, Wrapper<F> wrap, Consumer<F> discard) {
        DiskQueue disk = new DiskQueue(Asyncio.getEventLoop());
        return disk.submit(() -> wrap.apply(ChannelFile.open(disk, path, mode, m)), discard);
    }

    @FunctionalInterface
    private interface Wrapper<F> {
        F apply(ChannelFile file) throws IOException;
    }
}
