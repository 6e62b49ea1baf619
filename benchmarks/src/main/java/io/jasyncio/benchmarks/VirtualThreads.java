package io.jasyncio.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads, reached through method handles: the module is compiled for release 17, where
 * {@code Thread.ofVirtual()} does not exist. The benchmarks that use it run on JDK 21+ only
 * (benchmarks/run runs them on Temurin 25); on JDK 17 {@link #start} throws.
 */
final class VirtualThreads {
    private static final MethodHandle START = find();

    private VirtualThreads() {}

    private static MethodHandle find() {
        try {
            // Thread.startVirtualThread(Runnable), public since JDK 21.
            return MethodHandles.publicLookup()
                    .findStatic(
                            Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static boolean available() {
        return START != null;
    }

    /** Starts {@code task} in a new virtual thread. */
    static Thread start(Runnable task) {
        if (START == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+; this is " + Runtime.version());
        }
        try {
            return (Thread) START.invokeExact(task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
