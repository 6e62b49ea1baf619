package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The method JUnit runs for an {@code @io.jasyncio.test.AsyncTest} method.
 *
 * <p>JUnit Jupiter only runs test methods that return {@code void}, and an {@code @Async} test
 * returns its {@code Coroutine}. So next to {@code Coroutine<T> name(params)} the class gets a
 * {@code void name(params)} carrying the method's annotations (and its parameters'), which JUnit
 * discovers, resolves parameters for and intercepts; the jasyncio-test extension then calls the
 * coroutine method and runs what it returns on a virtual-time loop. The coroutine method loses
 * only its {@code @AsyncTest}, so JUnit does not also report it as a test that returns a value.
 *
 * <p>The entry is {@code final}: for a test selected by name (an IDE running one method), JUnit
 * picks the first of the two same-named methods in an order that sorts on {@code
 * Method.toString()}, and {@code "final void"} sorts before the coroutine method's return type
 * whatever the access. Its body only throws: the extension never lets JUnit call it.
 */
final class AsyncTestEntry {
    /** The descriptor of {@code @io.jasyncio.test.AsyncTest} (module jasyncio-test). */
    static final String ASYNC_TEST_DESC = "Lio/jasyncio/test/AsyncTest;";

    private AsyncTestEntry() {}

    /** True if {@code m} carries {@code @AsyncTest}. */
    static boolean isAsyncTest(MethodNode m) {
        if (m.visibleAnnotations == null) {
            return false;
        }
        for (AnnotationNode a : m.visibleAnnotations) {
            if (a.desc.equals(ASYNC_TEST_DESC)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The void entry for {@code m}, an {@code @AsyncTest} coroutine method of {@code cls}; moves
     * the {@code @AsyncTest} annotation from {@code m} to it.
     *
     * @throws RewriteRefusedException if the class already has a void method of that name and
     *     parameters
     */
    static MethodNode entryFor(ClassNode cls, MethodNode m, String id) throws RewriteRefusedException {
        Type[] params = Type.getArgumentTypes(m.desc);
        String desc = Type.getMethodDescriptor(Type.VOID_TYPE, params);
        for (MethodNode other : cls.methods) {
            if (other.name.equals(m.name) && other.desc.equals(desc)) {
                throw new RewriteRefusedException(
                        id,
                        "@AsyncTest method: the class already declares void " + m.name
                                + " with the same parameters, which JUnit would run instead; rename one of them");
            }
        }
        int access =
                (m.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC))
                        | Opcodes.ACC_FINAL;
        String signature =
                m.signature == null ? null : m.signature.substring(0, m.signature.lastIndexOf(')') + 1) + "V";
        MethodNode entry = new MethodNode(Opcodes.ASM9, access, m.name, desc, signature, null);

        List<AnnotationNode> kept = new ArrayList<>();
        entry.visibleAnnotations = new ArrayList<>();
        for (AnnotationNode a : m.visibleAnnotations) {
            entry.visibleAnnotations.add(a);
            if (!a.desc.equals(ASYNC_TEST_DESC)) {
                kept.add(a);
            }
        }
        m.visibleAnnotations = kept;
        entry.visibleParameterAnnotations = m.visibleParameterAnnotations;
        entry.visibleAnnotableParameterCount = m.visibleAnnotableParameterCount;
        entry.parameters = m.parameters;

        String message = cls.name.replace('/', '.') + "." + m.name
                + " is an @AsyncTest: the jasyncio-test JUnit extension runs the coroutine it returns;"
                + " call the method that returns the Coroutine";
        entry.instructions.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        entry.instructions.add(new InsnNode(Opcodes.DUP));
        entry.instructions.add(new LdcInsnNode(message));
        entry.instructions.add(new MethodInsnNode(
                Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false));
        entry.instructions.add(new InsnNode(Opcodes.ATHROW));
        int slots = (m.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type p : params) {
            slots += p.getSize();
        }
        entry.maxLocals = slots;
        entry.maxStack = 3;
        return entry;
    }
}
