package io.jasyncio.agent.rewrite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Last pass: assembles the resume method of docs/architecture.md from its parts and gives the
 * {@code @Async} method its stub. In order: the label switch ({@link LabelSwitchWriter}), the
 * restore chains ({@link SaveRestoreWriter}), the block a corrupt label throws from, the original
 * body with its awaits and returns rewritten ({@link AwaitRewriter}), and the save chains. The
 * body keeps its local slots, try blocks and line numbers; its LocalVariableTable is cut to what
 * is assigned at each offset ({@link LocalVariableRanges}); the stub is {@link StubWriter}'s.
 *
 * <p>Contract: it only assembles; the one thing it works out itself is the resume method's limits
 * (locals: the user's, the frame's slots and the largest spill of a point; stack: the user's plus
 * what the await sequence and the chains push). It needs the resume points and layout of the
 * planners; it leaves the resume method to be added to the class and the method turned into its
 * stub, for {@link TypePoolClassWriter} to compute frames.
 */
final class StateMachineWriter {
    private StateMachineWriter() {}

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
            SaveLayout layout,
            FrameSlots slots,
            String resumeName,
            int resumeAccess,
            String site)
            throws AnalyzerException {
        StubWriter.Original original = StubWriter.Original.of(method);
        InsnList body = method.instructions;
        LabelNode corrupt = new LabelNode();
        LabelNode start = new LabelNode();
        Map<Integer, LabelNode> resumeLabels = new HashMap<>();
        resumeLabels.put(0, start);
        for (ResumePoint p : points.subList(1, points.size())) {
            resumeLabels.put(p.label(), new LabelNode());
        }
        SaveRestoreWriter chains = new SaveRestoreWriter(slots, corrupt);
        InsnList restore = chains.restoreCode(layout, resumeLabels);
        InsnList save = chains.saveCode(layout);
        new AwaitRewriter(slots).rewrite(body, points, layout, chains.saveEntries, resumeLabels);

        InsnList code = LabelSwitchWriter.entry(slots, layout, points.size(), chains.restoreEntries, corrupt);
        code.add(restore);
        code.add(LabelSwitchWriter.corrupt(corrupt, owner.replace('/', '.') + "." + method.name));
        code.add(start);
        code.add(body);
        code.add(save);

        MethodNode resume =
                new MethodNode(Opcodes.ASM9, resumeAccess, resumeName, RuntimeNames.RESUME_DESC, null, null);
        resume.instructions = code;
        resume.tryCatchBlocks = method.tryCatchBlocks;
        resume.localVariables = method.localVariables;
        int spill = points.stream().mapToInt(ResumePoint::spillSlots).max().orElse(0);
        resume.maxLocals = slots.spillBase() + spill;
        resume.maxStack = method.maxStack + 4;
        LocalVariableRanges.fit(owner, resume);

        StubWriter.write(method, original, owner, ownerIsInterface, resumeName, site, points.get(0), layout);
        return resume;
    }
}
