package io.jasyncio.sync;

import java.util.Comparator;

/**
 * A {@link Queue} that hands out its smallest item first; asyncio's {@code PriorityQueue}. Items
 * are ordered by {@code comparator}, or by their natural order (they must then be {@link
 * Comparable}). As with asyncio's heap, items that compare equal come out in no set order: give
 * them a sequence number if the order matters.
 *
 * <pre>{@code
 * record Job(int priority, String name) { }
 * PriorityQueue<Job> jobs = new PriorityQueue<>(0, Comparator.comparingInt(Job::priority));
 * await(jobs.put(new Job(2, "later")));
 * await(jobs.put(new Job(1, "sooner")));
 * Job next = await(jobs.get());             // "sooner"
 * }</pre>
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {
    /** Creates an unbounded queue of {@link Comparable} items. */
    public PriorityQueue() {
        this(0);
    }

    /** Creates a queue of {@link Comparable} items holding at most {@code maxsize} (zero or less: unbounded). */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /** Creates a queue ordered by {@code comparator} holding at most {@code maxsize} items (zero or less: unbounded). */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new java.util.PriorityQueue<>(comparator));
    }
}
