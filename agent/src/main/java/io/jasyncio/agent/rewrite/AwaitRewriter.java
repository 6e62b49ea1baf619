package io.jasyncio.agent.rewrite;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Rewrites, in the body that becomes the resume method, each {@code Asyncio.await(x)} into the
 * await sequence of docs/architecture.md (ask the frame; if it suspends, spill the operand stack,
 * record the label and line, and jump to the group's save chain; the resume label, where the
 * awaited value or exception is taken from the frame), and each {@code ARETURN} into a hand-over
 * to {@code CoroutineFrame.complete}, with {@code return done(v)} stashing {@code v} in the frame.
 *
 * <p>Everything else in the body is left as it is, so it stays inside the user's own try ranges:
 * an exception thrown by {@code resumeValue()} is caught by their handlers.
 *
 * <p>Contract: needs {@link SaveRestoreWriter#saveEntries} for every await's label and a label
 * node per await in {@code resumeLabels}; afterwards each of those labels is marked in the body
 * where its await was (so the restore tails can jump to it), no {@code Asyncio.await} or {@code
 * Asyncio.done} call and no frame node is left, a suspension has spilled the point's operand stack
 * and cleared its extras before entering the save chain, and every {@code ARETURN} returns what
 * {@code CoroutineFrame.complete} makes of its value.
 */
final class AwaitRewriter {
    private final FrameSlots slots;

    AwaitRewriter(FrameSlots slots) {
        this.slots = slots;
    }

    /**
     * Rewrites the awaits of {@code points} (label 0 excluded) and every return.
     *
     * @param resumeLabels filled with each point's resume label
     * @param saveEntries each point's entry into its group's save chain
     */
    void rewrite(
            InsnList body,
            List<ResumePoint> points,
            SaveLayout layout,
            Map<Integer, LabelNode> saveEntries,
            Map<Integer, LabelNode> resumeLabels) {
        for (AbstractInsnNode insn = body.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                body.remove(insn);
            } else if (insn.getOpcode() == Opcodes.ARETURN) {
                rewriteReturn(body, insn);
            }
            insn = next;
        }
        for (ResumePoint p : points.subList(1, points.size())) {
            rewriteAwait(body, p, layout.groupOf(p.label()).extras(p), saveEntries.get(p.label()), resumeLabels);
        }
    }

    private void rewriteAwait(
            InsnList body,
            ResumePoint p,
            List<SavedValue> extras,
            LabelNode saveEntry,
            Map<Integer, LabelNode> resumeLabels) {
        LabelNode resume = resumeLabels.get(p.label());
        LabelNode proceed = new LabelNode();
        Code code = new Code();
        code.load(slots.frame(), Code.FRAME);
        code.swap();
        code.invokeFrame(RuntimeNames.AWAIT, RuntimeNames.FRAME_AWAIT_DESC);
        code.dup();
        code.getStatic(Code.FRAME, RuntimeNames.SUSPENDED, Code.OBJECT);
        code.jump(Opcodes.IF_ACMPNE, proceed);
        code.pop();
        for (int i = p.stack().size() - 1; i >= 0; i--) {
            SavedValue entry = p.stack().get(i);
            if (entry.kind() == SavedValue.Kind.NULL) {
                code.pop();
            } else {
                code.store(entry.slot(), entry.kind().localType());
            }
        }
        // Every extra is given a value before the chain reads it: a reference so that no dead
        // object stays reachable from the suspended frame, a primitive because its slot may hold
        // anything here. It is dead at this await (else it would be one of the point's own values,
        // and no slot of a group holds two), but the original method's analysis cannot say what
        // it holds in the resume method: a slot dead at an earlier await is not restored there, so
        // on the path from that resume point it still holds what the entry put in it (the frame).
        for (SavedValue extra : extras) {
            code.zero(extra.kind().localType());
            code.store(extra.slot(), extra.kind().localType());
        }
        code.load(slots.frame(), Code.FRAME);
        code.push(p.label());
        code.putField(Code.FRAME, RuntimeNames.LABEL, Type.INT_TYPE);
        code.load(slots.frame(), Code.FRAME);
        code.push(p.line());
        code.putField(Code.FRAME, RuntimeNames.LINE, Type.INT_TYPE);
        code.goTo(saveEntry);
        code.mark(resume);
        code.load(slots.frame(), Code.FRAME);
        code.invokeFrame(RuntimeNames.RESUME_VALUE, RuntimeNames.RESUME_VALUE_DESC);
        code.mark(proceed);
        body.insert(p.await(), code.take());
        body.remove(p.await());
    }

    /**
     * Every {@code ARETURN} hands its value to {@code CoroutineFrame.complete}; a {@code done(v)}
     * whose value flows straight into it stashes {@code v} in the frame instead of allocating.
     */
    private void rewriteReturn(InsnList body, AbstractInsnNode ret) {
        AbstractInsnNode before = ret.getPrevious();
        while (before instanceof LabelNode || before instanceof LineNumberNode || before instanceof FrameNode) {
            before = before.getPrevious();
        }
        if (before instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESTATIC
                && RuntimeNames.ASYNCIO.equals(call.owner)
                && RuntimeNames.DONE.equals(call.name)
                && (RuntimeNames.DONE_VALUE_DESC.equals(call.desc) || RuntimeNames.DONE_VOID_DESC.equals(call.desc))) {
            Code done = new Code();
            if (RuntimeNames.DONE_VOID_DESC.equals(call.desc)) {
                done.push((String) null);
            }
            done.load(slots.frame(), Code.FRAME);
            done.invokeFrameStatic(RuntimeNames.DONE, RuntimeNames.FRAME_DONE_DESC);
            body.insert(call, done.take());
            body.remove(call);
        }
        Code complete = new Code();
        complete.load(slots.frame(), Code.FRAME);
        complete.invokeFrameStatic(RuntimeNames.COMPLETE, RuntimeNames.COMPLETE_DESC);
        body.insertBefore(ret, complete.take());
    }
}
