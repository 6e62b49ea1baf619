package io.jasyncio.files;

import io.jasyncio.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The open file under {@link AsyncFile} and {@link AsyncBinaryFile}: its {@link FileChannel}, its
 * read-ahead, its {@link DiskQueue}, and the checks both make on the loop thread.
 *
 * <p>Invariants: the channel and the read-ahead are touched only by the disk queue's jobs, one at
 * a time; {@code closed} only by the loop thread. The read-ahead holds bytes read from the channel
 * but not yet returned, never pending writes: writes go straight to the channel, so a read after a
 * write sees it. The file's position (where the next read or write happens) is therefore {@code
 * channel.position() - readAhead.remaining()}; a write, seek or truncate first drops the
 * read-ahead and puts the channel back there.
 *
 * <p>Appending ({@code a}, {@code a+}, {@code ab}, {@code a+b}): every write goes through a channel
 * opened with {@code O_APPEND}, so the system puts it at the end in the same step as it writes
 * it, whatever other handles (or processes) append meanwhile. {@code a+} reads too, and a {@code
 * FileChannel} refuses READ with APPEND, so it has two channels on the file: {@code channel} reads
 * and holds the position, {@code appender} writes; after a write the position moves to the end.
 */
final class ChannelFile {
    private static final int BUFFER_SIZE = 8192;

    final DiskQueue disk;
    final Path path;
    /** The mode as given to open. */
    final String mode;

    final OpenMode openMode;
    private final FileChannel channel;
    /** Where writes go: {@code channel}, or for {@code a+} its own channel opened with APPEND. */
    private final FileChannel appender;
    /** Unread bytes between position and limit; null unless the file reads. */
    private final ByteBuffer readAhead;

    private boolean closed;

    private ChannelFile(
            DiskQueue disk, Path path, String mode, OpenMode openMode, FileChannel channel, FileChannel appender) {
        this.disk = disk;
        this.path = path;
        this.mode = mode;
        this.openMode = openMode;
        this.channel = channel;
        this.appender = appender;
        this.readAhead = openMode.reads() ? ByteBuffer.allocate(BUFFER_SIZE).limit(0) : null;
    }

    /** Opens the channel(s); blocking, on a disk thread. As Python, {@code a+} starts at the end. */
    static ChannelFile open(DiskQueue disk, Path path, String mode, OpenMode openMode) throws IOException {
        if (!openMode.needsSeparateAppender()) {
            FileChannel channel = FileChannel.open(path, openMode.options());
            return new ChannelFile(disk, path, mode, openMode, channel, channel);
        }
        // The appender first: it creates the file if missing.
        FileChannel appender = FileChannel.open(path, openMode.appenderOptions());
        try {
            FileChannel reader = FileChannel.open(path, openMode.options());
            try {
                reader.position(reader.size());
            } catch (IOException | RuntimeException e) {
                reader.close();
                throw e;
            }
            return new ChannelFile(disk, path, mode, openMode, reader, appender);
        } catch (IOException | RuntimeException e) {
            appender.close();
            throw e;
        }
    }

    // ---- loop thread

    boolean isClosed() {
        return closed;
    }

    /** @throws IllegalStateException if closed; {@code owner} names the file in the message */
    void checkOpen(Object owner) {
        if (closed) {
            throw new IllegalStateException("I/O operation on closed file: " + owner);
        }
    }

    /** @throws IllegalStateException if closed, or not opened for reading */
    void checkReadable(Object owner) {
        checkOpen(owner);
        if (!openMode.reads()) {
            throw new IllegalStateException("not readable: " + owner);
        }
    }

    /** @throws IllegalStateException if closed, or not opened for writing */
    void checkWritable(Object owner) {
        checkOpen(owner);
        if (!openMode.writes()) {
            throw new IllegalStateException("not writable: " + owner);
        }
    }

    /** @throws IllegalArgumentException for a negative position, as Python's ValueError */
    static void checkPosition(long pos, String what) {
        if (pos < 0) {
            throw new IllegalArgumentException("negative " + what + ": " + pos);
        }
    }

    /** Queues the close after the operations already called; a second call gets a completed future. */
    Future<Void> close() {
        if (closed) {
            Future<Void> f = disk.loop().createFuture();
            f.setResult(null);
            return f;
        }
        closed = true;
        return disk.submit(() -> {
            try {
                channel.close();
            } finally {
                if (appender != null) {
                    appender.close();
                }
            }
            return null;
        });
    }

    /** {@code <AsyncFile name='...' mode='...'>}, with " closed" once closed. */
    String describe(String type) {
        return "<" + type + " name='" + path + "' mode='" + mode + "'" + (closed ? " closed" : "") + ">";
    }

    // ---- disk thread

    /** The read-ahead, for a text decoder reading from it: unread bytes between position and limit. */
    ByteBuffer readAhead() {
        return readAhead;
    }

    /** Reads more into the read-ahead after its unread bytes; false at EOF (nothing read). */
    boolean fill() throws IOException {
        readAhead.compact();
        try {
            return channel.read(readAhead) >= 0;
        } finally {
            readAhead.flip();
        }
    }

    /** The file position of the read-ahead's byte at {@code index}. */
    long positionOf(int index) throws IOException {
        return channel.position() - readAhead.limit() + index;
    }

    /** Up to {@code n} bytes, fewer only at EOF (empty there). */
    byte[] read(int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, BUFFER_SIZE));
        while (out.size() < n && (readAhead.hasRemaining() || fill())) {
            int k = Math.min(readAhead.remaining(), n - out.size());
            out.write(readAhead.array(), readAhead.position(), k);
            readAhead.position(readAhead.position() + k);
        }
        return out.toByteArray();
    }

    /** The bytes up to and including the next {@code \n}, or to EOF; empty at EOF. */
    byte[] readline() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (readAhead.hasRemaining() || fill()) {
            int start = readAhead.position();
            int end = readAhead.limit();
            int i = start;
            while (i < end && readAhead.get(i) != '\n') {
                i++;
            }
            boolean found = i < end;
            if (found) {
                i++;
            }
            out.write(readAhead.array(), start, i - start);
            readAhead.position(i);
            if (found) {
                break;
            }
        }
        return out.toByteArray();
    }

    /**
     * Writes all of {@code src} at the position (at the end in append modes); returns its size. A
     * {@code FileChannel} write of a heap buffer is one {@code write(2)} call of the whole buffer
     * (the JDK copies it to one temporary direct buffer), and for a regular file Linux writes it
     * all at once, so an append is never split around another handle's append.
     */
    int write(ByteBuffer src) throws IOException {
        dropReadAhead();
        int n = src.remaining();
        while (src.hasRemaining()) {
            appender.write(src);
        }
        if (appender != channel) {
            channel.position(appender.size()); // as O_APPEND leaves it: at the end
        }
        return n;
    }

    /** Moves to {@code pos} (which may be past the end), dropping the read-ahead; returns {@code pos}. */
    long seek(long pos) throws IOException {
        channel.position(pos);
        if (readAhead != null) {
            readAhead.limit(0);
        }
        return pos;
    }

    long tell() throws IOException {
        return channel.position() - (readAhead == null ? 0 : readAhead.remaining());
    }

    /**
     * Python's truncate: makes the file {@code size} bytes long, cutting or extending it with zero
     * bytes, and leaves the position where it was (a {@code FileChannel} only cuts, and moves the
     * position back to the new end); returns {@code size}.
     */
    long truncate(long size) throws IOException {
        dropReadAhead();
        long pos = channel.position();
        long current = appender.size();
        if (size < current) {
            appender.truncate(size);
        } else if (size > current) {
            extend(current, size);
        }
        channel.position(pos);
        return size;
    }

    private void extend(long current, long size) throws IOException {
        if (openMode.kind != OpenMode.Kind.APPEND) {
            channel.write(ByteBuffer.allocate(1), size - 1); // leaves a hole of zeros, as ftruncate
            return;
        }
        // O_APPEND: a positional write may land at the end anyway (Linux); append the zeros.
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size - current, BUFFER_SIZE));
        for (long left = size - current; left > 0; ) {
            zeros.clear().limit((int) Math.min(left, zeros.capacity()));
            left -= appender.write(zeros);
        }
    }

    /** Puts the channel back at the file's position and empties the read-ahead. */
    private void dropReadAhead() throws IOException {
        if (readAhead != null && readAhead.hasRemaining()) {
            seek(tell());
        }
    }
}
