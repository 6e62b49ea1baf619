package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The await rewrite's contract for the assembled method: no call of {@code Asyncio.await} is left;
 * each await asks the frame, and on suspension spills its stack, records label and line and jumps
 * to its save entry; its resume label (marked in the body, where the await was, so inside the
 * user's try ranges) takes the value from the frame and joins the original next instruction; every
 * {@code ARETURN} goes through {@code CoroutineFrame.complete}, {@code done(v)} through
 * {@code CoroutineFrame.done}.
 */
class AwaitRewriterTest {
    @TempDir
    Path tmp;

    @Test
    void anAwaitBecomesTheSuspendAndResumeSequenceInsideTheUsersTry() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<String> m(String s, Coroutine<String> c) {",
                "  try {",
                "    return done(s.concat(await(c)));",
                "  } catch (IllegalStateException e) {",
                "    return done(\"failed\");",
                "  }",
                "}")) {
            MethodNode m = in.method("m");
            List<ResumePoint> points = in.planned(m);
            FrameSlots slots = FrameSlots.after(m.maxLocals);
            SaveLayout layout = SaveLayoutPlanner.plan(points, SaveLayoutPlanner.Strategy.PER_AWAIT);
            SaveRestoreWriter chains = new SaveRestoreWriter(slots, new LabelNode());
            Map<Integer, LabelNode> resumeLabels = new HashMap<>();
            resumeLabels.put(0, new LabelNode());
            resumeLabels.put(1, new LabelNode());
            chains.restoreCode(layout, resumeLabels);
            InsnList save = chains.saveCode(layout);
            InsnList body = m.instructions;
            new AwaitRewriter(slots).rewrite(body, points, layout, chains.saveEntries, resumeLabels);

            assertTrue(
                    Stream.of(body.toArray())
                            .noneMatch(i -> i instanceof MethodInsnNode call
                                    && call.owner.equals(RuntimeNames.ASYNCIO)
                                    && (call.name.equals("await") || call.name.equals("done"))),
                    "no Asyncio.await or Asyncio.done left");

            LabelNode resume = resumeLabels.get(1);
            assertTrue(body.contains(resume), "the resume label is marked in the body");
            int f = slots.frame();
            int spill = slots.spillBase();
            // From the frame's await to the user's own next instructions, labels named by first use:
            List<String> all = PassInput.text(body).stream()
                    .filter(l -> !l.startsWith("LINENUMBER"))
                    .toList();
            int from = all.indexOf(
                    "INVOKEVIRTUAL io/jasyncio/CoroutineFrame.await (Ljava/lang/Object;)Ljava/lang/Object;");
            List<String> text = renameLabels(all.subList(from, from + 21));
            assertEquals(
                    List.of(
                            "INVOKEVIRTUAL io/jasyncio/CoroutineFrame.await (Ljava/lang/Object;)Ljava/lang/Object;",
                            "DUP",
                            "GETSTATIC io/jasyncio/CoroutineFrame.SUSPENDED : Ljava/lang/Object;",
                            "IF_ACMPNE A",
                            "POP",
                            "ASTORE " + spill, // s, under the awaited value
                            "ALOAD " + f,
                            "ICONST_1",
                            "PUTFIELD io/jasyncio/CoroutineFrame.label : I",
                            "ALOAD " + f,
                            "BIPUSH 9",
                            "PUTFIELD io/jasyncio/CoroutineFrame.line : I",
                            "GOTO B",
                            "C",
                            "ALOAD " + f,
                            "INVOKEVIRTUAL io/jasyncio/CoroutineFrame.resumeValue ()Ljava/lang/Object;",
                            "A",
                            "CHECKCAST java/lang/String",
                            "INVOKEVIRTUAL java/lang/String.concat (Ljava/lang/String;)Ljava/lang/String;",
                            "ALOAD " + f,
                            "INVOKESTATIC io/jasyncio/CoroutineFrame.done (Ljava/lang/Object;Lio/jasyncio/CoroutineFrame;)Lio/jasyncio/Coroutine;"),
                    text);
            AbstractInsnNode gotoSave = resume.getPrevious();
            assertEquals(Opcodes.GOTO, gotoSave.getOpcode());
            assertEquals(chains.saveEntries.get(1), ((org.objectweb.asm.tree.JumpInsnNode) gotoSave).label);
            assertTrue(save.contains(chains.saveEntries.get(1)));
            TryCatchBlockNode tryBlock = m.tryCatchBlocks.get(0);
            int at = body.indexOf(resume);
            assertTrue(
                    body.indexOf(tryBlock.start) < at && at < body.indexOf(tryBlock.end),
                    "resumeValue() throws inside the user's try, so the catch sees it");

            for (AbstractInsnNode i : body) {
                if (i.getOpcode() == Opcodes.ARETURN) {
                    MethodInsnNode before = (MethodInsnNode) i.getPrevious();
                    assertEquals("complete", before.name, "every return goes through complete");
                    assertEquals(f, ((org.objectweb.asm.tree.VarInsnNode) before.getPrevious()).var);
                }
            }
        }
    }

    @Test
    void doneWithoutAValuePassesNull() throws Exception {
        try (PassInput in = PassInput.compile(tmp, "@Async static Coroutine<Void> m() {", "  return done();", "}")) {
            MethodNode m = in.method("m");
            List<ResumePoint> points = in.planned(m);
            FrameSlots slots = FrameSlots.after(m.maxLocals);
            SaveLayout layout = SaveLayoutPlanner.plan(points, SaveLayoutPlanner.Strategy.PER_AWAIT);
            new AwaitRewriter(slots).rewrite(m.instructions, points, layout, Map.of(), Map.of(0, new LabelNode()));
            List<String> text = PassInput.text(m.instructions);
            assertEquals(
                    List.of(
                            "ACONST_NULL",
                            "ALOAD 0",
                            "INVOKESTATIC io/jasyncio/CoroutineFrame.done (Ljava/lang/Object;Lio/jasyncio/CoroutineFrame;)Lio/jasyncio/Coroutine;",
                            "ALOAD 0",
                            "INVOKESTATIC io/jasyncio/CoroutineFrame.complete (Ljava/lang/Object;Lio/jasyncio/CoroutineFrame;)Ljava/lang/Object;",
                            "ARETURN"),
                    text.subList(text.size() - 6, text.size()));
        }
    }

    /** Labels renamed A, B, C, ... in the order they first appear in {@code lines}. */
    private static List<String> renameLabels(List<String> lines) {
        Map<String, String> names = new HashMap<>();
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("\\bL\\d+\\b");
        return lines.stream()
                .map(l -> label.matcher(l)
                        .replaceAll(r ->
                                names.computeIfAbsent(r.group(), k -> String.valueOf((char) ('A' + names.size())))))
                .toList();
    }
}
