package io.jasyncio.agent.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * First pass: makes sure no uninitialized object is on the operand stack at an await, since such
 * a value cannot be saved. For {@code new T(a, await(x))} javac emits {@code NEW T; DUP; a;
 * await(x); INVOKESPECIAL T.<init>}; this pass removes the {@code NEW}/{@code DUP} pair and
 * re-creates it just before the constructor call, with the arguments stored into fresh locals
 * in between. Only pairs whose argument evaluation contains an await are moved.
 *
 * <p>The one visible difference: class {@code T} is initialized after its constructor's
 * arguments are evaluated rather than before.
 */
final class UninitializedRelocator {
    private UninitializedRelocator() {}

    /** One {@code NEW ... <init>} pair, matched by nesting in instruction order. */
    private static final class Allocation {
        final TypeInsnNode newInsn;
        boolean spansAwait;

        Allocation(TypeInsnNode newInsn) {
            this.newInsn = newInsn;
        }
    }

    /**
     * Relocates, in place, every {@code NEW}/{@code DUP} whose constructor arguments contain an
     * await.
     *
     * @throws RewriteRefusedException if an await sits inside an allocation of a shape javac does
     *     not emit (no {@code DUP} right after {@code NEW}, unbalanced constructor calls)
     */
    static void relocate(MethodNode method, String methodId) throws RewriteRefusedException {
        Deque<Allocation> open = new ArrayDeque<>();
        List<Allocation> toMove = new ArrayList<>();
        List<MethodInsnNode> initsToMove = new ArrayList<>();
        boolean unmatched = false;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            int op = insn.getOpcode();
            if (op == Opcodes.NEW) {
                open.push(new Allocation((TypeInsnNode) insn));
            } else if (op == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)) {
                if (open.isEmpty()) {
                    unmatched = true;
                    continue;
                }
                Allocation a = open.pop();
                if (a.spansAwait) {
                    if (!isFollowedByDup(a.newInsn)
                            || unmatched
                            || !a.newInsn.desc.equals(((MethodInsnNode) insn).owner)) {
                        throw new RewriteRefusedException(
                                methodId,
                                "an await inside the arguments of 'new " + a.newInsn.desc.replace('/', '.')
                                        + "(...)' in a bytecode shape the agent does not know");
                    }
                    toMove.add(a);
                    initsToMove.add((MethodInsnNode) insn);
                }
            } else if (op == Opcodes.INVOKESTATIC) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (RuntimeNames.isAwait(call.owner, call.name, call.desc)) {
                    for (Allocation a : open) {
                        a.spansAwait = true;
                    }
                }
            }
        }
        if (!open.isEmpty() && open.stream().anyMatch(a -> a.spansAwait)) {
            throw new RewriteRefusedException(
                    methodId, "an await inside an object allocation that is never initialized");
        }
        for (int i = 0; i < toMove.size(); i++) {
            move(method, toMove.get(i).newInsn, initsToMove.get(i));
        }
    }

    private static boolean isFollowedByDup(TypeInsnNode newInsn) {
        AbstractInsnNode next = newInsn.getNext();
        return next != null && next.getOpcode() == Opcodes.DUP;
    }

    private static void move(MethodNode method, TypeInsnNode newInsn, MethodInsnNode init) {
        InsnList insns = method.instructions;
        AbstractInsnNode dup = newInsn.getNext();
        insns.remove(dup);
        insns.remove(newInsn);

        Type[] args = Type.getArgumentTypes(init.desc);
        int[] slots = new int[args.length];
        int next = method.maxLocals;
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        method.maxLocals = next;

        InsnList before = new InsnList();
        for (int i = args.length - 1; i >= 0; i--) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        before.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
        before.add(new InsnNode(Opcodes.DUP));
        for (int i = 0; i < args.length; i++) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
        }
        insns.insertBefore(init, before);
    }
}
