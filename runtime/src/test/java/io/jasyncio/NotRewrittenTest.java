package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an await that was not rewritten throws, and the reasons it quotes. */
class NotRewrittenTest {
    @TempDir
    Path tmp;

    @Test
    void anAwaitThatWasNotRewrittenThrowsAnErrorThatCatchExceptionCannotHide() {
        Future<Integer> done = new Future<>(newEventLoop());
        done.setResult(1);
        NotRewrittenError e = assertThrows(NotRewrittenError.class, () -> {
            try {
                Asyncio.await(done); // this test method is not @Async: nothing rewrote the call
            } catch (Exception swallowed) {
                throw new AssertionError("an Exception handler caught it", swallowed);
            }
        });
        assertTrue(e.getMessage().contains("NotRewrittenTest"), e.getMessage());
    }

    private static EventLoop newEventLoop() {
        return Asyncio.newEventLoop();
    }

    @Test
    void theWeaveCommandsReasonIsQuotedFromItsResource() throws Exception {
        Path list = tmp.resolve("META-INF/jasyncio/refused-classes");
        Files.createDirectories(list.getParent());
        Files.writeString(
                list, "# comment\npkg.Locked\tlocked()Lio/jasyncio/Coroutine;: await inside a synchronized block\n");
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, saved)) {
            thread.setContextClassLoader(loader);
            assertEquals(
                    "the jasyncio weave command refused to rewrite pkg.Locked: locked()Lio/jasyncio/Coroutine;:"
                            + " await inside a synchronized block",
                    NotRewritten.reason("pkg.Locked"));
            assertEquals(null, NotRewritten.refusedByWeaving("pkg.Other"));
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
