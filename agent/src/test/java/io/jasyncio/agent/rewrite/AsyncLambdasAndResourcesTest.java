package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.FixtureCompiler;
import io.jasyncio.agent.Fixtures;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which methods the agent rewrites for async lambdas ({@link AsyncLambdas}) and which closes it
 * turns into awaits ({@link AwaitedCloseRewriter}), as bytecode, for class files of releases 8
 * through the running JDK's; running them is tested in the runtime module.
 */
class AsyncLambdasAndResourcesTest {
    private static final Pattern REPORT = Pattern.compile("rewrote [\\w.$]+\\.([\\w$]+)\\(.*: (\\d+) await\\(s\\)");

    @TempDir
    Path tmp;

    static IntStream releases() {
        return AsyncClassRewriterTest.releases();
    }

    private Map<String, byte[]> compile(int release, String... fixtures) {
        return new FixtureCompiler(tmp).compile(release, Fixtures.sources(fixtures));
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        return node;
    }

    /** Rewrites {@code classFile}, verifies it, and returns each rewritten method's await count. */
    private static Map<String, Integer> awaitsPerMethod(byte[] classFile, ClassLoader loader, List<byte[]> out)
            throws RewriteRefusedException {
        Map<String, Integer> awaits = new TreeMap<>();
        byte[] rewritten = new AsyncClassRewriter(TypePool.of(loader), line -> {
                    Matcher m = REPORT.matcher(line);
                    assertTrue(m.find(), line);
                    awaits.put(m.group(1), Integer.parseInt(m.group(2)));
                })
                .rewrite(classFile);
        if (rewritten != null) {
            AsyncClassRewriterTest.assertVerifies(rewritten, loader);
            out.add(rewritten);
        }
        return awaits;
    }

    /** The enclosing method named in javac's {@code lambda$<method>$<n>} (or {@code $<hash>$<n>}). */
    private static String enclosing(String lambdaName) {
        String rest = lambdaName.substring("lambda$".length());
        return rest.substring(0, rest.indexOf('$'));
    }

    @ParameterizedTest(name = "release {0}")
    @MethodSource("releases")
    void theLambdasOfAsyncFunctionalInterfacesAreRewrittenAndNoOthers(int release) throws Exception {
        Map<String, byte[]> classes = compile(release, "Lambdas");
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            List<byte[]> out = new ArrayList<>();
            Map<String, Integer> awaits = awaitsPerMethod(classes.get("fx/Lambdas"), loader, out);
            Map<String, Long> lambdasByMethod = awaits.keySet().stream()
                    .filter(name -> name.startsWith("lambda$"))
                    .collect(Collectors.groupingBy(
                            AsyncLambdasAndResourcesTest::enclosing, TreeMap::new, Collectors.counting()));
            assertEquals(
                    Map.of(
                            "staticCaptures", 1L,
                            "instanceCaptures", 1L,
                            "nested", 3L,
                            "fromPlainMethod", 1L,
                            "handler", 1L,
                            "intersection", 1L),
                    lambdasByMethod,
                    "rewritten: " + awaits.keySet());
            ClassNode cls = read(out.get(0));
            for (MethodNode m : cls.methods) {
                if (m.name.startsWith("lambda$") && !m.name.contains(RuntimeNames.RESUME_SUFFIX)) {
                    boolean rewritten = awaits.containsKey(m.name);
                    boolean hasResume =
                            cls.methods.stream().anyMatch(r -> r.name.startsWith(m.name + RuntimeNames.RESUME_SUFFIX));
                    assertEquals(rewritten, hasResume, m.name);
                    if (rewritten) {
                        assertTrue(
                                calls(m).stream().anyMatch(c -> c.owner.equals(RuntimeNames.FRAME)),
                                m.name + " is a stub that makes a frame");
                    }
                }
            }
            assertTrue(
                    calls(methodNamed(cls, "methodReference")).isEmpty(),
                    "a method reference is an invokedynamic only");
        }
    }

    @Test
    void anAsyncLambdaInAClassWithoutAsyncMethodsPassesTheCheapSkipAndIsRewritten() throws Exception {
        Map<String, byte[]> classes = compile(17, "LambdaOnly", "Plain");
        assertTrue(ConstantPoolScanner.mentionsAsync(classes.get("fx/LambdaOnly")));
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            Map<String, Integer> awaits = awaitsPerMethod(classes.get("fx/LambdaOnly"), loader, new ArrayList<>());
            assertEquals(1, awaits.size(), awaits.toString());
            assertEquals(1, awaits.values().iterator().next());
        }
    }

    @Test
    void aLambdaWhoseInterfaceCannotBeFoundRefusesTheClassNamingIt() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("fx/Gone.java", "package fx;\npublic interface Gone { io.jasyncio.Coroutine<Integer> get(); }\n");
        sources.put(
                "fx/UsesGone.java",
                "package fx;\nclass UsesGone { static Gone g() { return () -> io.jasyncio.Asyncio.done(1); } }\n");
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, sources);
        Files.delete(new FixtureCompiler(tmp).classes().resolve("fx/Gone.class"));
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            RewriteRefusedException e = assertThrows(
                    RewriteRefusedException.class,
                    () -> new AsyncClassRewriter(TypePool.of(loader), null).rewrite(classes.get("fx/UsesGone")));
            assertTrue(e.getMessage().contains("fx.Gone, a lambda's interface"), e.getMessage());
        }
    }

    @Test
    void lambdasOfOtherInterfacesReturningCoroutinesLeaveTheClassAsItWas() throws Exception {
        Map<String, String> sources = Map.of(
                "fx/OnlyPlain.java",
                "package fx;\nclass OnlyPlain {\n  interface P { io.jasyncio.Coroutine<Integer> get(); }\n"
                        + "  static P p() { return () -> io.jasyncio.Asyncio.done(1); }\n}\n");
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, sources);
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            assertNull(new AsyncClassRewriter(TypePool.of(loader), null).rewrite(classes.get("fx/OnlyPlain")));
        }
    }

    @ParameterizedTest(name = "release {0}")
    @MethodSource("releases")
    void theClosesOfTryWithResourcesOnAsyncCloseablesBecomeAwaits(int release) throws Exception {
        Map<String, String> sources = Fixtures.sources("Resources");
        if (release >= 9) {
            sources.put(
                    "fx/ResourceVariable.java",
                    String.join(
                            "\n",
                            "package fx;",
                            "import io.jasyncio.Coroutine; import io.jasyncio.annotation.Async;",
                            "import static io.jasyncio.Asyncio.*;",
                            "class ResourceVariable {",
                            "  @Async static Coroutine<Integer> variable(Resources.Res r) {",
                            "    try (r) { Resources.body(); }",
                            "    return done(1);",
                            "  }",
                            "}",
                            ""));
        }
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(release, sources);
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            List<byte[]> out = new ArrayList<>();
            Map<String, Integer> awaits = awaitsPerMethod(classes.get("fx/Resources"), loader, out);
            Map<String, Integer> expected = new TreeMap<>();
            expected.put("one", 3); // the body's await, the close on completion, the close on an exception
            expected.put("made", 2); // new: no null checks
            expected.put("returns", 3); // before the return, on completion, on an exception
            expected.put("returnsOnly", 3); // the completion's close follows no range: the rest is empty
            expected.put("loop", 4); // before break, before continue, on completion, on an exception
            expected.put("twoResources", 4);
            expected.put("empty", 1); // javac emits no handler for an empty body
            expected.put("emptyNew", 1);
            expected.put("throwsOnly", 1); // the body never completes
            expected.put("sync", 0); // an AutoCloseable that is not an AsyncCloseable keeps its close
            expected.put("explicit", 0); // close() called by hand keeps its meaning
            expected.put("closeInBody", 2); // ... also inside the block
            assertEquals(expected, awaits);

            ClassNode cls = read(out.get(0));
            assertEquals(List.of("fx/Resources$Sync", "fx/Resources$Sync"), closesIn(cls, "sync"));
            assertEquals(List.of("fx/Resources$Res"), closesIn(cls, "explicit"));
            assertEquals(List.of("fx/Resources$Res"), closesIn(cls, "closeInBody"));
            for (String m :
                    List.of("one", "made", "returns", "returnsOnly", "loop", "twoResources", "empty", "throwsOnly")) {
                assertEquals(List.of(), closesIn(cls, m), m);
            }
            assertEquals(2, leavings(cls, "twoResources"), "each block's handler asks ResourceExit what leaves");
            assertEquals(0, leavings(cls, "empty"));
            assertEquals(
                    2, closesIn(read(classes.get("fx/Resources")), "notAsync").size(), "javac's own closes");
            assertEquals(2, closesIn(cls, "notAsync").size(), "a method that is not coroutine code keeps its closes");

            if (release >= 9) {
                assertEquals(
                        Map.of("variable", 2),
                        awaitsPerMethod(classes.get("fx/ResourceVariable"), loader, new ArrayList<>()));
            }
        }
    }

    private static MethodNode methodNamed(ClassNode cls, String name) {
        return cls.methods.stream()
                .filter(m -> m.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
    }

    /** The method calls in {@code m}. */
    private static List<MethodInsnNode> calls(MethodNode m) {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode call) {
                calls.add(call);
            }
        }
        return calls;
    }

    /** The owners of the {@code close()} calls in {@code name}'s body (its resume method if rewritten). */
    private static List<String> closesIn(ClassNode cls, String name) {
        MethodNode body = cls.methods.stream()
                .filter(m -> m.name.equals(name + RuntimeNames.RESUME_SUFFIX))
                .findFirst()
                .orElseGet(() -> methodNamed(cls, name));
        return calls(body).stream()
                .filter(c -> c.name.equals("close") && c.desc.equals("()V"))
                .map(c -> c.owner)
                .toList();
    }

    private static long leavings(ClassNode cls, String name) {
        return calls(methodNamed(cls, name + RuntimeNames.RESUME_SUFFIX)).stream()
                .filter(c -> c.owner.equals(RuntimeNames.RESOURCE_EXIT))
                .count();
    }
}
