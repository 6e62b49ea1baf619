package io.jasyncio.processor;

import static io.jasyncio.processor.Fixtures.compile;
import static io.jasyncio.processor.Fixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * draw no other jasyncio diagnostic. A message with {@code %s} parts matches with anything in
 * them; text after the name ({@code // WARNING: BLOCKING_CALL Thread.sleep(...)}) must then
 * appear in the message too.
 */
class DiagnosticsTest {
    private static final Pattern MARKER = Pattern.compile("// (ERROR|WARNING): (\\w+)(?: (.+?))?\\s*$");

    /** Every message constant, by name, as a pattern that a reported message must match whole. */
    private static final Map<String, Pattern> MESSAGES = messages();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AwaitOutsideAsync",
                "AwaitInLambda",
                "AwaitInAsyncLambda",
                "AsyncInterfaceDeclarations",
                "AwaitInInnerClass",
                "AwaitInSynchronized",
                "AsyncDeclarations",
                "AsyncReturnsNull",
                "AsyncResources",
                "Unawaited",
                "UnawaitedLocals",
                "BlockingCalls",
                "SwallowedCancellation",
                "LibraryShapes",
                "Suppression",
                "OwnAwait",
                "NoAnnotations",
                "Squares"
            })
    void fixtureDrawsExactlyItsMarkedDiagnostics(String name) throws Exception {
        JavaFileObject file = fixture(name);
        Compilation compilation = compile(file);

        List<String> expected = new ArrayList<>();
        Map<Long, String> details = new LinkedHashMap<>();
        String[] lines = file.getCharContent(true).toString().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            if (m.find()) {
                assertTrue(
                        MESSAGES.containsKey(m.group(2)),
                        "no message constant " + m.group(2) + " (line " + (i + 1) + ")");
                expected.add(describe(m.group(1), i + 1, m.group(2)));
                if (m.group(3) != null) {
                    details.put((long) i + 1, m.group(3));
                }
            }
        }

        List<String> actual = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.ERROR
                    || d.getKind() == Diagnostic.Kind.WARNING
                    || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                // The fixtures are valid Java: every diagnostic must be one of ours.
                assertTrue(message.startsWith(Messages.PREFIX), d.toString());
            }
            if (message.startsWith(Messages.PREFIX)) {
                assertEquals(file.toUri(), d.getSource().toUri(), message);
                String kind = d.getKind() == Diagnostic.Kind.ERROR
                        ? "ERROR"
                        : d.getKind().name();
                actual.add(describe(kind, d.getLineNumber(), constantOf(message)));
                String detail = details.get(d.getLineNumber());
                if (detail != null) {
                    assertTrue(
                            message.contains(detail),
                            "line " + d.getLineNumber() + ": expected \"" + detail + "\" in: " + message);
                }
            }
        }
        expected.sort(null);
        actual.sort(null);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        if (expected.stream().noneMatch(e -> e.startsWith("ERROR"))) {
            assertTrue(
                    compilation.status() == Compilation.Status.SUCCESS,
                    compilation.diagnostics().toString());
        }
    }

    private static String constantOf(String message) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Pattern> e : MESSAGES.entrySet()) {
            if (e.getValue().matcher(message).matches()) {
                names.add(e.getKey());
            }
        }
        if (names.size() != 1) {
            fail("message matches " + names + " of the Messages constants: " + message);
        }
        return names.get(0);
    }

    private static Map<String, Pattern> messages() {
        Map<String, Pattern> all = new LinkedHashMap<>();
        for (Field f : Messages.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    String text = (String) f.get(null);
                    StringBuilder regex = new StringBuilder();
                    String[] parts = text.split("%s", -1);
                    for (int i = 0; i < parts.length; i++) {
                        if (i > 0) {
                            regex.append(".*?");
                        }
                        regex.append(Pattern.quote(parts[i]));
                    }
                    all.put(f.getName(), Pattern.compile(regex.toString(), Pattern.DOTALL));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        all.remove("TAG");
        all.remove("PREFIX");
        return all;
    }

    private static String describe(String kind, long line, String name) {
        return String.format("%s line %d: %s", kind, line, name);
    }
}
