package io.jasyncio.processor;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * The checks of one {@code @Async} declaration that need no method body: what kind of member
 * it is, its modifiers, its return type.
 *
 * <ul>
 *   <li>constructor: {@link Messages#ASYNC_CONSTRUCTOR} (javac also reports that the annotation
 *       does not apply; initializers cannot carry annotations at all, so javac's parser
 *       rejects those before any processor runs);</li>
 *   <li>abstract, native or synchronized method: {@link Messages#ASYNC_ABSTRACT},
 *       {@link Messages#ASYNC_NATIVE}, {@link Messages#ASYNC_SYNCHRONIZED};</li>
 *   <li>return type whose erasure is not {@code io.jasyncio.Coroutine}:
 *       {@link Messages#ASYNC_RETURN_TYPE}, on the return type (skipped when the return type is
 *       erroneous: javac has already said why).</li>
 * </ul>
 */
final class AsyncMethodValidator {
    private final AsyncModel model;
    private final Reporter reporter;

    AsyncMethodValidator(AsyncModel model, Reporter reporter) {
        this.model = model;
        this.reporter = reporter;
    }

    /**
     * Checks an element carrying {@code @Async}. With {@code path} (the method's tree path) the
     * errors sit on the method's name or return type; without it, on the element.
     */
    void validate(Element element, TreePath path) {
        if (element.getKind() == ElementKind.CONSTRUCTOR) {
            report(element, path, null, Messages.ASYNC_CONSTRUCTOR);
            return;
        }
        if (element.getKind() != ElementKind.METHOD) {
            return; // javac rejects @Async anywhere else (the annotation targets methods only)
        }
        ExecutableElement method = (ExecutableElement) element;
        Set<Modifier> modifiers = method.getModifiers();
        if (modifiers.contains(Modifier.ABSTRACT)) {
            report(method, path, null, Messages.ASYNC_ABSTRACT);
        }
        if (modifiers.contains(Modifier.NATIVE)) {
            report(method, path, null, Messages.ASYNC_NATIVE);
        }
        if (modifiers.contains(Modifier.SYNCHRONIZED)) {
            report(method, path, null, Messages.ASYNC_SYNCHRONIZED);
        }
        if (!AsyncModel.isErroneous(method.getReturnType()) && !model.isCoroutine(method.getReturnType())) {
            Tree returnType = path == null ? null : ((MethodTree) path.getLeaf()).getReturnType();
            report(method, path, returnType, Messages.ASYNC_RETURN_TYPE);
        }
    }

    private void report(Element element, TreePath path, Tree tree, String message) {
        if (path == null) {
            reporter.error(element, message);
        } else if (tree == null) {
            reporter.error(path, message);
        } else {
            reporter.error(tree, path, message);
        }
    }
}
