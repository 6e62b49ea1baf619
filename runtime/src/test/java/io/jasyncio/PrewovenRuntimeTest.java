package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime's own {@code @Async} classes are woven when the runtime is built, so the runtime
 * jar works in a JVM without the agent (with user classes woven ahead of time).
 */
class PrewovenRuntimeTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"sync/Lock", "sync/Semaphore", "sync/Queue", "sync/Event", "sync/Condition", "sync/Barrier"})
    void classFileOnDiskIsAlreadyWoven(String name) throws IOException {
        // The class file as built, not the class as the test JVM's agent may have transformed it.
        try (InputStream in = PrewovenRuntimeTest.class.getResourceAsStream("/io/jasyncio/" + name + ".class")) {
            assertNotNull(in, name);
            String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(bytes.contains("Lio/jasyncio/internal/Woven;"), name + " was not woven at build time");
        }
    }
}
