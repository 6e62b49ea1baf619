package io.jasyncio;

/**
 * What {@code sleep(delay, result)} awaits: a future that its own timer completes. Cancelling
 * it (as cancelling the sleeping task does) cancels the timer too, so no timer outlives its sleep.
 */
final class Sleep<T> extends Future<T> implements Runnable {
    private final T value;
    private final TimerHandle timer;

    Sleep(EventLoop loop, long delayNanos, T value) {
        super(loop);
        this.value = value;
        this.timer = loop.callAtNanos(System.nanoTime() + delayNanos, this);
    }

    /** The timer fired. */
    @Override
    public void run() {
        if (!done()) {
            setResult(value);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        timer.cancel();
        return true;
    }
}
