package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;

/**
 * The chains' contract for the label switch and the awaits: {@code restoreEntries} holds, for every
 * label, where its group's restore chain starts; the chain restores every value of the group (cast,
 * converted back from its raw bits, its reference entry cleared), then the point's tail puts its
 * {@code null} locals and its operand stack back and jumps to its resume label. {@code saveEntries}
 * holds, for every label but a lone label 0 (the stub saves the entry), where its suspension enters
 * the save chain, which ends in {@code return SUSPENDED}.
 */
class SaveRestoreWriterTest {
    private static final FrameSlots SLOTS = FrameSlots.after(6); // frame 6, refs 7, prims 8, spill 9
    private static final Type STRING = Type.getObjectType("java/lang/String");
    private static final SavedValue S1 = new SavedValue(1, SavedValue.Kind.REF, STRING);
    private static final SavedValue F2 = new SavedValue(2, SavedValue.Kind.FLOAT, null);
    private static final SavedValue I2 = new SavedValue(2, SavedValue.Kind.INT, null);
    private static final SavedValue N4 = new SavedValue(4, SavedValue.Kind.NULL, null);
    private static final SavedValue SPILLED = new SavedValue(9, SavedValue.Kind.REF, STRING);

    private static ResumePoint point(int label, List<SavedValue> locals, List<SavedValue> stack) {
        return new ResumePoint(label, null, label == 0 ? 0 : 10 + label, locals, stack, null);
    }

    @Test
    void perAwaitChainsRestoreEveryValueThenTheTailAndSaveThemBack() {
        List<ResumePoint> points =
                List.of(point(0, List.of(S1), List.of()), point(1, List.of(S1, F2, N4), List.of(SPILLED)));
        SaveLayout layout = SaveLayoutPlanner.plan(points, SaveLayoutPlanner.Strategy.PER_AWAIT);
        SaveRestoreWriter writer = new SaveRestoreWriter(SLOTS, new LabelNode());
        Map<Integer, LabelNode> resume = Map.of(0, new LabelNode(), 1, new LabelNode());
        InsnList restore = writer.restoreCode(layout, resume);
        InsnList save = writer.saveCode(layout);

        assertEquals(List.of(0, 1), List.copyOf(writer.restoreEntries.keySet()));
        assertEquals(restore.getFirst(), writer.restoreEntries.get(0), "group 0's chain comes first");
        assertEquals(List.of(1), List.copyOf(writer.saveEntries.keySet()), "label 0 alone is saved by the stub");
        assertEquals(save.get(2), writer.saveEntries.get(1), "after the line number: the chain's start");
        assertEquals(
                List.of(
                        "L0",
                        // group of label 0: restore the argument, clear its entry, go to the body's start
                        "ALOAD 7",
                        "ICONST_0",
                        "AALOAD",
                        "CHECKCAST java/lang/String",
                        "ASTORE 1",
                        "ALOAD 7",
                        "ICONST_0",
                        "ACONST_NULL",
                        "AASTORE",
                        "GOTO L1",
                        "L2",
                        // group of label 1: every value, fewest-saved first (all once: by slot)
                        "ALOAD 7",
                        "ICONST_0",
                        "AALOAD",
                        "CHECKCAST java/lang/String",
                        "ASTORE 1",
                        "ALOAD 7",
                        "ICONST_0",
                        "ACONST_NULL",
                        "AASTORE",
                        "ALOAD 8",
                        "ICONST_0",
                        "LALOAD",
                        "L2I",
                        "INVOKESTATIC java/lang/Float.intBitsToFloat (I)F",
                        "FSTORE 2",
                        "ALOAD 7",
                        "ICONST_1",
                        "AALOAD",
                        "CHECKCAST java/lang/String",
                        "ASTORE 9",
                        "ALOAD 7",
                        "ICONST_1",
                        "ACONST_NULL",
                        "AASTORE",
                        // its tail: the null local, the operand stack, the resume label
                        "ACONST_NULL",
                        "ASTORE 4",
                        "ALOAD 9",
                        "GOTO L3"),
                PassInput.text(restore));
        assertEquals(
                List.of(
                        "L0",
                        "LINENUMBER 11 L0",
                        "L1",
                        "ALOAD 7",
                        "ICONST_0",
                        "ALOAD 1",
                        "AASTORE",
                        "L2",
                        "ALOAD 8",
                        "ICONST_0",
                        "FLOAD 2",
                        "INVOKESTATIC java/lang/Float.floatToRawIntBits (F)I",
                        "I2L",
                        "LASTORE",
                        "L3",
                        "ALOAD 7",
                        "ICONST_1",
                        "ALOAD 9",
                        "AASTORE",
                        "L4",
                        "GETSTATIC io/jasyncio/CoroutineFrame.SUSPENDED : Ljava/lang/Object;",
                        "ARETURN"),
                PassInput.text(save));
    }

    @Test
    void aSharedChainDispatchesToEachPointsTailOrResumeLabel() {
        ResumePoint p0 = point(0, List.of(S1), List.of());
        ResumePoint p1 = point(1, List.of(S1, I2), List.of());
        ResumePoint p2 = point(2, List.of(S1), List.of(SPILLED));
        SaveLayout layout = SaveLayoutPlanner.plan(List.of(p0, p1, p2), SaveLayoutPlanner.Strategy.SHARED);
        assertEquals(1, layout.groups().size());
        LabelNode corrupt = new LabelNode();
        SaveRestoreWriter writer = new SaveRestoreWriter(SLOTS, corrupt);
        Map<Integer, LabelNode> resume = Map.of(0, new LabelNode(), 1, new LabelNode(), 2, new LabelNode());
        InsnList restore = writer.restoreCode(layout, resume);
        InsnList save = writer.saveCode(layout);

        LabelNode start = writer.restoreEntries.get(0);
        assertEquals(Map.of(0, start, 1, start, 2, start), writer.restoreEntries, "one chain for the group");
        assertEquals(
                List.of(
                        "L0",
                        "ALOAD 8",
                        "ICONST_0",
                        "LALOAD",
                        "L2I",
                        "ISTORE 2",
                        "ALOAD 7",
                        "ICONST_0",
                        "AALOAD",
                        "CHECKCAST java/lang/String",
                        "ASTORE 9",
                        "ALOAD 7",
                        "ICONST_0",
                        "ACONST_NULL",
                        "AASTORE",
                        "ALOAD 7",
                        "ICONST_1",
                        "AALOAD",
                        "CHECKCAST java/lang/String",
                        "ASTORE 1",
                        "ALOAD 7",
                        "ICONST_1",
                        "ACONST_NULL",
                        "AASTORE",
                        "ALOAD 6",
                        "GETFIELD io/jasyncio/CoroutineFrame.label : I",
                        "TABLESWITCH",
                        "0: L1",
                        "1: L2",
                        "2: L3",
                        "default: L4",
                        "L3",
                        "ALOAD 9",
                        "GOTO L5"),
                PassInput.text(restore),
                "labels 0 and 1 have no tail and go straight to their resume labels");
        // Chain I2, spilled, S1: label 1 enters at I2, label 2 at the spilled value, label 0 at S1.
        List<String> text = PassInput.text(save);
        assertEquals("LINENUMBER 11 L0", text.get(1), "the line of the group's first await");
        assertEquals(
                List.of("ALOAD 7", "ICONST_1", "ALOAD 1", "AASTORE"),
                PassInput.text(slice(save, writer.saveEntries.get(0), 4)),
                "label 0 (never suspended from) would enter at its argument, the chain's last value");
        assertEquals(
                List.of("ALOAD 7", "ICONST_0", "ALOAD 9", "AASTORE"),
                PassInput.text(slice(save, writer.saveEntries.get(2), 4)));
        assertEquals(
                List.of("ALOAD 8", "ICONST_0", "ILOAD 2", "I2L", "LASTORE"),
                PassInput.text(slice(save, writer.saveEntries.get(1), 5)));
    }

    /** The {@code n} real instructions after {@code from}, as a new list (the original is left as it is). */
    private static InsnList slice(InsnList insns, LabelNode from, int n) {
        InsnList out = new InsnList();
        for (org.objectweb.asm.tree.AbstractInsnNode i = from.getNext(); out.size() < n; i = i.getNext()) {
            if (i.getOpcode() >= 0) {
                out.add(i.clone(Map.of()));
            }
        }
        return out;
    }
}
