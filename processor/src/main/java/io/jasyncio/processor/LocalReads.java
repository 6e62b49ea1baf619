package io.jasyncio.processor;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;

/**
 * Whether a local variable's value is ever read in its scope: any use of its name counts
 * (awaiting it, passing it on, returning it, calling a method on it, capturing it in a lambda),
 * except being assigned to.
 */
final class LocalReads {
    private final Trees trees;

    LocalReads(Trees trees) {
        this.trees = trees;
    }

    /** True if {@code variable} is read somewhere under {@code scope}. */
    boolean isRead(Element variable, TreePath scope) {
        boolean[] read = new boolean[1];
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void unused) {
                if (!read[0]
                        && variable.equals(trees.getElement(getCurrentPath()))
                        && !isAssignedTo(getCurrentPath())) {
                    read[0] = true;
                }
                return null;
            }

            @Override
            public Void scan(Tree tree, Void unused) {
                return read[0] ? null : super.scan(tree, unused);
            }
        }.scan(scope, null);
        return read[0];
    }

    private static boolean isAssignedTo(TreePath identifier) {
        Tree parent = identifier.getParentPath().getLeaf();
        return parent instanceof AssignmentTree && ((AssignmentTree) parent).getVariable() == identifier.getLeaf();
    }
}
