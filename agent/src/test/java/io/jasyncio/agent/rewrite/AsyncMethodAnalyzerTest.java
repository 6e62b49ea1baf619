package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The analysis' contract for the planner: before every reachable instruction, the exact verifier
 * type of each local and stack entry (merged as the verifier merges), the local slots live there
 * (exception edges included), every reachable await in code order; and no await reached with a
 * monitor held.
 */
class AsyncMethodAnalyzerTest {
    @TempDir
    Path tmp;

    @Test
    void framesHoldExactTypesMergedAsTheVerifierMergesThem() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<Object> m(boolean b, String s) {",
                "  List<Object> list = b ? new ArrayList<>() : new LinkedList<>();",
                "  CharSequence chars = b ? new StringBuilder() : new StringBuffer();",
                "  long n = s.length();",
                "  await(ready(1));",
                "  return done(\"\" + list + chars + n + s);",
                "}")) {
            MethodNode m = in.method("m");
            AsyncMethodAnalyzer.Analysis a = in.analyzed(m);
            assertEquals(1, a.awaits.size());
            Frame<BasicValue> f = a.frames[m.instructions.indexOf(a.awaits.get(0))];
            assertEquals(Type.INT_TYPE, f.getLocal(0).getType(), "boolean is int to the verifier");
            assertEquals(Type.getObjectType("java/lang/String"), f.getLocal(1).getType());
            assertEquals(
                    Type.getObjectType("java/util/AbstractList"),
                    f.getLocal(2).getType(),
                    "ArrayList and LinkedList merge to their common superclass, read from the class files");
            assertEquals(
                    Type.getObjectType("java/lang/AbstractStringBuilder"),
                    f.getLocal(3).getType(),
                    "the verifier's merge, even where the class may not name it");
            assertEquals(Type.LONG_TYPE, f.getLocal(4).getType());
        }
    }

    @Test
    void aSlotIsLiveBeforeAnAwaitOnlyIfItIsReadAfterIt() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<Integer> m(int used, int unused) {",
                "  int before = unused * 2;",
                "  System.out.println(before);",
                "  int kept = 3;",
                "  await(ready(1));",
                "  return done(used + kept);",
                "}")) {
            MethodNode m = in.method("m");
            AsyncMethodAnalyzer.Analysis a = in.analyzed(m);
            BitSet live = a.liveBefore[m.instructions.indexOf(a.awaits.get(0))];
            BitSet expected = new BitSet();
            expected.set(0); // used
            expected.set(3); // kept
            assertEquals(expected, live, "unused (1) and before (2) are dead at the await");
        }
    }

    @Test
    void aSlotReadByAHandlerIsLiveThroughoutItsTryRange() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<String> m(String fallback) {",
                "  try {",
                "    return done(\"\" + await(ready(1)));",
                "  } catch (IllegalStateException e) {",
                "    return done(fallback);",
                "  }",
                "}")) {
            MethodNode m = in.method("m");
            AsyncMethodAnalyzer.Analysis a = in.analyzed(m);
            assertTrue(
                    a.liveBefore[m.instructions.indexOf(a.awaits.get(0))].get(0),
                    "fallback is read only by the handler, yet live at the await inside the try");
        }
    }

    @Test
    void awaitsAreListedInCodeOrderAndUnreachableOnesLeftOut() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<Integer> m(int x) {",
                "  int a = await(ready(x));",
                "  int b = await(ready(a + 1));",
                "  return done(b);",
                "}")) {
            MethodNode m = in.method("m");
            // An await after the return: in the code, but never reached.
            m.instructions.add(new org.objectweb.asm.tree.InsnNode(org.objectweb.asm.Opcodes.ACONST_NULL));
            m.instructions.add(UninitializedRelocatorTest.await());
            m.instructions.add(new org.objectweb.asm.tree.InsnNode(org.objectweb.asm.Opcodes.ARETURN));
            AsyncMethodAnalyzer.Analysis a = in.analyzed(m);
            assertEquals(PassInput.awaits(m).subList(0, 2), a.awaits);
            assertEquals(null, a.frames[m.instructions.size() - 1], "the unreachable return has no frame");
        }
    }

    @Test
    void anAwaitInsideASynchronizedBlockIsRefused() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<Integer> m(Object lock) {",
                "  synchronized (lock) {",
                "    return done(await(ready(1)));",
                "  }",
                "}")) {
            MethodNode m = in.method("m");
            RewriteRefusedException e = assertThrows(RewriteRefusedException.class, () -> in.analyzed(m));
            assertEquals("m(Ljava/lang/Object;)Lio/jasyncio/Coroutine;", e.method());
            assertEquals(
                    "await inside a synchronized block (the lock cannot be held while the coroutine is"
                            + " suspended); move the await out of the block, or guard the state with"
                            + " io.jasyncio.sync.Lock",
                    e.reason());
        }
    }

    @Test
    void awaitsInHandlersOfATryAroundASynchronizedBlockHoldNoMonitor() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<Integer> m(Object lock, List<Integer> xs) {",
                "  try {",
                "    synchronized (lock) { xs.add(1); }",
                "  } catch (RuntimeException e) {",
                "    await(ready(0));",
                "  }",
                "  return done(await(ready(xs.size())));",
                "}")) {
            MethodNode m = in.method("m");
            AsyncMethodAnalyzer.Analysis a = in.analyzed(m);
            assertEquals(PassInput.awaits(m), a.awaits, "both awaits, neither refused");
        }
    }
}
