package io.jasyncio;

/**
 * Thrown into an {@link AsyncGenerator}'s producer at its pending {@code await(out.yield(...))}
 * when the generator is closed ({@link AsyncGenerator#aclose}): Python's {@code GeneratorExit}.
 * Let it out of the producer; {@code finally} blocks run (and may await). A producer that catches
 * it and yields again makes {@code aclose} fail.
 *
 * <p>An {@link Error}, not an {@link Exception}, for the reason Python makes it a {@code
 * BaseException}: so that a producer's {@code catch (Exception e)} does not swallow it.
 */
public final class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the exception {@code aclose} throws in. */
    public GeneratorExit() {
        super("async generator closed");
    }
}
