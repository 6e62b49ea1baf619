package io.jasyncio.files;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** A parsed Python file mode: {@code r}, {@code w}, {@code a} or {@code x}, optionally with {@code t}. */
enum OpenMode {
    READ(List.of(StandardOpenOption.READ)),
    WRITE(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)),
    APPEND(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND)),
    CREATE_NEW(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));

    final List<OpenOption> options;

    OpenMode(List<OpenOption> options) {
        this.options = options;
    }

    boolean reads() {
        return this == READ;
    }

    /**
     * @throws IllegalArgumentException for an unknown mode, and for the modes not supported yet
     *     ({@code b} binary, {@code +} update)
     */
    static OpenMode parse(String mode) {
        String m = mode.replace("t", "");
        if (m.contains("b") || m.contains("+")) {
            throw new IllegalArgumentException("mode '" + mode + "' is not supported yet: "
                    + "text modes r, w, a and x only (no binary 'b', no update '+')");
        }
        switch (m) {
            case "r":
                return READ;
            case "w":
                return WRITE;
            case "a":
                return APPEND;
            case "x":
                return CREATE_NEW;
            default:
                throw new IllegalArgumentException("invalid mode: '" + mode + "'");
        }
    }
}
