package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.agent.FixtureCompiler;
import io.jasyncio.agent.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * The rewrite's output, checked as bytecode: every fixture class verifies with full type checking
 * ({@link CheckClassAdapter#verify} with a class loader), for class files of releases 8 through the
 * running JDK's; the emitted shape follows docs/architecture.md; debug tables are kept.
 */
class AsyncClassRewriterTest {
    @TempDir
    Path tmp;

    static IntStream releases() {
        int newest = Runtime.version().feature();
        return IntStream.of(8, 11, 17, 21, newest).filter(r -> r <= newest).distinct();
    }

    private Map<String, byte[]> compile(int release, String... fixtures) {
        return new FixtureCompiler(tmp).compile(release, Fixtures.sources(fixtures));
    }

    private static AsyncClassRewriter rewriter(ClassLoader loader) {
        return new AsyncClassRewriter(TypePool.of(loader), null);
    }

    /** Rewrites every fixture class with @Async methods; fails on a refusal. */
    private Map<String, byte[]> rewriteAll(Map<String, byte[]> classes, ClassLoader loader) throws Exception {
        Map<String, byte[]> rewritten = new java.util.TreeMap<>();
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            if (e.getKey().startsWith("fx/") && ConstantPoolScanner.mentionsAsync(e.getValue())) {
                byte[] out = rewriter(loader).rewrite(e.getValue());
                if (out != null) {
                    rewritten.put(e.getKey(), out);
                }
            }
        }
        return rewritten;
    }

    static void assertVerifies(byte[] classFile, ClassLoader loader) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), loader, false, new PrintWriter(report));
        if (!report.toString().isEmpty()) {
            fail("rewritten class does not verify:\n" + report + "\n" + dump(classFile));
        }
        assertNull(RewriteVerifier.check(classFile), "RewriteVerifier complains");
    }

    static String dump(byte[] classFile) {
        StringWriter out = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
        return out.toString();
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        return node;
    }

    private static MethodNode method(ClassNode cls, String name) {
        return cls.methods.stream()
                .filter(m -> m.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name + " in " + cls.name));
    }

    @ParameterizedTest(name = "release {0}")
    @MethodSource("releases")
    void everyFixtureClassVerifiesAfterRewriting(int release) throws Exception {
        List<String> fixtures = new ArrayList<>(List.of("Constructs", "Shapes"));
        if (release >= 17) {
            fixtures.add("Modern");
        }
        Map<String, byte[]> classes = compile(release, fixtures.toArray(String[]::new));
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            Map<String, byte[]> rewritten = rewriteAll(classes, loader);
            TreeSet<String> expected = new TreeSet<>(List.of(
                    "fx/Constructs",
                    "fx/Constructs$Inner",
                    "fx/Constructs$1Local",
                    "fx/Constructs$1",
                    "fx/Shapes",
                    "fx/Shapes$Kind"));
            if (release >= 17) {
                expected.addAll(List.of("fx/Modern", "fx/Modern$Point"));
            }
            assertEquals(expected, rewritten.keySet());
            for (Map.Entry<String, byte[]> e : rewritten.entrySet()) {
                assertVerifies(e.getValue(), loader);
                assertEquals(release + 44, read(e.getValue()).version & 0xFFFF, "class file version is kept");
            }
        }
    }

    @Test
    void aRewrittenClassIsMarkedWovenAndNeverRewrittenAgain() throws Exception {
        Map<String, byte[]> classes = compile(17, "Constructs");
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            byte[] once = rewriter(loader).rewrite(classes.get("fx/Constructs"));
            assertNotNull(once);
            List<AnnotationNode> annotations = read(once).visibleAnnotations;
            assertTrue(annotations.stream().anyMatch(a -> a.desc.equals(RuntimeNames.WOVEN_DESC)));
            assertNull(rewriter(loader).rewrite(once), "a woven class is left alone");
        }
    }

    @Test
    void aClassWithoutAsyncMethodsIsNotRewritten() throws Exception {
        Map<String, byte[]> classes = compile(17, "Plain");
        assertNull(rewriter(getClass().getClassLoader()).rewrite(classes.get("fx/Plain")));
        assertTrue(!ConstantPoolScanner.mentionsAsync(classes.get("fx/Plain")));
    }

    @Test
    void theStubCreatesTheFrameAndTheBodyMovesToAPrivateStaticResumeMethod() throws Exception {
        Map<String, byte[]> classes = compile(17, "Constructs");
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            ClassNode cls = read(rewriter(loader).rewrite(classes.get("fx/Constructs")));
            MethodNode stub = method(cls, "operandStack");
            List<Integer> opcodes = new ArrayList<>();
            for (AbstractInsnNode insn : stub.instructions) {
                if (insn.getOpcode() >= 0) {
                    opcodes.add(insn.getOpcode());
                }
            }
            assertEquals(
                    List.of(Opcodes.NEW, Opcodes.DUP, Opcodes.INVOKEDYNAMIC, Opcodes.LDC, Opcodes.INVOKESPECIAL),
                    opcodes.subList(0, 5),
                    "stub starts: new CoroutineFrame(<lambda>, site)");
            assertEquals(Opcodes.ARETURN, opcodes.get(opcodes.size() - 1));
            assertTrue(
                    stub.visibleAnnotations.stream().anyMatch(a -> a.desc.equals(RuntimeNames.ASYNC_DESC)),
                    "the stub keeps the method's annotations");

            MethodNode resume = method(cls, "operandStack$resume");
            assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, resume.access);
            assertEquals(RuntimeNames.RESUME_DESC, resume.desc);
            long awaits = Stream.of(resume.instructions.toArray())
                    .filter(i -> i instanceof MethodInsnNode m
                            && m.name.equals("await")
                            && m.owner.equals(RuntimeNames.FRAME))
                    .count();
            assertEquals(4, awaits, "each of the four awaits goes through CoroutineFrame.await");
            assertTrue(
                    Stream.of(resume.instructions.toArray())
                            .noneMatch(i -> i instanceof MethodInsnNode m
                                    && m.owner.equals(RuntimeNames.ASYNCIO)
                                    && (m.name.equals("await") || m.name.equals("done"))),
                    "no call to Asyncio.await or Asyncio.done is left");
        }
    }

    @Test
    void overloadsGetDistinctResumeMethods() throws Exception {
        Map<String, String> sources = Map.of(
                "fx/Over.java",
                String.join(
                        "\n",
                        "package fx;",
                        "import io.jasyncio.Coroutine; import io.jasyncio.annotation.Async;",
                        "import static io.jasyncio.Asyncio.*;",
                        "class Over {",
                        "  @Async static Coroutine<Integer> f(int x) { return done(await(ready(x))); }",
                        "  @Async static Coroutine<Integer> f(long x) { return done(await(ready((int) x))); }",
                        "}"));
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, sources);
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            byte[] out = rewriter(loader).rewrite(classes.get("fx/Over"));
            assertVerifies(out, loader);
            assertEquals(
                    List.of("f$resume", "f$resume$1"),
                    read(out).methods.stream()
                            .map(m -> m.name)
                            .filter(n -> n.contains("$resume"))
                            .sorted()
                            .collect(Collectors.toList()));
        }
    }

    @Test
    void interfaceResumeMethodsArePublicBeforeJava9AndPrivateAfter() throws Exception {
        for (int release : new int[] {8, 11}) {
            Map<String, byte[]> classes = compile(release, "Shapes");
            try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
                ClassNode cls = read(rewriter(loader).rewrite(classes.get("fx/Shapes")));
                int expected = (release == 8 ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE)
                        | Opcodes.ACC_STATIC
                        | Opcodes.ACC_SYNTHETIC;
                assertEquals(expected, method(cls, "doubled$resume").access, "release " + release);
                assertEquals(expected, method(cls, "describe$resume").access, "release " + release);
            }
        }
    }

    @Test
    void lineNumbersAndLocalVariableNamesAreKept() throws Exception {
        Map<String, byte[]> classes = compile(17, "Constructs");
        ClassNode before = read(classes.get("fx/Constructs"));
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            ClassNode after = read(rewriter(loader).rewrite(classes.get("fx/Constructs")));
            for (String name : List.of("loops", "exceptions", "operandStack", "lambdas")) {
                List<Integer> original = lines(method(before, name));
                List<Integer> rewritten = lines(method(after, name + "$resume"));
                assertEquals(original, rewritten.subList(0, original.size()), name + ": the body keeps its lines");
                assertTrue(
                        original.containsAll(rewritten.subList(original.size(), rewritten.size())),
                        name + ": the save code after the body carries lines of awaits: " + rewritten);
                assertEquals(
                        new TreeSet<>(locals(method(before, name))),
                        new TreeSet<>(locals(method(after, name + "$resume"))),
                        name + ": every variable keeps its name (its ranges cut to where it is assigned)");
            }
            assertEquals(List.of("n"), locals(method(after, "loops")), "the stub names its parameters");
        }
    }

    @Test
    void theSuspensionRecordsTheAwaitsSourceLine() throws Exception {
        Map<String, byte[]> classes = compile(17, "Constructs");
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            MethodNode resume =
                    method(read(rewriter(loader).rewrite(classes.get("fx/Constructs"))), "statement$resume");
            AbstractInsnNode putLine = Stream.of(resume.instructions.toArray())
                    .filter(i -> i.getOpcode() == Opcodes.PUTFIELD
                            && ((org.objectweb.asm.tree.FieldInsnNode) i).name.equals("line"))
                    .findFirst()
                    .orElseThrow();
            int line = ((org.objectweb.asm.tree.IntInsnNode) putLine.getPrevious()).operand;
            assertEquals(
                    lines(method(read(classes.get("fx/Constructs")), "statement"))
                            .get(0),
                    line);
        }
    }

    private static List<Integer> lines(MethodNode m) {
        List<Integer> lines = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof LineNumberNode ln) {
                lines.add(ln.line);
            }
        }
        return lines;
    }

    private static List<String> locals(MethodNode m) {
        List<String> names = new ArrayList<>();
        if (m.localVariables != null) {
            for (LocalVariableNode v : m.localVariables) {
                names.add(v.name);
            }
        }
        return names;
    }
}
