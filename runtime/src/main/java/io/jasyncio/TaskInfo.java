package io.jasyncio;

import java.util.List;

/**
 * One task in a {@link TaskDump}: what {@code python -m asyncio ps} shows of a task.
 *
 * @param id the task's unique number (the N of an unnamed task's {@code Task-N})
 * @param name the task's name
 * @param state {@code "running"} (stepping now), {@code "ready"} (its next step is queued) or
 *     {@code "waiting"} (suspended at an await)
 * @param awaitChain the awaiting {@code @Async} methods, innermost first, each with the source
 *     line of its await (as {@link Task#getStack()})
 * @param waitingOn what the innermost one waits on: a sleep with its remaining time, a task, a
 *     gather, a future; empty unless waiting
 * @param awaits the ids of the tasks this task waits for (directly, or through a {@code gather})
 */
public record TaskInfo(
        int id,
        String name,
        String state,
        List<StackTraceElement> awaitChain,
        String waitingOn,
        List<Integer> awaits) {}
