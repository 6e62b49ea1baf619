package io.jasyncio.agent.rewrite;

/**
 * Thrown when an {@code @Async} method cannot be rewritten. The class it belongs to is then left
 * exactly as it was, and the reason is reported once, naming the class and method.
 *
 * <p>The reason is written for the user: what is wrong with their method (or class) and what to do
 * about it. The text of an exception the agent caught is never part of it; that exception is the
 * cause, printed only on request (the agent's {@code verbose} option).
 */
public final class RewriteRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String method;

    /**
     * @param method the refused method as {@code name(descriptor)}, or {@code null} for the class
     * @param reason why, in one line
     */
    public RewriteRefusedException(String method, String reason) {
        super(reason);
        this.method = method;
    }

    /**
     * @param method the refused method as {@code name(descriptor)}, or {@code null} for the class
     * @param reason why, in one line, in the user's terms
     * @param cause the exception behind the refusal, reported only on request, never in the reason
     */
    public RewriteRefusedException(String method, String reason, Throwable cause) {
        super(reason, cause);
        this.method = method;
    }

    /**
     * The bytecode of {@code method} could not be analysed: invalid code, or a bug of the agent.
     *
     * @param cause the analyser's exception, for the {@code verbose} report
     */
    static RewriteRefusedException invalidBytecode(String method, Throwable cause) {
        return new RewriteRefusedException(
                method,
                "its bytecode cannot be analysed (invalid code, or an agent bug); recompile the class with"
                        + " javac, and if it still fails, report it with the class file"
                        + " (-javaagent:jasyncio-agent.jar=verbose prints the cause)",
                cause);
    }

    /**
     * The agent failed while rewriting {@code method} ({@code null}: while writing the class): a bug
     * of the agent, not of the user's code.
     *
     * @param cause the exception, for the {@code verbose} report
     */
    public static RewriteRefusedException internalError(String method, Throwable cause) {
        return new RewriteRefusedException(
                method,
                "the agent failed while rewriting it (an agent bug); please report it with the class file"
                        + " (-javaagent:jasyncio-agent.jar=verbose prints the cause)",
                cause);
    }

    /** The refused method as {@code name(descriptor)}, or {@code null} for the class as a whole. */
    public String method() {
        return method;
    }

    /** The reason, in one line. */
    public String reason() {
        return getMessage();
    }
}
