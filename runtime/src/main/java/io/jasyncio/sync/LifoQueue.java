package io.jasyncio.sync;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A {@link Queue} that hands out its most recently added item first (a stack); asyncio's {@code
 * LifoQueue}.
 *
 * <pre>{@code
 * LifoQueue<String> stack = new LifoQueue<>();
 * stack.putNowait("a");
 * stack.putNowait("b");
 * String top = await(stack.get());          // "b"
 * }</pre>
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {
    /** Creates an unbounded stack. */
    public LifoQueue() {
        this(0);
    }

    /** Creates a stack holding at most {@code maxsize} items (zero or less: unbounded). */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
