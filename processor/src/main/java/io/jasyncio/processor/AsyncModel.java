package io.jasyncio.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the jasyncio names mean in the language model: which methods are coroutines, which calls
 * are suspension points, which types are coroutines, which classes belong in the index.
 * Every question tolerates erroneous types (it answers "no"), so broken source never draws a
 * jasyncio diagnostic on top of javac's own.
 */
final class AsyncModel {
    private final Elements elements;
    private final Types types;

    AsyncModel(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** True if the element carries {@code @io.jasyncio.annotation.Async}. */
    static boolean isAsync(Element element) {
        return carries(element, Names.ASYNC);
    }

    /** True if the element carries {@code @io.jasyncio.AsyncFunctionalInterface}. */
    static boolean isAsyncFunctionalInterface(Element element) {
        return carries(element, Names.ASYNC_FUNCTIONAL_INTERFACE);
    }

    /**
     * True if a lambda with this target type may await: the type is an interface that itself
     * carries {@code @AsyncFunctionalInterface} (or an intersection with one, as a cast {@code
     * (AsyncSupplier<T> & Serializable)} makes). A sub-interface must carry the annotation
     * itself, as the agent reads it from the target interface's own class file.
     */
    boolean isAsyncLambdaTarget(TypeMirror type) {
        if (type == null) {
            return false;
        }
        if (type.getKind() == TypeKind.INTERSECTION) {
            for (TypeMirror bound : ((IntersectionType) type).getBounds()) {
                if (isAsyncLambdaTarget(bound)) {
                    return true;
                }
            }
            return false;
        }
        return type.getKind() == TypeKind.DECLARED && isAsyncFunctionalInterface(((DeclaredType) type).asElement());
    }

    private static boolean carries(Element element, String annotation) {
        if (element == null) {
            return false;
        }
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            Element type = mirror.getAnnotationType().asElement();
            if (type instanceof TypeElement
                    && ((TypeElement) type).getQualifiedName().contentEquals(annotation)) {
                return true;
            }
        }
        return false;
    }

    /** True if the element is one of the static {@code io.jasyncio.Asyncio.await} methods. */
    static boolean isAwait(Element element) {
        if (!(element instanceof ExecutableElement)
                || element.getKind() != ElementKind.METHOD
                || !element.getSimpleName().contentEquals(Names.AWAIT)
                || !element.getModifiers().contains(Modifier.STATIC)) {
            return false;
        }
        Element owner = element.getEnclosingElement();
        return owner instanceof TypeElement
                && ((TypeElement) owner).getQualifiedName().contentEquals(Names.ASYNCIO);
    }

    /**
     * True if the type, erased, is exactly {@code io.jasyncio.Coroutine} (raw or parameterized;
     * subclasses such as a task type are not). False for erroneous or missing types.
     */
    boolean isCoroutine(TypeMirror type) {
        return erasureIs(type, Names.COROUTINE);
    }

    /**
     * True if a value of this static type does nothing unless awaited: {@code Coroutine} or
     * {@code Awaitable} itself (what {@code @Async} methods and {@code sleep} return). Not
     * {@code Future}, {@code Task} or other subtypes: those are already running or scheduled.
     */
    boolean isLazyAwaitable(TypeMirror type) {
        return erasureIs(type, Names.COROUTINE) || erasureIs(type, Names.AWAITABLE);
    }

    private boolean erasureIs(TypeMirror type, String qualifiedName) {
        if (type == null || type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        Element element = ((DeclaredType) types.erasure(type)).asElement();
        return element instanceof TypeElement
                && ((TypeElement) element).getQualifiedName().contentEquals(qualifiedName);
    }

    /**
     * True if a value of this static type is an {@code AsyncCloseable} whose {@code close()} is
     * the interface's default, which throws: only an awaited {@code aclose} closes it.
     */
    boolean closeOnlyByAwait(TypeMirror type) {
        TypeElement closeable = elements.getTypeElement(Names.ASYNC_CLOSEABLE);
        if (closeable == null || type == null || type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        if (!types.isSubtype(types.erasure(type), types.erasure(closeable.asType()))) {
            return false;
        }
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
            if (m.getSimpleName().contentEquals("close") && m.getParameters().isEmpty()) {
                return m.getEnclosingElement().equals(closeable);
            }
        }
        return false;
    }

    /** True if the type is erroneous (or missing): then javac has reported, and we keep quiet. */
    static boolean isErroneous(TypeMirror type) {
        return type == null || type.getKind() == TypeKind.ERROR;
    }

    /** True if the class itself (not its nested classes) declares an {@code @Async} method. */
    static boolean declaresAsyncMethod(TypeElement type) {
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() == ElementKind.METHOD && isAsync(member)) {
                return true;
            }
        }
        return false;
    }

    /** The binary name, as {@code Class.forName} takes it ({@code pkg.Outer$Inner}). */
    String binaryName(TypeElement type) {
        return elements.getBinaryName(type).toString();
    }

    /**
     * The class with this binary name as the compiler sees it now (from source in this
     * compilation, or from a class file on the class path), or null if there is none.
     */
    TypeElement typeByBinaryName(String binaryName) {
        for (String candidate : new String[] {binaryName.replace('$', '.'), binaryName}) {
            TypeElement type;
            try {
                type = elements.getTypeElement(candidate);
            } catch (RuntimeException e) {
                type = null; // some compilers throw for a name that is not canonical
            }
            if (type != null
                    && type.asType().getKind() != TypeKind.ERROR
                    && binaryName(type).equals(binaryName)) {
                return type;
            }
        }
        return null;
    }

    /** True if the class still exists and still declares an {@code @Async} method. */
    boolean stillIndexed(String binaryName) {
        TypeElement type = typeByBinaryName(binaryName);
        return type != null && declaresAsyncMethod(type);
    }
}
