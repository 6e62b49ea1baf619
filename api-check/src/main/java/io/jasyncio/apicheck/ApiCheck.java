package io.jasyncio.apicheck;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the public API of each published jar with its committed dump, or rewrites the dumps.
 *
 * <p>Arguments: {@code --internal=PACKAGES} (as {@link InternalPackages} reads them),
 * {@code --update=true|false}, then one {@code --check JAR DUMP} per jar. Exit status 0 when
 * every dump matches (or was written), 1 when one does not, 2 on bad arguments or an unreadable
 * jar.
 */
public final class ApiCheck {
    /** The command that rewrites every dump from the jars just built. */
    public static final String UPDATE_COMMAND =
            "mvn -B -q verify -DskipTests -Dinvoker.skip=true -pl api-check -am -Djasyncio.api.update=true";

    private ApiCheck() {}

    /** Runs the check; the exit status is {@link #run}'s. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Checks or updates every dump named in {@code args}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String internal = null;
        String update = null;
        List<Path[]> checks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--internal=")) {
                internal = arg.substring("--internal=".length());
            } else if (arg.startsWith("--update=")) {
                update = arg.substring("--update=".length());
            } else if (arg.equals("--check") && i + 2 < args.length) {
                checks.add(new Path[] {Path.of(args[i + 1]), Path.of(args[i + 2])});
                i += 2;
            } else {
                err.println("api-check: unexpected argument '" + arg + "'; usage: --internal=PACKAGES"
                        + " --update=true|false --check JAR DUMP [--check JAR DUMP ...]");
                return 2;
            }
        }
        if (internal == null || checks.isEmpty() || !("true".equals(update) || "false".equals(update))) {
            err.println("api-check: give --internal=PACKAGES, --update=true or --update=false, and at least one"
                    + " --check JAR DUMP");
            return 2;
        }
        ApiDump dump;
        try {
            dump = new ApiDump(new InternalPackages(internal));
        } catch (IllegalArgumentException e) {
            err.println("api-check: " + e.getMessage());
            return 2;
        }
        boolean updating = Boolean.parseBoolean(update);
        int mismatches = 0;
        for (Path[] check : checks) {
            Path jar = check[0];
            Path file = check[1].toAbsolutePath().normalize();
            String actual;
            try {
                actual = header(file) + dump.of(jar);
            } catch (IOException e) {
                err.println("api-check: cannot read the classes of " + jar + ": " + e);
                return 2;
            }
            String expected;
            try {
                expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            } catch (IOException e) {
                err.println("api-check: cannot read the dump " + file + ": " + e);
                return 2;
            }
            if (actual.equals(expected)) {
                continue;
            }
            if (updating) {
                try {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, actual, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println("api-check: cannot write the dump " + file + ": " + e);
                    return 2;
                }
                out.println("api-check: updated " + file);
                continue;
            }
            mismatches++;
            if (expected == null) {
                err.println("api-check: " + file + " does not exist; the API of " + jar.getFileName()
                        + " has no committed dump yet.");
            } else {
                err.println("api-check: the API of " + jar.getFileName() + " is not what " + file + " says:");
                for (String line : LineDiff.between(lines(expected), lines(actual))) {
                    err.println("    " + line);
                }
            }
        }
        if (mismatches > 0) {
            err.println("api-check: " + mismatches + " dump(s) differ from the API just built. If the change is"
                    + " meant, rewrite the dumps and commit them with the change:");
            err.println("    " + UPDATE_COMMAND);
            return 1;
        }
        return 0;
    }

    private static String header(Path file) {
        String name = file.getFileName().toString();
        String artifact = name.endsWith(".api") ? name.substring(0, name.length() - ".api".length()) : name;
        return "# The public API of " + artifact + ", checked by the build (module api-check)."
                + " Do not edit: after an API change run\n# " + UPDATE_COMMAND + "\n\n";
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }
}
