package io.jasyncio.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Arrays;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Where diagnostics go. With the compiler's tree API a diagnostic sits on the exact tree node
 * (so on the line of the offending expression); without it, on the element.
 *
 * <p>A warning is silenced by {@code @SuppressWarnings} with its kind's key ({@link
 * WarningKind}) or {@code "jasyncio"} on any enclosing declaration (variable, method, class, at
 * any depth); errors cannot be suppressed.
 */
final class Reporter {
    private final Messager messager;
    private final Trees trees;

    /** {@code trees} may be null: then only element diagnostics are available. */
    Reporter(Messager messager, Trees trees) {
        this.messager = messager;
        this.trees = trees;
    }

    void error(TreePath path, String message) {
        trees.printMessage(Diagnostic.Kind.ERROR, message, path.getLeaf(), path.getCompilationUnit());
    }

    void error(Tree tree, TreePath anyPathInSameFile, String message) {
        trees.printMessage(Diagnostic.Kind.ERROR, message, tree, anyPathInSameFile.getCompilationUnit());
    }

    void error(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    void error(String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message);
    }

    void note(String message) {
        messager.printMessage(Diagnostic.Kind.NOTE, message);
    }

    /** Reports a warning on the path's leaf unless an enclosing declaration suppresses its kind. */
    void warning(TreePath path, WarningKind kind, String message) {
        if (!suppressed(path, kind)) {
            trees.printMessage(Diagnostic.Kind.WARNING, message, path.getLeaf(), path.getCompilationUnit());
        }
    }

    private boolean suppressed(TreePath path, WarningKind kind) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            if (leaf instanceof ClassTree || leaf instanceof MethodTree || leaf instanceof VariableTree) {
                Element element = trees.getElement(p);
                SuppressWarnings sw = element == null ? null : element.getAnnotation(SuppressWarnings.class);
                if (sw != null) {
                    List<String> keys = Arrays.asList(sw.value());
                    if (keys.contains(WarningKind.ALL) || keys.contains(kind.key)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
