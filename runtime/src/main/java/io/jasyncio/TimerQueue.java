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

    private final PriorityQueue<TimerHandle> heap = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.deadlineNanos, b.deadlineNanos);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    });
    private int cancelledCount;

    void add(TimerHandle timer) {
        timer.scheduled = true;
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
        if (heap.size() > MIN_SIZE_FOR_REBUILD && cancelledCount * 2 > heap.size()) {
            List<TimerHandle> live = new ArrayList<>(heap.size() - cancelledCount);
            for (TimerHandle t : heap) {
                if (t.cancelled()) {
                    t.scheduled = false;
                } else {
                    live.add(t);
                }
            }
            heap.clear();
            heap.addAll(live);
            cancelledCount = 0;
            return;
        }
        TimerHandle head;
        while ((head = heap.peek()) != null && head.cancelled()) {
            heap.poll();
            head.scheduled = false;
            cancelledCount--;
        }
    }

    /** The deadline of the earliest timer, or Long.MAX_VALUE if none (call dropCancelled first). */
    long nextDeadline() {
        TimerHandle head = heap.peek();
        return head == null ? Long.MAX_VALUE : head.deadlineNanos;
    }

    /** Removes and returns the earliest timer if it is due at {@code now}, skipping cancelled ones. */
    TimerHandle pollDue(long now) {
        TimerHandle head;
        while ((head = heap.peek()) != null && head.deadlineNanos <= now) {
            heap.poll();
            head.scheduled = false;
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
        for (TimerHandle t : heap) {
            t.scheduled = false;
        }
        heap.clear();
        cancelledCount = 0;
    }
}
