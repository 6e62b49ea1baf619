package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The stub's contract with the resume method and the runtime: it makes the frame with the resume
 * method as its state machine and the method's site, allocates both arrays once at the layout's
 * sizes, saves the live arguments at label 0's indices (where the restore chain of label 0 reads
 * them) and returns the frame; it keeps the first line and the parameters' names, and no try block.
 */
class StubWriterTest {
    @TempDir
    Path tmp;

    @Test
    void theStubMakesTheFrameAndSavesTheLiveArgumentsAsIfSuspendedAtLabelZero() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async Coroutine<String> m(String s, long n, float f) {",
                "  try { await(ready(1)); } catch (RuntimeException e) { }",
                "  return done(s + n + f);",
                "}")) {
            MethodNode m = in.method("m");
            List<ResumePoint> points = in.planned(m);
            SaveLayout layout = SaveLayoutPlanner.plan(points, SaveLayoutPlanner.Strategy.PER_AWAIT);
            StubWriter.Original original = StubWriter.Original.of(m);
            StubWriter.write(m, original, PassInput.OWNER, false, "m$resume", "fx.P.m(P.java)", points.get(0), layout);

            InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) find(m, Opcodes.INVOKEDYNAMIC);
            assertEquals(
                    new Handle(Opcodes.H_INVOKESTATIC, "fx/P", "m$resume", RuntimeNames.RESUME_DESC, false),
                    indy.bsmArgs[1]);
            List<String> text = new ArrayList<>(PassInput.text(m.instructions));
            int indyAt = text.indexOf("INVOKEDYNAMIC resume()Lio/jasyncio/internal/StateMachine; [");
            text.subList(indyAt + 1, text.indexOf("]") + 1).clear();
            // slots: this 0, s 1, n 2-3, f 4; then the frame 5, refs 6, prims 7
            assertEquals(
                    List.of(
                            "L0",
                            "LINENUMBER 8 L0", // the body's first line (PassInput's header takes lines 1 to 6)
                            "NEW io/jasyncio/CoroutineFrame",
                            "DUP",
                            "INVOKEDYNAMIC resume()Lio/jasyncio/internal/StateMachine; [",
                            "LDC \"fx.P.m(P.java)\"",
                            "INVOKESPECIAL io/jasyncio/CoroutineFrame.<init> (Lio/jasyncio/internal/StateMachine;Ljava/lang/String;)V",
                            "ASTORE 5",
                            "ALOAD 5",
                            "ICONST_1",
                            "INVOKEVIRTUAL io/jasyncio/CoroutineFrame.refs (I)[Ljava/lang/Object;",
                            "ASTORE 6",
                            "ALOAD 5",
                            "ICONST_2",
                            "INVOKEVIRTUAL io/jasyncio/CoroutineFrame.prims (I)[J",
                            "ASTORE 7",
                            "ALOAD 6",
                            "ICONST_0",
                            "ALOAD 1",
                            "AASTORE",
                            "ALOAD 7",
                            "ICONST_0",
                            "LLOAD 2",
                            "LASTORE",
                            "ALOAD 7",
                            "ICONST_1",
                            "FLOAD 4",
                            "INVOKESTATIC java/lang/Float.floatToRawIntBits (F)I",
                            "I2L",
                            "LASTORE",
                            "ALOAD 5",
                            "ARETURN",
                            "L1"),
                    text,
                    "this is never read, so not saved");
            SaveLayout.Group entry = layout.groupOf(0);
            assertEquals(
                    List.of(0, 0, 1),
                    points.get(0).stored().stream()
                            .map(v -> entry.index().get(v))
                            .toList(),
                    "the indices label 0's restore chain reads: s at refs[0], n at prims[0], f at prims[1]");
            assertEquals(List.of(), m.tryCatchBlocks, "the try moved to the resume method");
            assertEquals(8, m.maxLocals);
            List<String> names = new ArrayList<>();
            for (LocalVariableNode v : m.localVariables) {
                names.add(v.name + "@" + v.index);
                assertSame(m.instructions.getFirst(), v.start, "over the whole stub");
                assertSame(m.instructions.getLast(), v.end);
            }
            assertEquals(List.of("this@0", "s@1", "n@2", "f@4"), names, "the parameters keep their names");
        }
    }

    private static AbstractInsnNode find(MethodNode m, int opcode) {
        for (AbstractInsnNode i : m.instructions) {
            if (i.getOpcode() == opcode) {
                return i;
            }
        }
        throw new AssertionError("no opcode " + opcode);
    }
}
