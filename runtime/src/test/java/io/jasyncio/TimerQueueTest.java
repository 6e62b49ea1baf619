package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    /** A timer entry that records nothing but its name, deadline and sequence. */
    private static final class Timer implements TimerQueue.Entry {
        final String name;
        final long deadline;
        final int sequence;
        boolean cancelled;

        Timer(String name, long deadline, int sequence) {
            this.name = name;
            this.deadline = deadline;
            this.sequence = sequence;
        }

        @Override
        public long deadlineNanos() {
            return deadline;
        }

        @Override
        public int sequence() {
            return sequence;
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public void setScheduled(boolean scheduled) {}

        @Override
        public void runReady(EventLoop loop) {
            throw new AssertionError("a timer queue alone runs nothing");
        }
    }

    private static List<String> drain(TimerQueue q) {
        List<String> order = new ArrayList<>();
        for (TimerQueue.Entry e; (e = q.pollDue(Long.MAX_VALUE)) != null; ) {
            order.add(((Timer) e).name);
        }
        return order;
    }

    @Test
    void equalDeadlinesComeOutInTheOrderTheyWereScheduled() {
        TimerQueue q = new TimerQueue();
        q.add(new Timer("late", 20, q.newSequence()));
        q.add(new Timer("a", 10, q.newSequence()));
        q.add(new Timer("b", 10, q.newSequence()));
        q.add(new Timer("c", 10, q.newSequence()));
        assertEquals(List.of("a", "b", "c", "late"), drain(q));
    }

    @Test
    void scheduleOrderHoldsAcrossTheWrapOfTheSequenceNumbers() {
        TimerQueue q = new TimerQueue(Integer.MAX_VALUE - 1);
        q.add(new Timer("a", 10, q.newSequence())); // MAX_VALUE - 1
        q.add(new Timer("b", 10, q.newSequence())); // MAX_VALUE
        q.add(new Timer("c", 10, q.newSequence())); // MIN_VALUE: wrapped, still after b
        q.add(new Timer("d", 10, q.newSequence()));
        assertEquals(List.of("a", "b", "c", "d"), drain(q));
    }

    @Test
    void cancelledTimersAreSkipped() {
        TimerQueue q = new TimerQueue();
        Timer a = new Timer("a", 10, q.newSequence());
        q.add(a);
        q.add(new Timer("b", 10, q.newSequence()));
        a.cancelled = true;
        q.cancelled();
        assertEquals(List.of("b"), drain(q));
    }
}
