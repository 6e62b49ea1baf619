package io.jasyncio.sync;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.util.ArrayDeque;

/**
 * A first-in, first-out queue between the tasks of one event loop; asyncio's {@code Queue}
 * (with Python 3.13's {@link #shutdown}). {@link PriorityQueue} and {@link LifoQueue} change only
 * the order items come out in.
 *
 * <pre>{@code
 * Queue<String> jobs = new Queue<>(10);      // at most 10 items wait: put() suspends when full
 *
 * @Async
 * Coroutine<Void> producer() {
 *     for (String job : List.of("a", "b", "c")) {
 *         await(jobs.put(job));
 *     }
 *     await(jobs.join());                    // until every job was taken and marked done
 *     return done();
 * }
 *
 * @Async
 * Coroutine<Void> consumer() {
 *     while (true) {
 *         String job = await(jobs.get());
 *         try {
 *             await(process(job));
 *         } finally {
 *             jobs.taskDone();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Waiting getters and putters are served in the order they started waiting. A task cancelled
 * while waiting in {@link #get()} or {@link #put} leaves no trace and takes or adds nothing; one
 * woken but cancelled before it ran passes the wake-up on, so no item waits while a getter does.
 * Items may not be null (as in {@code java.util.Queue}).
 *
 * @param <T> the type of the items
 */
public class Queue<T> {
    private final java.util.Queue<T> items;
    private final int maxsize;
    private final Waiters getters = new Waiters(this::passOnGet);
    private final Waiters putters = new Waiters(this::passOnPut);
    /** Items put and not yet marked done by {@link #taskDone()}; {@link #join()} waits for zero. */
    private int unfinishedTasks;

    private final Event finished = new Event();
    private boolean isShutdown;

    /** Creates an unbounded queue. */
    public Queue() {
        this(0);
    }

    /** Creates a queue that holds at most {@code maxsize} items; zero or less means unbounded. */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    /** For the subclasses: {@code items} decides the order items come out in. */
    Queue(int maxsize, java.util.Queue<T> items) {
        this.maxsize = maxsize;
        this.items = items;
        finished.set();
    }

    /** The number of items in the queue. */
    public int qsize() {
        return items.size();
    }

    /** The most items the queue holds; zero or less means unbounded. */
    public int maxsize() {
        return maxsize;
    }

    /** True if the queue holds no item. */
    public boolean empty() {
        return items.isEmpty();
    }

    /** True if the queue holds {@link #maxsize()} items; never for an unbounded queue. */
    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * Adds {@code item}, waiting while the queue is full.
     *
     * @throws QueueShutDown if the queue is shut down, or is shut down while the task waits
     * @throws NullPointerException if {@code item} is null
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting; the item is not added
     */
    @Async
    public Coroutine<Void> put(T item) {
        while (full()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            Asyncio.await(putters.park());
        }
        putNowait(item);
        return done();
    }

    /**
     * Adds {@code item} without waiting.
     *
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     * @throws NullPointerException if {@code item} is null
     */
    public void putNowait(T item) {
        if (item == null) {
            throw new NullPointerException("a Queue cannot hold null items");
        }
        if (isShutdown) {
            throw new QueueShutDown();
        }
        if (full()) {
            throw new QueueFull();
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        getters.wakeNext();
    }

    /**
     * Removes and returns the next item, waiting while the queue is empty.
     *
     * @throws QueueShutDown if the queue is shut down and empty, or is shut down while the task
     *     waits and is then empty
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting; no item is taken
     */
    @Async
    public Coroutine<T> get() {
        while (items.isEmpty()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            Asyncio.await(getters.park());
        }
        return done(getNowait());
    }

    /**
     * Removes and returns the next item without waiting.
     *
     * @throws QueueEmpty if the queue is empty and not shut down
     * @throws QueueShutDown if the queue is empty and shut down
     */
    public T getNowait() {
        T item = items.poll();
        if (item == null) {
            throw isShutdown ? new QueueShutDown() : new QueueEmpty();
        }
        putters.wakeNext();
        return item;
    }

    /**
     * Marks one item taken from the queue as processed. Each {@link #get()} should be followed by
     * one call; when every item put has been marked, {@link #join()} returns.
     *
     * @throws IllegalStateException if called more times than items were put (asyncio raises ValueError)
     */
    public void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("taskDone() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /** Waits until every item put in the queue has been marked done with {@link #taskDone()}. */
    @Async
    public Coroutine<Void> join() {
        if (unfinishedTasks > 0) {
            Asyncio.await(finished.await());
        }
        return done();
    }

    /** As {@link #shutdown(boolean) shutdown(false)}: getters may still take the items left. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (Python 3.13): every put from now on, and every put waiting, throws
     * {@link QueueShutDown}; gets do too once the queue is empty. With {@code immediate}, the
     * items left are discarded at once (each counting as done for {@link #join()}), so waiting
     * getters throw too.
     */
    public void shutdown(boolean immediate) {
        isShutdown = true;
        if (immediate) {
            while (items.poll() != null) {
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        getters.wakeAll();
        putters.wakeAll();
    }

    Waiters getters() {
        return getters;
    }

    Waiters putters() {
        return putters;
    }

    /** A getter woken for an item was cancelled before it ran: wake another while items are there. */
    private void passOnGet() {
        if (!items.isEmpty()) {
            getters.wakeNext();
        }
    }

    /** A putter woken for a free slot was cancelled before it ran: wake another while slots are free. */
    private void passOnPut() {
        if (!full()) {
            putters.wakeNext();
        }
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " maxsize=" + maxsize + " items=" + items
                + (getters.size() > 0 ? " getters[" + getters.size() + "]" : "")
                + (putters.size() > 0 ? " putters[" + putters.size() + "]" : "")
                + (unfinishedTasks > 0 ? " tasks=" + unfinishedTasks : "")
                + (isShutdown ? " shutdown" : "") + ">";
    }
}
