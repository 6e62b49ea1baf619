package io.jasyncio;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The N of unnamed tasks' {@code Task-N} names, given at creation as asyncio does. Each thread
 * takes numbers from the JVM-wide counter a block at a time, so that creating a task costs no
 * atomic operation (loops on several threads would otherwise fight over one cache line): numbers
 * are unique in the JVM and follow creation order on each thread, consecutively for a program
 * that runs its loops on one thread.
 */
final class TaskNumbers {
    private static final int BLOCK = 1024;
    private static final AtomicInteger TAKEN = new AtomicInteger();
    private static final ThreadLocal<TaskNumbers> MINE = ThreadLocal.withInitial(TaskNumbers::new);

    private int next;
    private int left;

    private TaskNumbers() {}

    /** This thread's numbers; a loop keeps them while it runs. */
    static TaskNumbers ofThisThread() {
        return MINE.get();
    }

    int next() {
        if (left == 0) {
            next = TAKEN.getAndAdd(BLOCK) + 1;
            left = BLOCK;
        }
        left--;
        return next++;
    }
}
