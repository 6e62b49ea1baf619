package io.jasyncio.agent;

import io.jasyncio.agent.rewrite.AsyncClassRewriter;
import io.jasyncio.agent.rewrite.ConstantPoolScanner;
import io.jasyncio.agent.rewrite.RewriteRefusedException;
import io.jasyncio.agent.rewrite.TypePool;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build-time weaving: {@code java -jar jasyncio-agent.jar weave [--classpath CP] DIR} rewrites
 * every {@code .class} file under {@code DIR} in place, so the classes run without the agent.
 * Frames are computed from the class files in {@code DIR}, on {@code CP} and in the JDK; nothing
 * is loaded. Exits 0 when every class was rewritten or skipped, 1 when some class was refused
 * (refused classes are left as they were), 2 on a usage or I/O error.
 */
public final class WeaveCommand {
    /**
     * The resource, under the woven directory, listing the classes the command refused and why
     * ({@code binary.Name<TAB>method: reason} a line), so the runtime can say why when one of
     * them is used in a JVM without the agent. Rewritten by every run.
     */
    public static final String REFUSED_RESOURCE = "META-INF/jasyncio/refused-classes";

    /** What one run did. */
    public record Result(int scanned, int woven, int skipped, int refused) {}

    private WeaveCommand() {}

    /** The command line entry point. */
    public static void main(String[] args) {
        if (args.length > 0 && TaskDumpCommand.handles(args[0])) {
            System.exit(TaskDumpCommand.run(args, System.out, System.err));
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String classpath = "";
        Path dir = null;
        int i = 0;
        if (args.length == 0 || !args[0].equals("weave")) {
            return usage(err);
        }
        for (i = 1; i < args.length; i++) {
            if (args[i].equals("--classpath") || args[i].equals("-cp")) {
                if (i + 1 == args.length) {
                    return usage(err);
                }
                classpath = args[++i];
            } else if (dir == null) {
                dir = Path.of(args[i]);
            } else {
                return usage(err);
            }
        }
        if (dir == null || !Files.isDirectory(dir)) {
            err.println("jasyncio-agent: weave: not a directory: " + dir);
            return 2;
        }
        try {
            Result result = weave(dir, classpath, err);
            out.printf(
                    "jasyncio-agent: weave %s: %d class files, %d woven, %d without @Async or already woven,"
                            + " %d refused%n",
                    dir, result.scanned(), result.woven(), result.skipped(), result.refused());
            return result.refused() == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("jasyncio-agent: weave: " + e);
            return 2;
        }
    }

    /** Weaves every class file under {@code dir} in place. */
    public static Result weave(Path dir, String classpath, PrintStream err) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(dir.toUri().toURL());
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(toUrl(entry));
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
        int woven = 0;
        int skipped = 0;
        int refused = 0;
        java.util.Map<String, String> reasons = new java.util.TreeMap<>();
        try (URLClassLoader resources =
                new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            AsyncClassRewriter rewriter = new AsyncClassRewriter(TypePool.of(resources), null);
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                if (!ConstantPoolScanner.mentionsAsync(bytes)) {
                    skipped++;
                    continue;
                }
                String name = dir.relativize(file).toString().replace(File.separatorChar, '.');
                name = name.substring(0, name.length() - ".class".length());
                try {
                    byte[] rewritten = rewriter.rewrite(bytes);
                    if (rewritten == null) {
                        skipped++;
                    } else {
                        Files.write(file, rewritten);
                        woven++;
                    }
                } catch (RewriteRefusedException e) {
                    err.println(Refusals.message(name, e));
                    reasons.put(name, (e.method() != null ? e.method() + ": " : "") + e.reason());
                    refused++;
                }
            }
        }
        writeRefusals(dir, reasons);
        return new Result(files.size(), woven, skipped, refused);
    }

    /** The refused classes of this run, one a line; no file when there are none. */
    private static void writeRefusals(Path dir, java.util.Map<String, String> reasons) throws IOException {
        Path file = dir.resolve(REFUSED_RESOURCE);
        if (reasons.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder(
                "# Classes the jasyncio weave command refused to rewrite, and why; read by the runtime.\n");
        reasons.forEach((name, reason) ->
                text.append(name).append('\t').append(reason.replace('\n', ' ')).append('\n'));
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static URL toUrl(String entry) throws MalformedURLException {
        return Path.of(entry).toUri().toURL();
    }

    private static int usage(PrintStream err) {
        err.println("usage: java -jar jasyncio-agent.jar weave [--classpath CLASSPATH] DIR");
        err.println("  rewrites every @Async method of the class files under DIR in place");
        err.println("       java -jar jasyncio-agent.jar ps|pstree PID   (the tasks of a running JVM)");
        return 2;
    }
}
