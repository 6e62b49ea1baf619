package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.FixtureCompiler;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of the protocol: {@link RuntimeProtocol} names every runtime name in {@link
 * RuntimeNames}, the stand-ins the fixtures compile against ({@link FixtureCompiler}) have all of
 * it, and its check catches a stand-in (or a runtime) that drifted. The runtime module's
 * ProtocolTest runs the same check against the real runtime.
 */
class RuntimeProtocolTest {
    /** RuntimeNames constants that name no runtime class or member. */
    private static final Set<String> NOT_RUNTIME_NAMES = Set.of(
            // the suffix of the agent's own synthetic methods
            "RESUME_SUFFIX");

    @TempDir
    Path tmp;

    private List<String> mismatchesOf(Map<String, String> replacedStandIns) throws Exception {
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        compiler.compile(17, replacedStandIns);
        try (URLClassLoader loader = compiler.loader()) {
            return RuntimeProtocol.mismatches(loader);
        }
    }

    @Test
    void theStandInsHaveEveryNameAndDescriptorOfTheProtocol() throws Exception {
        assertEquals(List.of(), mismatchesOf(Map.of()));
    }

    @Test
    void everyRuntimeNameIsPartOfTheProtocol() throws IllegalAccessException {
        Set<String> used = new HashSet<>();
        for (RuntimeProtocol.Member m : RuntimeProtocol.members()) {
            used.add(m.owner());
            used.add("L" + m.owner() + ";");
            if (m.name() != null) {
                used.add(m.name());
                used.add(m.descriptor());
            }
        }
        List<String> missing = new ArrayList<>();
        int names = 0;
        for (Field f : RuntimeNames.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names++;
                if (!NOT_RUNTIME_NAMES.contains(f.getName()) && !used.contains((String) f.get(null))) {
                    missing.add(f.getName() + " = " + f.get(null));
                }
            }
        }
        assertTrue(names > 20, "RuntimeNames has its constants");
        assertEquals(List.of(), missing, "RuntimeNames constants that RuntimeProtocol.members() does not use");
    }

    @Test
    void aRenamedFinalOrNonStaticFrameMemberIsAMismatch() throws Exception {
        String frame = String.join(
                "\n",
                "package io.jasyncio;",
                "public final class CoroutineFrame<T> extends Coroutine<T> {",
                "    public static final Object SUSPENDED = new Object();",
                "    public int state;", // was label
                "    public final int line = 0;", // assigned by rewritten code
                "    public Object[] refs;",
                "    public long[] prims;",
                "    public CoroutineFrame(io.jasyncio.internal.StateMachine body, String site) { }",
                "    public Object[] refs(int n) { return refs; }",
                "    public long[] prims(int n) { return prims; }",
                "    public Object await(Object x) { return x; }",
                "    public Object resumeValue() { return null; }",
                "    public Coroutine<?> done(Object v, CoroutineFrame<?> f) { return f; }", // not static
                "    public static Object complete(Object r, CoroutineFrame<?> f) { return r; }",
                "}",
                "");
        assertEquals(
                List.of(
                        "io/jasyncio/CoroutineFrame.label I: no public field of that name",
                        "io/jasyncio/CoroutineFrame.line I: is final, but rewritten code assigns it",
                        "io/jasyncio/CoroutineFrame.done (Ljava/lang/Object;Lio/jasyncio/CoroutineFrame;)"
                                + "Lio/jasyncio/Coroutine;: is not static"),
                mismatchesOf(Map.of("io/jasyncio/CoroutineFrame.java", frame)));
    }

    @Test
    void aStateMachineWithASecondAbstractMethodOrAnAwaitTheAgentSkipsIsAMismatch() throws Exception {
        String machine = "package io.jasyncio.internal;\npublic interface StateMachine {"
                + " Object resume(io.jasyncio.CoroutineFrame<?> f); void reset(); }\n";
        String asyncio = String.join(
                "\n",
                "package io.jasyncio;",
                "public final class Asyncio {",
                "    public static <T> T await(Awaitable<T> a) { return null; }",
                "    public static int await(Coroutine<Integer> c, int orElse) { return orElse; }",
                "    public static <T> Coroutine<T> done(T v) { return null; }",
                "    public static Coroutine<Void> done() { return null; }",
                "}",
                "");
        assertEquals(
                List.of(
                        "io/jasyncio/internal/StateMachine.resume (Lio/jasyncio/CoroutineFrame;)Ljava/lang/Object;:"
                                + " is not the interface's single abstract method, so a lambda cannot implement it",
                        "io/jasyncio/Asyncio.await (Lio/jasyncio/Coroutine;I)I: an await overload the agent does not"
                                + " recognise as a suspension point"),
                mismatchesOf(Map.of(
                        "io/jasyncio/internal/StateMachine.java", machine, "io/jasyncio/Asyncio.java", asyncio)));
    }
}
