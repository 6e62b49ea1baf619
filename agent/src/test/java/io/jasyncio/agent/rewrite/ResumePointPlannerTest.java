package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * The planner's contract for the layout and the writers: label 0 holds the live arguments, label k
 * the k-th await in code order with its source line; each point lists its live locals in slot order
 * with their kinds and the type each reference is cast back to (one this class may name), known
 * {@code null}s as {@link SavedValue.Kind#NULL}, and the operand stack below the awaited value,
 * bottom first, each entry in its own spill slot from {@link FrameSlots#spillBase()} on.
 */
class ResumePointPlannerTest {
    @TempDir
    Path tmp;

    private static final Type STRING = Type.getObjectType("java/lang/String");

    @Test
    void entryAndEachAwaitGetAPointWithTheirLiveLocalsInSlotOrder() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async Coroutine<String> m(String s, long n, int unused) {",
                "  double d = n * 0.5;",
                "  int k = await(ready(1));",
                "  float f = k;",
                "  await(ready(2));",
                "  return done(s + n + d + f);",
                "}")) {
            MethodNode m = in.method("m");
            List<ResumePoint> points = in.planned(m);
            assertEquals(3, points.size());

            ResumePoint entry = points.get(0);
            assertEquals(0, entry.label());
            assertNull(entry.await());
            assertEquals(
                    List.of(
                            new SavedValue(1, SavedValue.Kind.REF, STRING),
                            new SavedValue(2, SavedValue.Kind.LONG, null)),
                    entry.locals(),
                    "this (0) and unused (4) are never read: dead at entry, not saved");
            assertEquals(List.of(), entry.stack());

            ResumePoint first = points.get(1);
            assertEquals(1, first.label());
            assertSame(PassInput.awaits(m).get(0), first.await());
            assertEquals(9, first.line(), "the await's source line (PassInput's header takes lines 1 to 6)");
            assertEquals(
                    List.of(
                            new SavedValue(1, SavedValue.Kind.REF, STRING),
                            new SavedValue(2, SavedValue.Kind.LONG, null),
                            new SavedValue(5, SavedValue.Kind.DOUBLE, null)),
                    first.locals());

            ResumePoint second = points.get(2);
            assertEquals(2, second.label());
            assertEquals(11, second.line());
            assertEquals(
                    List.of(
                            new SavedValue(1, SavedValue.Kind.REF, STRING),
                            new SavedValue(2, SavedValue.Kind.LONG, null),
                            new SavedValue(5, SavedValue.Kind.DOUBLE, null),
                            new SavedValue(8, SavedValue.Kind.FLOAT, null)),
                    second.locals(),
                    "k (7) is dead after it is converted to f");
            assertEquals(second.locals(), second.stored());
        }
    }

    @Test
    void stackEntriesBelowTheAwaitedValueGetSpillSlotsBottomFirst() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "static long f(String s, long a, int b) { return a + b; }",
                "@Async static Coroutine<Long> m(long a) {",
                "  return done(f(\"x\", a, (Integer) await(ready(1))));",
                "}")) {
            MethodNode m = in.method("m");
            List<ResumePoint> points = in.planned(m);
            int spill = FrameSlots.after(m.maxLocals).spillBase();
            assertEquals(
                    List.of(
                            new SavedValue(spill, SavedValue.Kind.REF, STRING),
                            new SavedValue(spill + 1, SavedValue.Kind.LONG, null)),
                    points.get(1).stack(),
                    "\"x\" then a (two slots); the awaited value itself is not saved");
            assertEquals(List.of(), points.get(1).locals(), "a is on the stack, not read again from its slot");
            assertEquals(3, points.get(1).spillSlots());
        }
    }

    @Test
    void aKnownNullIsNotStoredAndAnInaccessibleTypeIsCastToAnAccessibleSuperclass() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "@Async static Coroutine<String> m(boolean b) {",
                "  String none = null;",
                "  CharSequence chars = b ? new StringBuilder() : new StringBuffer();",
                "  await(ready(1));",
                "  return done(none + chars);",
                "}")) {
            MethodNode m = in.method("m");
            ResumePoint p = in.planned(m).get(1);
            assertEquals(
                    List.of(
                            new SavedValue(1, SavedValue.Kind.NULL, null),
                            new SavedValue(2, SavedValue.Kind.REF, Type.getObjectType("java/lang/Object"))),
                    p.locals(),
                    "AbstractStringBuilder, the verifier's merge, is package-private in java.lang");
            assertEquals(
                    List.of(new SavedValue(2, SavedValue.Kind.REF, Type.getObjectType("java/lang/Object"))),
                    p.stored());
        }
    }

    @Test
    void aNullOnTheStackTakesNoSpillSlot() throws Exception {
        try (PassInput in = PassInput.compile(
                tmp,
                "static String f(String s, String t, Object o) { return s + t + o; }",
                "@Async static Coroutine<String> m(String t) {",
                "  return done(f(null, t, await(ready(1))));",
                "}")) {
            MethodNode m = in.method("m");
            int spill = FrameSlots.after(m.maxLocals).spillBase();
            assertEquals(
                    List.of(
                            new SavedValue(-1, SavedValue.Kind.NULL, null),
                            new SavedValue(spill, SavedValue.Kind.REF, STRING)),
                    in.planned(m).get(1).stack());
        }
    }
}
