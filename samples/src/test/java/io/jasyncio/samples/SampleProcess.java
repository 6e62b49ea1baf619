package io.jasyncio.samples;

import io.jasyncio.test.OnVirtualTime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sample's main class in a fresh JVM with the agent attached, as a user would, and
 * captures what it prints; on virtual time ({@link #onVirtualTime}), also how much virtual time its
 * loop went through, exactly, in no real time. (No real durations: on a loaded machine they prove
 * nothing, and an order of events is asserted on virtual time instead.)
 */
final class SampleProcess {
    final List<String> lines;
    final String stderr;
    final int exitCode;
    /** On virtual time: the virtual seconds the program's loop reached; NaN on the real clock. */
    final double virtualSeconds;

    private SampleProcess(List<String> lines, String stderr, int exitCode, double virtualSeconds) {
        this.lines = lines;
        this.stderr = stderr;
        this.exitCode = exitCode;
        this.virtualSeconds = virtualSeconds;
    }

    static SampleProcess run(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        return run(true, false, mainClass, args);
    }

    /** Runs without {@code -javaagent} when {@code withAgent} is false, to test the missing-agent error. */
    static SampleProcess run(boolean withAgent, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        return run(withAgent, false, mainClass, args);
    }

    /**
     * Runs the sample with every loop it makes on virtual time (jasyncio-test's {@code
     * OnVirtualTime}): the same lines in the same order, its sleeps taking no real time, and
     * {@link #virtualSeconds} the exact time its loop went through.
     */
    static SampleProcess onVirtualTime(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        return run(true, true, mainClass, args);
    }

    private static SampleProcess run(boolean withAgent, boolean virtual, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = command(withAgent, virtual, mainClass, args);
        Path err = Files.createTempFile("sample", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sample " + mainClass.getName() + " did not finish in 60 s");
            }
            String stderr = Files.readString(err);
            double virtualSeconds = Double.NaN;
            if (virtual) {
                int at = stderr.lastIndexOf(OnVirtualTime.REPORT_PREFIX);
                if (at >= 0) {
                    String report = stderr.substring(at + OnVirtualTime.REPORT_PREFIX.length())
                            .trim();
                    virtualSeconds = Double.parseDouble(report.substring(0, report.indexOf(' ')));
                    stderr = stderr.substring(0, at);
                }
            }
            return new SampleProcess(lines, stderr, p.exitValue(), virtualSeconds);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Starts a sample that runs until stopped (a server), with the agent; standard error is inherited. */
    static Process start(Class<?> mainClass, String... args) throws IOException {
        return new ProcessBuilder(command(true, false, mainClass, args))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** As {@link #start(Class, String...)}, with standard error written to {@code stderr}. */
    static Process start(Path stderr, Class<?> mainClass, String... args) throws IOException {
        return new ProcessBuilder(command(true, false, mainClass, args))
                .redirectError(stderr.toFile())
                .start();
    }

    private static List<String> command(boolean withAgent, boolean virtual, Class<?> mainClass, String... args) {
        String agentJar = System.getProperty("jasyncio.agent.jar");
        String classpath = System.getProperty("samples.classpath");
        if (agentJar == null || classpath == null) {
            throw new IllegalStateException(
                    "run the samples' tests through Maven: it sets jasyncio.agent.jar and samples.classpath");
        }
        if (withAgent && !Files.isRegularFile(Paths.get(agentJar))) {
            throw new IllegalStateException("agent jar missing at " + agentJar + ": build the agent module first");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            command.add("-javaagent:" + agentJar);
        }
        command.add("-cp");
        command.add(classpath);
        if (virtual) {
            command.add(OnVirtualTime.class.getName());
            command.add("--report-time");
        }
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }
}
