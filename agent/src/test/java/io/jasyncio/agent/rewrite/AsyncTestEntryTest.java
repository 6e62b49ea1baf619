package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.agent.FixtureCompiler;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** The void entry JUnit runs for an {@code @AsyncTest} method (jasyncio-test), as bytecode. */
class AsyncTestEntryTest {
    private static final String ASYNC_TEST = String.join(
            "\n",
            "package io.jasyncio.test;",
            "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)",
            "public @interface AsyncTest { double timeout() default 60; }",
            "");
    private static final String DISPLAY_NAME = String.join(
            "\n",
            "package fx;",
            "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)",
            "public @interface Named { String value(); }",
            "");
    private static final String PARAM = String.join(
            "\n",
            "package fx;",
            "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)",
            "@java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)",
            "public @interface Resolved { }",
            "");

    @TempDir
    Path tmp;

    private ClassNode rewrite(String source) throws Exception {
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(
                17,
                Map.of(
                        "io/jasyncio/test/AsyncTest.java", ASYNC_TEST,
                        "fx/Named.java", DISPLAY_NAME,
                        "fx/Resolved.java", PARAM,
                        "fx/Tests.java", source));
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {compiler.classes().toUri().toURL()},
                getClass().getClassLoader())) {
            byte[] out = new AsyncClassRewriter(TypePool.of(loader), null).rewrite(classes.get("fx/Tests"));
            AsyncClassRewriterTest.assertVerifies(out, loader);
            ClassNode cls = new ClassNode();
            new ClassReader(out).accept(cls, 0);
            return cls;
        }
    }

    private static List<MethodNode> named(ClassNode cls, String name) {
        return cls.methods.stream().filter(m -> m.name.equals(name)).collect(Collectors.toList());
    }

    private static List<String> annotations(List<AnnotationNode> list) {
        return list == null ? List.of() : list.stream().map(a -> a.desc).collect(Collectors.toList());
    }

    @Test
    void anAsyncTestMethodGetsAFinalVoidTwinCarryingItsAnnotations() throws Exception {
        ClassNode cls = rewrite(String.join(
                "\n",
                "package fx;",
                "import io.jasyncio.Coroutine;",
                "import io.jasyncio.annotation.Async;",
                "import io.jasyncio.test.AsyncTest;",
                "import static io.jasyncio.Asyncio.*;",
                "class Tests {",
                "    @AsyncTest(timeout = 5) @Async @Named(\"a name\")",
                "    Coroutine<Void> sleeps(@Resolved String s, long n) { await(done()); return done(); }",
                "    @Async Coroutine<Void> helper() { return done(); }",
                "}",
                ""));
        List<MethodNode> sleeps = named(cls, "sleeps");
        assertEquals(2, sleeps.size());
        MethodNode entry =
                sleeps.stream().filter(m -> m.desc.endsWith("V")).findFirst().orElseThrow();
        MethodNode coroutine =
                sleeps.stream().filter(m -> !m.desc.endsWith("V")).findFirst().orElseThrow();
        assertEquals("(Ljava/lang/String;J)V", entry.desc);
        assertEquals(
                Opcodes.ACC_FINAL, entry.access & (Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_STATIC));
        assertEquals(
                List.of("Lio/jasyncio/test/AsyncTest;", "Lio/jasyncio/annotation/Async;", "Lfx/Named;"),
                annotations(entry.visibleAnnotations));
        assertEquals(List.of("Lfx/Resolved;"), annotations(entry.visibleParameterAnnotations[0]));
        // The coroutine method keeps the rest, but not @AsyncTest: JUnit must not see it as a test.
        assertEquals(
                List.of("Lio/jasyncio/annotation/Async;", "Lfx/Named;"), annotations(coroutine.visibleAnnotations));
        assertEquals(1, named(cls, "helper").size()); // no twin without @AsyncTest
    }

    @Test
    void aVoidMethodOfTheSameNameAndParametersIsRefusedWithTheReason() throws Exception {
        // Java source cannot declare both; another compiler (or a tool) can: rename one in bytecode.
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(
                17,
                Map.of(
                        "io/jasyncio/test/AsyncTest.java",
                        ASYNC_TEST,
                        "fx/Tests.java",
                        String.join(
                                "\n",
                                "package fx;",
                                "import io.jasyncio.Coroutine;",
                                "import io.jasyncio.annotation.Async;",
                                "import io.jasyncio.test.AsyncTest;",
                                "import static io.jasyncio.Asyncio.*;",
                                "class Tests {",
                                "    @AsyncTest @Async Coroutine<Void> clash() { return done(); }",
                                "    void renamedToClash() { }",
                                "}",
                                "")));
        ClassNode cls = new ClassNode();
        new ClassReader(classes.get("fx/Tests")).accept(cls, 0);
        named(cls, "renamedToClash").get(0).name = "clash";
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        cls.accept(writer);
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {compiler.classes().toUri().toURL()},
                getClass().getClassLoader())) {
            RewriteRefusedException e = assertThrows(
                    RewriteRefusedException.class,
                    () -> new AsyncClassRewriter(TypePool.of(loader), null).rewrite(writer.toByteArray()));
            assertEquals("clash()Lio/jasyncio/Coroutine;", e.method());
            assertEquals(
                    "@AsyncTest method: the class already declares void clash with the same parameters,"
                            + " which JUnit would run instead; rename one of them",
                    e.reason());
        }
    }
}
