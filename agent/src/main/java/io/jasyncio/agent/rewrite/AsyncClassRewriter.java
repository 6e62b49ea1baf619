package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Rewrites every {@code @Async} method and every async lambda ({@link AsyncLambdas}) of one class
 * file into a state machine, as docs/architecture.md describes, running the passes in order for
 * each method: {@link AwaitedCloseRewriter}, {@link UninitializedRelocator}, {@link AsyncMethodAnalyzer}, {@link ResumePointPlanner},
 * {@link SaveLayoutPlanner}, {@link StateMachineWriter}; then writes the class with frames
 * computed from a {@link TypePool}. All or nothing: if any method is refused, so is the class.
 */
public final class AsyncClassRewriter {
    /**
     * For testing: the system property that makes every rewriter (created after it is set) lay out
     * the save and restore code of every method one way: {@code shared} (resume points share it
     * wherever their values allow, as only very large methods do otherwise) or {@code per-await}.
     */
    public static final String LAYOUT_PROPERTY = "jasyncio.agent.layout";

    /** Class files older than this cannot hold the invokedynamic the stub uses. */
    private static final int OLDEST_VERSION = Opcodes.V1_8;
    /** Private interface methods exist from this class file version on. */
    private static final int PRIVATE_INTERFACE_METHODS = Opcodes.V9;

    private final TypePool types;
    private final Consumer<String> methodReport;
    private final SaveLayoutPlanner.Strategy strategy;

    /**
     * @param types the class hierarchy, for frames
     * @param methodReport receives one line per rewritten method (name, awaits, time), or
     *     {@code null}
     */
    public AsyncClassRewriter(TypePool types, Consumer<String> methodReport) {
        this(types, methodReport, SaveLayoutPlanner.Strategy.fromProperty());
    }

    AsyncClassRewriter(TypePool types, Consumer<String> methodReport, SaveLayoutPlanner.Strategy strategy) {
        this.types = types;
        this.methodReport = methodReport;
        this.strategy = strategy;
    }

    /**
     * Returns the rewritten class file, or {@code null} when the class has no {@code @Async}
     * method and no async lambda, or is already woven.
     *
     * @throws RewriteRefusedException if a method cannot be rewritten; the class must then be
     *     left as it was
     */
    public byte[] rewrite(byte[] classFile) throws RewriteRefusedException {
        ClassNode cls = new ClassNode(Opcodes.ASM9);
        try {
            new ClassReader(classFile).accept(cls, ClassReader.SKIP_FRAMES);
        } catch (RuntimeException malformed) {
            throw new RewriteRefusedException(
                    null,
                    "the class file is malformed (the agent cannot read it); rebuild it with javac, or keep"
                            + " it out of the classes the agent sees",
                    malformed);
        }
        if (hasAnnotation(cls.visibleAnnotations, RuntimeNames.WOVEN_DESC)) {
            return null;
        }
        List<MethodNode> async = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            // javac copies a method's annotations onto its bridges; a bridge only calls the method.
            if ((m.access & Opcodes.ACC_BRIDGE) != 0) {
                continue;
            }
            if (hasAnnotation(m.visibleAnnotations, RuntimeNames.ASYNC_DESC)
                    || hasAnnotation(m.invisibleAnnotations, RuntimeNames.ASYNC_DESC)) {
                async.add(m);
            }
        }
        for (MethodNode lambda : AsyncLambdas.find(cls, types)) {
            if (!async.contains(lambda)) {
                async.add(lambda);
            }
        }
        if (async.isEmpty()) {
            return null;
        }
        int version = cls.version & 0xFFFF;
        if (version < OLDEST_VERSION) {
            throw new RewriteRefusedException(
                    async.get(0).name + async.get(0).desc,
                    "the class file's version is " + version + " (Java " + (version - 44)
                            + "), older than Java 8 (52), the oldest the agent rewrites (a rewritten method needs"
                            + " invokedynamic); compile the class with --release 8 or newer");
        }
        boolean isInterface = (cls.access & Opcodes.ACC_INTERFACE) != 0;
        types.define(cls.name, cls.superName, cls.interfaces, isInterface, (cls.access & Opcodes.ACC_PUBLIC) != 0);

        Set<String> names = new HashSet<>();
        for (MethodNode m : cls.methods) {
            names.add(m.name);
        }
        List<MethodNode> resumeMethods = new ArrayList<>();
        Map<String, String> originals = new HashMap<>();
        List<MethodNode> testEntries = new ArrayList<>();
        for (MethodNode m : async) {
            long start = System.nanoTime();
            String id = m.name + m.desc;
            check(m, id);
            if (AsyncTestEntry.isAsyncTest(m)) {
                testEntries.add(AsyncTestEntry.entryFor(cls, m, id));
            }
            String resumeName = uniqueName(m.name + RuntimeNames.RESUME_SUFFIX, names);
            originals.put(resumeName + RuntimeNames.RESUME_DESC, id);
            int access = Opcodes.ACC_STATIC
                    | Opcodes.ACC_SYNTHETIC
                    | (isInterface && version < PRIVATE_INTERFACE_METHODS ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE);
            try {
                AwaitedCloseRewriter.rewrite(m, types);
                UninitializedRelocator.relocate(cls.name, m, id);
                AsyncMethodAnalyzer.Analysis analysis = AsyncMethodAnalyzer.analyze(cls.name, m, types, id);
                FrameSlots slots = FrameSlots.after(m.maxLocals);
                List<ResumePoint> points = ResumePointPlanner.plan(cls.name, m, analysis, types, slots, id);
                SaveLayout layout = SaveLayoutPlanner.plan(points, strategy);
                resumeMethods.add(StateMachineWriter.write(
                        cls.name, isInterface, m, points, layout, slots, resumeName, access, site(cls, m)));
                if (methodReport != null) {
                    methodReport.accept(String.format(
                            "rewrote %s.%s: %d await(s), %d us",
                            cls.name.replace('/', '.'), id, points.size() - 1, (System.nanoTime() - start) / 1000));
                }
            } catch (TypePool.TypeNotFoundException e) {
                throw new RewriteRefusedException(id, e.getMessage(), e);
            } catch (AnalyzerException | RuntimeException e) {
                throw RewriteRefusedException.internalError(id, e);
            }
        }
        cls.methods.addAll(resumeMethods);
        cls.methods.addAll(testEntries);
        if (cls.visibleAnnotations == null) {
            cls.visibleAnnotations = new ArrayList<>();
        }
        cls.visibleAnnotations.add(new AnnotationNode(RuntimeNames.WOVEN_DESC));
        return write(cls, originals);
    }

    /**
     * Writes the class, computing frames. A failure names the {@code @Async} method whose code was
     * being written ({@code originals}: resume method name and descriptor to the method's id).
     */
    private byte[] write(ClassNode cls, Map<String, String> originals) throws RewriteRefusedException {
        TypePoolClassWriter writer = new TypePoolClassWriter(types);
        String[] writing = {null};
        ClassVisitor tracking = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(
                    int access, String name, String descriptor, String signature, String[] exceptions) {
                writing[0] = originals.getOrDefault(name + descriptor, name + descriptor);
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
        };
        try {
            cls.accept(tracking);
            return writer.toByteArray();
        } catch (MethodTooLargeException e) {
            String id = e.getMethodName() + e.getDescriptor();
            throw new RewriteRefusedException(
                    originals.getOrDefault(id, id),
                    "method too large after rewriting (" + e.getCodeSize() + " bytes of code, the JVM allows"
                            + " 65535); split it into smaller @Async methods, each with fewer awaits or fewer"
                            + " live local variables",
                    e);
        } catch (TypePool.TypeNotFoundException e) {
            throw new RewriteRefusedException(writing[0], e.getMessage(), e);
        } catch (RuntimeException e) {
            throw RewriteRefusedException.internalError(writing[0], e);
        }
    }

    /** The declaration checks; their reasons say what to change, as the processor's errors do. */
    private static void check(MethodNode m, String id) throws RewriteRefusedException {
        if (m.name.equals("<init>") || m.name.equals("<clinit>")) {
            throw new RewriteRefusedException(
                    id,
                    "@Async on a constructor or initializer, which cannot suspend; write a static @Async"
                            + " factory method returning Coroutine<T> instead");
        }
        if ((m.access & Opcodes.ACC_ABSTRACT) != 0) {
            throw new RewriteRefusedException(
                    id,
                    "@Async on an abstract method, which has no body to rewrite; remove @Async here and put"
                            + " it on each implementation");
        }
        if ((m.access & Opcodes.ACC_NATIVE) != 0) {
            throw new RewriteRefusedException(
                    id,
                    "@Async on a native method, which has no body to rewrite; call it from an ordinary"
                            + " @Async method");
        }
        if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            throw new RewriteRefusedException(
                    id,
                    "@Async on a synchronized method (its body would run later, without the lock); remove"
                            + " 'synchronized' and guard the state with io.jasyncio.sync.Lock");
        }
        Type returned = Type.getReturnType(m.desc);
        if (!returned.getDescriptor().equals("L" + RuntimeNames.COROUTINE + ";")) {
            throw new RewriteRefusedException(
                    id,
                    "@Async method returns " + returned.getClassName() + ", not io.jasyncio.Coroutine; declare"
                            + " it returning Coroutine<T> (Coroutine<Void> for no result) and end it with"
                            + " return done(value)");
        }
    }

    private static String uniqueName(String base, Set<String> taken) {
        String name = base;
        for (int i = 1; taken.contains(name); i++) {
            name = base + "$" + i;
        }
        taken.add(name);
        return name;
    }

    /** {@code "pkg.Cls.method(Cls.java)"}: what a stack trace element would show. */
    private static String site(ClassNode cls, MethodNode m) {
        String file = cls.sourceFile != null ? cls.sourceFile : "Unknown Source";
        return cls.name.replace('/', '.') + "." + m.name + "(" + file + ")";
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations, String desc) {
        if (annotations == null) {
            return false;
        }
        for (AnnotationNode a : annotations) {
            if (a.desc.equals(desc)) {
                return true;
            }
        }
        return false;
    }
}
