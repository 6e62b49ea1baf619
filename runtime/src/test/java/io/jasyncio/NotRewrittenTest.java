package io.jasyncio;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.annotation.Async;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
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

    @Async
    static Coroutine<Integer> one() {
        return done(await(Asyncio.sleep(0, 1)));
    }

    @Test
    void runIsGivenTheCoroutineOfAnIndexedClassThatWasNotRewrittenAndNamesIt() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {indexedClasses("fixture.Plain").toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> plain = loader.loadClass("fixture.Plain");

            NotRewrittenError e =
                    assertThrows(NotRewrittenError.class, () -> NotRewritten.checkRunnable(done(1), plain));
            assertTrue(
                    e.getMessage().startsWith("class fixture.Plain has @Async methods but was not rewritten: "),
                    e.getMessage());
            // Given a coroutine made by a rewritten method, run() reads nothing, whoever calls it.
            NotRewritten.checkRunnable(one(), plain);
        }
    }

    @Test
    void runNeitherLoadsNorReportsIndexedClassesItDoesNotUse() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try (RecordingLoader loader = new RecordingLoader(indexedClasses("fixture.Plain"))) {
            thread.setContextClassLoader(loader);

            assertEquals(1, Asyncio.run(one()));
            assertFalse(loader.asked.contains("fixture.Plain"), String.valueOf(loader.asked));
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /** The agent refuses this class (an {@code @Async synchronized} method), so none of its methods is rewritten. */
    static final class Refused {
        @Async
        synchronized Coroutine<Void> locked() {
            return done();
        }

        @Async
        static Coroutine<Void> startsATask() {
            createTask(one());
            return done();
        }
    }

    @Test
    void anUnrewrittenAsyncMethodThatNeedsALoopNamesItselfAndTheAgentsReason() {
        NotRewrittenError e = assertThrows(NotRewrittenError.class, Refused::startsATask);

        assertTrue(
                e.getMessage()
                        .startsWith("@Async method io.jasyncio.NotRewrittenTest$Refused.startsATask ran at its call"
                                + " instead of returning a coroutine, because it was not rewritten: the jasyncio agent"
                                + " refused to rewrite io.jasyncio.NotRewrittenTest$Refused: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("synchronized"), e.getMessage());
    }

    /** A class directory with class {@code name} (an empty class) and an index listing it, as the processor writes it. */
    private Path indexedClasses(String name) throws Exception {
        Path src = tmp.resolve("src/" + name.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        int dot = name.lastIndexOf('.');
        Files.writeString(
                src, "package " + name.substring(0, dot) + ";\npublic class " + name.substring(dot + 1) + " { }\n");
        Path classes = tmp.resolve("classes");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, diagnostics, diagnostics, "-d", classes.toString(), src.toString());
        assertEquals(0, status, diagnostics.toString());
        Path index = classes.resolve("META-INF/jasyncio/async-classes");
        Files.createDirectories(index.getParent());
        Files.writeString(index, "# Classes that declare @io.jasyncio.annotation.Async methods\n" + name + "\n");
        return classes;
    }

    /** Records every class it is asked for. */
    private static final class RecordingLoader extends URLClassLoader {
        final List<String> asked = new ArrayList<>();

        RecordingLoader(Path classes) throws java.net.MalformedURLException {
            super(new URL[] {classes.toUri().toURL()}, RecordingLoader.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }
}
