package io.jasyncio;

/** Raised when an operation exceeds its deadline ({@code waitFor}, {@code timeout}); asyncio's {@code TimeoutError}. */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimeoutError() {
        super();
    }

    public TimeoutError(String message) {
        super(message);
    }
}
