package io.jasyncio.files;

import io.jasyncio.AsyncCloseable;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open text file whose operations run on a disk thread, one at a time in the order they are
 * called, each returning an awaitable; aiofiles' file object, made by {@link AsyncFiles#open}.
 *
 * <pre>{@code
 * try (AsyncFile f = await(AsyncFiles.open("notes.txt", "r+"))) {
 *     String first = await(f.readline());
 *     await(f.write("second line\n"));  // right after the first line, over what was there
 *     await(f.seek(0));
 *     String all = await(f.read());     // sees the write
 * }                                     // closed here, as by await(f.aclose())
 * }</pre>
 *
 * <p>Lines: {@link #readline()} returns a line with its {@code \n} and an empty string at EOF, so
 * Python's {@code async for line in f} is
 * {@code for (String line; !(line = await(f.readline())).isEmpty(); ) { ... }}.
 * Line endings are not translated ({@code \r\n} stays as is).
 *
 * <p>Characters are counted as Python counts them, in code points: {@link #read(int)} and the
 * result of {@link #write(String)} count a character outside the BMP (a surrogate pair in a Java
 * string) once, and a read never splits a pair. For text without such characters, a count is
 * {@code String.length()}.
 *
 * <p>Position and update modes ({@code "r+"}, {@code "w+"}, {@code "a+"}, {@code "x+"}): the file
 * has one position, shared by reads and writes. A write goes right after the text read so far
 * (text decoded ahead but not returned is dropped and read again later), or at the end in append
 * modes. Writes are not buffered in the process: each one has reached the operating system when
 * its future completes, so a read after a write sees it ({@link #flush()} is there for aiofiles'
 * shape). {@link #tell()} and {@link #seek(long)} work in bytes: as in Python, give {@code seek}
 * 0, a value from {@code tell}, or the size in bytes (the end); a position inside a multi-byte
 * character makes the next read fail.
 *
 * <p>Errors: an operation's future fails with {@link java.io.UncheckedIOException} wrapping the
 * disk's {@link IOException} (a malformed byte sequence for the charset, or a character the
 * charset cannot encode, included; a surrogate pair split between two writes is malformed).
 * Calling any operation after {@link #aclose()} throws {@link IllegalStateException} at once, as
 * does reading a file opened only for writing and the reverse. Use it from its loop's thread only.
 */
public final class AsyncFile implements AsyncCloseable {
    private static final int CHUNK = 8192;

    private final ChannelFile file;
    // The text state below is touched only by disk threads, one at a time (the queue orders them).
    private final CharsetEncoder encoder;
    private final CharsetDecoder decoder;
    /**
     * Text decoded from the file's read-ahead but not returned yet, between position and limit;
     * null unless the file reads. Its chunk was decoded from the read-ahead's bytes starting at
     * index {@code chunkStart}, which stay in place while any of it remains.
     */
    private final CharBuffer decoded;

    private int chunkStart;

    AsyncFile(ChannelFile file, Charset charset) {
        this.file = file;
        this.encoder = file.openMode.writes() ? charset.newEncoder() : null;
        this.decoder = file.openMode.reads() ? charset.newDecoder() : null;
        this.decoded = file.openMode.reads() ? CharBuffer.allocate(CHUNK).limit(0) : null;
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

    /** Reads the rest of the file ("" at EOF). */
    public Future<String> read() {
        file.checkReadable(this);
        return file.disk.submit(() -> {
            StringBuilder sb = new StringBuilder();
            while (decodeMore()) {
                sb.append(decoded.array(), decoded.position(), decoded.remaining());
                decoded.position(decoded.limit());
            }
            return sb.toString();
        });
    }

    /**
     * Reads {@code n} characters (code points), fewer only at EOF ("" there); a negative {@code n}
     * reads the rest, as {@link #read()}.
     */
    public Future<String> read(int n) {
        if (n < 0) {
            return read();
        }
        file.checkReadable(this);
        return file.disk.submit(() -> {
            StringBuilder sb = new StringBuilder();
            char[] a = decoded.array();
            for (int count = 0; count < n && decodeMore(); ) {
                int start = decoded.position();
                int end = decoded.limit();
                int i = start;
                for (; i < end && count < n; count++) {
                    // A decoder writes a pair whole, so both halves are in this chunk.
                    i += Character.isHighSurrogate(a[i]) && i + 1 < end && Character.isLowSurrogate(a[i + 1]) ? 2 : 1;
                }
                sb.append(a, start, i - start);
                decoded.position(i);
            }
            return sb.toString();
        });
    }

    /** Reads one line, with its {@code \n} if it has one; "" at EOF. */
    public Future<String> readline() {
        file.checkReadable(this);
        return file.disk.submit(this::line);
    }

    /** Reads every remaining line, each with its {@code \n}. */
    public Future<List<String>> readlines() {
        file.checkReadable(this);
        return file.disk.submit(() -> {
            List<String> lines = new ArrayList<>();
            for (String line; !(line = line()).isEmpty(); ) {
                lines.add(line);
            }
            return lines;
        });
    }

    /**
     * Writes {@code text} at the position (at the end in append modes), which moves past it; not
     * buffered (see the class comment).
     *
     * @return an awaitable of the number of characters written (code points, as Python counts)
     */
    public Future<Integer> write(String text) {
        file.checkWritable(this);
        return file.disk.submit(() -> {
            ByteBuffer bytes = encode(text);
            stopReading();
            file.write(bytes);
            return text.codePointCount(0, text.length());
        });
    }

    /** Completes once the operations called before it did; writes are not buffered, so there is nothing more to do. */
    public Future<Void> flush() {
        file.checkOpen(this);
        return file.disk.submit(() -> null);
    }

    /**
     * Moves the position to byte {@code pos} from the start: 0, a value {@link #tell()} gave, or
     * the size of the file in bytes (its end).
     *
     * @return an awaitable of the new position, {@code pos}
     * @throws IllegalArgumentException if {@code pos} is negative
     */
    public Future<Long> seek(long pos) {
        file.checkOpen(this);
        ChannelFile.checkPosition(pos, "seek position");
        return file.disk.submit(() -> {
            forgetDecoded();
            return file.seek(pos);
        });
    }

    /**
     * An awaitable of the position: the offset in bytes from the start of the text after the last
     * character read or written.
     */
    public Future<Long> tell() {
        file.checkOpen(this);
        return file.disk.submit(this::position);
    }

    /**
     * Resizes the file to {@code size} bytes, cutting it or extending it with zero bytes, as
     * Python's; the position does not change.
     *
     * @return an awaitable of the new size, {@code size}
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Future<Long> truncate(long size) {
        file.checkWritable(this);
        ChannelFile.checkPosition(size, "size");
        return file.disk.submit(() -> {
            stopReading();
            return file.truncate(size);
        });
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
        return file.describe("AsyncFile");
    }

    // ---- disk thread

    /** Makes {@link #decoded} non-empty, decoding more of the file; false at EOF. */
    private boolean decodeMore() throws IOException {
        if (decoded.hasRemaining()) {
            return true;
        }
        ByteBuffer bytes = file.readAhead();
        while (true) {
            chunkStart = bytes.position();
            decoded.clear();
            CoderResult r = decoder.decode(bytes, decoded, false);
            decoded.flip();
            if (decoded.hasRemaining()) {
                return true; // the text before a malformed sequence first; its error comes next time
            }
            if (r.isError()) {
                r.throwException();
            }
            if (!file.fill()) {
                // EOF: a sequence cut short by it is malformed.
                chunkStart = bytes.position();
                decoded.clear();
                r = decoder.decode(bytes, decoded, true);
                if (!r.isError()) {
                    r = decoder.flush(decoded);
                }
                decoder.reset(); // the file may grow: reading on must work
                decoded.flip();
                if (r.isError() && !decoded.hasRemaining()) {
                    r.throwException();
                }
                return decoded.hasRemaining();
            }
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] a = decoded.array();
        while (decodeMore()) {
            int start = decoded.position();
            int end = decoded.limit();
            int i = start;
            while (i < end && a[i] != '\n') {
                i++;
            }
            boolean found = i < end;
            if (found) {
                i++;
            }
            sb.append(a, start, i - start);
            decoded.position(i);
            if (found) {
                break;
            }
        }
        return sb.toString();
    }

    /**
     * The byte offset after the last character returned. With decoded text left, it is found by
     * decoding the chunk's bytes again, up to the characters returned (never half a pair).
     */
    private long position() throws IOException {
        if (decoded == null || !decoded.hasRemaining()) {
            return file.tell();
        }
        ByteBuffer chunk = file.readAhead().duplicate();
        chunk.position(chunkStart);
        decoder.charset().newDecoder().decode(chunk, CharBuffer.allocate(decoded.position()), false);
        return file.positionOf(chunk.position());
    }

    /** Before a write: moves the file back to the text read so far, dropping what was decoded ahead. */
    private void stopReading() throws IOException {
        if (decoded != null && decoded.hasRemaining()) {
            file.seek(position());
        }
        forgetDecoded();
    }

    private void forgetDecoded() {
        if (decoded != null) {
            decoded.limit(0);
            decoder.reset();
        }
    }

    /** All of {@code text} in the charset, before anything is written (an unmappable character writes nothing). */
    private ByteBuffer encode(String text) throws IOException {
        CharBuffer in = CharBuffer.wrap(text);
        ByteBuffer out = ByteBuffer.allocate((int)
                Math.min(Integer.MAX_VALUE - 16, (long) (text.length() * (double) encoder.averageBytesPerChar()) + 16));
        while (true) {
            // endOfInput each time: text never continues in the next write. Not reset in between,
            // so a byte-order mark is written once, at the first write.
            CoderResult r = encoder.encode(in, out, true);
            if (r.isUnderflow()) {
                return out.flip();
            }
            if (r.isError()) {
                r.throwException();
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, 2L * out.capacity()));
            out = bigger.put(out.flip());
        }
    }
}
