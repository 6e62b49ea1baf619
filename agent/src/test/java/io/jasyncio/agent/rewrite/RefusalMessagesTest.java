package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.FixtureCompiler;
import io.jasyncio.agent.Fixtures;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * One test per kind of refusal: the method it names ({@code name(descriptor)}, or none when no
 * method is to blame) and its exact reason, which says what is wrong in the user's terms and what to
 * do. No reason quotes an exception's text; the exception is kept as the cause.
 */
class RefusalMessagesTest {
    private static final String HEADER = String.join(
            "\n",
            "package fx;",
            "import static io.jasyncio.Asyncio.*;",
            "import io.jasyncio.Coroutine;",
            "import io.jasyncio.annotation.Async;",
            "");

    @TempDir
    Path tmp;

    private RewriteRefusedException refusal(byte[] classFile, ClassLoader loader) {
        return assertThrows(
                RewriteRefusedException.class,
                () -> new AsyncClassRewriter(TypePool.of(loader), null).rewrite(classFile));
    }

    private Map<String, byte[]> compile(String name, String body) {
        return new FixtureCompiler(tmp).compile(17, Map.of("fx/" + name + ".java", HEADER + body));
    }

    private static void assertRefusal(String method, String reason, RewriteRefusedException e) {
        assertEquals(method, e.method());
        assertEquals(reason, e.reason());
    }

    @Test
    void awaitInsideASynchronizedBlock() throws Exception {
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, Fixtures.sources("Refused"));
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            assertRefusal(
                    "locked()Lio/jasyncio/Coroutine;",
                    "await inside a synchronized block (the lock cannot be held while the coroutine is suspended);"
                            + " move the await out of the block, or guard the state with io.jasyncio.sync.Lock",
                    refusal(classes.get("fx/Refused"), loader));
        }
    }

    @Test
    void asyncOnASynchronizedMethod() throws Exception {
        Map<String, byte[]> classes = new FixtureCompiler(tmp).compile(17, Fixtures.sources("RefusedMethod"));
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            assertRefusal(
                    "locked()Lio/jasyncio/Coroutine;",
                    "@Async on a synchronized method (its body would run later, without the lock); remove"
                            + " 'synchronized' and guard the state with io.jasyncio.sync.Lock",
                    refusal(classes.get("fx/RefusedMethod"), loader));
        }
    }

    @Test
    void asyncOnAnAbstractMethod() {
        Map<String, byte[]> classes =
                compile("Abstract", "abstract class Abstract { @Async abstract Coroutine<Integer> m(int x); }");
        assertRefusal(
                "m(I)Lio/jasyncio/Coroutine;",
                "@Async on an abstract method, which has no body to rewrite; remove @Async here and put it on each"
                        + " implementation",
                refusal(classes.get("fx/Abstract"), null));
    }

    @Test
    void asyncOnANativeMethod() {
        Map<String, byte[]> classes = compile("Native", "class Native { @Async native Coroutine<Integer> m(); }");
        assertRefusal(
                "m()Lio/jasyncio/Coroutine;",
                "@Async on a native method, which has no body to rewrite; call it from an ordinary @Async method",
                refusal(classes.get("fx/Native"), null));
    }

    @Test
    void asyncOnAMethodThatDoesNotReturnACoroutine() {
        Map<String, byte[]> classes = compile("Returns", "class Returns { @Async static int m() { return 1; } }");
        assertRefusal(
                "m()I",
                "@Async method returns int, not io.jasyncio.Coroutine; declare it returning Coroutine<T>"
                        + " (Coroutine<Void> for no result) and end it with return done(value)",
                refusal(classes.get("fx/Returns"), null));
    }

    @Test
    void asyncOnAConstructor() {
        // javac rejects @Async on a constructor; another compiler, or a bytecode tool, may not.
        Map<String, byte[]> classes =
                compile("Ctor", "class Ctor { Ctor() { } @Async static Coroutine<Integer> m() { return done(1); } }");
        ClassNode cls = read(classes.get("fx/Ctor"));
        MethodNode init = method(cls, "<init>");
        init.invisibleAnnotations =
                new java.util.ArrayList<>(java.util.List.of(new AnnotationNode(RuntimeNames.ASYNC_DESC)));
        assertRefusal(
                "<init>()V",
                "@Async on a constructor or initializer, which cannot suspend; write a static @Async factory method"
                        + " returning Coroutine<T> instead",
                refusal(write(cls), null));
    }

    @Test
    void aClassFileOlderThanJava8() {
        Map<String, byte[]> classes = compile(
                "Old", "class Old { @Async static Coroutine<Integer> m(int x) { return done(await(ready(x))); } }");
        ClassNode cls = read(classes.get("fx/Old"));
        cls.version = Opcodes.V1_6;
        assertRefusal(
                "m(I)Lio/jasyncio/Coroutine;",
                "the class file's version is 50 (Java 6), older than Java 8 (52), the oldest the agent rewrites (a"
                        + " rewritten method needs invokedynamic); compile the class with --release 8 or newer",
                refusal(write(cls), null));
    }

    @Test
    void aClassMissingFromTheHierarchy() throws Exception {
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(17, mergeSources());
        Files.delete(compiler.classes().resolve("fx/Base.class"));
        try (URLClassLoader loader = compiler.loader()) {
            RewriteRefusedException e = refusal(classes.get("fx/Merge"), loader);
            assertRefusal(
                    "m(Z)Lio/jasyncio/Coroutine;",
                    "cannot find class file of fx.Base, which the agent needs to compute stack frames (it never"
                            + " loads classes); put it on the class path the class is loaded or woven with",
                    e);
        }
    }

    @Test
    void aClassMissingForTheFramesOfAnotherMethodNamesThatMethod() throws Exception {
        // Writing the class recomputes every method's frames: here plain()'s need fx.Base.
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(
                17,
                Map.of(
                        "fx/Base.java",
                        "package fx; public class Base { }",
                        "fx/Sub.java",
                        "package fx; public class Sub extends Base { }",
                        "fx/Two.java",
                        HEADER + "class Two { static Object plain(boolean b) { Object o = b ? new Sub() : new Base();"
                                + " return o; } @Async static Coroutine<Integer> m() { return done(await(ready(1))); } }"));
        Files.delete(compiler.classes().resolve("fx/Base.class"));
        try (URLClassLoader loader = compiler.loader()) {
            assertRefusal(
                    "plain(Z)Ljava/lang/Object;",
                    "cannot find class file of fx.Base, which the agent needs to compute stack frames (it never"
                            + " loads classes); put it on the class path the class is loaded or woven with",
                    refusal(classes.get("fx/Two"), loader));
        }
    }

    @Test
    void aMethodTooLargeAfterRewriting() throws Exception {
        StringBuilder body = new StringBuilder("class Large { @Async static Coroutine<Long> large() {\n");
        for (int i = 0; i < 120; i++) {
            body.append("long a").append(i).append(" = ").append(i).append(";\n");
        }
        for (int i = 0; i < 120; i++) {
            body.append("a")
                    .append(i)
                    .append(" += await(ready(1)) * a")
                    .append((i + 1) % 120)
                    .append(";\n");
        }
        body.append("long s = 0;\n");
        for (int i = 0; i < 120; i++) {
            body.append("s += a").append(i).append(";\n");
        }
        body.append("return done(s); } }\n");
        Map<String, byte[]> classes = compile("Large", body.toString());
        try (URLClassLoader loader = new FixtureCompiler(tmp).loader()) {
            RewriteRefusedException e = assertThrows(
                    RewriteRefusedException.class,
                    () -> new AsyncClassRewriter(TypePool.of(loader), null, SaveLayoutPlanner.Strategy.PER_AWAIT)
                            .rewrite(classes.get("fx/Large")));
            assertEquals("large()Lio/jasyncio/Coroutine;", e.method(), "the @Async method, not its resume method");
            assertTrue(
                    e.reason()
                            .matches(
                                    "method too large after rewriting \\(\\d{5,} bytes of code, the JVM allows 65535\\);"
                                            + " split it into smaller @Async methods, each with fewer awaits or fewer live"
                                            + " local variables"),
                    e.reason());
        }
    }

    @Test
    void aMalformedClassFile() {
        RewriteRefusedException e =
                refusal(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0}, null);
        assertRefusal(
                null,
                "the class file is malformed (the agent cannot read it); rebuild it with javac, or keep it out of"
                        + " the classes the agent sees",
                e);
        assertTrue(e.getCause() instanceof RuntimeException, "ASM's exception is the cause: " + e.getCause());
    }

    @Test
    void anUninitializedObjectInAShapeJavacDoesNotEmit() {
        Map<String, byte[]> classes =
                compile("Shape", "class Shape { @Async static Coroutine<Integer> m() { return done(1); } }");
        ClassNode cls = read(classes.get("fx/Shape"));
        MethodNode m = method(cls, "m");
        // NEW; DUP; <await>; POP; SWAP; INVOKESPECIAL: the object is moved with a SWAP.
        m.instructions.clear();
        m.tryCatchBlocks.clear();
        m.localVariables = null;
        m.instructions.add(new TypeInsnNode(Opcodes.NEW, "java/lang/Object"));
        m.instructions.add(new InsnNode(Opcodes.DUP));
        m.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
        m.instructions.add(UninitializedRelocatorTest.await());
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new InsnNode(Opcodes.SWAP));
        m.instructions.add(
                new org.objectweb.asm.tree.MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V"));
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        m.maxStack = 4;
        assertRefusal(
                "m()Lio/jasyncio/Coroutine;",
                "an await inside the arguments of 'new java.lang.Object(...)' in a bytecode shape javac does not"
                        + " emit; compile the class with javac, or move the await out of the 'new' expression"
                        + " (assign its result to a local first)",
                refusal(write(cls), null));
    }

    @Test
    void bytecodeTheAnalysisRejects() {
        Map<String, byte[]> classes = compile(
                "Invalid", "class Invalid { @Async static Coroutine<Integer> m() { return done(await(ready(1))); } }");
        ClassNode cls = read(classes.get("fx/Invalid"));
        MethodNode m = method(cls, "m");
        m.instructions.insert(new InsnNode(Opcodes.POP)); // pops an empty stack
        RewriteRefusedException e = refusal(write(cls), null);
        assertRefusal(
                "m()Lio/jasyncio/Coroutine;",
                "its bytecode cannot be analysed (invalid code, or an agent bug); recompile the class with javac,"
                        + " and if it still fails, report it with the class file"
                        + " (-javaagent:jasyncio-agent.jar=verbose prints the cause)",
                e);
        assertTrue(
                e.getCause() instanceof org.objectweb.asm.tree.analysis.AnalyzerException,
                String.valueOf(e.getCause()));
    }

    @Test
    void anInternalErrorNamesTheMethodAndKeepsTheExceptionAsTheCause() throws Exception {
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(
                17,
                Map.of(
                        "fy/Other.java",
                        "package fy; public class Other { }",
                        "fx/Saves.java",
                        HEADER + "class Saves { @Async static Coroutine<Object> m() {"
                                + " fy.Other o = new fy.Other(); await(ready(1)); return done(o); } }"));
        IllegalStateException boom = new IllegalStateException("boom: an agent bug's own text");
        // Reading fy.Other's class file (for a type the restored local may be cast to) fails unexpectedly.
        try (URLClassLoader loader =
                new URLClassLoader(
                        new URL[] {compiler.classes().toUri().toURL()},
                        getClass().getClassLoader()) {
                    @Override
                    public URL getResource(String name) {
                        if (name.equals("fy/Other.class")) {
                            throw boom;
                        }
                        return super.getResource(name);
                    }
                }) {
            RewriteRefusedException e = refusal(classes.get("fx/Saves"), loader);
            assertRefusal(
                    "m()Lio/jasyncio/Coroutine;",
                    "the agent failed while rewriting it (an agent bug); please report it with the class file"
                            + " (-javaagent:jasyncio-agent.jar=verbose prints the cause)",
                    e);
            assertFalse(e.reason().contains("boom"), "the exception's text is not the message");
            assertSame(boom, e.getCause(), "the exception is kept as the cause");
        }
    }

    @Test
    void aClassWithNothingToRewriteIsNotRefused() throws Exception {
        Map<String, byte[]> classes = compile("Plain2", "class Plain2 { static int m() { return 1; } }");
        assertNull(new AsyncClassRewriter(TypePool.of(null), null).rewrite(classes.get("fx/Plain2")));
    }

    /** {@code Merge.m} merges {@code Sub} and {@code Base}: frames need Base's class file. */
    private static Map<String, String> mergeSources() {
        return Map.of(
                "fx/Base.java", "package fx; public class Base { }",
                "fx/Sub.java", "package fx; public class Sub extends Base { }",
                "fx/Merge.java",
                        HEADER
                                + "class Merge { @Async static Coroutine<Object> m(boolean b) {"
                                + " Object o = b ? new Sub() : new Base(); await(ready(1)); return done(o); } }");
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode cls = new ClassNode(Opcodes.ASM9);
        new ClassReader(classFile).accept(cls, ClassReader.SKIP_FRAMES);
        return cls;
    }

    private static byte[] write(ClassNode cls) {
        ClassWriter writer = new ClassWriter(0);
        cls.accept(writer);
        return writer.toByteArray();
    }

    private static MethodNode method(ClassNode cls, String name) {
        return cls.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }
}
