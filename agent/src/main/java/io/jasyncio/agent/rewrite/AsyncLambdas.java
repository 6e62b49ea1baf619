package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds the async lambdas of a class: the synthetic methods that hold the body of a lambda whose
 * target interface carries {@code @io.jasyncio.AsyncFunctionalInterface}. Each is rewritten like an
 * {@code @Async} method, so calling the interface's method returns a new, unstarted coroutine.
 *
 * <p>A lambda is recognised from its {@code invokedynamic}: the bootstrap method is {@code
 * LambdaMetafactory.metafactory} or {@code altMetafactory}, the erased functional method returns
 * {@code io.jasyncio.Coroutine}, the implementation is a synthetic method of this class, and the
 * interface made (the call site's return type, or one of {@code altMetafactory}'s marker
 * interfaces, for an intersection type) has the annotation in its own class file, which is read
 * through the {@link TypePool} and never loaded. A method reference names an ordinary method, which
 * is left as it is: the {@code @Async} method it refers to is rewritten on its own.
 */
final class AsyncLambdas {
    /** {@code LambdaMetafactory.FLAG_MARKERS}: marker interfaces follow the flags. */
    private static final int FLAG_MARKERS = 2;

    private AsyncLambdas() {}

    /**
     * The synthetic methods of {@code cls} that implement an async lambda, in the order the
     * class declares them.
     *
     * @throws RewriteRefusedException if the class file of a candidate lambda's interface cannot
     *     be found, so whether the lambda may await cannot be told
     */
    static List<MethodNode> find(ClassNode cls, TypePool types) throws RewriteRefusedException {
        Set<String> implementations = new LinkedHashSet<>();
        for (MethodNode m : cls.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof InvokeDynamicInsnNode indy) {
                    Handle body = implementation(cls, indy);
                    if (body != null && isAsync(indy, types, m)) {
                        implementations.add(body.getName() + body.getDesc());
                    }
                }
            }
        }
        List<MethodNode> found = new ArrayList<>();
        if (implementations.isEmpty()) {
            return found;
        }
        for (MethodNode m : cls.methods) {
            if ((m.access & Opcodes.ACC_SYNTHETIC) != 0
                    && (m.access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                    && implementations.contains(m.name + m.desc)) {
                found.add(m);
            }
        }
        return found;
    }

    /**
     * The implementation method of a lambda made by {@code indy} when it is a method of {@code
     * cls} whose erased functional method returns a {@code Coroutine}; else {@code null}.
     */
    private static Handle implementation(ClassNode cls, InvokeDynamicInsnNode indy) {
        Handle bootstrap = indy.bsm;
        if (!bootstrap.getOwner().equals(RuntimeNames.LAMBDA_METAFACTORY)
                || !(bootstrap.getName().equals("metafactory")
                        || bootstrap.getName().equals("altMetafactory"))
                || indy.bsmArgs.length < 3
                || !(indy.bsmArgs[0] instanceof Type functional)
                || !(indy.bsmArgs[1] instanceof Handle body)) {
            return null;
        }
        if (!functional.getReturnType().getInternalName().equals(RuntimeNames.COROUTINE)
                || !body.getOwner().equals(cls.name)
                || !Type.getReturnType(body.getDesc()).getInternalName().equals(RuntimeNames.COROUTINE)) {
            return null;
        }
        return body;
    }

    /** Whether an interface the lambda of {@code indy} implements is an async functional interface. */
    private static boolean isAsync(InvokeDynamicInsnNode indy, TypePool types, MethodNode in)
            throws RewriteRefusedException {
        for (String candidate : interfaces(indy)) {
            try {
                if (types.hasAnnotation(candidate, RuntimeNames.ASYNC_FUNCTIONAL_INTERFACE_DESC)) {
                    return true;
                }
            } catch (TypePool.TypeNotFoundException e) {
                throw new RewriteRefusedException(
                        in.name + in.desc,
                        "cannot find the class file of " + candidate.replace('/', '.')
                                + ", a lambda's interface, to tell whether it is an @AsyncFunctionalInterface;"
                                + " put it on the class path the class is loaded or woven with",
                        e);
            }
        }
        return false;
    }

    /** The interface the call site makes, then any marker interfaces of {@code altMetafactory}. */
    private static List<String> interfaces(InvokeDynamicInsnNode indy) {
        List<String> names = new ArrayList<>();
        names.add(Type.getReturnType(indy.desc).getInternalName());
        Object[] args = indy.bsmArgs;
        if (indy.bsm.getName().equals("altMetafactory") && args.length > 4 && args[3] instanceof Integer flags) {
            if ((flags & FLAG_MARKERS) != 0 && args[4] instanceof Integer count) {
                for (int i = 0; i < count && 5 + i < args.length; i++) {
                    if (args[5 + i] instanceof Type marker) {
                        names.add(marker.getInternalName());
                    }
                }
            }
        }
        return names;
    }
}
