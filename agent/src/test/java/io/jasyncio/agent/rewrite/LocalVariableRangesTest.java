package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The debug table's contract: afterwards every LocalVariableTable entry covers only offsets where
 * its slot holds the variable's own value on every path (written by the method's code, not held
 * on entry), split into several entries where that is true in several runs; an entry that already
 * held throughout is kept as it was.
 */
class LocalVariableRangesTest {
    private final LabelNode l0 = new LabelNode();
    private final LabelNode l1 = new LabelNode();
    private final LabelNode l2 = new LabelNode();
    private final LabelNode l3 = new LabelNode();
    private final LabelNode l4 = new LabelNode();

    private static MethodNode method() {
        MethodNode m = new MethodNode(Opcodes.ASM9, Opcodes.ACC_STATIC, "m", "(I)V", null, null);
        m.maxLocals = 2;
        m.maxStack = 1;
        m.localVariables = new ArrayList<>();
        return m;
    }

    @Test
    void aVariableAssignedOnOnlyOneBranchIsCutToWhereItIsAssigned() throws Exception {
        MethodNode m = method();
        // What a slot holds on entry counts for nothing (in a resume method slot 0 holds the
        // frame): p is shown from where the method's own code (here, a restore) wrote it.
        m.instructions.add(new InsnNode(Opcodes.ICONST_3));
        m.instructions.add(new VarInsnNode(Opcodes.ISTORE, 0));
        m.instructions.add(l0);
        m.instructions.add(new VarInsnNode(Opcodes.ILOAD, 0));
        m.instructions.add(new JumpInsnNode(Opcodes.IFEQ, l2));
        m.instructions.add(new InsnNode(Opcodes.ICONST_1));
        m.instructions.add(new VarInsnNode(Opcodes.ISTORE, 1));
        m.instructions.add(l1);
        m.instructions.add(new JumpInsnNode(Opcodes.GOTO, l3));
        m.instructions.add(l2);
        m.instructions.add(l3); // the paths merge: slot 1 is assigned on one only
        m.instructions.add(new InsnNode(Opcodes.RETURN));
        m.instructions.add(l4);
        m.localVariables.add(new LocalVariableNode("p", "I", null, l0, l4, 0));
        m.localVariables.add(new LocalVariableNode("v", "I", null, l0, l4, 1));

        LocalVariableRanges.fit("fx/H", m);
        assertEquals(List.of("p I 0 L0-L4", "v I 1 L1-L2"), ranges(m));
    }

    @Test
    void aSlotReusedForAnotherKindSplitsTheEntryIntoRuns() throws Exception {
        MethodNode m = method();
        m.instructions.add(l0);
        m.instructions.add(new InsnNode(Opcodes.ICONST_1));
        m.instructions.add(new VarInsnNode(Opcodes.ISTORE, 1));
        m.instructions.add(l1);
        m.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
        m.instructions.add(new VarInsnNode(Opcodes.ASTORE, 1));
        m.instructions.add(l2);
        m.instructions.add(new InsnNode(Opcodes.ICONST_2));
        m.instructions.add(new VarInsnNode(Opcodes.ISTORE, 1));
        m.instructions.add(l3);
        m.instructions.add(new InsnNode(Opcodes.RETURN));
        m.instructions.add(l4);
        m.localVariables.add(new LocalVariableNode("v", "I", null, l0, l4, 1));

        LocalVariableRanges.fit("fx/H", m);
        assertEquals(List.of("v I 1 L1-L2", "v I 1 L3-L4"), ranges(m));
    }

    private List<String> ranges(MethodNode m) {
        List<LabelNode> labels = List.of(l0, l1, l2, l3, l4);
        List<String> out = new ArrayList<>();
        for (LocalVariableNode v : m.localVariables) {
            out.add(v.name + " " + v.desc + " " + v.index + " L" + labels.indexOf(v.start) + "-L"
                    + labels.indexOf(v.end));
        }
        return out;
    }
}
