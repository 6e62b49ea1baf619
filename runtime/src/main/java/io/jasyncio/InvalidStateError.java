package io.jasyncio;

/**
 * Raised for an operation that the state of a {@link Future} does not allow: setting the result
 * of a future that is already done, or asking for the result of one that is not yet done.
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidStateError(String message) {
        super(message);
    }
}
