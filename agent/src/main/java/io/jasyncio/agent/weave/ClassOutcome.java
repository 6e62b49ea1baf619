package io.jasyncio.agent.weave;

import java.nio.file.Path;

/**
 * What weaving did with one class file.
 *
 * @param className the binary name the file's path gives ({@code pkg.Outer$Inner})
 * @param file the class file
 * @param kind what happened
 * @param method for {@link Kind#REFUSED}, the refused method as {@code name(descriptor)}, or
 *     {@code null} when the class as a whole was refused; {@code null} for the other kinds
 * @param reason why the class was not woven, in one line; {@code null} when it was woven or
 *     needed no weaving
 */
public record ClassOutcome(String className, Path file, Kind kind, String method, String reason) {
    /** What happened to one class file. */
    public enum Kind {
        /** Rewritten and replaced in place. */
        WOVEN(false),
        /** Woven by an earlier run; left as it was. */
        ALREADY_WOVEN(false),
        /** No {@code @Async} method; left as it was. */
        NO_ASYNC(false),
        /** A symbolic link to a class file inside the directory, which is woven under its own name. */
        LINK_INSIDE(false),
        /** An {@code @Async} method the rewriter cannot handle; the class is left as it was. */
        REFUSED(true),
        /** The file is not a well-formed class file; left as it was. */
        MALFORMED(true),
        /** A symbolic link out of the directory (or a dangling one), which weaving never follows. */
        LINK_OUTSIDE(true),
        /** Rewritten, but the new class file could not be written; the original is unchanged. */
        NOT_WRITTEN(true),
        /** The rewriter failed unexpectedly (a bug of the agent); the class is left as it was. */
        FAILED(true);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }

        /** Whether the class needed weaving and is not woven. */
        public boolean isFailure() {
            return failure;
        }
    }

    /** Whether the class needed weaving and is not woven. */
    public boolean isFailure() {
        return kind.isFailure();
    }

    /** Where in the class the problem is: {@code pkg.Cls.method(descriptor)} or {@code pkg.Cls}. */
    public String where() {
        return method != null ? className + "." + method : className;
    }

    /** One line saying what went wrong, naming the class (and method); {@code null} if nothing did. */
    public String message() {
        if (!isFailure()) {
            return null;
        }
        return "cannot weave " + where() + ": " + reason + "; the class file is unchanged";
    }
}
