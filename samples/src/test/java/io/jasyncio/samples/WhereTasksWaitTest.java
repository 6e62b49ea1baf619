package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent's ps and pstree commands, attached to the running sample by its pid. */
class WhereTasksWaitTest {
    @Test
    void psAndPstreeShowWhereEachTaskWaits() throws Exception {
        Process sample = SampleProcess.start(WhereTasksWait.class);
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(sample.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertEquals("ready: java -jar agent/target/jasyncio-agent.jar ps " + sample.pid(), ready);

            String ps = agent("ps", sample.pid());
            assertTrue(ps.contains("running on thread 'main': 3 tasks"), ps);
            assertTrue(ps.contains("Task 'sleeper' (id "), ps);
            assertTrue(
                    ps.matches(
                            "(?s).*'sleeper' \\(id \\d+\\), waiting on sleep, 5\\d\\.\\d{3} s left\n"
                                    + "  at io\\.jasyncio\\.samples\\.WhereTasksWait\\.sleeper\\(WhereTasksWait\\.java:24\\).*"),
                    ps);
            assertTrue(ps.contains("Task 'waiting-for-lock'"), ps);
            assertTrue(
                    ps.matches("(?s).*'waiting-for-lock' \\(id \\d+\\), waiting on <Future pending>\n"
                            + "  at io\\.jasyncio\\.sync\\.Waiters\\.park\\(Waiters\\.java:\\d+\\)\n"
                            + "  at io\\.jasyncio\\.sync\\.Lock\\.acquire\\(Lock\\.java:\\d+\\)\n"
                            + "  at io\\.jasyncio\\.samples\\.WhereTasksWait\\.locked\\(WhereTasksWait\\.java:30\\).*"),
                    ps);
            assertTrue(
                    ps.matches("(?s).*\\(id \\d+\\), waiting on gather of 2 \\(0 done\\)\n"
                            + "  at io\\.jasyncio\\.samples\\.WhereTasksWait\\.main\\(WhereTasksWait\\.java:44\\).*"),
                    ps);

            String tree = agent("pstree", sample.pid());
            List<String> lines = tree.lines().toList();
            assertTrue(
                    lines.get(1).matches("└── \\(T\\) Task-\\d+  io\\.jasyncio\\.samples\\.WhereTasksWait\\.main\\(.*"),
                    tree);
            assertTrue(
                    lines.get(2).startsWith("    ├── (T) sleeper  io.jasyncio.samples.WhereTasksWait.sleeper("), tree);
            assertTrue(lines.get(3).startsWith("    └── (T) waiting-for-lock  io.jasyncio.sync.Waiters.park("), tree);
        } finally {
            sample.destroyForcibly();
            sample.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPidThatIsNoJvmIsAClearError() throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", System.getProperty("jasyncio.agent.jar"), "ps", "999999999")
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), text);
        assertTrue(text.contains("cannot attach to JVM 999999999"), text);
    }

    private static String agent(String command, long pid) throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", System.getProperty("jasyncio.agent.jar"), command, "" + pid)
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theSystemPropertyPrintsTheDumpOnASignal() throws Exception {
        Path err = Files.createTempFile("dump", ".err");
        Process sample = new ProcessBuilder(
                        java(),
                        "-javaagent:" + System.getProperty("jasyncio.agent.jar"),
                        "-Djasyncio.dump=signal",
                        "-cp",
                        System.getProperty("samples.classpath"),
                        WhereTasksWait.class.getName())
                .redirectError(err.toFile())
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(sample.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(out.readLine().startsWith("ready: "));
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-USR2", "" + sample.pid())
                            .start()
                            .waitFor());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String text = "";
            while (!text.contains("Task 'waiting-for-lock'") && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling another process's output until a deadline
                text = Files.readString(err);
            }
            assertTrue(text.contains("Task 'sleeper' (id "), text);
            assertTrue(text.contains("Task 'waiting-for-lock' (id "), text);
        } finally {
            sample.destroyForcibly();
            sample.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(err);
        }
    }
}
