package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Last step of the resume method: cuts each LocalVariableTable entry down to the offsets where
 * its slot really holds a value of its kind. The user's table is copied with the body, but a
 * variable that was dead at an await is not restored, and the code after the await is also
 * reached from the restore path: a debugger reading it there would get a slot the JVM does not
 * consider a value of that kind, and fail ({@code InconsistentDebugInfoException} in JDI). After
 * this, each entry covers only what is definitely assigned, so every variable a debugger shows
 * can be read, on every line.
 *
 * <p>Contract: runs on the finished resume method; afterwards every entry covers only offsets where
 * its slot holds a value of its kind on every path, split into one entry per run; labels are added
 * where a run starts or ends between instructions, and no instruction changes.
 */
final class LocalVariableRanges {
    private LocalVariableRanges() {}

    static void fit(String owner, MethodNode method) throws AnalyzerException {
        if (method.localVariables == null || method.localVariables.isEmpty()) {
            return;
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new BasicInterpreter());
        analyzer.setComputeLimits(Integer.MAX_VALUE, Long.MAX_VALUE);
        Frame<BasicValue>[] frames = analyzer.analyze(owner, method);
        InsnList insns = method.instructions;
        AbstractInsnNode[] nodes = insns.toArray();
        List<LocalVariableNode> fitted = new ArrayList<>();
        List<Boundary> boundaries = new ArrayList<>();
        for (LocalVariableNode local : method.localVariables) {
            BasicValue kind = kindOf(local.desc);
            int from = insns.indexOf(local.start);
            int to = insns.indexOf(local.end);
            int runStart = -1;
            for (int i = from; i <= to; i++) {
                boolean holds = i < to && frames[i] != null && kind.equals(frames[i].getLocal(local.index));
                if (holds && runStart < 0) {
                    runStart = i;
                } else if (!holds && runStart >= 0) {
                    LocalVariableNode piece =
                            new LocalVariableNode(local.name, local.desc, local.signature, null, null, local.index);
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

    /** Where a fitted entry starts or ends: before instruction {@code at}. */
    private record Boundary(AbstractInsnNode at, LocalVariableNode piece, boolean start) {}

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
