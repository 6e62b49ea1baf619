package io.jasyncio.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a {@link StreamReader} received and not yet handed out: a growable array with a read
 * offset. It grows by doubling, in {@code long} arithmetic so the doubling never overflows, up to
 * {@link #MAX_SIZE}; an append past that throws {@link LimitOverrunError} and a failed growth
 * ({@link OutOfMemoryError}) propagates; either way the buffer is left as it was, without the chunk.
 */
final class ReadBuffer {
    /**
     * The largest array the JVM reliably allocates: some VMs reserve header words in an array,
     * so {@code Integer.MAX_VALUE} itself fails (the JDK's {@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}).
     */
    static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private byte[] bytes = new byte[0];
    private int start;
    private int end;

    int size() {
        return end - start;
    }

    boolean isEmpty() {
        return end == start;
    }

    void append(ByteBuffer src) {
        int n = src.remaining();
        ensureRoom(n);
        src.get(bytes, end, n);
        end += n;
    }

    void append(byte[] src) {
        ensureRoom(src.length);
        System.arraycopy(src, 0, bytes, end, src.length);
        end += src.length;
    }

    /** Removes and returns the first {@code n} bytes (at most size()). */
    byte[] take(int n) {
        int k = Math.min(n, size());
        byte[] out = Arrays.copyOfRange(bytes, start, start + k);
        start += k;
        if (start == end) {
            start = 0;
            end = 0;
            if (bytes.length > 64 * 1024) {
                bytes = new byte[0]; // do not keep a large buffer for an idle connection
            }
        }
        return out;
    }

    /** Removes and returns every byte; the array itself when it holds exactly them (no copy). */
    byte[] takeAll() {
        if (start == 0 && end == bytes.length && end > 0) {
            byte[] out = bytes;
            bytes = new byte[0];
            end = 0;
            return out;
        }
        return take(size());
    }

    /** Drops every byte (without copying them out). */
    void clear() {
        start = 0;
        end = 0;
        if (bytes.length > 64 * 1024) {
            bytes = new byte[0];
        }
    }

    /** The offset (from the first buffered byte) of {@code sep} at or after {@code from}, or -1. */
    int indexOf(byte[] sep, int from) {
        int last = end - sep.length;
        outer:
        for (int i = start + from; i <= last; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (bytes[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    /** True if the buffered bytes at {@code offset} start with {@code sep}. */
    boolean startsWith(byte[] sep, int offset) {
        if (size() - offset < sep.length) {
            return false;
        }
        for (int j = 0; j < sep.length; j++) {
            if (bytes[start + offset + j] != sep[j]) {
                return false;
            }
        }
        return true;
    }

    private void ensureRoom(int n) {
        if ((long) end + n <= bytes.length) {
            return;
        }
        int size = size();
        long needed = (long) size + n;
        if (needed > MAX_SIZE) {
            throw new LimitOverrunError(
                    "cannot buffer " + needed + " bytes: more than the JVM's largest array (" + MAX_SIZE
                            + " bytes); read the stream in chunks",
                    size);
        }
        if (needed <= bytes.length) {
            System.arraycopy(bytes, start, bytes, 0, size);
        } else {
            byte[] grown = new byte[grownCapacity(bytes.length, needed)];
            System.arraycopy(bytes, start, grown, 0, size);
            bytes = grown;
        }
        start = 0;
        end = size;
    }

    /**
     * The next capacity for {@code needed} bytes: double the current one (at least 1 KiB, at most
     * {@link #MAX_SIZE}), or {@code needed} if that is more. In {@code long}: doubling past 1 GiB
     * would overflow an int, and growing by each chunk only would copy the whole buffer per chunk.
     */
    static int grownCapacity(int current, long needed) {
        long doubled = Math.max(1024L, 2L * current);
        return (int) Math.min(MAX_SIZE, Math.max(needed, doubled));
    }

    /** The capacity of the array, for tests of the growth policy. */
    int capacity() {
        return bytes.length;
    }
}
