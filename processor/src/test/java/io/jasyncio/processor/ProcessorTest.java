package io.jasyncio.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.jasyncio.processor.Fixtures.compile;
import static io.jasyncio.processor.Fixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.jasyncio.annotation.Async;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * One readable test per diagnostic (the marker-driven {@link DiagnosticsTest} covers every
 * occurrence), plus what javac itself rejects, broken source, clean source and the index.
 */
class ProcessorTest {
    @Test
    void awaitOutsideAsyncMethod() {
        JavaFileObject file = fixture("AwaitOutsideAsync");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_OUTSIDE_ASYNC)
                .inFile(file)
                .onLineContaining("await(sleep(4));");
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_OUTSIDE_ASYNC)
                .inFile(file)
                .onLineContaining("io.jasyncio.Asyncio.await(sleep(6));");
    }

    @Test
    void awaitInLambdaWithinAsyncMethod() {
        JavaFileObject file = fixture("AwaitInLambda");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_IN_LAMBDA)
                .inFile(file)
                .onLineContaining("coroutines.forEach(c -> await(c));");
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_METHOD_REFERENCE)
                .inFile(file)
                .onLineContaining("Asyncio::await");
    }

    @Test
    void awaitInAnonymousOrLocalClassWithinAsyncMethod() {
        JavaFileObject file = fixture("AwaitInInnerClass");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_OUTSIDE_ASYNC)
                .inFile(file)
                .onLineContaining("await(sleep(1));");
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_OUTSIDE_ASYNC)
                .inFile(file)
                .onLineContaining("await(sleep(2));");
    }

    @Test
    void awaitInSynchronized() {
        JavaFileObject file = fixture("AwaitInSynchronized");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_IN_SYNCHRONIZED)
                .inFile(file)
                .onLineContaining("await(sleep(1));");
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_SYNCHRONIZED)
                .inFile(file)
                .onLineContaining("synchronized Coroutine<Void> method()");
    }

    @Test
    void badDeclarations() {
        JavaFileObject file = fixture("AsyncDeclarations");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_ABSTRACT)
                .inFile(file)
                .onLineContaining("abstract Coroutine<Integer> compute();");
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_NATIVE)
                .inFile(file)
                .onLineContaining("native Coroutine<Integer> nativeCompute();");
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_RETURN_TYPE)
                .inFile(file)
                .onLineContaining("void returnsVoid()");
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_RETURN_TYPE)
                .inFile(file)
                .onLineContaining("String localReturnsString()");
    }

    @Test
    void returnsNull() {
        JavaFileObject file = fixture("AsyncReturnsNull");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_RETURNS_NULL)
                .inFile(file)
                .onLineContaining("return null; // ERROR");
    }

    @Test
    void droppedCoroutineWarnsUnlessSuppressed() {
        JavaFileObject file = fixture("Unawaited");
        Compilation compilation = compile(file);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining(Messages.UNAWAITED_COROUTINE)
                .inFile(file)
                .onLineContaining("square(1);");
        assertThat(compilation)
                .hadWarningContaining(Messages.UNAWAITED_AWAITABLE)
                .inFile(file)
                .onLineContaining("sleep(1);");
        assertThat(compilation)
                .hadWarningContaining(Messages.UNAWAITED_COROUTINE)
                .inFile(file)
                .onLineContaining("main();");
        assertThat(compilation).hadWarningCount(5);
    }

    @Test
    void asyncLambdasMayAwaitAndOtherLambdasStillMayNot() {
        JavaFileObject file = fixture("AwaitInAsyncLambda");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_IN_LAMBDA)
                .inFile(file)
                .onLineContaining("names.forEach(n -> await(fetch(n)));");
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_IN_LAMBDA)
                .inFile(file)
                .onLineContaining("NotMarked notMarked");
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_METHOD_REFERENCE)
                .inFile(file)
                .onLineContaining("Asyncio::await");
        for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
            String line = lineOf(file, d.getLineNumber());
            assertFalse(line.contains("String b = await(fetch(\"b\"));"), d.toString());
            assertFalse(line.contains("await(sleep(0.5));"), d.toString());
        }
    }

    @Test
    void asyncFunctionalInterfaceMustReturnCoroutine() {
        JavaFileObject file = fixture("AsyncInterfaceDeclarations");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_INTERFACE_RETURN_TYPE)
                .inFile(file)
                .onLineContaining("String call();");
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_INTERFACE_NOT_FUNCTIONAL)
                .inFile(file)
                .onLineContaining("interface TwoMethods");
    }

    @Test
    void blockingCallWarningNamesTheCallAndTheReplacement() {
        JavaFileObject file = fixture("BlockingCalls");
        Compilation compilation = compile(file);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining(String.format(
                        Messages.BLOCKING_CALL,
                        "Thread.sleep(...)",
                        "await(sleep(seconds)), which suspends this task only"))
                .inFile(file)
                .onLineContaining("Thread.sleep(100);");
        assertThat(compilation)
                .hadWarningContaining("[jasyncio-blocking] ReentrantLock.lock(...)")
                .inFile(file)
                .onLineContaining("lock.lock();");
    }

    /** What a replacement must name: an awaited call or one of jasyncio's asynchronous APIs. */
    private static final java.util.regex.Pattern JASYNCIO_EQUIVALENT =
            java.util.regex.Pattern.compile("await\\(|toThread|io\\.jasyncio\\.sync|AsyncFiles|Streams|asCompleted");

    /**
     * A typo in the table would silently match nothing: every type and method must exist, and
     * each names the jasyncio equivalent.
     */
    @Test
    void everyBlockingCallOfTheTableExistsInTheJdk() throws ClassNotFoundException {
        BlockingCalls table = BlockingCalls.load(null, null);
        assertTrue(table.entries().size() > 100, "entries: " + table.entries().size());
        for (BlockingCalls.Entry entry : table.entries()) {
            Class<?> type = Class.forName(entry.type);
            boolean found = entry.method.equals("new")
                    ? java.util.Arrays.stream(type.getConstructors())
                            .anyMatch(c -> entry.arity < 0 || c.getParameterCount() == entry.arity)
                    : java.util.Arrays.stream(type.getMethods())
                            .anyMatch(m -> m.getName().equals(entry.method)
                                    && (entry.arity < 0 || m.getParameterCount() == entry.arity));
            assertTrue(found, entry.type + "." + entry.method + "/" + entry.arity + " does not exist");
            assertTrue(
                    JASYNCIO_EQUIVALENT.matcher(entry.instead).find(),
                    entry.type + "." + entry.method + ": the replacement names no jasyncio API: " + entry.instead);
        }
        for (String type : table.neverBlocking()) {
            Class.forName(type);
        }
    }

    @Test
    void swallowedCancellationIsReportedOnTheCatch() {
        JavaFileObject file = fixture("SwallowedCancellation");
        Compilation compilation = compile(file);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining(Messages.SWALLOWED_CANCELLATION)
                .inFile(file)
                .onLineContaining("} catch (RuntimeException e) { // WARNING");
    }

    @Test
    void unawaitedLocalNamesTheVariable() {
        JavaFileObject file = fixture("UnawaitedLocals");
        Compilation compilation = compile(file);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining(
                        String.format(Messages.UNAWAITED_LOCAL_COROUTINE, "forgotten", "forgotten", "forgotten"))
                .inFile(file)
                .onLineContaining("Coroutine<Integer> forgotten = square(1);");
        assertThat(compilation)
                .hadWarningContaining(String.format(Messages.UNAWAITED_LOCAL_AWAITABLE, "nap", "nap"))
                .inFile(file)
                .onLineContaining("Awaitable<Void> nap = sleep(1);");
    }

    private static String lineOf(JavaFileObject file, long line) {
        try {
            return file.getCharContent(true).toString().split("\n", -1)[(int) line - 1];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** javac rejects @Async on a constructor before processors run; its error is the one. */
    @Test
    void constructorIsRejectedByJavacOnTheAnnotation() {
        JavaFileObject file = fixture("AsyncConstructor");
        Compilation compilation = compile(file);
        assertThat(compilation)
                .hadErrorContaining("not applicable to this kind of declaration")
                .inFile(file)
                .onLineContaining("@Async");
        assertNoJasyncioDiagnostic(compilation);
    }

    /** An initializer cannot carry an annotation at all: a javac syntax error. */
    @Test
    void initializerIsRejectedByJavac() {
        JavaFileObject file = fixture("AsyncInitializer");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("").inFile(file).onLineContaining("static {");
        assertNoJasyncioDiagnostic(compilation);
    }

    @Test
    void brokenSourceGivesOnlyJavacErrors() {
        for (String name : new String[] {"Broken", "Syntax"}) {
            Compilation compilation = compile(fixture(name));
            assertThat(compilation).failed();
            assertNoJasyncioDiagnostic(compilation);
        }
    }

    @Test
    void typicalProgramCompilesCleanly() {
        assertThat(compile(fixture("Squares"))).succeededWithoutWarnings();
    }

    @Test
    void missingRuntimeIsNotAProblem() {
        // Only the annotation on the class path: no Asyncio, no Coroutine. The processor
        // must leave javac's "cannot find symbol" errors alone and add none of its own.
        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(new AsyncProcessor())
                .withClasspath(List.of(new File(Fixtures.codeSource(Async.class))))
                .compile(fixture("Squares"));
        assertThat(compilation).failed();
        assertNoJasyncioDiagnostic(compilation);
    }

    @Test
    void indexResourceAndGeneratedClass() {
        Compilation compilation = compile(fixture("Squares"), fixture("OwnAwait"));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "", Names.INDEX_RESOURCE)
                .contentsAsUtf8String()
                .isEqualTo(Fixtures.resource("golden/async-classes"));
        assertThat(compilation)
                .generatedSourceFile("fixtures.Jasyncio_Index")
                .contentsAsUtf8String()
                .isEqualTo(Fixtures.resource("golden/Jasyncio_Index.java"));
    }

    @Test
    void noIndexWithoutAsyncClasses() {
        Compilation compilation = compile(fixture("OwnAwait"));
        assertThat(compilation).succeededWithoutWarnings();
        // compile-testing's in-memory file manager lists the resource the processor only
        // tried to read, with no content; JavacCommandLineTest checks a real directory.
        compilation.generatedFiles().stream()
                .filter(f -> f.getName().contains(Names.INDEX_RESOURCE))
                .forEach(f -> assertThrows(FileNotFoundException.class, f::openInputStream));
        assertFalse(
                compilation.generatedSourceFiles().stream()
                        .anyMatch(f -> f.getName().contains(Names.INDEX_CLASS)),
                compilation.generatedSourceFiles().toString());
    }

    @Test
    void indexCoversNestedInterfacesEnumsAndRecordsInEveryPackage() {
        JavaFileObject a = JavaFileObjects.forSourceLines(
                "p.A",
                "package p;",
                "import io.jasyncio.Coroutine;",
                "import io.jasyncio.annotation.Async;",
                "import static io.jasyncio.Asyncio.done;",
                "public interface A {",
                "  @Async default Coroutine<Void> f() { return done(); }",
                "  enum E { X; @Async Coroutine<Void> g() { return done(); } }",
                "  record R(int x) { @Async Coroutine<Integer> h() { return done(x); } }",
                "  class NotAsync { }",
                "}");
        JavaFileObject b = JavaFileObjects.forSourceLines(
                "q.r.B",
                "package q.r;",
                "import io.jasyncio.Coroutine;",
                "import io.jasyncio.annotation.Async;",
                "import static io.jasyncio.Asyncio.done;",
                "class B { @Async static Coroutine<Void> f() { return done(); } }");
        Compilation compilation = compile(a, b);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "", Names.INDEX_RESOURCE)
                .contentsAsUtf8String()
                .isEqualTo(AsyncIndex.HEADER + "p.A\np.A$E\np.A$R\nq.r.B\n");
        assertThat(compilation)
                .generatedSourceFile("p.Jasyncio_Index")
                .contentsAsUtf8String()
                .contains("\"p.A\",\n      \"p.A$E\",\n      \"p.A$R\"\n");
        assertThat(compilation)
                .generatedSourceFile("q.r.Jasyncio_Index")
                .contentsAsUtf8String()
                .contains("\"q.r.B\"");
    }

    /** Another processor already wrote our resource: the Filer throws, we report it. */
    @Test
    void exceptionsBecomeErrorsNamingWhatWasChecked() {
        Processor squatter = new AbstractProcessor() {
            private boolean written;

            @Override
            public Set<String> getSupportedAnnotationTypes() {
                return Set.of("*");
            }

            @Override
            public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                if (!written) {
                    written = true;
                    try {
                        processingEnv
                                .getFiler()
                                .createResource(StandardLocation.CLASS_OUTPUT, "", Names.INDEX_RESOURCE)
                                .openWriter()
                                .close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return false;
            }
        };
        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(squatter, new AsyncProcessor())
                .compile(fixture("Squares"));
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining(Messages.TAG
                        + " internal error in the jasyncio processor while checking the @Async index:"
                        + " javax.annotation.processing.FilerException");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void indexParsesCommentsBlanksAndDuplicates() {
        AsyncIndex index = AsyncIndex.parse("# c\n\n  b.C \r\na.B\nb.C\n#x\r\n");
        assertEquals("[a.B, b.C]", index.classes().toString());
        assertEquals(AsyncIndex.HEADER + "a.B\nb.C\n", index.format());
        assertEquals("", AsyncIndex.packageOf("Top"));
        assertEquals("a.b", AsyncIndex.packageOf("a.b.Outer$Inner"));
    }

    static void assertNoJasyncioDiagnostic(Compilation compilation) {
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            assertFalse(message.contains(Messages.PREFIX), message);
            assertFalse(message.contains("Exception"), message);
            assertFalse(message.contains("\tat "), message);
        }
        assertTrue(compilation.errors().size() > 0 || compilation.diagnostics().isEmpty());
    }
}
