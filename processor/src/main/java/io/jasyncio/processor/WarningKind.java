package io.jasyncio.processor;

/**
 * The kinds of jasyncio warning. Each has a stable key: it starts the warning's message in
 * brackets, as javac's lint keys do ({@code [jasyncio-blocking] ...}), and {@code
 * @SuppressWarnings} takes it to silence that kind on a declaration. {@code
 * @SuppressWarnings("jasyncio")} silences them all.
 */
enum WarningKind {
    /** A coroutine or awaitable that is dropped or kept in a variable and never used. */
    UNAWAITED("jasyncio-unawaited"),
    /** A call that blocks the loop's thread, in code that runs on it. */
    BLOCKING("jasyncio-blocking"),
    /** A catch clause that swallows the task's cancellation. */
    CANCELLATION("jasyncio-cancellation");

    /** The key {@code @SuppressWarnings} takes for every jasyncio warning. */
    static final String ALL = "jasyncio";

    final String key;

    WarningKind(String key) {
        this.key = key;
    }

    /** The warning's message: the bracketed key, the text, and how to suppress it. */
    String message(String text) {
        return "[" + key + "] " + text + " (suppress with @SuppressWarnings(\"" + key + "\"))";
    }
}
