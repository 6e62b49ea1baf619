package io.jasyncio.agent.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Last step of the resume method: cuts each LocalVariableTable entry down to the offsets where
 * its slot really holds the variable's value. The user's table is copied with the body, but the
 * code after an await is also reached from the restore path, where a slot holds what the restore
 * put there or, if nothing, what it held on entry (the frame, in slot 0). Two things would go
 * wrong for a debugger reading such a slot: a slot that is not a value of the variable's kind
 * fails ({@code InconsistentDebugInfoException} in JDI); and a slot restored with a value nobody
 * saved (a shared chain's extras: {@code null}, or a primitive left from another await), or never
 * restored, shows a value the variable never had. So an entry covers an offset only if the slot
 * holds a value of its kind there and, on every path to it, was last written by the method's own
 * code, or by the restore code while it is live where the restore goes on. Every variable a
 * debugger shows can be read, on every line, and has its true value; a variable dead at an await
 * is not shown after it. The receiver of an instance method is shown as {@code $this}.
 *
 * <p>Contract: runs on the finished resume method; afterwards every entry covers only offsets where
 * its slot holds the variable's own value on every path, split into one entry per run; labels are
 * added where a run starts or ends between instructions, and no instruction changes.
 */
final class LocalVariableRanges {
    private LocalVariableRanges() {}

    static void fit(String owner, MethodNode method) throws AnalyzerException {
        if (method.localVariables == null || method.localVariables.isEmpty()) {
            return;
        }
        InsnList insns = method.instructions;
        int n = insns.size();
        List<BitSet> successors = new ArrayList<>();
        List<BitSet> handlers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            successors.add(new BitSet());
            handlers.add(new BitSet());
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new BasicInterpreter()) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                successors.get(insn).set(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode block) {
                handlers.get(insn).set(insns.indexOf(block.handler));
                return true;
            }
        };
        analyzer.setComputeLimits(Integer.MAX_VALUE, Long.MAX_VALUE);
        Frame<BasicValue>[] frames = analyzer.analyze(owner, method);
        BitSet[] userValues = userValues(method, successors, handlers);
        AbstractInsnNode[] nodes = insns.toArray();
        List<LocalVariableNode> fitted = new ArrayList<>();
        List<Boundary> boundaries = new ArrayList<>();
        for (LocalVariableNode local : method.localVariables) {
            BasicValue kind = kindOf(local.desc);
            int from = insns.indexOf(local.start);
            int to = insns.indexOf(local.end);
            int runStart = -1;
            for (int i = from; i <= to; i++) {
                boolean holds = i < to
                        && frames[i] != null
                        && kind.equals(frames[i].getLocal(local.index))
                        && userValues[i].get(local.index);
                if (holds && runStart < 0) {
                    runStart = i;
                } else if (!holds && runStart >= 0) {
                    LocalVariableNode piece = new LocalVariableNode(
                            shownName(local), local.desc, local.signature, null, null, local.index);
                    boundaries.add(new Boundary(nodes[runStart], piece, true));
                    if (i == to) {
                        piece.end = local.end;
                    } else {
                        boundaries.add(new Boundary(nodes[i], piece, false));
                    }
                    fitted.add(piece);
                    runStart = -1;
                }
            }
        }
        for (Boundary b : boundaries) {
            LabelNode label = b.at instanceof LabelNode existing ? existing : labelBefore(insns, b.at);
            if (b.start) {
                b.piece.start = label;
            } else {
                b.piece.end = label;
            }
        }
        method.localVariables = fitted;
    }

    /**
     * The resume method is static, so a debugger has no {@code this} in it, and JDI hides a local
     * named {@code this}: the receiver is shown as {@code $this} (as Kotlin names it in static
     * bodies), so that {@code print $this.field} works.
     */
    private static String shownName(LocalVariableNode local) {
        return local.index == 0 && local.name.equals("this") ? "$this" : local.name;
    }

    /** Where a fitted entry starts or ends: before instruction {@code at}. */
    private record Boundary(AbstractInsnNode at, LocalVariableNode piece, boolean start) {}

    /**
     * For each instruction, the slots that hold a value the user's code gave them (forwards, a
     * slot counts only if it does on every path). The restore code comes first, before the
     * user's first line number and first variable (the label switch, then each resume point's
     * restore, then the block for a corrupt label); a slot it writes counts, when the path enters
     * the user's code, only if it is live there: the points save their live slots and nothing
     * else. What a slot holds on entry counts for nothing: slot 0 holds the frame.
     */
    private static BitSet[] userValues(MethodNode method, List<BitSet> successors, List<BitSet> handlers) {
        InsnList insns = method.instructions;
        int n = insns.size();
        int body = n;
        for (LocalVariableNode local : method.localVariables) {
            body = Math.min(body, insns.indexOf(local.start));
        }
        for (int i = 0; i < body; i++) {
            if (insns.get(i) instanceof LineNumberNode) {
                body = i;
            }
        }
        BitSet[] live = liveness(method, successors, handlers);
        BitSet[] values = new BitSet[n];
        BitSet[] restored = new BitSet[n];
        Deque<Integer> work = new ArrayDeque<>();
        values[0] = new BitSet();
        restored[0] = new BitSet();
        work.push(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            BitSet value = (BitSet) values[i].clone();
            BitSet restore = (BitSet) restored[i].clone();
            AbstractInsnNode insn = insns.get(i);
            int written = writtenSlot(insn);
            if (written >= 0) {
                BitSet to = i < body ? restore : value;
                BitSet other = i < body ? value : restore;
                to.set(written);
                other.clear(written);
                if (insn.getOpcode() == Opcodes.LSTORE || insn.getOpcode() == Opcodes.DSTORE) {
                    value.clear(written + 1);
                    restore.clear(written + 1);
                }
            }
            for (int j = successors.get(i).nextSetBit(0);
                    j >= 0;
                    j = successors.get(i).nextSetBit(j + 1)) {
                if (i < body && j >= body) {
                    BitSet entering = (BitSet) restore.clone();
                    entering.and(live[j]);
                    entering.or(value);
                    merge(j, entering, new BitSet(), values, restored, work);
                } else {
                    merge(j, value, restore, values, restored, work);
                }
            }
            for (int h = handlers.get(i).nextSetBit(0);
                    h >= 0;
                    h = handlers.get(i).nextSetBit(h + 1)) {
                merge(h, values[i], restored[i], values, restored, work);
                merge(h, value, restore, values, restored, work);
            }
        }
        for (int i = 0; i < n; i++) {
            if (values[i] == null) {
                values[i] = new BitSet();
            }
        }
        return values;
    }

    /** Meets a path's state into instruction {@code j}'s: a slot counts only if it does on every path. */
    private static void merge(
            int j, BitSet value, BitSet restore, BitSet[] values, BitSet[] restored, Deque<Integer> work) {
        if (values[j] == null) {
            values[j] = (BitSet) value.clone();
            restored[j] = (BitSet) restore.clone();
            work.push(j);
            return;
        }
        int before = values[j].cardinality() + restored[j].cardinality();
        values[j].and(value);
        restored[j].and(restore);
        if (values[j].cardinality() + restored[j].cardinality() != before) {
            work.push(j);
        }
    }

    /**
     * Backward: the slots read, before being written, on some path onwards, counting only reads
     * inside a variable's range of that slot. The save code (after the user's code, outside every
     * range) reads every value it saves, live or not, so its reads do not make a slot live.
     */
    private static BitSet[] liveness(MethodNode method, List<BitSet> successors, List<BitSet> handlers) {
        InsnList insns = method.instructions;
        int n = insns.size();
        List<BitSet> inRange = new ArrayList<>();
        for (LocalVariableNode local : method.localVariables) {
            while (inRange.size() <= local.index) {
                inRange.add(new BitSet());
            }
            int from = insns.indexOf(local.start);
            int to = insns.indexOf(local.end);
            if (from < to) {
                inRange.get(local.index).set(from, to);
            }
        }
        BitSet[] liveIn = new BitSet[n];
        for (int i = 0; i < n; i++) {
            liveIn[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet live = new BitSet();
                for (int s = successors.get(i).nextSetBit(0);
                        s >= 0;
                        s = successors.get(i).nextSetBit(s + 1)) {
                    live.or(liveIn[s]);
                }
                AbstractInsnNode insn = insns.get(i);
                int written = writtenSlot(insn);
                int read = readSlot(insn);
                if (written >= 0 && !(insn instanceof IincInsnNode)) {
                    live.clear(written);
                }
                if (read >= 0 && read < inRange.size() && inRange.get(read).get(i)) {
                    live.set(read);
                }
                for (int h = handlers.get(i).nextSetBit(0);
                        h >= 0;
                        h = handlers.get(i).nextSetBit(h + 1)) {
                    live.or(liveIn[h]);
                }
                if (!live.equals(liveIn[i])) {
                    liveIn[i] = live;
                    changed = true;
                }
            }
        }
        return liveIn;
    }

    /** The local slot {@code insn} stores into (or increments), or -1. */
    private static int writtenSlot(AbstractInsnNode insn) {
        if (insn instanceof VarInsnNode var && var.getOpcode() >= Opcodes.ISTORE && var.getOpcode() <= Opcodes.ASTORE) {
            return var.var;
        }
        return insn instanceof IincInsnNode iinc ? iinc.var : -1;
    }

    /** The local slot {@code insn} loads (or increments), or -1. */
    private static int readSlot(AbstractInsnNode insn) {
        if (insn instanceof VarInsnNode var && (var.getOpcode() < Opcodes.ISTORE || var.getOpcode() == Opcodes.RET)) {
            return var.var;
        }
        return insn instanceof IincInsnNode iinc ? iinc.var : -1;
    }

    private static LabelNode labelBefore(InsnList insns, AbstractInsnNode at) {
        AbstractInsnNode previous = at.getPrevious();
        if (previous instanceof LabelNode label) {
            return label;
        }
        LabelNode label = new LabelNode();
        insns.insertBefore(at, label);
        return label;
    }

    private static BasicValue kindOf(String desc) {
        switch (desc.charAt(0)) {
            case 'J':
                return BasicValue.LONG_VALUE;
            case 'D':
                return BasicValue.DOUBLE_VALUE;
            case 'F':
                return BasicValue.FLOAT_VALUE;
            case 'L':
            case '[':
                return BasicValue.REFERENCE_VALUE;
            default:
                return BasicValue.INT_VALUE;
        }
    }
}
