package io.jasyncio.benchmarks;

import io.jasyncio.agent.AsyncClassTransformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload 6, the agent: its {@link AsyncClassTransformer}, called directly as the JVM would call
 * it, on a jar of real classes. {@code skip}: every class of the jar that holds JMH (the shaded
 * benchmarks.jar: JMH, ASM, ea-async, the jasyncio runtime...), none with {@code @Async}; score
 * per class. {@code rewrite}: the benchmark classes as javac wrote them (kept unwoven in the jar
 * under {@value #UNWOVEN}); score per class, and {@link #main} prints how many {@code @Async}
 * methods they hold so that benchmarks/run reports the cost per rewritten method.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AgentCost {
    static final String UNWOVEN = "META-INF/jasyncio-benchmarks/unwoven/";

    record ClassFile(String name, byte[] bytes) {}

    private AsyncClassTransformer transformer;
    private ClassLoader loader;
    List<ClassFile> skipped;
    List<ClassFile> rewritten;

    @Setup(Level.Trial)
    public void setUp() {
        transformer = new AsyncClassTransformer(false, false);
        loader = AgentCost.class.getClassLoader();
        skipped = new ArrayList<>();
        rewritten = new ArrayList<>();
        Path jar = jarOf(org.openjdk.jmh.runner.Runner.class);
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String n = entry.getName();
                if (!n.endsWith(".class") || n.equals("module-info.class") || n.startsWith("io/jasyncio/benchmarks/")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = jf.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                String internal = n.startsWith(UNWOVEN) ? n.substring(UNWOVEN.length()) : n;
                ClassFile cf = new ClassFile(internal.substring(0, internal.length() - ".class".length()), bytes);
                if (n.startsWith(UNWOVEN)) {
                    if (asyncMethods(bytes) > 0) {
                        rewritten.add(cf);
                    }
                } else if (n.startsWith("META-INF/")) {
                    continue;
                } else {
                    skipped.add(cf);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (rewritten.isEmpty()) {
            throw new IllegalStateException("no unwoven classes under " + UNWOVEN + " in " + jar
                    + ": run from target/benchmarks.jar (built by mvn package)");
        }
    }

    private static Path jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All skipped classes, once each; divide by {@code skipped.size()} (printed by {@link #main}). */
    @Benchmark
    public void skipAll(Blackhole bh) {
        for (ClassFile c : skipped) {
            bh.consume(transformer.transform(loader, c.name, null, null, c.bytes));
        }
    }

    /** All classes with @Async methods, once each; divide by the method count (printed by {@link #main}). */
    @Benchmark
    public void rewriteAll(Blackhole bh) {
        for (ClassFile c : rewritten) {
            byte[] out = transformer.transform(loader, c.name, null, null, c.bytes);
            if (out == null) {
                throw new IllegalStateException("the agent did not rewrite " + c.name
                        + " (was it woven already? build the jar with mvn clean package)");
            }
            bh.consume(out);
        }
    }

    static int asyncMethods(byte[] bytes) {
        int[] count = {0};
        new ClassReader(bytes)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                                        if (desc.equals("Lio/jasyncio/annotation/Async;")) {
                                            count[0]++;
                                        }
                                        return null;
                                    }
                                };
                            }
                        },
                        ClassReader.SKIP_CODE);
        return count[0];
    }

    /** Prints the corpus sizes: {@code CORPUS skippedClasses=.. rewrittenClasses=.. rewrittenMethods=..}. */
    public static void main(String[] args) {
        AgentCost a = new AgentCost();
        a.setUp();
        int methods = a.rewritten.stream().mapToInt(c -> asyncMethods(c.bytes)).sum();
        System.out.println("CORPUS skippedClasses=" + a.skipped.size() + " rewrittenClasses=" + a.rewritten.size()
                + " rewrittenMethods=" + methods);
    }
}
