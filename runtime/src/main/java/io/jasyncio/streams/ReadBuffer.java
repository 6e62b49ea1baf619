package io.jasyncio.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The bytes a {@link StreamReader} received and not yet handed out: a growable array with a read offset. */
final class ReadBuffer {
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

    byte[] takeAll() {
        return take(size());
    }

    void clear() {
        take(size());
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
        if (end + n <= bytes.length) {
            return;
        }
        int size = size();
        if (size + n <= bytes.length) {
            System.arraycopy(bytes, start, bytes, 0, size);
        } else {
            byte[] grown = new byte[Math.max(size + n, Math.max(1024, bytes.length * 2))];
            System.arraycopy(bytes, start, grown, 0, size);
            bytes = grown;
        }
        start = 0;
        end = size;
    }
}
