package io.jasyncio.annotation.internal;

/**
 * The strings the agent, the runtime and the processor must agree on, defined once. Not API.
 *
 * <p>Each is a compile-time constant: javac copies its value into every class that uses it, so
 * the agent (whose jar is self-contained) needs this class only when it is compiled, never when
 * it runs. The runtime's protocol test checks that no class of the agent's jar links against
 * it.
 */
public final class SharedNames {
    /** The system property the agent sets to {@code "attached"} once installed. */
    public static final String AGENT_ATTACHED_PROPERTY = "jasyncio.agent";

    /**
     * Prefix of the system property the agent sets for each class it refused to rewrite:
     * {@code jasyncio.agent.refused.<binary class name>}, holding the reason.
     */
    public static final String REFUSED_PROPERTY_PREFIX = "jasyncio.agent.refused.";

    /**
     * The resource the processor writes and the runtime reads: one binary name a line of the
     * classes with {@code @Async} methods.
     */
    public static final String ASYNC_CLASSES_RESOURCE = "META-INF/jasyncio/async-classes";

    /**
     * The resource the weave command writes and the runtime reads: one class it refused a line,
     * {@code name<TAB>reason}.
     */
    public static final String REFUSED_CLASSES_RESOURCE = "META-INF/jasyncio/refused-classes";

    private SharedNames() {}
}
