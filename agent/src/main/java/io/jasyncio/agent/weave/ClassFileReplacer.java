package io.jasyncio.agent.weave;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * Replaces a class file with new bytes so that a failure at any point leaves the original byte
 * for byte: the bytes go to a temporary file in the same directory, which is flushed to disk and
 * then renamed over the original in one step. The rename replaces the directory entry itself, so
 * it never writes through a symbolic link. The new file keeps the original's permissions.
 */
final class ClassFileReplacer {
    /** Writes all of {@code bytes} to a freshly created temporary file; the seam tests fail. */
    interface ContentWriter {
        void write(FileChannel channel, byte[] bytes) throws IOException;
    }

    static final ContentWriter CHANNEL = (channel, bytes) -> {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    };

    /** Temporary files end with this, never with {@code .class}, so no run mistakes one for a class. */
    static final String TEMPORARY_SUFFIX = ".weaving";

    private final ContentWriter writer;

    ClassFileReplacer(ContentWriter writer) {
        this.writer = writer;
    }

    /**
     * Replaces {@code file} with {@code bytes}.
     *
     * @throws IOException if any step fails; {@code file} is then unchanged and no temporary file
     *     is left behind
     */
    void replace(Path file, byte[] bytes) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", TEMPORARY_SUFFIX);
        boolean renamed = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                writer.write(channel, bytes);
                channel.force(true);
            }
            PosixFileAttributeView original =
                    Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (original != null) {
                Files.setPosixFilePermissions(
                        temporary, original.readAttributes().permissions());
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
        } finally {
            if (!renamed) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException cleanup) {
                    // the caller reports the first failure; the leftover's name says what it is
                }
            }
        }
    }
}
