package io.jasyncio.agent.rewrite;

import java.util.List;
import java.util.Map;

/**
 * Where every saved value goes, and which resume points share save and restore code. The resume
 * points are split into groups; within a group no slot holds two different {@link SavedValue}s,
 * so one chain of code saves (and one restores) every value of the group: a point enters the
 * chain at its first value and runs to its end. The values of the chain after a point's entry
 * that the point does not itself save are its <em>extras</em>: saved as {@code null} or whatever
 * dead value their slot holds, restored into slots the point does not read.
 *
 * @param groups the groups, in the order of their first point's label
 * @param maxRefs the length of the {@code refs} array every point's save fits in
 * @param maxPrims the length of the {@code prims} array
 */
record SaveLayout(List<Group> groups, int maxRefs, int maxPrims) {
    /**
     * One group of resume points and its chain.
     *
     * @param points the points, by label
     * @param chain the values saved and restored, in chain order
     * @param index each value's index in {@code refs} (references) or {@code prims} (primitives)
     * @param entry for each point's label, the position in {@code chain} where it enters
     *     ({@code chain.size()} when it saves nothing)
     */
    record Group(
            List<ResumePoint> points,
            List<SavedValue> chain,
            Map<SavedValue, Integer> index,
            Map<Integer, Integer> entry) {
        /** The values the chain saves for {@code point} that it does not itself hold live. */
        List<SavedValue> extras(ResumePoint point) {
            List<SavedValue> stored = point.stored();
            return chain.subList(entry.get(point.label()), chain.size()).stream()
                    .filter(v -> !stored.contains(v))
                    .toList();
        }
    }

    /** The group of the point with {@code label}. */
    Group groupOf(int label) {
        for (Group g : groups) {
            if (g.entry().containsKey(label)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no resume point " + label);
    }
}
