package io.jasyncio.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * The jasyncio annotation processor: rejects misuse of {@code @Async} and {@code await} at
 * compile time, and writes the index of the compilation's {@code @Async} classes that the
 * runtime uses to fail fast when the agent is missing.
 *
 * <p>Put it on the annotation processor path ({@code javac -processorpath}, or Maven's
 * {@code annotationProcessorPaths}); it is found through {@code META-INF/services}. It supports
 * every annotation ({@code "*"}) because {@code await(...)} must be checked in classes that use
 * no annotation at all, and it claims none, so other processors see everything.
 *
 * <p>Under javac, method bodies are checked once javac has attributed them (a
 * {@link TaskEvent.Kind#ANALYZE} listener), so every diagnostic sits on the exact expression;
 * under another compiler only the {@code @Async} declarations are checked. No exception ever
 * leaves the processor: one is reported as an error that names what was being checked.
 * Diagnostics and the index format are described in the project's {@code docs/architecture.md}.
 */
@AutoService(Processor.class)
public final class AsyncProcessor extends AbstractProcessor {
    private AsyncModel model;
    private Reporter reporter;
    private AsyncMethodValidator validator;
    private AsyncInterfaceValidator interfaceValidator;
    private BlockingCalls blockingCalls;
    private CancellationSwallowing cancellation;
    private IndexGenerator generator;
    private Trees trees;
    private boolean bodyChecks;

    private boolean firstRound = true;
    private boolean previousIndexExisted;
    private final AsyncIndex index = new AsyncIndex();
    private final Set<String> droppedPackages = new LinkedHashSet<>();
    private final Set<String> generatedPackages = new LinkedHashSet<>();
    private final Set<Element> originatingElements = new LinkedHashSet<>();

    /** Creates the processor; the compiler calls {@link #init} before anything else. */
    public AsyncProcessor() {}

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        model = new AsyncModel(env.getElementUtils(), env.getTypeUtils());
        JavacTask task = null;
        try {
            ProcessingEnvironment javacEnv = javacEnvironment(env);
            if (javacEnv != null) {
                trees = Trees.instance(javacEnv);
                task = JavacTask.instance(javacEnv);
            }
        } catch (RuntimeException | LinkageError e) {
            trees = null;
            task = null;
        }
        reporter = new Reporter(env.getMessager(), trees);
        generator = new IndexGenerator(env.getFiler(), env.getElementUtils(), trees);
        validator = new AsyncMethodValidator(model, reporter);
        interfaceValidator = new AsyncInterfaceValidator(env.getElementUtils(), model, reporter, trees);
        if (trees != null && task != null) {
            try {
                blockingCalls = BlockingCalls.load(env.getElementUtils(), env.getTypeUtils());
            } catch (RuntimeException e) {
                reporter.error(Messages.internalError("the table of blocking calls", e));
                blockingCalls = BlockingCalls.none(env.getElementUtils(), env.getTypeUtils());
            }
            cancellation = new CancellationSwallowing(trees, env.getElementUtils(), env.getTypeUtils());
            task.addTaskListener(new AnalyzeListener());
            bodyChecks = true;
        } else {
            reporter.note(Messages.TAG + " this compiler offers no access to method bodies:"
                    + " only @Async declarations are checked, not await(...) calls");
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            if (firstRound) {
                firstRound = false;
                mergePreviousIndex();
            }
            if (round.processingOver()) {
                if (!index.isEmpty() || previousIndexExisted) {
                    generator.writeResource(index, originatingElements.toArray(new Element[0]));
                }
            } else {
                processRound(round);
            }
        } catch (Throwable t) {
            rethrowIfFatal(t);
            reporter.error(Messages.internalError("the @Async index", t));
        }
        return false;
    }

    /** Keeps the previous index's entries whose classes still exist and are still async. */
    private void mergePreviousIndex() {
        AsyncIndex previous = generator.readPrevious();
        if (previous == null) {
            return;
        }
        previousIndexExisted = !previous.isEmpty(); // then it must be rewritten, emptied
        for (String name : previous.classes()) {
            if (model.stillIndexed(name)) {
                index.add(name);
            } else {
                droppedPackages.add(AsyncIndex.packageOf(name));
            }
        }
    }

    private void processRound(RoundEnvironment round) throws Exception {
        TypeElement async = processingEnv.getElementUtils().getTypeElement(Names.ASYNC);
        Map<String, Element> found = new LinkedHashMap<>(); // binary name -> its class
        if (async != null) {
            for (Element element : round.getElementsAnnotatedWith(async)) {
                try {
                    if (!bodyChecks) {
                        validator.validate(element, null);
                    }
                    if (element.getKind() == ElementKind.METHOD
                            && element.getEnclosingElement() instanceof TypeElement) {
                        TypeElement type = (TypeElement) element.getEnclosingElement();
                        found.put(model.binaryName(type), type);
                    }
                } catch (Throwable t) {
                    rethrowIfFatal(t);
                    reporter.error(element, Messages.internalError(element, t));
                }
            }
        }
        TypeElement asyncInterface = processingEnv.getElementUtils().getTypeElement(Names.ASYNC_FUNCTIONAL_INTERFACE);
        if (asyncInterface != null && !bodyChecks) {
            // Under javac the body scanner checks them, local interfaces included.
            for (Element element : round.getElementsAnnotatedWith(asyncInterface)) {
                interfaceValidator.validate(element);
            }
        }
        index.addAll(found.keySet());
        originatingElements.addAll(found.values());

        Set<String> touched = new LinkedHashSet<>(droppedPackages);
        droppedPackages.clear();
        for (String name : found.keySet()) {
            touched.add(AsyncIndex.packageOf(name));
        }
        Map<String, List<String>> byPackage = index.byPackage();
        for (String packageName : touched) {
            List<String> names = byPackage.get(packageName);
            // A package gets its class once per compilation (a source file cannot be written
            // twice); classes found in later rounds are in the resource only.
            if (names != null && generatedPackages.add(packageName)) {
                List<Element> origins = new ArrayList<>();
                for (Map.Entry<String, Element> entry : found.entrySet()) {
                    if (AsyncIndex.packageOf(entry.getKey()).equals(packageName)) {
                        origins.add(entry.getValue());
                    }
                }
                writeSource(packageName, names, origins);
            }
        }
    }

    private void writeSource(String packageName, List<String> names, List<Element> origins) throws IOException {
        try {
            IndexGenerator.SourceWrite outcome =
                    generator.writeSource(packageName, names, origins.toArray(new Element[0]));
            if (outcome == IndexGenerator.SourceWrite.REWRITTEN_FOR_NEXT_COMPILATION) {
                reporter.note(String.format(Messages.INDEX_CLASS_STALE, IndexGenerator.qualified(packageName)));
            }
        } catch (IndexGenerator.IndexClassClashException e) {
            reporter.error(String.format(Messages.INDEX_CLASS_CLASH, e.className));
        }
    }

    /** Runs the body checks on each top-level class once javac has attributed it. */
    private final class AnalyzeListener implements TaskListener {
        @Override
        public void started(TaskEvent event) {}

        @Override
        public void finished(TaskEvent event) {
            if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null) {
                return;
            }
            try {
                CompilationUnitTree unit = event.getCompilationUnit();
                TreePath unitPath = new TreePath(unit);
                for (Tree declaration : unit.getTypeDecls()) {
                    if (declaration instanceof ClassTree) {
                        TreePath path = new TreePath(unitPath, declaration);
                        if (event.getTypeElement().equals(trees.getElement(path))) {
                            new BodyScanner(
                                            trees,
                                            model,
                                            validator,
                                            interfaceValidator,
                                            blockingCalls,
                                            cancellation,
                                            reporter)
                                    .scan(path, null);
                        }
                    }
                }
            } catch (Throwable t) {
                rethrowIfFatal(t);
                reporter.error(event.getTypeElement(), Messages.internalError(event.getTypeElement(), t));
            }
        }
    }

    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }

    /**
     * The javac processing environment behind {@code env}: {@code env} itself, or one it wraps
     * (build tools such as Gradle wrap it), or null.
     */
    private static ProcessingEnvironment javacEnvironment(ProcessingEnvironment env) {
        ProcessingEnvironment current = env;
        for (int depth = 0; current != null && depth < 4; depth++) {
            if (current.getClass().getName().equals("com.sun.tools.javac.processing.JavacProcessingEnvironment")) {
                return current;
            }
            current = wrapped(current);
        }
        return null;
    }

    private static ProcessingEnvironment wrapped(ProcessingEnvironment env) {
        for (Class<?> c = env.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (ProcessingEnvironment.class.isAssignableFrom(field.getType())) {
                    try {
                        field.setAccessible(true);
                        return (ProcessingEnvironment) field.get(env);
                    } catch (RuntimeException | IllegalAccessException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
