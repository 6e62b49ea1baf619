package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * The relocator's contract: afterwards no await has an uninitialized object in its frame; the
 * object is created just before its constructor call with the arguments reloaded from fresh locals;
 * a method with nothing to move is left instruction for instruction as it was; shapes javac does
 * not emit are refused.
 */
class UninitializedRelocatorTest {
    @TempDir
    Path tmp;

    @Test
    void anAllocationAroundAnAwaitIsCreatedAfterItsArguments() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<Object> m(String a) {",
                "  return done(new AbstractMap.SimpleEntry<String, Object>(a, await(ready(1))));",
                "}")) {
            MethodNode m = in.method("m");
            int localsBefore = m.maxLocals;
            UninitializedRelocator.relocate(PassInput.OWNER, m, "m");

            MethodInsnNode await = PassInput.awaits(m).get(0);
            assertTrue(noNewBefore(m.instructions, await), "the NEW that was before the await is gone from there");
            MethodInsnNode init = (MethodInsnNode) next(await, Opcodes.INVOKESPECIAL);
            // Just before the constructor: store both arguments, NEW, DUP, load them back.
            List<Integer> ops = PassInput.opcodes(List.of(window(init, 6)));
            assertEquals(
                    List.of(Opcodes.ASTORE, Opcodes.ASTORE, Opcodes.NEW, Opcodes.DUP, Opcodes.ALOAD, Opcodes.ALOAD),
                    ops);
            VarInsnNode firstStore = (VarInsnNode) window(init, 6)[0];
            assertEquals(localsBefore + 1, firstStore.var, "the last argument goes to the second fresh local");
            assertEquals(localsBefore + 2, m.maxLocals, "two fresh locals for the two arguments");
            assertNoUninitializedAtAwaits(m);
        }
    }

    @Test
    void aMethodWithoutAllocationsAcrossAwaitsIsLeftAsItWas() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<Object> m(String a) {",
                "  Object o = new StringBuilder(a);",
                "  await(ready(1));",
                "  return done(o);",
                "}")) {
            MethodNode m = in.method("m");
            List<AbstractInsnNode> before = List.of(m.instructions.toArray());
            int locals = m.maxLocals;
            UninitializedRelocator.relocate(PassInput.OWNER, m, "m");
            assertEquals(before, List.of(m.instructions.toArray()));
            assertEquals(locals, m.maxLocals);
        }
    }

    @Test
    void anObjectThatIsNeverInitializedIsRefused() {
        // NEW Object; <await>; POP; POP: the object is dropped, never constructed.
        MethodNode m = handWritten(
                new TypeInsnNode(Opcodes.NEW, "java/lang/Object"),
                new InsnNode(Opcodes.ACONST_NULL),
                await(),
                new InsnNode(Opcodes.POP),
                new InsnNode(Opcodes.POP));
        RewriteRefusedException e = assertThrows(
                RewriteRefusedException.class,
                () -> UninitializedRelocator.relocate("fx/H", m, "m()Ljava/lang/Object;"));
        assertEquals("m()Ljava/lang/Object;", e.method());
        assertEquals(
                "an object is created ('new java.lang.Object') around an await but never initialized, a bytecode"
                        + " shape javac does not emit; compile the class with javac, or move the await out of the"
                        + " 'new' expression",
                e.reason());
    }

    @Test
    void anObjectMovedOtherwiseThanJavacDoesIsRefused() {
        // NEW; DUP; <await>; POP; SWAP; INVOKESPECIAL: the SWAP is not a shape the relocator can move.
        MethodNode m = handWritten(
                new TypeInsnNode(Opcodes.NEW, "java/lang/Object"),
                new InsnNode(Opcodes.DUP),
                new InsnNode(Opcodes.ACONST_NULL),
                await(),
                new InsnNode(Opcodes.POP),
                new InsnNode(Opcodes.SWAP),
                new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V"),
                new InsnNode(Opcodes.POP));
        RewriteRefusedException e = assertThrows(
                RewriteRefusedException.class,
                () -> UninitializedRelocator.relocate("fx/H", m, "m()Ljava/lang/Object;"));
        assertEquals(
                "an await inside the arguments of 'new java.lang.Object(...)' in a bytecode shape javac does not"
                        + " emit; compile the class with javac, or move the await out of the 'new' expression"
                        + " (assign its result to a local first)",
                e.reason());
    }

    /** A static {@code m()Object} of class fx/H: the given code, then {@code return null}. */
    static MethodNode handWritten(AbstractInsnNode... code) {
        MethodNode m = new MethodNode(Opcodes.ASM9, Opcodes.ACC_STATIC, "m", "()Ljava/lang/Object;", null, null);
        for (AbstractInsnNode insn : code) {
            m.instructions.add(insn);
        }
        m.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        m.maxLocals = 0;
        m.maxStack = 8;
        return m;
    }

    static MethodInsnNode await() {
        return new MethodInsnNode(
                Opcodes.INVOKESTATIC, RuntimeNames.ASYNCIO, "await", "(Lio/jasyncio/Coroutine;)Ljava/lang/Object;");
    }

    private static void assertNoUninitializedAtAwaits(MethodNode m) throws Exception {
        // SourceInterpreter tells which instruction produced each value: none may be a NEW.
        Frame<SourceValue>[] frames = new Analyzer<>(new SourceInterpreter()).analyze(PassInput.OWNER, m);
        for (MethodInsnNode await : PassInput.awaits(m)) {
            Frame<SourceValue> f = frames[m.instructions.indexOf(await)];
            for (int i = 0; i < f.getStackSize(); i++) {
                for (AbstractInsnNode source : f.getStack(i).insns) {
                    assertTrue(source.getOpcode() != Opcodes.NEW && source.getOpcode() != Opcodes.DUP, "stack " + i);
                }
            }
        }
        new Analyzer<BasicValue>(new org.objectweb.asm.tree.analysis.BasicVerifier()).analyze(PassInput.OWNER, m);
    }

    private static boolean noNewBefore(InsnList insns, AbstractInsnNode await) {
        for (AbstractInsnNode i = insns.getFirst(); i != await; i = i.getNext()) {
            if (i.getOpcode() == Opcodes.NEW) {
                return false;
            }
        }
        return true;
    }

    private static AbstractInsnNode next(AbstractInsnNode from, int opcode) {
        AbstractInsnNode i = from;
        while (i.getOpcode() != opcode) {
            i = i.getNext();
        }
        return i;
    }

    /** The {@code n} real instructions just before {@code at}. */
    private static AbstractInsnNode[] window(AbstractInsnNode at, int n) {
        AbstractInsnNode[] out = new AbstractInsnNode[n];
        AbstractInsnNode i = at.getPrevious();
        for (int k = n - 1; k >= 0; i = i.getPrevious()) {
            if (i.getOpcode() >= 0) {
                out[k--] = i;
            }
        }
        return out;
    }
}
