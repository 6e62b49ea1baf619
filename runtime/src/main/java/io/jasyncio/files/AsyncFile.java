package io.jasyncio.files;

import io.jasyncio.Future;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open text file whose operations run on a disk thread, one at a time in the order they are
 * called, each returning an awaitable; aiofiles' file object, made by {@link AsyncFiles#open}.
 *
 * <p>Lines: {@link #readline()} returns a line with its {@code \n} and an empty string at EOF, so
 * Python's {@code async for line in f} is
 * {@code for (String line; !(line = await(f.readline())).isEmpty(); ) { ... }}.
 * Line endings are not translated ({@code \r\n} stays as is).
 *
 * <p>Errors: an operation's future fails with {@link java.io.UncheckedIOException} wrapping the
 * disk's {@link IOException} (a malformed byte sequence for the charset included). Calling any
 * operation after {@link #close()} throws {@link IllegalStateException} at once, as does reading
 * a file opened for writing and the reverse. Use it from its loop's thread only.
 */
public final class AsyncFile {
    private final DiskQueue disk;
    private final Path path;
    private final String mode;
    /** Touched only by disk threads, one at a time (the queue orders them). */
    private final BufferedReader reader;
    private final BufferedWriter writer;
    private boolean closed;

    AsyncFile(DiskQueue disk, Path path, String mode, BufferedReader reader, BufferedWriter writer) {
        this.disk = disk;
        this.path = path;
        this.mode = mode;
        this.reader = reader;
        this.writer = writer;
    }

    /** The path given to open. */
    public Path name() {
        return path;
    }

    /** The mode given to open. */
    public String mode() {
        return mode;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Reads the rest of the file ("" at EOF). */
    public Future<String> read() {
        BufferedReader r = reading();
        return disk.submit(() -> {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) >= 0; ) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        });
    }

    /** Reads up to {@code n} characters ("" at EOF); a negative {@code n} reads the rest, as {@link #read()}. */
    public Future<String> read(int n) {
        if (n < 0) {
            return read();
        }
        BufferedReader r = reading();
        return disk.submit(() -> {
            char[] buf = new char[n];
            int got = 0;
            while (got < n) {
                int k = r.read(buf, got, n - got);
                if (k < 0) {
                    break;
                }
                got += k;
            }
            return new String(buf, 0, got);
        });
    }

    /** Reads one line, with its {@code \n} if it has one; "" at EOF. */
    public Future<String> readline() {
        BufferedReader r = reading();
        return disk.submit(() -> line(r));
    }

    /** Reads every remaining line, each with its {@code \n}. */
    public Future<List<String>> readlines() {
        BufferedReader r = reading();
        return disk.submit(() -> {
            List<String> lines = new ArrayList<>();
            for (String line; !(line = line(r)).isEmpty(); ) {
                lines.add(line);
            }
            return lines;
        });
    }

    /** Writes {@code text} (buffered; see {@link #flush()}); the future gives the number of characters written. */
    public Future<Integer> write(String text) {
        BufferedWriter w = writing();
        return disk.submit(() -> {
            w.write(text);
            return text.length();
        });
    }

    /** Writes the buffered text to the file. */
    public Future<Void> flush() {
        BufferedWriter w = writing();
        return disk.submit(() -> {
            w.flush();
            return null;
        });
    }

    /**
     * Flushes and closes the file; after the operations already called. Calling it again returns a
     * completed awaitable.
     */
    public Future<Void> close() {
        if (closed) {
            Future<Void> f = disk.loop().createFuture();
            f.setResult(null);
            return f;
        }
        closed = true;
        return disk.submit(() -> {
            if (reader != null) {
                reader.close();
            } else {
                writer.close();
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "<AsyncFile name='" + path + "' mode='" + mode + "'" + (closed ? " closed" : "") + ">";
    }

    private BufferedReader reading() {
        checkOpen();
        if (reader == null) {
            throw new IllegalStateException("not readable: " + this);
        }
        return reader;
    }

    private BufferedWriter writing() {
        checkOpen();
        if (writer == null) {
            throw new IllegalStateException("not writable: " + this);
        }
        return writer;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("I/O operation on closed file: " + this);
        }
    }

    private static String line(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = r.read()) >= 0; ) {
            sb.append((char) c);
            if (c == '\n') {
                break;
            }
        }
        return sb.toString();
    }
}
