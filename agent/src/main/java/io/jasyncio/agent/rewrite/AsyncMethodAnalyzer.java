package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Second pass: the facts about one {@code @Async} method that the rewrite needs, without changing
 * it. Runs ASM's {@link Analyzer} with a {@link TypedInterpreter} for the exact types of locals
 * and stack values before every instruction, records the control-flow graph on the way, and from
 * it computes which local slots are live before every instruction (backwards, exception edges
 * included) and whether any await is reached while a monitor is held.
 *
 * <p>Contract: the method is not changed. In the {@link Analysis}, indexed like the method's
 * instructions, {@code frames[i]} is {@code null} exactly for unreachable instructions and otherwise
 * holds the verifier's type of every local and stack entry before {@code i} (references exact,
 * merged as the verifier merges them, a known {@code null} as {@link TypedInterpreter}'s null type);
 * {@code liveBefore[i]} the local slots read on some path from {@code i} before being written;
 * {@code awaits} every reachable await, in code order. No await is reached with a monitor held
 * (such a method is refused).
 */
final class AsyncMethodAnalyzer {
    /** The result: frames, live slots and the awaits, indexed like the method's instructions. */
    static final class Analysis {
        final Frame<BasicValue>[] frames;
        final BitSet[] liveBefore;
        final List<MethodInsnNode> awaits;

        Analysis(Frame<BasicValue>[] frames, BitSet[] liveBefore, List<MethodInsnNode> awaits) {
            this.frames = frames;
            this.liveBefore = liveBefore;
            this.awaits = awaits;
        }
    }

    private AsyncMethodAnalyzer() {}

    static Analysis analyze(String owner, MethodNode method, TypePool types, String methodId)
            throws RewriteRefusedException {
        InsnList insns = method.instructions;
        int n = insns.size();
        List<List<Integer>> successors = new ArrayList<>(n);
        List<List<Integer>> handlers = new ArrayList<>(n);
        // Per instruction, the handlers an exception can really reach (see checkNoAwaitHoldsMonitor).
        List<List<Integer>> thrownTo = new ArrayList<>(n);
        boolean[] caughtAll = new boolean[n];
        for (int i = 0; i < n; i++) {
            successors.add(new ArrayList<>(2));
            handlers.add(new ArrayList<>(1));
            thrownTo.add(new ArrayList<>(1));
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new TypedInterpreter(types)) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                List<Integer> out = successors.get(insn);
                if (!out.contains(successor)) {
                    out.add(successor);
                }
            }

            /** Called for each try block covering {@code insn}, in exception table order. */
            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode block) {
                int handler = insns.indexOf(block.handler);
                List<Integer> out = handlers.get(insn);
                if (!out.contains(handler)) {
                    out.add(handler);
                }
                List<Integer> reached = thrownTo.get(insn);
                if (!caughtAll[insn] && !reached.contains(handler)) {
                    reached.add(handler);
                }
                if (block.type == null || block.type.equals("java/lang/Throwable")) {
                    caughtAll[insn] = true;
                }
                return true;
            }
        };
        analyzer.setComputeLimits(Integer.MAX_VALUE, Long.MAX_VALUE);
        Frame<BasicValue>[] frames;
        try {
            frames = analyzer.analyze(owner, method);
        } catch (AnalyzerException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TypePool.TypeNotFoundException) {
                throw new RewriteRefusedException(methodId, cause.getMessage(), cause);
            }
            throw RewriteRefusedException.invalidBytecode(methodId, e);
        }

        List<MethodInsnNode> awaits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AbstractInsnNode insn = insns.get(i);
            int op = insn.getOpcode();
            if (op == Opcodes.JSR || op == Opcodes.RET) {
                throw new RewriteRefusedException(
                        methodId,
                        "uses JSR/RET subroutines, which only class files older than Java 6 may hold;"
                                + " compile the class with --release 8 or newer");
            }
            if (op == Opcodes.INVOKESTATIC && frames[i] != null) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (RuntimeNames.isAwait(call.owner, call.name, call.desc)) {
                    awaits.add(call);
                }
            }
        }
        checkNoAwaitHoldsMonitor(method, frames, successors, thrownTo, awaits, methodId);
        return new Analysis(frames, liveness(insns, successors, handlers), awaits);
    }

    /** Backward dataflow: the local slots read before being written on some path onwards. */
    private static BitSet[] liveness(InsnList insns, List<List<Integer>> successors, List<List<Integer>> handlers) {
        int n = insns.size();
        BitSet[] liveIn = new BitSet[n];
        for (int i = 0; i < n; i++) {
            liveIn[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet live = new BitSet();
                for (int s : successors.get(i)) {
                    live.or(liveIn[s]);
                }
                AbstractInsnNode insn = insns.get(i);
                if (insn instanceof VarInsnNode var) {
                    if (var.getOpcode() >= Opcodes.ISTORE && var.getOpcode() <= Opcodes.ASTORE) {
                        live.clear(var.var);
                    } else {
                        live.set(var.var);
                    }
                } else if (insn instanceof IincInsnNode iinc) {
                    live.set(iinc.var);
                }
                for (int h : handlers.get(i)) {
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

    /**
     * Forward dataflow of the number of monitors held (the most on any path); an await reached
     * with one held is refused, since the lock could not be released and re-taken around it.
     *
     * <p>Exceptions follow the JVM's rule, not the analyzer's conservative one: an exception goes
     * to the first handler in table order that catches it, so a handler listed after one that
     * catches everything is never reached from that instruction. javac protects every {@code
     * synchronized} body with such a catch-all (which releases the monitor and rethrows); counting
     * the enclosing {@code try}'s handlers as reached from inside the block would make every await
     * in them look as if it held the monitor.
     */
    private static void checkNoAwaitHoldsMonitor(
            MethodNode method,
            Frame<BasicValue>[] frames,
            List<List<Integer>> successors,
            List<List<Integer>> handlers,
            List<MethodInsnNode> awaits,
            String methodId)
            throws RewriteRefusedException {
        if (awaits.isEmpty()) {
            return;
        }
        InsnList insns = method.instructions;
        int n = insns.size();
        boolean hasMonitor = false;
        for (int i = 0; i < n && !hasMonitor; i++) {
            hasMonitor = insns.get(i).getOpcode() == Opcodes.MONITORENTER;
        }
        if (!hasMonitor) {
            return;
        }
        final int cap = 64;
        int[] held = new int[n];
        java.util.Arrays.fill(held, -1);
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        held[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int op = insns.get(i).getOpcode();
            int after = held[i];
            if (op == Opcodes.MONITORENTER) {
                after = Math.min(cap, after + 1);
            } else if (op == Opcodes.MONITOREXIT) {
                after = Math.max(0, after - 1);
            }
            for (int s : successors.get(i)) {
                if (after > held[s]) {
                    held[s] = after;
                    work.add(s);
                }
            }
            for (int h : handlers.get(i)) {
                if (held[i] > held[h]) {
                    held[h] = held[i];
                    work.add(h);
                }
            }
        }
        for (MethodInsnNode await : awaits) {
            if (held[insns.indexOf(await)] > 0) {
                throw new RewriteRefusedException(
                        methodId,
                        "await inside a synchronized block (the lock cannot be held while the coroutine is"
                                + " suspended); move the await out of the block, or guard the state with"
                                + " io.jasyncio.sync.Lock");
            }
        }
    }
}
