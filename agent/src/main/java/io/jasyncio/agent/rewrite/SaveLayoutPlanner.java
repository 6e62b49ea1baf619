package io.jasyncio.agent.rewrite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fourth pass: groups the resume points so that their save and restore code is shared, and gives
 * every saved value its index in the save arrays ({@link SaveLayout}). Without sharing, the code
 * grows with live values times awaits: a method with a hundred awaits and a hundred live locals
 * would need some 200 KB, three times what the JVM allows in one method.
 *
 * <p>Contract: every point is in exactly one group and saves and restores through its group's
 * chain, entering the save chain at its entry, from which on the chain holds every value the point
 * stores; a value's index is the same at every point of the group and distinct from the other
 * values of its array; no slot of a group holds two different values; {@code maxRefs} and {@code
 * maxPrims} fit every group. The values of the chain after a point's entry that the point does not
 * hold are its extras, which {@link AwaitRewriter} must clear before jumping in.
 */
final class SaveLayoutPlanner {
    /** How resume points are grouped: a value, so tests can run every one. */
    enum Strategy {
        /** Each point alone: exact saves, and the save code carries the await's own line. */
        PER_AWAIT,
        /** First-fit groups of points whose values do not collide in a slot. */
        SHARED,
        /** {@link #PER_AWAIT} while that keeps the method small, else {@link #SHARED}. */
        AUTOMATIC;

        static Strategy fromProperty() {
            String value = System.getProperty(AsyncClassRewriter.LAYOUT_PROPERTY, "");
            return switch (value) {
                case "shared" -> SHARED;
                case "per-await" -> PER_AWAIT;
                default -> AUTOMATIC;
            };
        }
    }

    /** Above this many bytes of per-await save and restore code, {@link Strategy#AUTOMATIC} shares. */
    static final int PER_AWAIT_BUDGET = 40 * 1024;

    /** Rough bytes of code to save and restore one value at one point, for the budget. */
    private static final int BYTES_PER_VALUE = 22;

    private SaveLayoutPlanner() {}

    static SaveLayout plan(List<ResumePoint> points, Strategy strategy) {
        boolean share = strategy == Strategy.SHARED
                || strategy == Strategy.AUTOMATIC && perAwaitBytes(points) > PER_AWAIT_BUDGET;
        List<List<ResumePoint>> grouped = share ? firstFit(points) : alone(points);
        List<SaveLayout.Group> groups = new ArrayList<>();
        int maxRefs = 0;
        int maxPrims = 0;
        for (List<ResumePoint> members : grouped) {
            SaveLayout.Group g = group(members);
            groups.add(g);
            int refs = 0;
            int prims = 0;
            for (SavedValue v : g.chain()) {
                if (v.isPrimitive()) {
                    prims++;
                } else {
                    refs++;
                }
            }
            maxRefs = Math.max(maxRefs, refs);
            maxPrims = Math.max(maxPrims, prims);
        }
        return new SaveLayout(List.copyOf(groups), maxRefs, maxPrims);
    }

    private static int perAwaitBytes(List<ResumePoint> points) {
        long bytes = 0;
        for (ResumePoint p : points) {
            bytes += (long) BYTES_PER_VALUE * p.stored().size();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static List<List<ResumePoint>> alone(List<ResumePoint> points) {
        List<List<ResumePoint>> groups = new ArrayList<>();
        for (ResumePoint p : points) {
            groups.add(List.of(p));
        }
        return groups;
    }

    /** Each point joins the first group none of whose slots holds a different value, else starts one. */
    private static List<List<ResumePoint>> firstFit(List<ResumePoint> points) {
        List<List<ResumePoint>> groups = new ArrayList<>();
        List<Map<Integer, SavedValue>> occupied = new ArrayList<>();
        for (ResumePoint p : points) {
            int chosen = -1;
            for (int g = 0; g < groups.size() && chosen < 0; g++) {
                if (fits(p, occupied.get(g))) {
                    chosen = g;
                }
            }
            if (chosen < 0) {
                groups.add(new ArrayList<>());
                occupied.add(new HashMap<>());
                chosen = groups.size() - 1;
            }
            groups.get(chosen).add(p);
            for (SavedValue v : p.stored()) {
                for (int s = v.slot(); s < v.slot() + v.kind().size(); s++) {
                    occupied.get(chosen).put(s, v);
                }
            }
        }
        return groups;
    }

    private static boolean fits(ResumePoint p, Map<Integer, SavedValue> occupied) {
        for (SavedValue v : p.stored()) {
            for (int s = v.slot(); s < v.slot() + v.kind().size(); s++) {
                SavedValue there = occupied.get(s);
                if (there != null && !there.equals(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The group's chain: values saved at fewer of its points first, so that when the points' sets
     * of values nest (a local declared after each await, say) each point's set is a tail of the
     * chain and has no extras.
     */
    private static SaveLayout.Group group(List<ResumePoint> members) {
        Map<SavedValue, Integer> count = new LinkedHashMap<>();
        for (ResumePoint p : members) {
            for (SavedValue v : p.stored()) {
                count.merge(v, 1, Integer::sum);
            }
        }
        List<SavedValue> chain = new ArrayList<>(count.keySet());
        chain.sort(Comparator.<SavedValue>comparingInt(count::get)
                .thenComparingInt(SavedValue::slot)
                .thenComparing(v -> v.kind().ordinal()));
        Map<SavedValue, Integer> index = new HashMap<>();
        Map<SavedValue, Integer> position = new HashMap<>();
        int refs = 0;
        int prims = 0;
        for (SavedValue v : chain) {
            index.put(v, v.isPrimitive() ? prims++ : refs++);
            position.put(v, position.size());
        }
        Map<Integer, Integer> entry = new LinkedHashMap<>();
        for (ResumePoint p : members) {
            int first = chain.size();
            for (SavedValue v : p.stored()) {
                first = Math.min(first, position.get(v));
            }
            entry.put(p.label(), first);
        }
        return new SaveLayout.Group(List.copyOf(members), List.copyOf(chain), Map.copyOf(index), Map.copyOf(entry));
    }
}
