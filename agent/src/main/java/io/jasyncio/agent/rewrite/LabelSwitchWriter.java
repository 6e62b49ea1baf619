package io.jasyncio.agent.rewrite;

import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;

/**
 * Writes the start of a resume method: the frame (its only argument) moved to its slot, the save
 * arrays loaded once into theirs, and the {@code tableswitch} on {@code frame.label} that jumps to
 * each resume point's restore code; and the block an impossible label goes to, which throws (a
 * corrupt frame is a bug, not a hang).
 *
 * <p>Contract: given a restore entry for every label {@code 0..points-1} ({@link
 * SaveRestoreWriter#restoreEntries}), the entry leaves the frame in {@link FrameSlots#frame()}, each
 * save array the layout uses in its slot (an array it does not use is not read), and jumps to label
 * {@code k}'s restore entry; any other label goes to the corrupt block, which throws an {@code
 * IllegalStateException} naming the method.
 */
final class LabelSwitchWriter {
    private LabelSwitchWriter() {}

    static InsnList entry(
            FrameSlots slots,
            SaveLayout layout,
            int points,
            Map<Integer, LabelNode> restoreEntries,
            LabelNode corrupt) {
        Code code = new Code();
        code.load(0, Code.FRAME);
        code.store(slots.frame(), Code.FRAME);
        if (layout.maxRefs() > 0) {
            code.frameField(slots.frame(), RuntimeNames.REFS, Type.getType("[Ljava/lang/Object;"));
            code.store(slots.refs(), Code.OBJECT);
        }
        if (layout.maxPrims() > 0) {
            code.frameField(slots.frame(), RuntimeNames.PRIMS, Type.getType("[J"));
            code.store(slots.prims(), Code.OBJECT);
        }
        code.frameField(slots.frame(), RuntimeNames.LABEL, Type.INT_TYPE);
        LabelNode[] cases = new LabelNode[points];
        for (int k = 0; k < points; k++) {
            cases[k] = restoreEntries.get(k);
        }
        code.tableSwitch(0, points - 1, corrupt, cases);
        return code.take();
    }

    static InsnList corrupt(LabelNode corrupt, String methodName) {
        Code code = new Code();
        code.mark(corrupt);
        code.throwException(
                Type.getObjectType("java/lang/IllegalStateException"),
                "jasyncio: corrupt coroutine frame (bad resume label) in " + methodName);
        return code.take();
    }
}
