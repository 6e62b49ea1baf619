package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Third pass: decides, for method entry and each await, which values are saved. Only local slots
 * live after the await are saved (reading {@link AsyncMethodAnalyzer}'s liveness), plus every
 * operand stack entry below the awaited value, each given a spill slot after the method's own
 * locals ({@link FrameSlots#spillBase}). A reference is restored with a cast to its verifier type
 * or, when the class may not access that type, to its nearest accessible supertype; a value the
 * analysis knows to be {@code null} is not stored at all.
 *
 * <p>Contract: the list holds label 0 (method entry) first, then label {@code k} for the
 * {@code k}-th of the analysis' awaits, with its source line. Each {@link ResumePoint} lists its
 * live locals in slot order and the operand stack below the awaited value bottom first, each
 * entry in its own spill slot from {@link FrameSlots#spillBase} on (a {@code null} entry takes
 * none, slot -1); every reference has a cast type the class may name; a value known to be {@code
 * null} is {@link SavedValue.Kind#NULL} and is never stored. Where in the save arrays the values
 * go is {@link SaveLayoutPlanner}'s choice. The method is not changed.
 */
final class ResumePointPlanner {
    private final String owner;
    private final TypePool types;
    private final String methodId;
    private final FrameSlots slots;

    private ResumePointPlanner(String owner, TypePool types, String methodId, FrameSlots slots) {
        this.owner = owner;
        this.types = types;
        this.methodId = methodId;
        this.slots = slots;
    }

    /**
     * @param owner the internal name of the class being rewritten: restored references are cast
     *     to types it may access
     */
    static List<ResumePoint> plan(
            String owner,
            MethodNode method,
            AsyncMethodAnalyzer.Analysis analysis,
            TypePool types,
            FrameSlots slots,
            String methodId)
            throws RewriteRefusedException {
        ResumePointPlanner planner = new ResumePointPlanner(owner, types, methodId, slots);
        List<ResumePoint> points = new ArrayList<>();
        points.add(planner.plan(0, null, 0, analysis.frames[0], analysis.liveBefore[0], 0));
        int label = 1;
        for (MethodInsnNode await : analysis.awaits) {
            int i = method.instructions.indexOf(await);
            Frame<BasicValue> frame = analysis.frames[i];
            points.add(planner.plan(
                    label++, await, lineOf(await), frame, analysis.liveBefore[i], frame.getStackSize() - 1));
        }
        return points;
    }

    private ResumePoint plan(
            int label, MethodInsnNode await, int line, Frame<BasicValue> frame, BitSet live, int stackEntries)
            throws RewriteRefusedException {
        List<SavedValue> locals = new ArrayList<>();
        for (int slot = live.nextSetBit(0); slot >= 0 && slot < frame.getLocals(); slot = live.nextSetBit(slot + 1)) {
            SavedValue saved = saved(slot, frame.getLocal(slot), line);
            if (saved != null) {
                locals.add(saved);
            }
        }
        List<SavedValue> stack = new ArrayList<>();
        int spill = slots.spillBase();
        for (int i = 0; i < stackEntries; i++) {
            SavedValue saved = saved(spill, frame.getStack(i), line);
            if (saved == null) {
                throw new RewriteRefusedException(
                        methodId,
                        "an operand stack value of unknown type at the await on line " + line
                                + " (an agent bug); please report it with the class file");
            }
            if (saved.kind() == SavedValue.Kind.NULL) {
                saved = new SavedValue(-1, SavedValue.Kind.NULL, null);
            } else {
                spill += saved.kind().size();
            }
            stack.add(saved);
        }
        return new ResumePoint(label, await, line, List.copyOf(locals), List.copyOf(stack), frame);
    }

    /** The saved form of one value, or {@code null} when the slot holds nothing usable. */
    private SavedValue saved(int slot, BasicValue value, int line) throws RewriteRefusedException {
        if (value == null || value == BasicValue.UNINITIALIZED_VALUE || value.getType() == null) {
            return null;
        }
        if (value == BasicValue.RETURNADDRESS_VALUE) {
            throw new RewriteRefusedException(
                    methodId,
                    "a JSR return address live at the await on line " + line
                            + " (only class files older than Java 6 have them); compile the class with --release 8"
                            + " or newer");
        }
        Type type = value.getType();
        switch (type.getSort()) {
            case Type.INT:
                return new SavedValue(slot, SavedValue.Kind.INT, null);
            case Type.FLOAT:
                return new SavedValue(slot, SavedValue.Kind.FLOAT, null);
            case Type.LONG:
                return new SavedValue(slot, SavedValue.Kind.LONG, null);
            case Type.DOUBLE:
                return new SavedValue(slot, SavedValue.Kind.DOUBLE, null);
            case Type.OBJECT:
            case Type.ARRAY:
                if (TypedInterpreter.isNull(value)) {
                    return new SavedValue(slot, SavedValue.Kind.NULL, null);
                }
                // The verifier's merged type may be a class this one cannot access (a package-private
                // superclass); a cast to it would fail, so restore to the nearest accessible one.
                return new SavedValue(slot, SavedValue.Kind.REF, types.accessibleSupertype(type, owner));
            default:
                return null;
        }
    }

    /** The source line of an instruction: the nearest line number before it. */
    static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode x = insn; x != null; x = x.getPrevious()) {
            if (x instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return 0;
    }
}
