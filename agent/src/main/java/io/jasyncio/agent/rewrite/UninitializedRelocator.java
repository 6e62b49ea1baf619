package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * First pass: makes sure no uninitialized object is live at an await, since such a value cannot
 * be saved. For {@code new T(a, await(x))} javac emits {@code NEW T; DUP; a; await(x);
 * INVOKESPECIAL T.<init>}; this pass removes every instruction that creates or moves the
 * uninitialized {@code T} (the {@code NEW}, its {@code DUP}, and the stores into and loads from
 * the temporary locals javac spills the operand stack to around a switch expression with a
 * {@code try}) and creates it again just before the constructor call, with the arguments stored
 * into fresh locals in between.
 *
 * <p>Which objects to move is read from a data-flow analysis that follows each uninitialized
 * value from its {@code NEW} through the operand stack and locals: exactly those live (on the
 * stack or in a local) at some await.
 *
 * <p>Contract: afterwards no await has an uninitialized value in its frame (on the stack or in a
 * local), so {@link AsyncMethodAnalyzer} sees only values that can be saved; {@code maxLocals} has
 * grown by the fresh locals of the moved arguments; every other instruction is as it was, and a
 * method with nothing to move is not touched.
 *
 * <p>The one visible difference: class {@code T} is initialized after its constructor's
 * arguments are evaluated rather than before.
 */
final class UninitializedRelocator {
    private UninitializedRelocator() {}

    /**
     * Relocates, in place, every allocation whose uninitialized object is live at an await.
     *
     * @throws RewriteRefusedException if such an object is used in a bytecode shape javac does
     *     not emit
     */
    static void relocate(String owner, MethodNode method, String methodId) throws RewriteRefusedException {
        if (!hasNewAndAwait(method.instructions)) {
            return;
        }
        Tracker tracker = new Tracker();
        Frame<Tracked>[] frames = track(owner, method, tracker, methodId);
        InsnList insns = method.instructions;
        Map<TypeInsnNode, Allocation> moved = new LinkedHashMap<>();
        for (int i = 0; i < insns.size(); i++) {
            if (frames[i] != null && isAwait(insns.get(i))) {
                for (TypeInsnNode newInsn : uninitializedIn(frames[i])) {
                    moved.computeIfAbsent(newInsn, Allocation::new);
                }
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        for (int i = 0; i < insns.size(); i++) {
            Frame<Tracked> frame = frames[i];
            if (frame != null) {
                collectUses(insns.get(i), frame, moved, methodId);
            }
        }
        for (Allocation a : moved.values()) {
            if (a.init == null) {
                throw new RewriteRefusedException(
                        methodId,
                        "an object is created ('new " + a.newInsn.desc.replace('/', '.')
                                + "') around an await but never initialized, a bytecode shape javac does not"
                                + " emit; " + WHAT_TO_DO);
            }
            if (tracker.misused.contains(a.newInsn)) {
                throw new RewriteRefusedException(methodId, shapeMessage(a.newInsn));
            }
        }
        for (Allocation a : moved.values()) {
            for (AbstractInsnNode insn : a.moves) {
                insns.remove(insn);
            }
            recreate(method, a);
        }
        Frame<Tracked>[] after = track(owner, method, new Tracker(), methodId);
        for (int i = 0; i < insns.size(); i++) {
            if (after[i] != null
                    && isAwait(insns.get(i))
                    && !uninitializedIn(after[i]).isEmpty()) {
                throw new RewriteRefusedException(
                        methodId, shapeMessage(uninitializedIn(after[i]).get(0)));
            }
        }
    }

    /** One allocation to move: its {@code NEW}, the instructions that move its value, its constructor call. */
    private static final class Allocation {
        final TypeInsnNode newInsn;
        final List<AbstractInsnNode> moves = new ArrayList<>();
        MethodInsnNode init;
        /** How many references to the object the code expects on the stack, under the arguments, at the call. */
        int copies;

        Allocation(TypeInsnNode newInsn) {
            this.newInsn = newInsn;
            moves.add(newInsn);
        }
    }

    private static void collectUses(
            AbstractInsnNode insn, Frame<Tracked> frame, Map<TypeInsnNode, Allocation> moved, String methodId)
            throws RewriteRefusedException {
        int op = insn.getOpcode();
        int top = frame.getStackSize() - 1;
        if (op == Opcodes.DUP || op == Opcodes.ASTORE) {
            Allocation a = allocationOf(frame.getStack(top), moved);
            if (a != null) {
                a.moves.add(insn);
            }
        } else if (op == Opcodes.ALOAD) {
            Allocation a = allocationOf(frame.getLocal(((VarInsnNode) insn).var), moved);
            if (a != null) {
                a.moves.add(insn);
            }
        } else if (op == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)) {
            MethodInsnNode call = (MethodInsnNode) insn;
            int args = Type.getArgumentTypes(call.desc).length;
            Allocation a = allocationOf(frame.getStack(top - args), moved);
            if (a == null) {
                return;
            }
            if (a.init != null || !call.owner.equals(a.newInsn.desc)) {
                throw new RewriteRefusedException(methodId, shapeMessage(a.newInsn));
            }
            a.init = call;
            Tracked object = frame.getStack(top - args);
            int copies = 0;
            for (int i = top - args; i >= 0 && frame.getStack(i) == object; i--) {
                copies++;
            }
            for (int i = 0; i <= top - args - copies; i++) {
                if (frame.getStack(i) == object) {
                    throw new RewriteRefusedException(methodId, shapeMessage(a.newInsn));
                }
            }
            a.copies = copies;
        }
    }

    private static Allocation allocationOf(Tracked value, Map<TypeInsnNode, Allocation> moved) {
        return value != null && value.newInsn != null ? moved.get(value.newInsn) : null;
    }

    /** Stores the arguments into fresh locals, makes the object and its copies, reloads the arguments. */
    private static void recreate(MethodNode method, Allocation a) {
        Type[] args = Type.getArgumentTypes(a.init.desc);
        int[] slots = new int[args.length];
        int next = method.maxLocals;
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        method.maxLocals = next;
        InsnList before = new InsnList();
        for (int i = args.length - 1; i >= 0; i--) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        before.add(new TypeInsnNode(Opcodes.NEW, a.newInsn.desc));
        for (int i = 1; i < a.copies; i++) {
            before.add(new InsnNode(Opcodes.DUP));
        }
        for (int i = 0; i < args.length; i++) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
        }
        method.instructions.insertBefore(a.init, before);
    }

    /** What a user can do about an allocation the relocator cannot move. */
    private static final String WHAT_TO_DO =
            "compile the class with javac, or move the await out of the 'new' expression";

    private static String shapeMessage(TypeInsnNode newInsn) {
        return "an await inside the arguments of 'new " + newInsn.desc.replace('/', '.')
                + "(...)' in a bytecode shape javac does not emit; " + WHAT_TO_DO
                + " (assign its result to a local first)";
    }

    private static boolean hasNewAndAwait(InsnList insns) {
        boolean hasNew = false;
        boolean hasAwait = false;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
            hasNew |= insn.getOpcode() == Opcodes.NEW;
            hasAwait |= isAwait(insn);
        }
        return hasNew && hasAwait;
    }

    private static boolean isAwait(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESTATIC
                && RuntimeNames.isAwait(call.owner, call.name, call.desc);
    }

    /** The allocations whose uninitialized object is in the frame, on the stack or in a local. */
    private static List<TypeInsnNode> uninitializedIn(Frame<Tracked> frame) {
        List<TypeInsnNode> found = new ArrayList<>();
        for (int i = 0; i < frame.getLocals(); i++) {
            Tracked v = frame.getLocal(i);
            if (v != null && v.newInsn != null && !found.contains(v.newInsn)) {
                found.add(v.newInsn);
            }
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            Tracked v = frame.getStack(i);
            if (v.newInsn != null && !found.contains(v.newInsn)) {
                found.add(v.newInsn);
            }
        }
        return found;
    }

    private static Frame<Tracked>[] track(String owner, MethodNode method, Tracker tracker, String methodId)
            throws RewriteRefusedException {
        Analyzer<Tracked> analyzer = new Analyzer<>(tracker) {
            @Override
            protected Frame<Tracked> newFrame(int numLocals, int numStack) {
                return new TrackingFrame(numLocals, numStack);
            }

            @Override
            protected Frame<Tracked> newFrame(Frame<? extends Tracked> frame) {
                return new TrackingFrame(frame);
            }
        };
        analyzer.setComputeLimits(Integer.MAX_VALUE, Long.MAX_VALUE);
        try {
            return analyzer.analyze(owner, method);
        } catch (AnalyzerException e) {
            throw RewriteRefusedException.invalidBytecode(methodId, e);
        }
    }

    /**
     * A value of the tracking analysis: an uninitialized object (its {@code NEW}), or any other
     * value of size 1 or 2.
     */
    private static final class Tracked implements Value {
        static final Tracked ONE = new Tracked(1, null);
        static final Tracked TWO = new Tracked(2, null);

        final int size;
        final TypeInsnNode newInsn;

        Tracked(int size, TypeInsnNode newInsn) {
            this.size = size;
            this.newInsn = newInsn;
        }

        static Tracked of(BasicValue value) {
            return value == null ? null : value.getSize() == 2 ? TWO : ONE;
        }

        @Override
        public int getSize() {
            return size;
        }
    }

    /**
     * Follows uninitialized objects through copies; everything else is only a size. Records the
     * allocations whose object is used otherwise than javac does: anything but a {@code DUP}, a
     * store to or load from a local, or being the receiver of its constructor call.
     */
    private static final class Tracker extends Interpreter<Tracked> {
        private final BasicInterpreter sizes = new BasicInterpreter();
        private final Map<AbstractInsnNode, Tracked> objects = new IdentityHashMap<>();
        final Set<AbstractInsnNode> misused = Collections.newSetFromMap(new IdentityHashMap<>());

        private Tracked use(Tracked value) {
            if (value != null && value.newInsn != null) {
                misused.add(value.newInsn);
            }
            return value;
        }

        Tracker() {
            super(Opcodes.ASM9);
        }

        private static BasicValue basic(Tracked v) {
            return v.size == 2 ? BasicValue.LONG_VALUE : BasicValue.REFERENCE_VALUE;
        }

        @Override
        public Tracked newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return type != null && type.getSize() == 2 ? Tracked.TWO : Tracked.ONE;
        }

        @Override
        public Tracked newOperation(AbstractInsnNode insn) throws AnalyzerException {
            if (insn.getOpcode() == Opcodes.NEW) {
                return objects.computeIfAbsent(insn, n -> new Tracked(1, (TypeInsnNode) n));
            }
            return Tracked.of(sizes.newOperation(insn));
        }

        @Override
        public Tracked copyOperation(AbstractInsnNode insn, Tracked value) {
            int op = insn.getOpcode();
            if (op != Opcodes.DUP && op != Opcodes.ALOAD && op != Opcodes.ASTORE) {
                use(value);
            }
            return value;
        }

        @Override
        public Tracked unaryOperation(AbstractInsnNode insn, Tracked value) throws AnalyzerException {
            use(value);
            return Tracked.of(sizes.unaryOperation(insn, basic(value)));
        }

        @Override
        public Tracked binaryOperation(AbstractInsnNode insn, Tracked value1, Tracked value2) throws AnalyzerException {
            use(value1);
            use(value2);
            return Tracked.of(sizes.binaryOperation(insn, basic(value1), basic(value2)));
        }

        @Override
        public Tracked ternaryOperation(AbstractInsnNode insn, Tracked value1, Tracked value2, Tracked value3) {
            use(value1);
            use(value2);
            use(value3);
            return null;
        }

        @Override
        public Tracked naryOperation(AbstractInsnNode insn, List<? extends Tracked> values) throws AnalyzerException {
            boolean constructor =
                    insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name);
            for (int i = constructor ? 1 : 0; i < values.size(); i++) {
                use(values.get(i));
            }
            return Tracked.of(sizes.naryOperation(insn, null));
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, Tracked value, Tracked expected) {
            use(value);
        }

        @Override
        public Tracked merge(Tracked a, Tracked b) {
            if (a == b) {
                return a;
            }
            // Two different objects, or an object and something else: the verifier makes it unusable.
            return a.size == b.size && a.newInsn == null && b.newInsn == null ? a : Tracked.ONE;
        }
    }

    /** After a constructor call, every copy of the object it initialized is an ordinary value. */
    private static final class TrackingFrame extends Frame<Tracked> {
        TrackingFrame(int numLocals, int numStack) {
            super(numLocals, numStack);
        }

        TrackingFrame(Frame<? extends Tracked> frame) {
            super(frame);
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<Tracked> interpreter) throws AnalyzerException {
            int op = insn.getOpcode();
            if ((op == Opcodes.POP || op == Opcodes.POP2) && getStackSize() > 0) {
                ((Tracker) interpreter).use(getStack(getStackSize() - 1)); // the interpreter does not see pops
            }
            Tracked object = null;
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)) {
                int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
                object = getStack(getStackSize() - 1 - args);
            }
            super.execute(insn, interpreter);
            if (object != null && object.newInsn != null) {
                for (int i = 0; i < getLocals(); i++) {
                    if (getLocal(i) == object) {
                        setLocal(i, Tracked.ONE);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (getStack(i) == object) {
                        setStack(i, Tracked.ONE);
                    }
                }
            }
        }
    }
}
