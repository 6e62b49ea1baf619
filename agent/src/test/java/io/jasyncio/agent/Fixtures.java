package io.jasyncio.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fixture sources under src/test/resources/fixtures, by name. */
public final class Fixtures {
    private Fixtures() {}

    /** {@code "fx/Name.java" -> source} for each name given, e.g. {@code "Constructs"}. */
    public static Map<String, String> sources(String... names) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String name : names) {
            sources.putAll(file("fx/" + name + ".java"));
        }
        return sources;
    }

    /**
     * {@code path -> source} for one fixture by its path under the fixture root, for fixtures
     * outside package {@code fx} (e.g. {@code "io/jasyncio/samples/Squares.java"}).
     */
    public static Map<String, String> file(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return Map.of(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
