package io.jasyncio.rewriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import io.jasyncio.agent.rewrite.AsyncClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real debugger (JDI, what jdb and IDEs are built on) against {@link DebuggedProgram}, run in a
 * child JVM with the agent rewriting it at load time: a breakpoint on every line location of every
 * rewritten method, under both layouts of the save code, stops on the user's source line, in the
 * method's {@code <name>$resume}, and every local the debugger shows there (the receiver as {@code
 * $this}) can be read and has the value and type the source says; stepping over an await that
 * completes at once stays in the method, on the next line; stepping over an await that suspends
 * ends in the method's caller, and a breakpoint on the next line stops there when the task
 * resumes. No sleeps: each wait is for a debugger event, and fails after {@link #TIMEOUT_MS}
 * saying what it waited for.
 */
class DebuggerTest {
    private static final String PROGRAM = DebuggedProgram.class.getName();
    private static final String RESUME = "work$resume";
    private static final Path SOURCE = Paths.get("src/test/java/io/jasyncio/rewriting/DebuggedProgram.java");
    /** Per event: long enough for a loaded CI machine, and each wait says what it waited for. */
    private static final long TIMEOUT_MS = 60_000;
    /** What jdb excludes from stepping unless told otherwise. */
    private static final String[] JDB_EXCLUDES = {"java.*", "javax.*", "sun.*", "com.sun.*", "jdk.*"};
    /** What the program prints last: 10,000,000,158 + 2,500,000,039 + "p1".length(). */
    private static final String RESULT = "result 12500000199";

    /** Marker name to its line, line to {@code @marker}, line to the method it is in. */
    private static final Map<String, Integer> LINES = new HashMap<>();

    private static final Map<Integer, String> MARKERS = new HashMap<>();
    private static final Map<Integer, String> METHODS = new HashMap<>();

    @BeforeAll
    static void readMarkers() throws IOException {
        List<String> source = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
        Pattern marker = Pattern.compile("// @(\\w+)$");
        Pattern method = Pattern.compile("Coroutine<\\w+> (\\w+)\\(");
        String in = null;
        for (int i = 0; i < source.size(); i++) {
            Matcher m = method.matcher(source.get(i));
            if (m.find()) {
                in = m.group(1);
            }
            m = marker.matcher(source.get(i).trim());
            if (m.find()) {
                LINES.put(m.group(1), i + 1);
                MARKERS.put(i + 1, "@" + m.group(1));
                METHODS.put(i + 1, in);
            }
        }
        assertTrue(LINES.containsKey("first") && LINES.containsKey("done"), "markers in " + SOURCE);
    }

    /**
     * What {@code locals} shows at a breakpoint on each line location of the rewritten methods, in
     * the order the program reaches them (the first location of a line is where jdb's {@code stop
     * at} puts its breakpoint; IDEs stop at each). A variable is shown once it is definitely
     * assigned and until its scope ends, but after an await only if the await saved it, that is if
     * it is read again: {@code dead} and the arguments are gone after the first await, even one
     * that completed at once ({@code @ready}: the code after it is shared with the path that
     * resumes it). {@code start}'s argument {@code unused} is never shown: the stub did not save
     * it. Where an await suspends, the code that saves the live values may stop too (see {@link
     * #SAVES}).
     */
    private static final List<String> EVERY_LINE = List.of(
            "@startFirst: x=1",
            "@startAwait: x=1 y=2",
            "@startDone: y=2",
            "@first: $this=DebuggedProgram(id=\"p1\") n=4 name=\"job\"",
            "@label: $this=DebuggedProgram(id=\"p1\") n=4 name=\"job\" total=10000000000",
            "@nothing: $this=DebuggedProgram(id=\"p1\") label=\"job-4\" n=4 name=\"job\" total=10000000000",
            "@dead: $this=DebuggedProgram(id=\"p1\") label=\"job-4\" n=4 name=\"job\" nothing=null total=10000000000",
            "@printDead: $this=DebuggedProgram(id=\"p1\") dead=\"JOB-4\" label=\"job-4\" n=4 name=\"job\" nothing=null total=10000000000",
            "@ready: $this=DebuggedProgram(id=\"p1\") dead=\"JOB-4\" label=\"job-4\" n=4 name=\"job\" nothing=null total=10000000000",
            "@afterReady: $this=DebuggedProgram(id=\"p1\") a=5 label=\"job-4\" nothing=null total=10000000000",
            "@twice: $this=DebuggedProgram(id=\"p1\") a=5 label=\"job-4\" nothing=null total=10000000005",
            "@twiceDone: x=5",
            "@afterTwice: $this=DebuggedProgram(id=\"p1\") c=10 label=\"job-4\" nothing=null total=10000000005",
            "@suspends: $this=DebuggedProgram(id=\"p1\") c=10 label=\"job-4\" nothing=null total=10000000015",
            "@afterSuspend: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" nothing=null total=10000000015",
            "@loop: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" nothing=null total=10000000021",
            "@loopAwait: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=0 nothing=null total=10000000021",
            "@loopBody: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" got=0 i=0 nothing=null total=10000000021",
            "@loop: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=0 nothing=null total=10000000021",
            "@loopAwait: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=1 nothing=null total=10000000021",
            "@loopBody: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" got=10 i=1 nothing=null total=10000000021",
            "@loop: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=1 nothing=null total=10000000031",
            "@loopAwait: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=2 nothing=null total=10000000031",
            "@loopBody: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" got=20 i=2 nothing=null total=10000000031",
            "@loop: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=2 nothing=null total=10000000051",
            "@letter: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" nothing=null total=10000000051",
            "@afterLetter: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" letter=j nothing=null total=10000000051",
            "@word: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" nothing=null total=10000000157",
            "@afterWord: $this=DebuggedProgram(id=\"p1\") nothing=null total=10000000157 word=\"w\"",
            "@ratio: $this=DebuggedProgram(id=\"p1\") nothing=null total=10000000158",
            "@done: $this=DebuggedProgram(id=\"p1\") nothing=null ratio=2.5000000395E9 total=10000000158");

    /**
     * For each layout of the save code, the stops in it: after which stop of {@link #EVERY_LINE}
     * (an await that suspends), and the line it carries. It lies outside every variable's range,
     * so nothing is shown there. On its own ({@code per-await}) it carries the await's line, so a
     * step over the await does not stop in it; shared by the awaits of a very large method, it
     * carries the first await's line of its group and is entered part way by the others, so only
     * the await entering at its start reaches the breakpoint, and a step over any of them stops
     * in it, on that line (see {@code docs/architecture.md}, "Debug information").
     */
    private static final Map<String, Map<String, String>> SAVES = Map.of(
            "per-await",
            Map.of(
                    "@startAwait: x=1 y=2", "@startAwait:",
                    "@suspends: $this=DebuggedProgram(id=\"p1\") c=10 label=\"job-4\" nothing=null total=10000000015",
                            "@suspends:",
                    "@loopAwait: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=1 nothing=null total=10000000021",
                            "@loopAwait:",
                    "@word: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" nothing=null total=10000000157", "@word:"),
            "shared",
            Map.of(
                    "@startAwait: x=1 y=2", "@startAwait:",
                    "@loopAwait: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" i=1 nothing=null total=10000000021",
                            "@ready:"));

    private static List<String> expectedStops(String layout) {
        List<String> stops = new ArrayList<>();
        for (String stop : EVERY_LINE) {
            stops.add(stop);
            String save = SAVES.get(layout).get(stop);
            if (save != null) {
                stops.add(save);
            }
        }
        return stops;
    }

    @ParameterizedTest
    @ValueSource(strings = {"per-await", "shared"})
    void everyLineOfTheRewrittenMethodsShowsItsLocals(String layout) {
        List<String> stops = new ArrayList<>();
        try (Debuggee debuggee = Debuggee.launch(layout, type -> {
            List<Method> resumes = type.methods().stream()
                    .filter(m -> m.name().endsWith("$resume"))
                    .toList();
            assertEquals(
                    "[start$resume, twice$resume, work$resume]",
                    resumes.stream().map(Method::name).sorted().toList().toString());
            for (Method m : resumes) {
                for (Location at : lineLocations(m)) {
                    breakpointAt(at);
                }
            }
        })) {
            for (LocatableEvent stop; (stop = debuggee.nextStopOrEnd("a breakpoint")) != null; ) {
                stops.add(describe(debuggee.topFrame(stop)));
                debuggee.resume();
            }
            assertEquals(String.join("\n", expectedStops(layout)), String.join("\n", stops), debuggee.output());
            assertTrue(debuggee.output().contains(RESULT), debuggee.output());
        }
    }

    @Test
    void steppingOverAnAwaitThatCompletesAtOnceStaysInTheMethodOnTheNextLine() {
        try (Debuggee debuggee = Debuggee.launch("per-await", type -> {
            breakpointAt(firstLocation(type, "ready"));
            breakpointAt(firstLocation(type, "twice"));
            breakpointAt(firstLocation(type, "loopAwait"));
        })) {
            // A done future, then a coroutine that returns without suspending, then the first
            // iteration of the loop (a done future again).
            String[][] steps = {
                {"ready", "afterReady", "a=5"}, {"twice", "afterTwice", "c=10"}, {"loopAwait", "loopBody", "got=0"}
            };
            for (String[] step : steps) {
                StackFrame frame = debuggee.topFrame(debuggee.nextStop("the breakpoint on @" + step[0]));
                assertEquals(LINES.get(step[0]), frame.location().lineNumber());
                StackFrame after = debuggee.topFrame(debuggee.stepOver(frame.thread(), "a step over @" + step[0]));
                assertEquals(PROGRAM + "." + RESUME + " @" + step[1], where(after.location()));
                assertTrue(describe(after).contains(" " + step[2] + " "), describe(after));
                debuggee.resume();
            }
            // The loop's other iterations: the second suspends (its step is the next test's).
            for (int i = 1; i < 3; i++) {
                StackFrame frame = debuggee.topFrame(debuggee.nextStop("@loopAwait, i=" + i));
                assertEquals(LINES.get("loopAwait"), frame.location().lineNumber());
                debuggee.resume();
            }
            debuggee.runsToTheEnd();
        }
    }

    /**
     * The method returns to the runtime when its await suspends, so a step over it ends in the
     * method's caller: the lambda the stub made, a hidden class without line numbers (jdb: {@code
     * "thread=main", io.jasyncio.rewriting.DebuggedProgram$$Lambda...resume(), line=-1}).
     * The task goes on from the line after the await when the awaited thing completes: a
     * breakpoint there stops with every live local. (With the save code shared, the step stops
     * in it first: see {@link #SAVES}.)
     */
    @Test
    void steppingOverAnAwaitThatSuspendsEndsInTheCallerAndTheNextLineStopsOnResume() {
        try (Debuggee debuggee = Debuggee.launch("per-await", type -> {
            breakpointAt(firstLocation(type, "suspends"));
            breakpointAt(firstLocation(type, "afterSuspend"));
        })) {
            StackFrame await = debuggee.topFrame(debuggee.nextStop("the breakpoint on @suspends"));
            ThreadReference thread = await.thread();
            int depth = frameCount(thread);
            StackFrame after = debuggee.topFrame(debuggee.stepOver(thread, "a step over @suspends"));
            Location caller = after.location();
            assertTrue(
                    caller.declaringType().name().startsWith(PROGRAM + "$$Lambda")
                            && caller.method().name().equals("resume")
                            && caller.lineNumber() == -1,
                    where(caller));
            assertEquals(depth - 1, frameCount(thread), "the step ended in the caller: " + where(caller));
            debuggee.resume();
            StackFrame resumed = debuggee.topFrame(debuggee.nextStop("the breakpoint on @afterSuspend"));
            assertEquals(PROGRAM + "." + RESUME + " @afterSuspend", where(resumed.location()));
            assertEquals(
                    "@afterSuspend: $this=DebuggedProgram(id=\"p1\") b=\"job-4!\" nothing=null total=10000000015",
                    describe(resumed));
            debuggee.resume();
            debuggee.runsToTheEnd();
        }
    }

    /** A method's line locations, in code order: each entry of its LineNumberTable. */
    private static List<Location> lineLocations(Method m) {
        try {
            return m.allLineLocations();
        } catch (AbsentInformationException e) {
            throw new AssertionError(m.name() + " has no LineNumberTable", e);
        }
    }

    /** Where jdb's {@code stop at} puts a breakpoint: the first location of the marker's line. */
    private static Location firstLocation(ReferenceType type, String marker) {
        int line = LINES.get(marker);
        return lineLocations(resumeMethod(type)).stream()
                .filter(l -> l.lineNumber() == line)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no code on line " + line + " (@" + marker + ")"));
    }

    private static Method resumeMethod(ReferenceType type) {
        List<Method> methods = type.methodsByName(RESUME);
        assertEquals(1, methods.size(), "the agent rewrote work into " + RESUME + ": " + type.methods());
        return methods.get(0);
    }

    private static void breakpointAt(Location at) {
        at.virtualMachine().eventRequestManager().createBreakpointRequest(at).enable();
    }

    private static int frameCount(ThreadReference thread) {
        try {
            return thread.frameCount();
        } catch (com.sun.jdi.IncompatibleThreadStateException e) {
            throw new AssertionError("the thread is suspended at an event", e);
        }
    }

    /** {@code Class.method @marker}, or the raw line when it has no marker. */
    private static String where(Location at) {
        String line = MARKERS.getOrDefault(at.lineNumber(), "line " + at.lineNumber());
        return at.declaringType().name() + "." + at.method().name() + " " + line;
    }

    /**
     * {@code @marker: name=value ...} for every visible local, sorted by name, each read on its
     * own (as jdb's {@code print} does) so a failure names the variable; checks that the frame is
     * the resume method of the method the line is in, and that every object shown is of its
     * variable's type.
     */
    private static String describe(StackFrame frame) {
        Location at = frame.location();
        assertEquals(PROGRAM, at.declaringType().name(), where(at));
        String marker = MARKERS.get(at.lineNumber());
        assertNotNull(marker, "stopped on a line that is no statement of the source: " + where(at));
        assertEquals(METHODS.get(at.lineNumber()) + "$resume", at.method().name(), where(at));
        List<LocalVariable> visible;
        try {
            visible = frame.visibleVariables();
        } catch (AbsentInformationException e) {
            throw new AssertionError("no LocalVariableTable at " + where(at), e);
        }
        Map<String, String> values = new TreeMap<>();
        for (LocalVariable v : visible) {
            try {
                Value value = frame.getValue(v);
                if (value instanceof ObjectReference object) {
                    assertTrue(
                            isA(object.referenceType(), v.typeName()),
                            v.name() + " (" + v.typeName() + ") at " + where(at) + " holds a "
                                    + object.referenceType().name());
                }
                values.put(v.name(), show(value));
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "reading " + v.name() + " (" + v.typeName() + ") at " + where(at) + " (code index "
                                + at.codeIndex() + "): " + e,
                        e);
            }
        }
        // The whole set at once too (jdb's locals, IDEs' variables view).
        assertEquals(visible.size(), frame.getValues(visible).size());
        return marker + ":"
                + values.entrySet().stream()
                        .map(e -> " " + e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining());
    }

    private static boolean isA(ReferenceType type, String name) {
        if (name.equals("java.lang.Object") || type.name().equals(name)) {
            return true;
        }
        if (type instanceof ClassType c) {
            return c.allInterfaces().stream().anyMatch(i -> i.name().equals(name))
                    || c.superclass() != null && isA(c.superclass(), name);
        }
        return false;
    }

    private static String show(Value v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof StringReference s) {
            return "\"" + s.value() + "\"";
        }
        if (v instanceof ObjectReference o && o.referenceType().name().equals(PROGRAM)) {
            Field id = o.referenceType().fieldByName("id");
            return "DebuggedProgram(id=" + show(o.getValue(id)) + ")";
        }
        return v.toString();
    }

    /**
     * The child JVM under JDI: launched suspended with the agent and this test's class path,
     * {@code onPrepare} run when {@link DebuggedProgram} is loaded (rewritten), and its output
     * collected for failure messages.
     */
    private static final class Debuggee implements AutoCloseable {
        private final VirtualMachine vm;
        private final Consumer<ReferenceType> onPrepare;
        private final StringBuffer output = new StringBuffer();
        private final List<Thread> drains = new ArrayList<>();
        private EventSet current;
        private boolean ended;

        private Debuggee(VirtualMachine vm, Consumer<ReferenceType> onPrepare) {
            this.vm = vm;
            this.onPrepare = onPrepare;
            drains.add(drain(vm.process().getInputStream()));
            drains.add(drain(vm.process().getErrorStream()));
        }

        /** {@code layout}: the agent's {@link AsyncClassRewriter#LAYOUT_PROPERTY} in the child. */
        static Debuggee launch(String layout, Consumer<ReferenceType> onPrepare) {
            LaunchingConnector connector = Bootstrap.virtualMachineManager().defaultConnector();
            Map<String, Connector.Argument> args = connector.defaultArguments();
            args.get("home").setValue(System.getProperty("java.home"));
            args.get("options")
                    .setValue(quote("-javaagent:" + agentJar()) + " "
                            + quote("-D" + AsyncClassRewriter.LAYOUT_PROPERTY + "=" + layout) + " -cp "
                            + quote(System.getProperty("java.class.path")));
            args.get("main").setValue(PROGRAM);
            VirtualMachine vm;
            try {
                vm = connector.launch(args);
            } catch (Exception e) {
                throw new AssertionError("could not launch " + PROGRAM + " under JDI", e);
            }
            Debuggee d = new Debuggee(vm, onPrepare);
            ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
            prepare.addClassFilter(PROGRAM);
            prepare.enable();
            vm.resume();
            return d;
        }

        private static String quote(String s) {
            return "\"" + s + "\"";
        }

        /** The agent this test JVM runs with (runtime/pom.xml's argLine). */
        private static String agentJar() {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-javaagent:"))
                    .map(a -> a.substring("-javaagent:".length()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "this test JVM runs without -javaagent: run it with Maven (runtime/pom.xml's argLine)"));
        }

        private Thread drain(InputStream in) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        StackFrame topFrame(LocatableEvent stop) {
            try {
                return stop.thread().frame(0);
            } catch (com.sun.jdi.IncompatibleThreadStateException e) {
                throw new AssertionError("the thread is suspended at its event", e);
            }
        }

        /** Steps over the current line as jdb's {@code next} does, and waits for where it ends. */
        LocatableEvent stepOver(ThreadReference thread, String what) {
            EventRequestManager erm = vm.eventRequestManager();
            StepRequest step = erm.createStepRequest(thread, StepRequest.STEP_LINE, StepRequest.STEP_OVER);
            for (String pattern : JDB_EXCLUDES) {
                step.addClassExclusionFilter(pattern);
            }
            step.addCountFilter(1);
            step.enable();
            resume();
            LocatableEvent stop = nextStop(what);
            erm.deleteEventRequest(step);
            assertTrue(stop instanceof StepEvent, what + " ended at a breakpoint: " + where(stop.location()));
            return stop;
        }

        void resume() {
            EventSet set = current;
            current = null;
            set.resume();
        }

        LocatableEvent nextStop(String what) {
            LocatableEvent stop = nextStopOrEnd(what);
            if (stop == null) {
                fail("the program ended while waiting for " + what + "; it printed:\n" + output());
            }
            return stop;
        }

        /** The next breakpoint or step, or null once the program has ended. */
        LocatableEvent nextStopOrEnd(String what) {
            while (!ended) {
                EventSet set;
                try {
                    set = vm.eventQueue().remove(TIMEOUT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
                if (set == null) {
                    fail("no debugger event within " + TIMEOUT_MS + " ms while waiting for " + what
                            + "; the program printed:\n" + output());
                }
                LocatableEvent stop = null;
                for (Event e : set) {
                    if (e instanceof ClassPrepareEvent prepared) {
                        onPrepare.accept(prepared.referenceType());
                    } else if (e instanceof BreakpointEvent || e instanceof StepEvent) {
                        if (stop == null || e instanceof StepEvent) {
                            stop = (LocatableEvent) e;
                        }
                    } else if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                        ended = true;
                    }
                }
                if (stop != null) {
                    current = set;
                    return stop;
                }
                if (!ended) {
                    set.resume();
                }
            }
            waitForOutput();
            return null;
        }

        private void waitForOutput() {
            for (Thread t : drains) {
                try {
                    t.join(TIMEOUT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        String output() {
            return output.toString();
        }

        /** Waits for the program's end, with no more stops, and checks its result. */
        void runsToTheEnd() {
            assertEquals(null, nextStopOrEnd("the end of the program"));
            assertTrue(output().contains(RESULT), output());
        }

        @Override
        public void close() {
            if (!ended) {
                try {
                    vm.exit(1);
                } catch (RuntimeException alreadyGone) {
                    // the VM disconnected on its own
                }
            }
            vm.process().destroy();
        }
    }
}
