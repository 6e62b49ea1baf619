package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.Method;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;

/**
 * Writes the save and restore code of each group of a {@link SaveLayout}: one chain that copies
 * the group's values into the save arrays (jumped to from each suspension, at the point's entry,
 * and ending in {@code return SUSPENDED}), and one that copies them back and clears the
 * references (jumped to from the label switch), followed by each point's tail: its {@code null}
 * locals, its operand stack pushed back from the spill slots, and the jump to its resume label.
 *
 * <p>Contract: after {@link #restoreCode}, {@link #restoreEntries} holds the start of its group's
 * restore chain for every label; running it from there puts every value of the group back in its
 * slot, then the point's {@code null} locals and its operand stack, and jumps to the label's entry
 * in {@code resumeLabels}. After {@link #saveCode}, {@link #saveEntries} holds, for every label but
 * a lone label 0 (the stub saves the entry), where its suspension enters the save chain; the chain
 * expects the point's operand stack already in its spill slots and its extras cleared (what {@link
 * AwaitRewriter} does), copies the rest of the chain into the arrays and returns {@code SUSPENDED}.
 */
final class SaveRestoreWriter {
    private static final Type REFS = Type.getType("[Ljava/lang/Object;");
    private static final Type PRIMS = Type.getType("[J");

    private final FrameSlots slots;
    private final LabelNode corrupt;

    /** Where each point's suspension jumps to, by label. */
    final Map<Integer, LabelNode> saveEntries = new LinkedHashMap<>();
    /** Where the label switch jumps to for each point, by label. */
    final Map<Integer, LabelNode> restoreEntries = new LinkedHashMap<>();

    /** @param corrupt where an impossible label goes */
    SaveRestoreWriter(FrameSlots slots, LabelNode corrupt) {
        this.slots = slots;
        this.corrupt = corrupt;
    }

    /**
     * The restore chains and tails of every group; {@code resumeLabels} maps each label to where
     * its code goes on. A chain always restores all of its group's values: entering it part way
     * would merge, at the entry, paths on which the slots restored before it hold nothing, and
     * the verifier would forget them. The extras restored so are {@code null} (the chain clears
     * every reference it reads, so entries not saved since are {@code null}) or dead primitives.
     */
    InsnList restoreCode(SaveLayout layout, Map<Integer, LabelNode> resumeLabels) {
        Code code = new Code();
        for (SaveLayout.Group g : layout.groups()) {
            LabelNode start = new LabelNode();
            code.mark(start);
            for (SavedValue v : g.chain()) {
                restore(code, v, g.index().get(v));
            }
            for (ResumePoint p : g.points()) {
                restoreEntries.put(p.label(), start);
            }
            if (g.points().size() == 1) {
                tail(code, g.points().get(0), resumeLabels);
            } else {
                dispatchToTails(code, g, resumeLabels);
            }
        }
        return code.take();
    }

    /** The save chains of every group, each under the line of its first await. */
    InsnList saveCode(SaveLayout layout) {
        Code code = new Code();
        for (SaveLayout.Group g : layout.groups()) {
            ResumePoint first = g.points().get(0);
            if (first.label() == 0 && g.points().size() == 1) {
                continue; // method entry is saved by the stub
            }
            List<LabelNode> positions = positions(g);
            int line = g.points().stream()
                    .mapToInt(ResumePoint::line)
                    .filter(l -> l > 0)
                    .findFirst()
                    .orElse(0);
            if (line > 0) {
                LabelNode start = new LabelNode();
                code.mark(start);
                code.lineNumber(line, start);
            }
            // Method entry is saved by the stub: no suspension enters before the first await's entry.
            int firstEntry = g.points().stream()
                    .filter(p -> p.label() != 0)
                    .mapToInt(p -> g.entry().get(p.label()))
                    .min()
                    .orElse(g.chain().size());
            for (int i = firstEntry; i < g.chain().size(); i++) {
                code.mark(positions.get(i));
                save(code, g.chain().get(i), g.index().get(g.chain().get(i)), slots.refs(), slots.prims());
            }
            code.mark(positions.get(g.chain().size()));
            code.getStatic(Code.FRAME, RuntimeNames.SUSPENDED, Code.OBJECT);
            code.visitInsn(Opcodes.ARETURN);
            for (ResumePoint p : g.points()) {
                saveEntries.put(p.label(), positions.get(g.entry().get(p.label())));
            }
        }
        return code.take();
    }

    private static List<LabelNode> positions(SaveLayout.Group g) {
        List<LabelNode> labels = new ArrayList<>();
        for (int i = 0; i <= g.chain().size(); i++) {
            labels.add(new LabelNode());
        }
        return labels;
    }

    /** After a shared chain: a second switch on the label, to each point's tail or resume label. */
    private void dispatchToTails(Code code, SaveLayout.Group g, Map<Integer, LabelNode> resumeLabels) {
        int min = g.points().get(0).label();
        int max = g.points().get(g.points().size() - 1).label();
        LabelNode[] targets = new LabelNode[max - min + 1];
        List<ResumePoint> withTails = new ArrayList<>();
        for (ResumePoint p : g.points()) {
            if (hasTail(p)) {
                targets[p.label() - min] = new LabelNode();
                withTails.add(p);
            } else {
                targets[p.label() - min] = resumeLabels.get(p.label());
            }
        }
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == null) {
                targets[i] = corrupt;
            }
        }
        code.frameField(slots.frame(), RuntimeNames.LABEL, Type.INT_TYPE);
        code.tableSwitch(min, max, corrupt, targets);
        for (ResumePoint p : withTails) {
            code.mark(targets[p.label() - min]);
            tail(code, p, resumeLabels);
        }
    }

    private static boolean hasTail(ResumePoint p) {
        return !p.stack().isEmpty() || p.locals().stream().anyMatch(v -> v.kind() == SavedValue.Kind.NULL);
    }

    /** A point's own part of the restore: its null locals, its operand stack, the jump back. */
    private static void tail(Code code, ResumePoint p, Map<Integer, LabelNode> resumeLabels) {
        for (SavedValue local : p.locals()) {
            if (local.kind() == SavedValue.Kind.NULL) {
                code.push((String) null);
                code.store(local.slot(), Code.OBJECT);
            }
        }
        for (SavedValue entry : p.stack()) {
            if (entry.kind() == SavedValue.Kind.NULL) {
                code.push((String) null);
            } else {
                code.load(entry.slot(), entry.kind().localType());
            }
        }
        code.goTo(resumeLabels.get(p.label()));
    }

    /** Copies one value from the save arrays into its slot, and clears a reference's entry. */
    private void restore(Code code, SavedValue v, int index) {
        if (v.isPrimitive()) {
            code.load(slots.prims(), PRIMS);
            code.push(index);
            code.arrayLoad(Type.LONG_TYPE);
            fromLong(code, v.kind());
            code.store(v.slot(), v.kind().localType());
        } else {
            code.load(slots.refs(), REFS);
            code.push(index);
            code.arrayLoad(Code.OBJECT);
            code.checkCast(v.type());
            code.store(v.slot(), Code.OBJECT);
            code.load(slots.refs(), REFS);
            code.push(index);
            code.push((String) null);
            code.arrayStore(Code.OBJECT);
        }
    }

    /** Copies one value from its slot into the save arrays held in {@code refs} and {@code prims}. */
    static void save(Code code, SavedValue v, int index, int refs, int prims) {
        if (v.isPrimitive()) {
            code.load(prims, PRIMS);
            code.push(index);
            code.load(v.slot(), v.kind().localType());
            toLong(code, v.kind());
            code.arrayStore(Type.LONG_TYPE);
        } else {
            code.load(refs, REFS);
            code.push(index);
            code.load(v.slot(), Code.OBJECT);
            code.arrayStore(Code.OBJECT);
        }
    }

    private static void toLong(Code code, SavedValue.Kind kind) {
        switch (kind) {
            case INT -> code.cast(Type.INT_TYPE, Type.LONG_TYPE);
            case FLOAT -> {
                code.invokeStatic(Type.getType(Float.class), new Method("floatToRawIntBits", "(F)I"));
                code.cast(Type.INT_TYPE, Type.LONG_TYPE);
            }
            case DOUBLE -> code.invokeStatic(Type.getType(Double.class), new Method("doubleToRawLongBits", "(D)J"));
            default -> {}
        }
    }

    private static void fromLong(Code code, SavedValue.Kind kind) {
        switch (kind) {
            case INT -> code.cast(Type.LONG_TYPE, Type.INT_TYPE);
            case FLOAT -> {
                code.cast(Type.LONG_TYPE, Type.INT_TYPE);
                code.invokeStatic(Type.getType(Float.class), new Method("intBitsToFloat", "(I)F"));
            }
            case DOUBLE -> code.invokeStatic(Type.getType(Double.class), new Method("longBitsToDouble", "(J)D"));
            default -> {}
        }
    }
}
