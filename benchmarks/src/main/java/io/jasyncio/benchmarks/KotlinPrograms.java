package io.jasyncio.benchmarks;

/**
 * The workloads written with Kotlin coroutines (kotlinx-coroutines-core), each on the
 * single-threaded event loop of its own {@code runBlocking}. The Kotlin sources live in
 * {@code src/kotlin} and are compiled only by the {@code kotlin} profile ({@code mvn package
 * -Pkotlin -pl benchmarks}, which benchmarks/run uses), so the normal build needs no Kotlin; the
 * Java benchmarks reach them through this interface, and {@link #get} says how to build them when
 * they are missing.
 */
public interface KotlinPrograms {
    /** Workload 1: two coroutines hand a value back and forth through {@code CompletableDeferred}s. */
    int pingPongDeferred(int rounds);

    /** Workload 1, Kotlin's idiom for a hand-over: the same game through two {@code Channel(1)}s. */
    int pingPongChannel(int rounds);

    /**
     * Workload 2: {@code n} coroutines asleep in {@code delay(longSleepS)}, {@code whileAsleep} run
     * once all are, then all cancelled; then {@code n} sleeping {@code shortSleepS} created and
     * awaited. Returns the wall time of the second part minus {@code shortSleepS}, in ms.
     */
    double spawnSleep(int n, double longSleepS, double shortSleepS, Runnable whileAsleep);

    /** Workload 3's state: {@code k} complete {@code CompletableDeferred}s holding 0..k-1. */
    Object completeDeferreds(int k);

    /** Workload 3: {@code n} awaits of the complete deferreds of {@link #completeDeferreds}, summed. */
    long awaitComplete(Object deferreds, int n);

    /** Workload 4: a chain of {@code depth} suspend functions, each calling the next. */
    int deep(int depth);

    /** Workload 5: {@code n} tiny {@code async}s started, then awaited with {@code awaitAll}. */
    int fanOut(int n);

    /** Workload 7: {@code items} items through a {@code Channel(1)} from a producer to a consumer. */
    int queueHandoff(int items);

    /**
     * The Kotlin programs, or an {@link UnsupportedOperationException} that says how to build them
     * when this jar was built without the {@code kotlin} profile.
     */
    static KotlinPrograms get() {
        KotlinPrograms p = Loaded.PROGRAMS;
        if (p == null) {
            throw new UnsupportedOperationException("the Kotlin peers are not in this build: "
                    + "build the module with mvn package -Pkotlin -pl benchmarks (benchmarks/run does)");
        }
        return p;
    }

    /** Whether this build holds the Kotlin programs. */
    static boolean available() {
        return Loaded.PROGRAMS != null;
    }

    /** Holds the one implementation, loaded once, so that calls through it are monomorphic. */
    final class Loaded {
        static final String IMPLEMENTATION = "io.jasyncio.benchmarks.kotlin.CoroutinePrograms";
        static final String LIBRARY = "kotlinx.coroutines.BuildersKt";
        static final KotlinPrograms PROGRAMS = load();

        private Loaded() {}

        private static KotlinPrograms load() {
            try {
                // The library too: classes left from a -Pkotlin build in a build without it.
                Class.forName(LIBRARY);
                return (KotlinPrograms)
                        Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make " + IMPLEMENTATION, e);
            }
        }
    }
}
