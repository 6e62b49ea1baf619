package io.jasyncio.processor;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The checks of one {@code @AsyncFunctionalInterface} declaration: it is an interface with
 * exactly one abstract method ({@link Messages#ASYNC_INTERFACE_NOT_FUNCTIONAL}, on the type),
 * and that method returns {@code io.jasyncio.Coroutine} ({@link
 * Messages#ASYNC_INTERFACE_RETURN_TYPE}, on its return type when the interface declares it, else
 * on the type). The public methods of {@code Object} an interface redeclares do not count, as for
 * {@code @FunctionalInterface}.
 */
final class AsyncInterfaceValidator {
    private final Elements elements;
    private final AsyncModel model;
    private final Reporter reporter;
    private final Trees trees;

    /** {@code trees} may be null: then errors sit on elements. */
    AsyncInterfaceValidator(Elements elements, AsyncModel model, Reporter reporter, Trees trees) {
        this.elements = elements;
        this.model = model;
        this.reporter = reporter;
        this.trees = trees;
    }

    void validate(Element element) {
        if (element.getKind() != ElementKind.INTERFACE) {
            reporter.error(element, Messages.ASYNC_INTERFACE_NOT_FUNCTIONAL);
            return;
        }
        TypeElement type = (TypeElement) element;
        List<ExecutableElement> abstracts = abstractMethods(type);
        if (abstracts.size() != 1) {
            reporter.error(element, Messages.ASYNC_INTERFACE_NOT_FUNCTIONAL);
            return;
        }
        ExecutableElement method = abstracts.get(0);
        if (AsyncModel.isErroneous(method.getReturnType()) || model.isCoroutine(method.getReturnType())) {
            return;
        }
        TreePath path = method.getEnclosingElement().equals(type) && trees != null ? trees.getPath(method) : null;
        if (path != null && path.getLeaf() instanceof MethodTree) {
            reporter.error(((MethodTree) path.getLeaf()).getReturnType(), path, Messages.ASYNC_INTERFACE_RETURN_TYPE);
        } else {
            reporter.error(element, Messages.ASYNC_INTERFACE_RETURN_TYPE);
        }
    }

    /** The abstract methods of the interface, inherited ones included, each signature once. */
    private List<ExecutableElement> abstractMethods(TypeElement type) {
        List<ExecutableElement> found = new ArrayList<>();
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (m.getModifiers().contains(Modifier.ABSTRACT) && !isObjectMethod(m)) {
                found.add(m);
            }
        }
        List<ExecutableElement> distinct = new ArrayList<>();
        for (ExecutableElement m : found) {
            boolean overridden = false;
            for (ExecutableElement other : found) {
                if (other != m && elements.overrides(other, m, type)) {
                    overridden = true;
                    break;
                }
            }
            if (!overridden) {
                distinct.add(m);
            }
        }
        return distinct;
    }

    /** equals(Object), hashCode() and toString(), which every implementation inherits from Object. */
    private static boolean isObjectMethod(ExecutableElement m) {
        String name = m.getSimpleName().toString();
        List<? extends VariableElement> params = m.getParameters();
        switch (name) {
            case "equals":
                return params.size() == 1
                        && params.get(0).asType().getKind() == TypeKind.DECLARED
                        && params.get(0).asType().toString().equals("java.lang.Object");
            case "hashCode":
            case "toString":
                return params.isEmpty();
            default:
                return false;
        }
    }
}
