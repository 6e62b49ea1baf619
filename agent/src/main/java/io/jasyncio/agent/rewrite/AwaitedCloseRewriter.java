package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * First pass: in a method to be rewritten, turns the {@code close()} calls that javac writes for a
 * try-with-resources block on an {@code io.jasyncio.AsyncCloseable} into awaits of {@code
 * aclose}, so that the later passes make them resume points like any other await.
 *
 * <p>javac (11 and later, for every target release) compiles {@code try (R r = e) { body }} to
 *
 * <pre>
 * r = e
 * try { body }                       // catch-all handler H, type Throwable
 * catch (Throwable t) {
 *     if (r != null)                 // absent when e is a `new` expression
 *         try { r.close(); }         // handler of type Throwable
 *         catch (Throwable x) { t.addSuppressed(x); }
 *     throw t;
 * }
 * </pre>
 *
 * and inlines {@code if (r != null) r.close();} where the body completes and before each {@code
 * return}, {@code break} or {@code continue} that leaves it: code between H's protected ranges
 * (or after the last one), before H. (A range that would be empty, such as the rest of a body
 * after a {@code return}, is not emitted, so such a close need not follow a range's end.) An empty body has no handler at all: {@code r = e; if (r != null) r.close();}.
 * Recognised here, when {@code R} (the close's owner, the resource's static type) is an {@code
 * AsyncCloseable}: H's close becomes {@code await(r.aclose(t))} and its {@code t.addSuppressed(x)}
 * becomes {@code t = ResourceExit.leaving(t, x)}, so the rethrow throws what the runtime's rule
 * says leaves the block; each inlined close becomes {@code await(r.aclose(null))}. Any other {@code
 * close()} keeps its meaning.
 *
 * <p>Contract: afterwards each such close is a plain {@code INVOKESTATIC Asyncio.await} of the
 * {@code aclose} call, which the later passes treat like any await the user wrote; no other
 * instruction of the method changes meaning.
 */
final class AwaitedCloseRewriter {
    private static final String THROWABLE = "java/lang/Throwable";

    /** One try-with-resources block, as found at its catch-all handler. */
    private record Block(
            LabelNode handler,
            int resource,
            String type,
            MethodInsnNode close,
            int pending,
            MethodInsnNode addSuppressed) {}

    private final MethodNode method;
    private final TypePool types;

    private AwaitedCloseRewriter(MethodNode method, TypePool types) {
        this.method = method;
        this.types = types;
    }

    /**
     * Rewrites the closes of {@code method}'s try-with-resources blocks on {@code AsyncCloseable}s
     * in place; returns how many closes became awaits.
     *
     * @throws TypePool.TypeNotFoundException when a resource type's hierarchy cannot be read
     */
    static int rewrite(MethodNode method, TypePool types) {
        return new AwaitedCloseRewriter(method, types).rewrite();
    }

    private int rewrite() {
        List<Block> blocks = new ArrayList<>();
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            if (THROWABLE.equals(tcb.type) && blocks.stream().noneMatch(b -> b.handler() == tcb.handler)) {
                Block block = block(tcb.handler);
                if (block != null && isAsyncCloseable(block.type())) {
                    blocks.add(block);
                }
            }
        }
        Set<MethodInsnNode> exits = new LinkedHashSet<>();
        InsnList code = method.instructions;
        for (Block b : blocks) {
            // javac inlines the exits' closes between the body's protected ranges and before the
            // handler; a close the body calls itself is inside a range.
            int from = code.size();
            for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
                if (tcb.handler == b.handler()) {
                    from = Math.min(from, code.indexOf(tcb.start));
                }
            }
            for (AbstractInsnNode insn = code.get(from); insn != b.handler(); insn = insn.getNext()) {
                if (isLoad(insn, b.resource()) && !insideBlockOf(insn, b.resource(), List.of(b))) {
                    MethodInsnNode close = inlinedClose(insn, b.resource(), b.type());
                    if (close != null) {
                        exits.add(close);
                    }
                }
            }
        }
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.ASTORE) {
                // An empty body: the close follows the resource's store.
                // (A close the body itself calls first is inside the block's range.)
                int resource = ((VarInsnNode) insn).var;
                MethodInsnNode close = inlinedClose(insn.getNext(), resource, null);
                if (close != null
                        && (hasNullCheck(insn) || isConstructed(insn))
                        && !insideBlockOf(close, resource, blocks)
                        && isAsyncCloseable(close.owner)) {
                    exits.add(close);
                }
            }
        }
        InsnList insns = method.instructions;
        for (Block b : blocks) {
            insns.insertBefore(b.close(), new VarInsnNode(Opcodes.ALOAD, b.pending()));
            awaitAclose(b.close());
            insns.insertBefore(
                    b.addSuppressed(),
                    new MethodInsnNode(
                            Opcodes.INVOKESTATIC,
                            RuntimeNames.RESOURCE_EXIT,
                            RuntimeNames.LEAVING,
                            RuntimeNames.LEAVING_DESC,
                            false));
            insns.set(b.addSuppressed(), new VarInsnNode(Opcodes.ASTORE, b.pending()));
        }
        for (MethodInsnNode close : exits) {
            insns.insertBefore(close, new InsnNode(Opcodes.ACONST_NULL));
            awaitAclose(close);
        }
        if (!blocks.isEmpty() || !exits.isEmpty()) {
            method.maxStack += 1; // the argument of aclose, above its receiver
        }
        return blocks.size() + exits.size();
    }

    /** Replaces {@code close} ([r, pending] on the stack) with {@code await(r.aclose(pending))}. */
    private void awaitAclose(MethodInsnNode close) {
        InsnList code = new InsnList();
        code.add(new MethodInsnNode(
                Opcodes.INVOKEINTERFACE,
                RuntimeNames.ASYNC_CLOSEABLE,
                RuntimeNames.ACLOSE,
                RuntimeNames.ACLOSE_DESC,
                true));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC,
                RuntimeNames.ASYNCIO,
                RuntimeNames.AWAIT,
                RuntimeNames.AWAIT_AWAITABLE_DESC,
                false));
        code.add(new InsnNode(Opcodes.POP));
        method.instructions.insertBefore(close, code);
        method.instructions.remove(close);
    }

    /**
     * The block whose catch-all handler starts at {@code handler}, if its code is javac's: {@code
     * astore t; [aload r; ifnull R;] aload r; invoke close; goto R; X: astore x; aload t; aload x;
     * invokevirtual addSuppressed; R: aload t; athrow}, with {@code X} handling Throwable over the
     * close.
     */
    private Block block(LabelNode handler) {
        AbstractInsnNode storePending = real(handler);
        if (storePending == null || storePending.getOpcode() != Opcodes.ASTORE) {
            return null;
        }
        int pending = ((VarInsnNode) storePending).var;
        AbstractInsnNode load = real(storePending.getNext());
        AbstractInsnNode nullCheck = null;
        if (load instanceof VarInsnNode
                && load.getOpcode() == Opcodes.ALOAD
                && real(load.getNext()) instanceof JumpInsnNode jump
                && jump.getOpcode() == Opcodes.IFNULL) {
            nullCheck = jump;
            AbstractInsnNode again = real(jump.getNext());
            if (!isLoad(again, ((VarInsnNode) load).var)) {
                return null;
            }
            load = again;
        }
        if (!(load instanceof VarInsnNode resource) || load.getOpcode() != Opcodes.ALOAD) {
            return null;
        }
        AbstractInsnNode close = real(load.getNext());
        if (!isClose(close)
                || !(real(close.getNext()) instanceof JumpInsnNode skip)
                || skip.getOpcode() != Opcodes.GOTO) {
            return null;
        }
        AbstractInsnNode storeSuppressed = real(skip.getNext());
        if (storeSuppressed == null
                || storeSuppressed.getOpcode() != Opcodes.ASTORE
                || !catchesAround(storeSuppressed, load, close)) {
            return null;
        }
        int suppressed = ((VarInsnNode) storeSuppressed).var;
        AbstractInsnNode loadPending = real(storeSuppressed.getNext());
        AbstractInsnNode loadSuppressed = loadPending == null ? null : real(loadPending.getNext());
        AbstractInsnNode add = loadSuppressed == null ? null : real(loadSuppressed.getNext());
        if (!isLoad(loadPending, pending) || !isLoad(loadSuppressed, suppressed) || !isAddSuppressed(add)) {
            return null;
        }
        AbstractInsnNode rethrow = real(add.getNext());
        if (!isLoad(rethrow, pending)
                || real(rethrow.getNext()) == null
                || real(rethrow.getNext()).getOpcode() != Opcodes.ATHROW
                || real(skip.label) != rethrow
                || nullCheck != null && real(((JumpInsnNode) nullCheck).label) != rethrow) {
            return null;
        }
        return new Block(
                handler, resource.var, ((MethodInsnNode) close).owner, (MethodInsnNode) close, pending, (MethodInsnNode)
                        add);
    }

    /** Whether the close following the store {@code store} is guarded by {@code ifnull}. */
    private static boolean hasNullCheck(AbstractInsnNode store) {
        AbstractInsnNode load = real(store.getNext());
        AbstractInsnNode check = load == null ? null : real(load.getNext());
        return check != null && check.getOpcode() == Opcodes.IFNULL;
    }

    /**
     * Whether the value stored by {@code store} was just made by {@code new} (javac omits the null
     * check then): the instruction before it is a constructor call.
     */
    private static boolean isConstructed(AbstractInsnNode store) {
        AbstractInsnNode before = store.getPrevious();
        while (before != null && before.getOpcode() < 0) {
            before = before.getPrevious();
        }
        return before instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESPECIAL
                && call.name.equals("<init>");
    }

    /** Whether {@code insn} is in the body of one of {@code blocks} on the resource in {@code slot}. */
    private boolean insideBlockOf(AbstractInsnNode insn, int slot, List<Block> blocks) {
        InsnList insns = method.instructions;
        int at = insns.indexOf(insn);
        for (Block b : blocks) {
            if (b.resource() != slot) {
                continue;
            }
            for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
                if (tcb.handler == b.handler() && insns.indexOf(tcb.start) <= at && at < insns.indexOf(tcb.end)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a Throwable handler starting at {@code handlerStart} protects {@code from..to}. */
    private boolean catchesAround(AbstractInsnNode handlerStart, AbstractInsnNode from, AbstractInsnNode to) {
        InsnList insns = method.instructions;
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            if (THROWABLE.equals(tcb.type)
                    && real(tcb.handler) == handlerStart
                    && insns.indexOf(tcb.start) <= insns.indexOf(from)
                    && insns.indexOf(to) < insns.indexOf(tcb.end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The close in {@code [aload r; ifnull L;] aload r; invoke R.close()V} starting at {@code at},
     * or {@code null}; {@code type} null accepts any owner.
     */
    private static MethodInsnNode inlinedClose(AbstractInsnNode at, int resource, String type) {
        AbstractInsnNode load = real(at);
        if (!isLoad(load, resource)) {
            return null;
        }
        AbstractInsnNode next = real(load.getNext());
        if (next != null && next.getOpcode() == Opcodes.IFNULL) {
            load = real(next.getNext());
            if (!isLoad(load, resource)) {
                return null;
            }
            next = real(load.getNext());
        }
        if (isClose(next) && (type == null || ((MethodInsnNode) next).owner.equals(type))) {
            return (MethodInsnNode) next;
        }
        return null;
    }

    private boolean isAsyncCloseable(String type) {
        return types.isSubtype(type, RuntimeNames.ASYNC_CLOSEABLE);
    }

    private static boolean isClose(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call
                && (call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE)
                && call.name.equals("close")
                && call.desc.equals("()V");
    }

    private static boolean isAddSuppressed(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKEVIRTUAL
                && call.owner.equals(THROWABLE)
                && call.name.equals("addSuppressed")
                && call.desc.equals("(Ljava/lang/Throwable;)V");
    }

    private static boolean isLoad(AbstractInsnNode insn, int slot) {
        return insn instanceof VarInsnNode var && var.getOpcode() == Opcodes.ALOAD && var.var == slot;
    }

    /** The first instruction at or after {@code insn} that is not a label, line number or frame. */
    private static AbstractInsnNode real(AbstractInsnNode insn) {
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn;
    }
}
