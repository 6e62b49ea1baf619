package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

/**
 * The layout's contract for the writers: every point is in exactly one group and saves through its
 * chain from its entry on; within a group no slot holds two different values and each value has one
 * index, distinct from the other values of its array; the arrays are as long as the largest chain.
 */
class SaveLayoutPlannerTest {
    private static final Type STRING = Type.getObjectType("java/lang/String");
    private static final SavedValue S1 = new SavedValue(1, SavedValue.Kind.REF, STRING);
    private static final SavedValue I2 = new SavedValue(2, SavedValue.Kind.INT, null);
    private static final SavedValue J3 = new SavedValue(3, SavedValue.Kind.LONG, null);
    private static final SavedValue F2 = new SavedValue(2, SavedValue.Kind.FLOAT, null);
    private static final SavedValue N4 = new SavedValue(4, SavedValue.Kind.NULL, null);

    private static ResumePoint point(int label, SavedValue... locals) {
        return new ResumePoint(label, null, label == 0 ? 0 : 10 + label, List.of(locals), List.of(), null);
    }

    @Test
    void perAwaitGivesEachPointItsOwnExactChain() {
        List<ResumePoint> points = List.of(point(0, S1), point(1, S1, I2), point(2, J3, N4));
        SaveLayout layout = SaveLayoutPlanner.plan(points, SaveLayoutPlanner.Strategy.PER_AWAIT);
        assertEquals(3, layout.groups().size());
        for (int k = 0; k < 3; k++) {
            SaveLayout.Group g = layout.groups().get(k);
            assertEquals(List.of(points.get(k)), g.points());
            assertEquals(Set.copyOf(points.get(k).stored()), Set.copyOf(g.chain()), "exactly the stored values");
            assertEquals(0, g.entry().get(k), "enters at the start");
            assertEquals(List.of(), g.extras(points.get(k)));
        }
        assertEquals(0, (int) layout.groups().get(1).index().get(S1), "indices restart in each group");
        assertEquals(0, (int) layout.groups().get(1).index().get(I2));
        assertEquals(1, layout.maxRefs());
        assertEquals(1, layout.maxPrims());
        assertTrue(!layout.groups().get(2).chain().contains(N4), "a known null is never in a chain");
    }

    @Test
    void sharedGroupsPointsWhoseSlotsAgreeAndOrdersTheChainFewestFirst() {
        // Nested live sets: entry {S1}, then {S1, I2}, then {S1, I2, J3}; point 3 puts a float in slot 2.
        ResumePoint p0 = point(0, S1);
        ResumePoint p1 = point(1, S1, I2);
        ResumePoint p2 = point(2, S1, I2, J3);
        ResumePoint p3 = point(3, S1, F2);
        SaveLayout layout = SaveLayoutPlanner.plan(List.of(p0, p1, p2, p3), SaveLayoutPlanner.Strategy.SHARED);
        assertEquals(2, layout.groups().size(), "the float in slot 2 cannot share with the int there");
        SaveLayout.Group g = layout.groups().get(0);
        assertEquals(List.of(p0, p1, p2), g.points());
        assertEquals(List.of(J3, I2, S1), g.chain(), "saved at fewer points first, so every set is a tail");
        assertEquals(2, g.entry().get(0));
        assertEquals(1, g.entry().get(1));
        assertEquals(0, g.entry().get(2));
        for (ResumePoint p : g.points()) {
            assertEquals(List.of(), g.extras(p), "nested sets have no extras");
        }
        assertEquals(List.of(p3), layout.groups().get(1).points());
        assertNoSlotHoldsTwoValuesAndIndicesAreDistinct(layout);
        assertEquals(1, layout.maxRefs());
        assertEquals(2, layout.maxPrims(), "J3 and I2 in the first group's prims");
    }

    @Test
    void aPointEnteringBeforeValuesItDoesNotHoldGetsThemAsExtras() {
        SavedValue r5 = new SavedValue(5, SavedValue.Kind.REF, STRING);
        ResumePoint p1 = point(1, S1, I2);
        ResumePoint p2 = point(2, S1, r5);
        SaveLayout.Group g = SaveLayoutPlanner.plan(List.of(point(0), p1, p2), SaveLayoutPlanner.Strategy.SHARED)
                .groupOf(1);
        assertEquals(List.of(I2, r5, S1), g.chain());
        assertEquals(List.of(r5), g.extras(p1), "p1 enters at I2 and runs through r5, which it does not hold");
        assertEquals(List.of(), g.extras(p2));
    }

    @Test
    void automaticSharesOnlyWhenPerAwaitCodeWouldPassTheBudget() {
        List<ResumePoint> small = List.of(point(0, S1), point(1, S1, I2));
        assertEquals(
                2,
                SaveLayoutPlanner.plan(small, SaveLayoutPlanner.Strategy.AUTOMATIC)
                        .groups()
                        .size());

        List<SavedValue> many = new ArrayList<>();
        for (int slot = 0; slot < 200; slot += 2) {
            many.add(new SavedValue(slot, SavedValue.Kind.LONG, null));
        }
        List<ResumePoint> large = new ArrayList<>();
        for (int k = 0; k <= 100; k++) {
            large.add(new ResumePoint(k, null, k, List.copyOf(many), List.of(), null));
        }
        assertTrue(100 * 101 * 22 > SaveLayoutPlanner.PER_AWAIT_BUDGET, "the fixture is over the budget");
        SaveLayout layout = SaveLayoutPlanner.plan(large, SaveLayoutPlanner.Strategy.AUTOMATIC);
        assertEquals(1, layout.groups().size(), "the same values at every point: one shared chain");
        assertEquals(100, layout.maxPrims());
        assertNoSlotHoldsTwoValuesAndIndicesAreDistinct(layout);
    }

    private static void assertNoSlotHoldsTwoValuesAndIndicesAreDistinct(SaveLayout layout) {
        Set<Integer> labels = new HashSet<>();
        for (SaveLayout.Group g : layout.groups()) {
            Set<Integer> slots = new HashSet<>();
            Set<Integer> refs = new HashSet<>();
            Set<Integer> prims = new HashSet<>();
            for (SavedValue v : g.chain()) {
                for (int s = v.slot(); s < v.slot() + v.kind().size(); s++) {
                    assertTrue(slots.add(s), "slot " + s + " holds two values in " + g.chain());
                }
                int index = g.index().get(v);
                assertTrue((v.isPrimitive() ? prims : refs).add(index), "index " + index + " taken twice");
                assertTrue(index < (v.isPrimitive() ? layout.maxPrims() : layout.maxRefs()), "fits the array");
            }
            for (ResumePoint p : g.points()) {
                assertTrue(labels.add(p.label()), "point " + p.label() + " in two groups");
                assertTrue(
                        g.chain()
                                .subList(g.entry().get(p.label()), g.chain().size())
                                .containsAll(p.stored()),
                        "the chain from the point's entry saves everything it stores");
            }
        }
    }
}
