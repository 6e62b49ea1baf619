package io.jasyncio.agent.rewrite;

import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A {@link GeneratorAdapter} whose output is an {@link InsnList}, for the passes that work on the
 * tree: it picks the shortest constant instructions, the opcodes of each type and the primitive
 * conversions. Labels are the tree's own {@link LabelNode}s, so code written here can jump to
 * instructions of the method being rewritten.
 */
final class Code extends GeneratorAdapter {
    static final Type OBJECT = Type.getObjectType("java/lang/Object");
    static final Type FRAME = Type.getObjectType(RuntimeNames.FRAME);

    private final MethodNode sink;

    Code() {
        this(new MethodNode(Opcodes.ASM9));
    }

    private Code(MethodNode sink) {
        super(Opcodes.ASM9, sink, Opcodes.ACC_STATIC, "code", "()V");
        this.sink = sink;
    }

    /** The instructions written so far; the buffer is empty afterwards. */
    InsnList take() {
        InsnList code = sink.instructions;
        sink.instructions = new InsnList();
        return code;
    }

    /** The visitor label of a tree label, so that code written here refers to that very node. */
    static Label label(LabelNode node) {
        Label label = node.getLabel();
        label.info = node;
        return label;
    }

    void mark(LabelNode label) {
        mark(label(label));
    }

    void goTo(LabelNode label) {
        goTo(label(label));
    }

    void jump(int opcode, LabelNode label) {
        visitJumpInsn(opcode, label(label));
    }

    void lineNumber(int line, LabelNode start) {
        visitLineNumber(line, label(start));
    }

    void tableSwitch(int min, int max, LabelNode dflt, LabelNode... targets) {
        Label[] labels = new Label[targets.length];
        for (int i = 0; i < targets.length; i++) {
            labels[i] = label(targets[i]);
        }
        visitTableSwitchInsn(min, max, label(dflt), labels);
    }

    // Slots are the method's own: bypass the local renumbering GeneratorAdapter inherits.
    void load(int slot, Type type) {
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
    }

    void store(int slot, Type type) {
        mv.visitVarInsn(type.getOpcode(Opcodes.ISTORE), slot);
    }

    void frameField(int frameSlot, String name, Type type) {
        load(frameSlot, FRAME);
        getField(FRAME, name, type);
    }

    void invokeFrame(String name, String descriptor) {
        invokeVirtual(FRAME, new Method(name, descriptor));
    }

    void invokeFrameStatic(String name, String descriptor) {
        invokeStatic(FRAME, new Method(name, descriptor));
    }

    /** Pushes the zero of a primitive type, or {@code null}. */
    void zero(Type type) {
        switch (type.getSort()) {
            case Type.LONG -> push(0L);
            case Type.FLOAT -> push(0f);
            case Type.DOUBLE -> push(0d);
            case Type.OBJECT, Type.ARRAY -> push((String) null);
            default -> push(0);
        }
    }
}
