package io.jasyncio.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.jasyncio.processor.Fixtures.fixture;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Build tools may hand the processor a wrapped processing environment. One that keeps javac's
 * environment in a field (as Gradle's incremental wrappers do) is unwrapped and gets every
 * check; an opaque one gets the declaration checks only, and a note says so.
 */
class CompilerWrappersTest {
    @Test
    void wrapperHoldingJavacsEnvironmentIsUnwrapped() {
        JavaFileObject file = fixture("AwaitOutsideAsync");
        Compilation compilation = compile(DelegatingEnvironment::new, file);
        assertThat(compilation)
                .hadErrorContaining(Messages.AWAIT_OUTSIDE_ASYNC)
                .inFile(file)
                .onLineContaining("await(sleep(4));");
    }

    @Test
    void opaqueEnvironmentStillChecksDeclarations() {
        JavaFileObject file = fixture("AsyncDeclarations");
        Compilation compilation = compile(CompilerWrappersTest::opaque, file);
        assertThat(compilation).hadNoteContaining("only @Async declarations are checked");
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_ABSTRACT)
                .inFile(file)
                .onLineContaining("abstract Coroutine<Integer> compute();");
        assertThat(compilation)
                .hadErrorContaining(Messages.ASYNC_RETURN_TYPE)
                .inFile(file)
                .onLineContaining("void returnsVoid()");
    }

    @Test
    void opaqueEnvironmentCannotSeeBodies() {
        Compilation compilation = compile(CompilerWrappersTest::opaque, fixture("AwaitOutsideAsync"));
        assertThat(compilation).succeeded();
    }

    private static Compilation compile(UnaryOperator<ProcessingEnvironment> wrap, JavaFileObject file) {
        return javac().withProcessors(new WrappingProcessor(new AsyncProcessor(), wrap))
                .withOptions(Fixtures.OPTIONS)
                .compile(file);
    }

    private static ProcessingEnvironment opaque(ProcessingEnvironment env) {
        return (ProcessingEnvironment) Proxy.newProxyInstance(
                CompilerWrappersTest.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(env, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Like a build tool's wrapper: keeps the real environment in a field. */
    private static final class DelegatingEnvironment implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;

        DelegatingEnvironment(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, String> getOptions() {
            return delegate.getOptions();
        }

        @Override
        public Messager getMessager() {
            return delegate.getMessager();
        }

        @Override
        public Filer getFiler() {
            return delegate.getFiler();
        }

        @Override
        public Elements getElementUtils() {
            return delegate.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return delegate.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return delegate.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return delegate.getLocale();
        }
    }

    private static final class WrappingProcessor implements Processor {
        private final Processor delegate;
        private final UnaryOperator<ProcessingEnvironment> wrap;

        WrappingProcessor(Processor delegate, UnaryOperator<ProcessingEnvironment> wrap) {
            this.delegate = delegate;
            this.wrap = wrap;
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }

        @Override
        public void init(ProcessingEnvironment env) {
            delegate.init(wrap.apply(env));
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return delegate.process(annotations, round);
        }

        @Override
        public Iterable<? extends Completion> getCompletions(
                Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
            return delegate.getCompletions(element, annotation, member, userText);
        }
    }
}
