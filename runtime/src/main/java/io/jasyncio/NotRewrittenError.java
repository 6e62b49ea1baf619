package io.jasyncio;

/**
 * Thrown when code that needs the jasyncio agent's rewriting runs without it: an {@code await}
 * (or an {@code @Async} method) that was not rewritten into a coroutine, because the agent is not
 * attached, or because the agent or the weave command refused the class (the message then quotes
 * its reason), or because {@code await} is used outside an {@code @Async} method.
 *
 * <p>An {@link Error}, not an exception: a program whose coroutines were not rewritten cannot run
 * correctly, and an ordinary {@code catch (Exception e)} must not take it for a failure of the
 * awaited operation and carry on.
 */
public final class NotRewrittenError extends Error {
    private static final long serialVersionUID = 1L;

    /** @param message what was not rewritten, why, and what to do */
    public NotRewrittenError(String message) {
        super(message);
    }
}
