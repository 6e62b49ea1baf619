package io.jasyncio.agent.rewrite;

import java.nio.charset.StandardCharsets;

/**
 * The agent's cheap skip: tells whether a class file may hold code to rewrite by walking its
 * constant pool once, without building any ASM structure. A class that does not contain the UTF-8
 * constant {@code Lio/jasyncio/annotation/Async;} cannot carry the annotation; one that also lacks
 * either {@code java/lang/invoke/LambdaMetafactory} or a method descriptor returning {@code
 * Lio/jasyncio/Coroutine;} cannot make an async lambda (whose functional method returns a
 * coroutine).
 */
public final class ConstantPoolScanner {
    private static final byte[] ASYNC = RuntimeNames.ASYNC_DESC.getBytes(StandardCharsets.UTF_8);
    private static final byte[] WOVEN = RuntimeNames.WOVEN_DESC.getBytes(StandardCharsets.UTF_8);
    private static final byte[] METAFACTORY = RuntimeNames.LAMBDA_METAFACTORY.getBytes(StandardCharsets.UTF_8);
    private static final byte[] RETURNS_COROUTINE =
            (")L" + RuntimeNames.COROUTINE + ";").getBytes(StandardCharsets.UTF_8);

    /** Looks at each UTF-8 constant in turn; answers whether the scan can stop with {@code true}. */
    private interface Utf8Matcher {
        boolean matches(byte[] b, int at, int length);
    }

    private ConstantPoolScanner() {}

    /**
     * Returns whether the class file's constant pool contains the {@code @Async} descriptor, or
     * both the lambda metafactory and a descriptor returning a coroutine. Malformed input answers
     * {@code true}, so the full reader reports the problem.
     */
    public static boolean mentionsAsync(byte[] classFile) {
        boolean[] seen = new boolean[2]; // the metafactory, a descriptor returning a coroutine
        return scan(classFile, (b, at, length) -> {
            if (length == ASYNC.length && regionEquals(b, at, ASYNC)) {
                return true;
            }
            seen[0] |= length == METAFACTORY.length && regionEquals(b, at, METAFACTORY);
            seen[1] |= length > RETURNS_COROUTINE.length
                    && regionEquals(b, at + length - RETURNS_COROUTINE.length, RETURNS_COROUTINE);
            return seen[0] && seen[1];
        });
    }

    /**
     * Returns whether the class file's constant pool contains the descriptor of the marker the
     * rewriter puts on every class it rewrote. Malformed input answers {@code true}.
     */
    public static boolean mentionsWoven(byte[] classFile) {
        return scan(classFile, (b, at, length) -> length == WOVEN.length && regionEquals(b, at, WOVEN));
    }

    private static boolean scan(byte[] b, Utf8Matcher matcher) {
        try {
            if (b.length < 10 || readInt(b, 0) != 0xCAFEBABE) {
                return true;
            }
            int count = readUnsignedShort(b, 8);
            int at = 10;
            for (int i = 1; i < count; i++) {
                int tag = b[at];
                switch (tag) {
                    case 1: { // Utf8
                        int length = readUnsignedShort(b, at + 1);
                        if (matcher.matches(b, at + 3, length)) {
                            return true;
                        }
                        at += 3 + length;
                        break;
                    }
                    case 3:
                    case 4:
                    case 9:
                    case 10:
                    case 11:
                    case 12:
                    case 17:
                    case 18:
                        at += 5;
                        break;
                    case 5:
                    case 6: // Long, Double take two entries
                        at += 9;
                        i++;
                        break;
                    case 7:
                    case 8:
                    case 16:
                    case 19:
                    case 20:
                        at += 3;
                        break;
                    case 15:
                        at += 4;
                        break;
                    default:
                        return true;
                }
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException malformed) {
            return true;
        }
    }

    private static boolean regionEquals(byte[] b, int at, byte[] wanted) {
        for (int i = 0; i < wanted.length; i++) {
            if (b[at + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readUnsignedShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
