package io.jasyncio.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.jasyncio.processor.Fixtures.compile;
import static io.jasyncio.processor.Fixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every jasyncio error and warning, driven by markers in the fixtures (Error Prone's trick): a
 * line ending in {@code // ERROR: NAME} or {@code // WARNING: NAME} must draw exactly the
 * diagnostic {@code Messages.NAME} of that kind, in that file, on that line; and the fixture must
 * draw no other jasyncio diagnostic.
 */
class DiagnosticsTest {
    private static final Pattern MARKER = Pattern.compile("// (ERROR|WARNING): (\\w+)\\s*$");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AwaitOutsideAsync",
                "AwaitInLambda",
                "AwaitInInnerClass",
                "AwaitInSynchronized",
                "AsyncDeclarations",
                "AsyncReturnsNull",
                "Unawaited",
                "OwnAwait",
                "NoAnnotations",
                "Squares"
            })
    void fixtureDrawsExactlyItsMarkedDiagnostics(String name) throws Exception {
        JavaFileObject file = fixture(name);
        Compilation compilation = compile(file);

        List<String> expected = new ArrayList<>();
        String[] lines = file.getCharContent(true).toString().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            if (m.find()) {
                String message =
                        (String) Messages.class.getDeclaredField(m.group(2)).get(null);
                long line = i + 1;
                if (m.group(1).equals("ERROR")) {
                    assertThat(compilation)
                            .hadErrorContaining(message)
                            .inFile(file)
                            .onLine(line);
                } else {
                    assertThat(compilation)
                            .hadWarningContaining(message)
                            .inFile(file)
                            .onLine(line);
                }
                expected.add(describe(m.group(1), line, message));
            }
        }

        List<String> actual = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.ERROR
                    || d.getKind() == Diagnostic.Kind.WARNING
                    || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                // The fixtures are valid Java: every diagnostic must be one of ours.
                assertTrue(message.contains(Messages.TAG), d.toString());
            }
            if (message.contains(Messages.TAG)) {
                assertEquals(file.toUri(), d.getSource().toUri(), message);
                String kind = d.getKind() == Diagnostic.Kind.ERROR
                        ? "ERROR"
                        : d.getKind().name();
                actual.add(describe(kind, d.getLineNumber(), message));
            }
        }
        expected.sort(null);
        actual.sort(null);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        if (expected.stream().noneMatch(e -> e.startsWith("ERROR"))) {
            assertThat(compilation).succeeded();
        }
    }

    private static String describe(String kind, long line, String message) {
        return String.format("%s line %d: %s", kind, line, message);
    }
}
