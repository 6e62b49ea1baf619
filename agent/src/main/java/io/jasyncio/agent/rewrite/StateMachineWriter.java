package io.jasyncio.agent.rewrite;

import static io.jasyncio.agent.rewrite.RuntimeNames.FRAME;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Last pass: turns one analysed {@code @Async} method into the stub and the resume method of
 * docs/architecture.md. The original instructions move to the resume method unchanged except at
 * awaits and returns, so its local slots, LineNumberTable and LocalVariableTable stay the user's;
 * the frame lives in the first slot after them, and a few scratch slots follow it.
 */
final class StateMachineWriter {
    private static final Handle METAFACTORY = new Handle(
            Opcodes.H_INVOKESTATIC,
            "java/lang/invoke/LambdaMetafactory",
            "metafactory",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                    + "Ljava/lang/invoke/CallSite;",
            false);

    private final String owner;
    private final boolean ownerIsInterface;
    private final MethodNode method;
    private final List<ResumePoint> points;
    private final int maxRefs;
    private final int maxPrims;

    /** Slots of the resume method: the frame, the two save arrays, then stack spill space. */
    private final int frameSlot;

    private final int refsSlot;
    private final int primsSlot;
    private final int spillBase;
    /** Taken from the original body before it moves: the stub's line and parameter names. */
    private final int firstLine;

    private final List<LocalVariableNode> parameterNames;

    private StateMachineWriter(String owner, boolean ownerIsInterface, MethodNode method, List<ResumePoint> points) {
        this.owner = owner;
        this.ownerIsInterface = ownerIsInterface;
        this.method = method;
        this.points = points;
        this.maxRefs = points.stream().mapToInt(ResumePoint::refCount).max().orElse(0);
        this.maxPrims = points.stream().mapToInt(ResumePoint::primCount).max().orElse(0);
        this.frameSlot = method.maxLocals;
        this.refsSlot = frameSlot + 1;
        this.primsSlot = frameSlot + 2;
        this.spillBase = frameSlot + 3;
        this.firstLine = firstLine(method);
        this.parameterNames = parameterNames(method);
    }

    /**
     * Moves {@code method}'s body into a new resume method (returned, to be added to the class)
     * and gives {@code method} the stub's body.
     *
     * @param resumeAccess access flags of the resume method
     * @param site the frame's site string, {@code "pkg.Cls.method(Cls.java)"}
     */
    static MethodNode write(
            String owner,
            boolean ownerIsInterface,
            MethodNode method,
            List<ResumePoint> points,
            String resumeName,
            int resumeAccess,
            String site) {
        StateMachineWriter writer = new StateMachineWriter(owner, ownerIsInterface, method, points);
        MethodNode resume = writer.resumeMethod(resumeName, resumeAccess);
        writer.replaceWithStub(resumeName, site);
        return resume;
    }

    // ---------------------------------------------------------------- resume method

    private MethodNode resumeMethod(String name, int access) {
        MethodNode resume = new MethodNode(Opcodes.ASM9, access, name, RuntimeNames.RESUME_DESC, null, null);
        InsnList body = method.instructions;
        removeFrames(body);
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn = body.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.ARETURN) {
                returns.add(insn);
            }
        }
        List<LabelNode> resumeLabels = new ArrayList<>();
        resumeLabels.add(null);
        for (ResumePoint point : points.subList(1, points.size())) {
            resumeLabels.add(rewriteAwait(body, point));
        }
        for (AbstractInsnNode ret : returns) {
            rewriteReturn(body, ret);
        }
        LabelNode start = new LabelNode();
        body.insert(start);
        body.insert(dispatch(start, resumeLabels));

        resume.instructions = body;
        resume.tryCatchBlocks = method.tryCatchBlocks;
        resume.localVariables = method.localVariables;
        resume.maxLocals = spillBase + 2 * maxStackSpill();
        resume.maxStack = method.maxStack + 4;
        method.instructions = new InsnList();
        method.tryCatchBlocks = new ArrayList<>();
        method.localVariables = null;
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
        return resume;
    }

    private int maxStackSpill() {
        return points.stream().mapToInt(p -> p.stack().size()).max().orElse(0);
    }

    private static void removeFrames(InsnList body) {
        for (AbstractInsnNode insn = body.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                body.remove(insn);
            }
            insn = next;
        }
    }

    /** The entry: take the frame, switch on its label, restore, jump to the resume point. */
    private InsnList dispatch(LabelNode start, List<LabelNode> resumeLabels) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, FRAME, RuntimeNames.LABEL, "I"));
        LabelNode corrupt = new LabelNode();
        LabelNode[] cases = new LabelNode[points.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new LabelNode();
        }
        code.add(new TableSwitchInsnNode(0, cases.length - 1, corrupt, cases));
        for (ResumePoint point : points) {
            code.add(cases[point.label()]);
            restore(code, point);
            code.add(new JumpInsnNode(Opcodes.GOTO, point.label() == 0 ? start : resumeLabels.get(point.label())));
        }
        code.add(corrupt);
        code.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new LdcInsnNode("jasyncio: corrupt coroutine frame (bad resume label) in " + owner.replace('/', '.')
                + "." + method.name));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        return code;
    }

    private void restore(InsnList code, ResumePoint point) {
        if (point.refCount() > 0) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            code.add(new FieldInsnNode(Opcodes.GETFIELD, FRAME, RuntimeNames.REFS, "[Ljava/lang/Object;"));
            code.add(new VarInsnNode(Opcodes.ASTORE, refsSlot));
        }
        if (point.primCount() > 0) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            code.add(new FieldInsnNode(Opcodes.GETFIELD, FRAME, RuntimeNames.PRIMS, "[J"));
            code.add(new VarInsnNode(Opcodes.ASTORE, primsSlot));
        }
        for (SavedValue local : point.locals()) {
            load(code, local);
            code.add(new VarInsnNode(local.kind().localType(local.type()).getOpcode(Opcodes.ISTORE), local.slot()));
        }
        for (SavedValue entry : point.stack()) {
            load(code, entry);
        }
    }

    /** Pushes one saved value (and clears a reference's entry, so the frame keeps no garbage). */
    private void load(InsnList code, SavedValue value) {
        switch (value.kind()) {
            case NULL:
                code.add(new InsnNode(Opcodes.ACONST_NULL));
                return;
            case REF:
                code.add(new VarInsnNode(Opcodes.ALOAD, refsSlot));
                code.add(intConstant(value.index()));
                code.add(new InsnNode(Opcodes.AALOAD));
                if (!value.type().getDescriptor().equals("Ljava/lang/Object;")) {
                    code.add(new TypeInsnNode(Opcodes.CHECKCAST, value.type().getInternalName()));
                }
                code.add(new VarInsnNode(Opcodes.ALOAD, refsSlot));
                code.add(intConstant(value.index()));
                code.add(new InsnNode(Opcodes.ACONST_NULL));
                code.add(new InsnNode(Opcodes.AASTORE));
                return;
            default:
                code.add(new VarInsnNode(Opcodes.ALOAD, primsSlot));
                code.add(intConstant(value.index()));
                code.add(new InsnNode(Opcodes.LALOAD));
                fromLong(code, value.kind());
        }
    }

    /** Replaces one {@code Asyncio.await(x)} by the await sequence; returns its resume label. */
    private LabelNode rewriteAwait(InsnList body, ResumePoint point) {
        MethodInsnNode await = point.await();
        LabelNode resume = new LabelNode();
        LabelNode proceed = new LabelNode();
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new InsnNode(Opcodes.SWAP));
        code.add(new MethodInsnNode(
                Opcodes.INVOKEVIRTUAL, FRAME, RuntimeNames.AWAIT, RuntimeNames.FRAME_AWAIT_DESC, false));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new FieldInsnNode(Opcodes.GETSTATIC, FRAME, RuntimeNames.SUSPENDED, "Ljava/lang/Object;"));
        code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, proceed));
        code.add(new InsnNode(Opcodes.POP));
        save(code, point);
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(intConstant(point.label()));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, FRAME, RuntimeNames.LABEL, "I"));
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(intConstant(point.line()));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, FRAME, RuntimeNames.LINE, "I"));
        code.add(new FieldInsnNode(Opcodes.GETSTATIC, FRAME, RuntimeNames.SUSPENDED, "Ljava/lang/Object;"));
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(resume);
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new MethodInsnNode(
                Opcodes.INVOKEVIRTUAL, FRAME, RuntimeNames.RESUME_VALUE, RuntimeNames.RESUME_VALUE_DESC, false));
        code.add(proceed);
        body.insert(await, code);
        body.remove(await);
        return resume;
    }

    /** The suspension's save: spill the stack into scratch slots, then store everything live. */
    private void save(InsnList code, ResumePoint point) {
        List<SavedValue> stack = point.stack();
        int[] spill = new int[stack.size()];
        int next = spillBase;
        for (int i = 0; i < stack.size(); i++) {
            spill[i] = next;
            next += stack.get(i).kind() == SavedValue.Kind.LONG || stack.get(i).kind() == SavedValue.Kind.DOUBLE
                    ? 2
                    : 1;
        }
        for (int i = stack.size() - 1; i >= 0; i--) {
            SavedValue entry = stack.get(i);
            code.add(new VarInsnNode(
                    entry.kind()
                            .localType(entry.type() != null ? entry.type() : Type.getObjectType("java/lang/Object"))
                            .getOpcode(Opcodes.ISTORE),
                    spill[i]));
        }
        if (point.refCount() > 0) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            code.add(intConstant(maxRefs));
            code.add(
                    new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FRAME, RuntimeNames.REFS, RuntimeNames.REFS_DESC, false));
            code.add(new VarInsnNode(Opcodes.ASTORE, refsSlot));
        }
        if (point.primCount() > 0) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            code.add(intConstant(maxPrims));
            code.add(new MethodInsnNode(
                    Opcodes.INVOKEVIRTUAL, FRAME, RuntimeNames.PRIMS, RuntimeNames.PRIMS_DESC, false));
            code.add(new VarInsnNode(Opcodes.ASTORE, primsSlot));
        }
        for (SavedValue local : point.locals()) {
            store(code, local, local.slot(), refsSlot, primsSlot);
        }
        for (int i = 0; i < stack.size(); i++) {
            store(code, stack.get(i), spill[i], refsSlot, primsSlot);
        }
    }

    /** Copies the value in local {@code from} into its save array entry. */
    private static void store(InsnList code, SavedValue value, int from, int refs, int prims) {
        switch (value.kind()) {
            case NULL:
                return;
            case REF:
                code.add(new VarInsnNode(Opcodes.ALOAD, refs));
                code.add(intConstant(value.index()));
                code.add(new VarInsnNode(Opcodes.ALOAD, from));
                code.add(new InsnNode(Opcodes.AASTORE));
                return;
            default:
                code.add(new VarInsnNode(Opcodes.ALOAD, prims));
                code.add(intConstant(value.index()));
                code.add(new VarInsnNode(value.kind().localType(null).getOpcode(Opcodes.ILOAD), from));
                toLong(code, value.kind());
                code.add(new InsnNode(Opcodes.LASTORE));
        }
    }

    private static void toLong(InsnList code, SavedValue.Kind kind) {
        switch (kind) {
            case INT:
                code.add(new InsnNode(Opcodes.I2L));
                break;
            case FLOAT:
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                code.add(new InsnNode(Opcodes.I2L));
                break;
            case DOUBLE:
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                break;
            default:
                break;
        }
    }

    private static void fromLong(InsnList code, SavedValue.Kind kind) {
        switch (kind) {
            case INT:
                code.add(new InsnNode(Opcodes.L2I));
                break;
            case FLOAT:
                code.add(new InsnNode(Opcodes.L2I));
                code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
                break;
            case DOUBLE:
                code.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
                break;
            default:
                break;
        }
    }

    /**
     * Every {@code ARETURN} hands its value to {@code CoroutineFrame.complete}; a {@code done(v)}
     * whose value flows straight into it stashes {@code v} in the frame instead of allocating.
     */
    private void rewriteReturn(InsnList body, AbstractInsnNode ret) {
        AbstractInsnNode before = ret.getPrevious();
        while (before != null
                && (before instanceof LabelNode || before instanceof LineNumberNode || before instanceof FrameNode)) {
            before = before.getPrevious();
        }
        if (before instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESTATIC
                && RuntimeNames.ASYNCIO.equals(call.owner)
                && RuntimeNames.DONE.equals(call.name)) {
            InsnList done = new InsnList();
            if (RuntimeNames.DONE_VOID_DESC.equals(call.desc)) {
                done.add(new InsnNode(Opcodes.ACONST_NULL));
            }
            if (RuntimeNames.DONE_VALUE_DESC.equals(call.desc) || RuntimeNames.DONE_VOID_DESC.equals(call.desc)) {
                done.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                done.add(new MethodInsnNode(
                        Opcodes.INVOKESTATIC, FRAME, RuntimeNames.DONE, RuntimeNames.FRAME_DONE_DESC, false));
                body.insert(call, done);
                body.remove(call);
            }
        }
        InsnList complete = new InsnList();
        complete.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        complete.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC, FRAME, RuntimeNames.COMPLETE, RuntimeNames.COMPLETE_DESC, false));
        body.insertBefore(ret, complete);
    }

    // ---------------------------------------------------------------- stub

    /** The stub: make the frame, save the live arguments as if suspended at label 0, return it. */
    private void replaceWithStub(String resumeName, String site) {
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        int argsSize = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        if (isStatic) {
            argsSize--;
        }
        int frame = argsSize;
        int refs = argsSize + 1;
        int prims = argsSize + 2;

        InsnList code = new InsnList();
        LabelNode begin = new LabelNode();
        LabelNode end = new LabelNode();
        code.add(begin);
        if (firstLine > 0) {
            code.add(new LineNumberNode(firstLine, begin));
        }
        code.add(new TypeInsnNode(Opcodes.NEW, FRAME));
        code.add(new InsnNode(Opcodes.DUP));
        Type resumeType = Type.getMethodType(RuntimeNames.RESUME_DESC);
        code.add(new InvokeDynamicInsnNode(
                RuntimeNames.RESUME,
                "()" + RuntimeNames.STATE_MACHINE_DESC,
                METAFACTORY,
                resumeType,
                new Handle(Opcodes.H_INVOKESTATIC, owner, resumeName, RuntimeNames.RESUME_DESC, ownerIsInterface),
                resumeType));
        code.add(new LdcInsnNode(site));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, FRAME, "<init>", RuntimeNames.FRAME_INIT_DESC, false));
        code.add(new VarInsnNode(Opcodes.ASTORE, frame));
        ResumePoint entry = points.get(0);
        if (maxRefs > 0) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frame));
            code.add(intConstant(maxRefs));
            code.add(
                    new MethodInsnNode(Opcodes.INVOKEVIRTUAL, FRAME, RuntimeNames.REFS, RuntimeNames.REFS_DESC, false));
            code.add(new VarInsnNode(Opcodes.ASTORE, refs));
        }
        if (maxPrims > 0) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frame));
            code.add(intConstant(maxPrims));
            code.add(new MethodInsnNode(
                    Opcodes.INVOKEVIRTUAL, FRAME, RuntimeNames.PRIMS, RuntimeNames.PRIMS_DESC, false));
            code.add(new VarInsnNode(Opcodes.ASTORE, prims));
        }
        for (SavedValue arg : entry.locals()) {
            store(code, arg, arg.slot(), refs, prims);
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frame));
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(end);

        method.instructions = code;
        method.localVariables = stubLocals(begin, end);
        method.maxLocals = argsSize + 3;
        method.maxStack = 6;
    }

    private static int firstLine(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return 0;
    }

    /** The body's LocalVariableTable entries for {@code this} and the parameters. */
    private static List<LocalVariableNode> parameterNames(MethodNode method) {
        List<LocalVariableNode> names = new ArrayList<>();
        if (method.localVariables == null) {
            return names;
        }
        int argsSize = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            argsSize--;
        }
        AbstractInsnNode first = method.instructions.getFirst();
        for (LocalVariableNode local : method.localVariables) {
            if (local.index < argsSize && local.start == first) {
                names.add(local);
            }
        }
        return names;
    }

    /** The stub's LocalVariableTable: the parameters, over the whole stub. */
    private List<LocalVariableNode> stubLocals(LabelNode begin, LabelNode end) {
        if (parameterNames.isEmpty()) {
            return null;
        }
        List<LocalVariableNode> locals = new ArrayList<>();
        for (LocalVariableNode p : parameterNames) {
            locals.add(new LocalVariableNode(p.name, p.desc, p.signature, begin, end, p.index));
        }
        return locals;
    }

    private static AbstractInsnNode intConstant(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new org.objectweb.asm.tree.IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new org.objectweb.asm.tree.IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }
}
