package io.jasyncio.test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a whole program with every event loop it makes on virtual time: {@code java
 * -javaagent:jasyncio-agent.jar -cp app:jasyncio-test.jar io.jasyncio.test.OnVirtualTime
 * [--report-time] com.example.Main args...}. The loops that {@code run(...)}, {@code
 * getEventLoop()} and {@code newEventLoop()} make each get their own {@link VirtualTimeLoop}
 * clock, so a program that sleeps for minutes prints the same lines, in the same order, in
 * milliseconds; for tests of a program's output. With {@code --report-time}, a last line on
 * standard error gives the virtual time the longest-running loop reached: {@code virtual time:
 * 2.000 s}.
 */
public final class OnVirtualTime {
    /** The line {@code --report-time} writes, before the seconds. */
    public static final String REPORT_PREFIX = "virtual time: ";

    private OnVirtualTime() {}

    /**
     * Runs {@code args[0]}'s (or, after {@code --report-time}, {@code args[1]}'s) {@code main}
     * with the arguments that follow.
     *
     * @throws Throwable what the program's {@code main} throws, as is
     */
    public static void main(String[] args) throws Throwable {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean report = !rest.isEmpty() && rest.get(0).equals("--report-time");
        if (report) {
            rest.remove(0);
        }
        if (rest.isEmpty()) {
            System.err.println("usage: java -javaagent:jasyncio-agent.jar -cp ... " + OnVirtualTime.class.getName()
                    + " [--report-time] MainClass [args...]");
            System.exit(2);
        }
        Method main = mainOf(rest.remove(0));
        List<VirtualClock> clocks = new ArrayList<>();
        VirtualClock.useForNewLoops(clocks);
        try {
            main.invoke(null, (Object) rest.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            VirtualClock.useForNewLoops(null);
            if (report) {
                long longest = 0;
                synchronized (clocks) {
                    for (VirtualClock c : clocks) {
                        longest = Math.max(longest, c.nanoTime());
                    }
                }
                System.err.println(REPORT_PREFIX + String.format(Locale.ROOT, "%.3f s", longest / 1e9));
            }
        }
    }

    private static Method mainOf(String className) throws ClassNotFoundException, NoSuchMethodException {
        Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        Method main = c.getMethod("main", String[].class);
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new NoSuchMethodException(className + ".main(String[]) is not static");
        }
        main.setAccessible(true);
        return main;
    }
}
