package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Gives an {@code @Async} method its new body, the stub: make the frame (with the resume method
 * as its {@code StateMachine}, a non-capturing lambda), allocate its save arrays once for the
 * largest save of the method, save the live arguments as if suspended at label 0, and return the
 * frame unstarted. The stub keeps the method's name, descriptor, annotations, first line and the
 * names of its parameters.
 *
 * <p>Contract: the stub saves each value label 0 stores at its index in the layout's label-0
 * group, into arrays of the layout's sizes, exactly where the resume method's label-0 restore chain
 * reads them; its state machine calls {@code resumeName} of {@code owner}. The method's body, try
 * blocks and local variable tables are replaced; its name, descriptor, access and annotations are
 * kept.
 */
final class StubWriter {
    private static final Handle METAFACTORY = new Handle(
            Opcodes.H_INVOKESTATIC,
            "java/lang/invoke/LambdaMetafactory",
            "metafactory",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                    + "Ljava/lang/invoke/CallSite;",
            false);

    private StubWriter() {}

    /** The stub's facts about the original body, read before the body moves away. */
    record Original(int firstLine, List<LocalVariableNode> parameters) {
        static Original of(MethodNode method) {
            int firstLine = 0;
            for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode ln) {
                    firstLine = ln.line;
                    break;
                }
            }
            List<LocalVariableNode> names = new ArrayList<>();
            if (method.localVariables != null) {
                int argsSize = argumentSlots(method);
                AbstractInsnNode first = method.instructions.getFirst();
                for (LocalVariableNode local : method.localVariables) {
                    if (local.index < argsSize && local.start == first) {
                        names.add(local);
                    }
                }
            }
            return new Original(firstLine, List.copyOf(names));
        }
    }

    static void write(
            MethodNode method,
            Original original,
            String owner,
            boolean ownerIsInterface,
            String resumeName,
            String site,
            ResumePoint entry,
            SaveLayout layout) {
        int argsSize = argumentSlots(method);
        int frame = argsSize;
        int refs = argsSize + 1;
        int prims = argsSize + 2;
        Code code = new Code();
        LabelNode begin = new LabelNode();
        LabelNode end = new LabelNode();
        code.mark(begin);
        if (original.firstLine() > 0) {
            code.lineNumber(original.firstLine(), begin);
        }
        code.newInstance(Code.FRAME);
        code.dup();
        Type resumeType = Type.getMethodType(RuntimeNames.RESUME_DESC);
        code.invokeDynamic(
                RuntimeNames.RESUME,
                "()" + RuntimeNames.STATE_MACHINE_DESC,
                METAFACTORY,
                resumeType,
                new Handle(Opcodes.H_INVOKESTATIC, owner, resumeName, RuntimeNames.RESUME_DESC, ownerIsInterface),
                resumeType);
        code.push(site);
        code.invokeConstructor(
                Code.FRAME, new org.objectweb.asm.commons.Method("<init>", RuntimeNames.FRAME_INIT_DESC));
        code.store(frame, Code.FRAME);
        if (layout.maxRefs() > 0) {
            code.load(frame, Code.FRAME);
            code.push(layout.maxRefs());
            code.invokeFrame(RuntimeNames.REFS, RuntimeNames.REFS_DESC);
            code.store(refs, Code.OBJECT);
        }
        if (layout.maxPrims() > 0) {
            code.load(frame, Code.FRAME);
            code.push(layout.maxPrims());
            code.invokeFrame(RuntimeNames.PRIMS, RuntimeNames.PRIMS_DESC);
            code.store(prims, Code.OBJECT);
        }
        SaveLayout.Group group = layout.groupOf(0);
        for (SavedValue arg : entry.stored()) {
            SaveRestoreWriter.save(code, arg, group.index().get(arg), refs, prims);
        }
        code.load(frame, Code.FRAME);
        code.visitInsn(Opcodes.ARETURN);
        code.mark(end);

        InsnList body = code.take();
        method.instructions = body;
        method.tryCatchBlocks = new ArrayList<>();
        method.localVariables = locals(original.parameters(), begin, end);
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
        method.maxLocals = argsSize + 3;
        method.maxStack = 6;
    }

    static int argumentSlots(MethodNode method) {
        int size = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        return (method.access & Opcodes.ACC_STATIC) != 0 ? size - 1 : size;
    }

    /** The stub's LocalVariableTable: the parameters, over the whole stub. */
    private static List<LocalVariableNode> locals(List<LocalVariableNode> parameters, LabelNode begin, LabelNode end) {
        if (parameters.isEmpty()) {
            return null;
        }
        List<LocalVariableNode> locals = new ArrayList<>();
        for (LocalVariableNode p : parameters) {
            locals.add(new LocalVariableNode(p.name, p.desc, p.signature, begin, end, p.index));
        }
        return locals;
    }
}
