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
            String path = "fx/" + name + ".java";
            try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no fixture " + path);
                }
                sources.put(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }
}
