package io.jasyncio.files;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open binary file whose operations run on a disk thread, one at a time in the order they are
 * called, each returning an awaitable; aiofiles' file object in a binary mode ({@code "rb"}, ...),
 * made by {@link AsyncFiles#openBinary}.
 *
 * <pre>{@code
 * try (AsyncBinaryFile f = await(AsyncFiles.openBinary("data.bin", "r+b"))) {
 *     await(f.seek(16));
 *     byte[] header = await(f.read(4));        // bytes 16 to 19 (fewer at EOF)
 *     await(f.seek(16));
 *     await(f.write(new byte[] {1, 2, 3, 4})); // overwrites them
 * }                                            // closed here, as by await(f.aclose())
 * }</pre>
 *
 * <p>The file has one position, shared by reads and writes, as Python's: a read after a write
 * sees what was written. Writes are not buffered in the process: each one has reached the
 * operating system when its future completes ({@link #flush()} is there for aiofiles' shape). In
 * append modes ({@code "ab"}, {@code "a+b"}) every write goes to the end of the file, wherever the
 * position was; with {@code "ab"} by the system's {@code O_APPEND}, with {@code "a+b"} by moving to
 * the end first.
 *
 * <p>Errors: an operation's future fails with {@link java.io.UncheckedIOException} wrapping the
 * disk's {@link IOException}. Calling any operation after {@link #aclose()} throws {@link
 * IllegalStateException} at once, as does reading a file opened only for writing and the reverse.
 * Use it from its loop's thread only.
 */
public final class AsyncBinaryFile implements AsyncCloseable {
    private static final int ALL = Integer.MAX_VALUE;

    private final ChannelFile file;

    AsyncBinaryFile(ChannelFile file) {
        this.file = file;
    }

    /** The path given to open. */
    public Path name() {
        return file.path;
    }

    /** The mode given to open. */
    public String mode() {
        return file.mode;
    }

    /** True once {@link #aclose()} was called. */
    public boolean isClosed() {
        return file.isClosed();
    }

    /** Reads the rest of the file; an empty array at EOF. */
    public Future<byte[]> read() {
        return read(-1);
    }

    /**
     * Reads {@code n} bytes, fewer only at EOF (an empty array there); a negative {@code n} reads the
     * rest, as {@link #read()}.
     */
    public Future<byte[]> read(int n) {
        file.checkReadable(this);
        int size = n < 0 ? ALL : n;
        return file.disk.submit(() -> file.read(size));
    }

    /** Reads the bytes up to and including the next {@code \n} (to EOF if none); an empty array at EOF. */
    public Future<byte[]> readline() {
        file.checkReadable(this);
        return file.disk.submit(file::readline);
    }

    /** Reads every remaining line, each as {@link #readline()}. */
    public Future<List<byte[]>> readlines() {
        file.checkReadable(this);
        return file.disk.submit(() -> {
            List<byte[]> lines = new ArrayList<>();
            for (byte[] line; (line = file.readline()).length > 0; ) {
                lines.add(line);
            }
            return lines;
        });
    }

    /**
     * Writes all of {@code data} at the position (at the end in append modes), which moves past it.
     * The array is copied: the caller may reuse it at once.
     *
     * @return an awaitable of the number of bytes written, {@code data.length}
     */
    public Future<Integer> write(byte[] data) {
        file.checkWritable(this);
        ByteBuffer copy = ByteBuffer.wrap(data.clone());
        return file.disk.submit(() -> file.write(copy));
    }

    /**
     * Moves the position to byte {@code pos} from the start; past the end is allowed (a write there
     * leaves a gap of zero bytes).
     *
     * @return an awaitable of the new position, {@code pos}
     * @throws IllegalArgumentException if {@code pos} is negative
     */
    public Future<Long> seek(long pos) {
        file.checkOpen(this);
        ChannelFile.checkPosition(pos, "seek position");
        return file.disk.submit(() -> file.seek(pos));
    }

    /** An awaitable of the position: the offset in bytes from the start where the next read or write happens. */
    public Future<Long> tell() {
        file.checkOpen(this);
        return file.disk.submit(file::tell);
    }

    /**
     * Resizes the file to {@code size} bytes, cutting it or extending it with zero bytes, as
     * Python's: the position does not change.
     *
     * @return an awaitable of the new size, {@code size}
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Future<Long> truncate(long size) {
        file.checkWritable(this);
        ChannelFile.checkPosition(size, "size");
        return file.disk.submit(() -> file.truncate(size));
    }

    /** Completes once the operations called before it did; writes are not buffered, so there is nothing more to do. */
    public Future<Void> flush() {
        file.checkOpen(this);
        return file.disk.submit(() -> null);
    }

    /**
     * Closes the file, after the operations already called: {@code await(f.aclose())}, or the end
     * of a try-with-resources block on the file in an {@code @Async} method. Calling it again
     * returns a completed awaitable.
     */
    @Override
    public Future<Void> aclose() {
        return file.close();
    }

    /**
     * The end of a try-with-resources block on the file: {@link #aclose()}. A failure to close
     * while the body's exception is pending is attached to it (see {@link AsyncCloseable}).
     */
    @Override
    public Future<Void> aclose(Throwable pendingOrNull) {
        return file.close();
    }

    @Override
    public String toString() {
        return file.describe("AsyncBinaryFile");
    }
}
