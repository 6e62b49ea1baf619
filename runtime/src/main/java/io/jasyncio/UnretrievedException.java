package io.jasyncio;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A failed task's exception that nobody has retrieved yet: asyncio's "Task exception was never
 * retrieved", reported by default through the loop's exception handler, once, when the garbage
 * collector frees the task or when its loop closes, whichever comes first. Retrieving it ({@link
 * Future#result()} or {@link Future#exception()}, as awaiting the task, {@code gather} and task
 * groups do) cancels the report.
 *
 * <p>Only failed tasks pay: the record is made when a task ends with an exception (other than a
 * cancellation), and waits in the task's callback slot, which a done future no longer uses. It
 * holds the task's description, never the task, so that it does not keep the task alive; it is
 * the Cleaner action that reports it.
 */
final class UnretrievedException implements Runnable {
    private final Throwable exception;
    private final String task;
    private final WeakReference<EventLoop> loop;
    private volatile boolean settled;

    private UnretrievedException(Task<?> task, Throwable exception) {
        this.exception = exception;
        this.task = task.toString();
        this.loop = new WeakReference<>(task.loop);
    }

    /** {@code task} just failed with {@code exception}: the record to keep in its callback slot. */
    static UnretrievedException track(Task<?> task, Throwable exception) {
        UnretrievedException record = new UnretrievedException(task, exception);
        LateReports.cleaner().register(task, record);
        task.loop.unretrieved(record, true);
        return record;
    }

    /** Someone read the exception: no report. */
    void retrieved() {
        if (!settled) {
            settled = true;
            EventLoop l = loop.get();
            if (l != null) {
                l.unretrieved(this, false);
            }
        }
    }

    /** The task was collected (the Cleaner's call). */
    @Override
    public void run() {
        report(false);
    }

    /** Reports once, unless retrieved; {@code closing}: from the loop's close(), on its thread. */
    void report(boolean closing) {
        if (settled) {
            return;
        }
        settled = true;
        EventLoop l = loop.get();
        Map<String, Object> context = new HashMap<>();
        context.put("message", "Task exception was never retrieved");
        context.put("exception", exception);
        context.put("future", task);
        if (closing) {
            l.callExceptionHandler(context);
        } else {
            if (l != null) {
                l.unretrieved(this, false);
            }
            LateReports.deliver(l, context);
        }
    }
}
