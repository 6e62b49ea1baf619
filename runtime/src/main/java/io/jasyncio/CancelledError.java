package io.jasyncio;

import java.util.concurrent.CancellationException;

/**
 * Thrown at a task's current {@code await} when the task is cancelled, and by {@link
 * Future#result()} of a cancelled future; asyncio's {@code CancelledError}.
 *
 * <p>Unlike Python, where {@code CancelledError} derives from {@code BaseException}, this is an
 * unchecked {@link CancellationException}, so a {@code catch (Exception e)} also catches it. A
 * coroutine that catches it should normally rethrow it.
 */
public class CancelledError extends CancellationException {
    private static final long serialVersionUID = 1L;

    public CancelledError() {
        super();
    }

    public CancelledError(String message) {
        super(message);
    }
}
