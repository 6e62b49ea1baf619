package io.jasyncio.files;

import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A parsed Python file mode, checked by Python's rules: exactly one of {@code r}, {@code w},
 * {@code a}, {@code x}; optionally {@code +} (update: read and write), and {@code b} (binary) or
 * {@code t} (text); each letter at most once, in any order.
 */
final class OpenMode {
    /** The mode's main letter. */
    enum Kind {
        /** {@code r}: the file must exist. */
        READ('r'),
        /** {@code w}: create or truncate. */
        WRITE('w'),
        /** {@code a}: create if missing; every write goes to the end. */
        APPEND('a'),
        /** {@code x}: the file must not exist. */
        CREATE_NEW('x');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    final Kind kind;
    /** {@code +}: both reads and writes. */
    final boolean update;
    /** {@code b} was given. */
    final boolean binary;
    /** {@code t} was given. */
    final boolean text;

    private OpenMode(Kind kind, boolean update, boolean binary, boolean text) {
        this.kind = kind;
        this.update = update;
        this.binary = binary;
        this.text = text;
    }

    boolean reads() {
        return kind == Kind.READ || update;
    }

    boolean writes() {
        return kind != Kind.READ || update;
    }

    /**
     * {@code a+} reads and appends, and a {@code FileChannel} refuses READ with APPEND: its writes
     * go through a second channel of {@link #appenderOptions()}.
     */
    boolean needsSeparateAppender() {
        return kind == Kind.APPEND && update;
    }

    /** The options of the appending channel of {@code a+}: write, create if missing, O_APPEND. */
    Set<StandardOpenOption> appenderOptions() {
        return EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }

    /** The options of {@code FileChannel.open} (for {@code a+}, of its reading channel). */
    Set<StandardOpenOption> options() {
        Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
        if (reads()) {
            options.add(StandardOpenOption.READ);
        }
        if (writes()) {
            options.add(StandardOpenOption.WRITE);
        }
        switch (kind) {
            case WRITE:
                options.add(StandardOpenOption.CREATE);
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
                break;
            case APPEND:
                if (!needsSeparateAppender()) {
                    options.add(StandardOpenOption.CREATE);
                    options.add(StandardOpenOption.APPEND);
                }
                break;
            case CREATE_NEW:
                options.add(StandardOpenOption.CREATE_NEW);
                break;
            default:
                break;
        }
        return options;
    }

    /** @throws IllegalArgumentException for a mode Python's {@code open} rejects, with Python's message */
    static OpenMode parse(String mode) {
        for (int i = 0; i < mode.length(); i++) {
            char c = mode.charAt(i);
            if ("rwaxbt+".indexOf(c) < 0 || mode.indexOf(c, i + 1) >= 0) {
                throw new IllegalArgumentException("invalid mode: '" + mode + "'");
            }
        }
        Kind kind = null;
        int kinds = 0;
        for (Kind k : Kind.values()) {
            if (mode.indexOf(k.letter) >= 0) {
                kind = k;
                kinds++;
            }
        }
        if (kinds != 1) {
            throw new IllegalArgumentException(
                    "invalid mode: '" + mode + "': must have exactly one of create/read/write/append mode");
        }
        boolean binary = mode.indexOf('b') >= 0;
        boolean text = mode.indexOf('t') >= 0;
        if (binary && text) {
            throw new IllegalArgumentException("invalid mode: '" + mode + "': can't have text and binary mode at once");
        }
        return new OpenMode(kind, mode.indexOf('+') >= 0, binary, text);
    }
}
