package io.jasyncio.agent.rewrite;

import io.jasyncio.agent.FixtureCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The input of one pass, for the pass tests: a class {@code fx.P} compiled (release 17) from the
 * given members, read as the rewriter reads it, with a type pool over the compiled classes; and the
 * earlier passes run on one of its methods, so a test can feed a pass exactly what it gets in
 * {@link AsyncClassRewriter}.
 */
final class PassInput implements AutoCloseable {
    static final String OWNER = "fx/P";

    final ClassNode cls;
    final TypePool types;
    private final URLClassLoader loader;

    private PassInput(ClassNode cls, URLClassLoader loader) {
        this.cls = cls;
        this.loader = loader;
        this.types = TypePool.of(loader);
        types.define(cls.name, cls.superName, cls.interfaces, false, true);
    }

    /** Compiles {@code public class fx.P { members }} with the protocol stand-ins. */
    static PassInput compile(Path tmp, String... members) {
        String source = Stream.concat(
                        Stream.of(
                                "package fx;",
                                "import static io.jasyncio.Asyncio.*;",
                                "import io.jasyncio.*;",
                                "import io.jasyncio.annotation.Async;",
                                "import java.util.*;",
                                "public class P {"),
                        Stream.concat(Stream.of(members), Stream.of("}")))
                .collect(Collectors.joining("\n"));
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(17, Map.of("fx/P.java", source));
        ClassNode cls = new ClassNode(Opcodes.ASM9);
        new ClassReader(classes.get(OWNER)).accept(cls, ClassReader.SKIP_FRAMES);
        return new PassInput(cls, compiler.loader());
    }

    MethodNode method(String name) {
        return cls.methods.stream()
                .filter(m -> m.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
    }

    /** The method after the passes up to and including the analysis. */
    AsyncMethodAnalyzer.Analysis analyzed(MethodNode m) throws RewriteRefusedException {
        AwaitedCloseRewriter.rewrite(m, types);
        UninitializedRelocator.relocate(OWNER, m, m.name + m.desc);
        return AsyncMethodAnalyzer.analyze(OWNER, m, types, m.name + m.desc);
    }

    /** The method's resume points, as the planner leaves them for the layout. */
    List<ResumePoint> planned(MethodNode m) throws RewriteRefusedException {
        AsyncMethodAnalyzer.Analysis analysis = analyzed(m);
        return ResumePointPlanner.plan(OWNER, m, analysis, types, FrameSlots.after(m.maxLocals), m.name + m.desc);
    }

    /** The calls of {@code Asyncio.await} in {@code m}, in code order. */
    static List<MethodInsnNode> awaits(MethodNode m) {
        return Stream.of(m.instructions.toArray())
                .filter(i -> i instanceof MethodInsnNode call
                        && call.getOpcode() == Opcodes.INVOKESTATIC
                        && RuntimeNames.isAwait(call.owner, call.name, call.desc))
                .map(i -> (MethodInsnNode) i)
                .toList();
    }

    /** The opcodes of {@code m}'s real instructions (labels, lines and frames left out). */
    static List<Integer> opcodes(Iterable<AbstractInsnNode> insns) {
        List<Integer> ops = new java.util.ArrayList<>();
        for (AbstractInsnNode i : insns) {
            if (i.getOpcode() >= 0) {
                ops.add(i.getOpcode());
            }
        }
        return ops;
    }

    /**
     * Textifier's lines for {@code insns}, trimmed, blank lines left out: labels are {@code L0},
     * {@code L1}, ... in the order they are first seen.
     */
    static List<String> text(org.objectweb.asm.tree.InsnList insns) {
        org.objectweb.asm.util.Textifier printer = new org.objectweb.asm.util.Textifier();
        insns.accept(new org.objectweb.asm.util.TraceMethodVisitor(printer));
        java.io.StringWriter out = new java.io.StringWriter();
        try (java.io.PrintWriter pw = new java.io.PrintWriter(out)) {
            printer.print(pw);
        }
        return out.toString()
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
