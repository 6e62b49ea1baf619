package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.agent.JasyncioAgent;
import io.jasyncio.agent.rewrite.RuntimeProtocol;
import io.jasyncio.agent.rewrite.RuntimeProtocol.Member;
import io.jasyncio.agent.rewrite.RuntimeProtocol.Role;
import io.jasyncio.annotation.internal.SharedNames;
import io.jasyncio.internal.InternalApi;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The protocol between rewritten code and the runtime, checked from both ends: every class, field
 * and method the agent relies on ({@link RuntimeProtocol}, built from the agent's names) exists in
 * the runtime with that exact descriptor, static-ness and access; and code the agent really
 * rewrites refers to the runtime through nothing else. Renaming a frame field on either side, or
 * emitting a call the list does not name, fails here.
 */
class ProtocolTest {
    /** One program that makes the agent emit every part of the protocol. */
    private static final String CORPUS = """
            static final class Res implements AsyncCloseable {
                public Awaitable<Void> aclose(Throwable pending) {
                    log("aclose" + (pending == null ? "" : " after " + pending.getMessage()));
                    return v(null);
                }
            }
            @Async static Coroutine<Void> nothing() {
                await(v(0));
                return done();
            }
            @Async static Coroutine<String> main() {
                long total = 1;
                String name = "n";
                total += await(v(2));
                try (Res r = new Res()) {
                    total += await(v(3));
                }
                await(nothing());
                AsyncSupplier<Integer> four = () -> done(await(v(4)));
                total += await(four.get());
                return done(name + total);
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void theRuntimeHasEveryNameAndDescriptorTheAgentUses() {
        List<String> mismatches = RuntimeProtocol.mismatches(ProtocolTest.class.getClassLoader());
        assertEquals(List.of(), mismatches, "the runtime's classes do not match the agent's RuntimeNames");
    }

    /**
     * What only woven code reaches (a class of {@code io.jasyncio.internal}, or one marked
     * {@code @InternalApi}, and every member of the latter woven code uses) carries
     * {@code @InternalApi}, which keeps it out of the javadoc and the API dump.
     */
    @Test
    void whatOnlyWovenCodeReachesIsMarkedInternalApi() throws ClassNotFoundException {
        List<String> unmarked = new ArrayList<>();
        for (Member m : RuntimeProtocol.members()) {
            Class<?> owner = Class.forName(m.owner().replace('/', '.'));
            boolean inInternalPackage = owner.getPackageName().equals("io.jasyncio.internal");
            if (!inInternalPackage && !owner.isAnnotationPresent(InternalApi.class)) {
                continue; // user API that woven code also uses (Asyncio, AsyncCloseable, ...)
            }
            if (!owner.isAnnotationPresent(InternalApi.class)) {
                unmarked.add(m.owner());
            } else if (m.name() != null && !inInternalPackage) {
                AnnotatedElement element = RuntimeProtocol.find(m, owner);
                if (element == null || !element.isAnnotationPresent(InternalApi.class)) {
                    unmarked.add(m.toString());
                }
            }
        }
        assertEquals(List.of(), unmarked, "protocol elements that lack @InternalApi");
    }

    @Test
    void rewrittenCodeReachesTheRuntimeOnlyThroughTheProtocolAndUsesAllOfIt() throws IOException {
        Map<String, String> sources = Map.of("rw/Corpus.java", RewritingHarness.source("Corpus", CORPUS));
        RewritingHarness woven = new RewritingHarness(tmp.resolve("woven"));
        woven.check(sources, "Corpus", "aclose -> n10");
        Path unwoven = new RewritingHarness(tmp.resolve("unwoven"), 17, RewritingHarness.Weaving.AGENT).build(sources);

        Set<String> added = runtimeReferences(tmp.resolve("woven/classes"));
        added.removeAll(runtimeReferences(unwoven));
        Set<String> protocol =
                RuntimeProtocol.members().stream().map(Member::toString).collect(Collectors.toCollection(TreeSet::new));

        Set<String> outside = new TreeSet<>(added);
        outside.removeAll(protocol);
        assertEquals(Set.of(), outside, "rewritten code refers to runtime names RuntimeProtocol does not list");

        Set<String> unused = RuntimeProtocol.members().stream()
                .filter(m -> m.role() == Role.EMITTED)
                .map(Member::toString)
                .filter(m -> !added.contains(m))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), unused, "members listed as emitted that the rewritten corpus does not use");
    }

    /**
     * The agent's jar is self-contained: the shared names it takes from jasyncio-annotations are
     * compile-time constants, copied into its classes. (javac still leaves a class entry for their
     * owner in the constant pool, which nothing resolves; the check looks at what the code and the
     * signatures use.)
     */
    @Test
    void theAgentJarLinksNoClassOfTheAnnotationsModule() throws IOException, URISyntaxException {
        Path jar = Path.of(JasyncioAgent.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assumeTrue(Files.isRegularFile(jar), "the agent is on the class path as a jar (it is in a Maven build)");
        Set<String> linked = new TreeSet<>();
        int classes = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    classes++;
                    try (InputStream in = file.getInputStream(entry)) {
                        new ClassReader(in)
                                .accept(
                                        new ClassRemapper(new ClassNode(), new Remapper(Opcodes.ASM9) {
                                            @Override
                                            public String map(String internalName) {
                                                if (internalName.startsWith("io/jasyncio/annotation/")) {
                                                    linked.add(entry.getName() + " -> " + internalName);
                                                }
                                                return internalName;
                                            }
                                        }),
                                        0);
                    }
                }
            }
        }
        assertTrue(classes > 0, jar + " holds no classes");
        assertEquals(Set.of(), linked, "agent classes that would need jasyncio-annotations at run time");
        assertEquals(SharedNames.AGENT_ATTACHED_PROPERTY, JasyncioAgent.ATTACHED_PROPERTY);
    }

    /**
     * What the classes under {@code dir} refer to in {@code io/jasyncio} or through a lambda
     * bootstrap, written as {@link Member#toString()} writes it.
     */
    private static Set<String> runtimeReferences(Path dir) throws IOException {
        Set<String> refs = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            ClassNode c = new ClassNode();
            new ClassReader(Files.readAllBytes(file)).accept(c, 0);
            annotations(c.visibleAnnotations, refs);
            for (MethodNode m : c.methods) {
                annotations(m.visibleAnnotations, refs);
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call) {
                        add(refs, call.owner, call.name, call.desc);
                    } else if (insn instanceof FieldInsnNode field) {
                        add(refs, field.owner, field.name, field.desc);
                    } else if (insn instanceof TypeInsnNode type && insn.getOpcode() == Opcodes.NEW) {
                        add(refs, type.desc, null, null);
                    } else if (insn instanceof InvokeDynamicInsnNode indy) {
                        // A lambda: the bootstrap's class, and the interface method it implements.
                        add(refs, indy.bsm.getOwner(), null, null);
                        if (indy.bsmArgs.length > 0 && indy.bsmArgs[0] instanceof Type sam) {
                            add(refs, Type.getReturnType(indy.desc).getInternalName(), indy.name, sam.getDescriptor());
                        }
                        for (Object arg : indy.bsmArgs) {
                            if (arg instanceof Handle h) {
                                add(refs, h.getOwner(), h.getName(), h.getDesc());
                            }
                        }
                    }
                }
            }
        }
        return refs;
    }

    private static void annotations(List<AnnotationNode> annotations, Set<String> refs) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                add(refs, Type.getType(a.desc).getInternalName(), null, null);
            }
        }
    }

    private static void add(Set<String> refs, String owner, String name, String desc) {
        if (owner.startsWith("io/jasyncio/") || owner.equals("java/lang/invoke/LambdaMetafactory")) {
            refs.add(name == null ? owner : owner + "." + name + " " + desc);
        }
    }
}
