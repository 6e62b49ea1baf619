package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The loop's timers, ordered by deadline and then by scheduling order. Cancelled timers are
 * dropped lazily; when more than half of a large queue is cancelled, the heap is rebuilt, so a
 * program that keeps cancelling timeouts does not pile them up (CPython does the same).
 */
final class TimerQueue {
    private static final int MIN_SIZE_FOR_REBUILD = 100;

    /**
     * What the queue orders: a {@link QueuedTimer}, or a {@link Sleep}, which is its own timer so
     * that a sleeping task holds no handle and callback besides its sleep. When due, an entry
     * moves to the loop's ready queue as it is.
     */
    interface Entry extends ReadyItem {
        long deadlineNanos();

        /**
         * Tie-break between equal deadlines: the order the timers were scheduled in. An int that
         * wraps, compared by difference: right while the timers in the queue at one time were
         * scheduled fewer than 2^31 timers apart; an int rather than a long so that a Sleep,
         * one per sleeping task, stays a word smaller.
         */
        int sequence();

        boolean cancelled();

        /** Told when the entry enters and leaves the queue, so that cancelling it can be counted. */
        void setScheduled(boolean scheduled);
    }

    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.deadlineNanos(), b.deadlineNanos());
        return c != 0 ? c : Integer.signum(a.sequence() - b.sequence());
    });
    private int cancelledCount;
    private int nextSequence;

    TimerQueue() {
        this(0);
    }

    /** A queue whose first sequence number is {@code firstSequence} (tests start it near the wrap). */
    TimerQueue(int firstSequence) {
        this.nextSequence = firstSequence;
    }

    /** The sequence number the next entry must carry. */
    int newSequence() {
        return nextSequence++;
    }

    void add(Entry timer) {
        timer.setScheduled(true);
        heap.add(timer);
    }

    /** Called when a queued timer is cancelled. */
    void cancelled() {
        cancelledCount++;
    }

    int size() {
        return heap.size();
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** Drops cancelled timers: all of them if they are most of a large queue, else those at the head. */
    void dropCancelled() {
        if (cancelledCount == 0) {
            return;
        }
        if (heap.size() > MIN_SIZE_FOR_REBUILD && cancelledCount * 2 > heap.size()) {
            List<Entry> live = new ArrayList<>(heap.size() - cancelledCount);
            for (Entry t : heap) {
                if (t.cancelled()) {
                    t.setScheduled(false);
                } else {
                    live.add(t);
                }
            }
            heap.clear();
            heap.addAll(live);
            cancelledCount = 0;
            return;
        }
        Entry head;
        while ((head = heap.peek()) != null && head.cancelled()) {
            heap.poll();
            head.setScheduled(false);
            cancelledCount--;
        }
    }

    /** The deadline of the earliest timer, or Long.MAX_VALUE if none (call dropCancelled first). */
    long nextDeadline() {
        Entry head = heap.peek();
        return head == null ? Long.MAX_VALUE : head.deadlineNanos();
    }

    /** Removes and returns the earliest timer if it is due at {@code now}, skipping cancelled ones. */
    Entry pollDue(long now) {
        Entry head;
        while ((head = heap.peek()) != null && head.deadlineNanos() <= now) {
            heap.poll();
            head.setScheduled(false);
            if (head.cancelled()) {
                cancelledCount--;
                continue;
            }
            return head;
        }
        return null;
    }

    /** Removes everything (the loop is closing). */
    void clear() {
        for (Entry t : heap) {
            t.setScheduled(false);
        }
        heap.clear();
        cancelledCount = 0;
    }
}
