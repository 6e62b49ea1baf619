package io.jasyncio.processor;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Which catch clauses of a try statement in coroutine code swallow the task's cancellation
 * ({@link Messages#SWALLOWED_CANCELLATION}). A clause does when all of these hold:
 *
 * <ul>
 *   <li>its try block or resources await, in the same body (an {@code await(...)} not inside a
 *       nested lambda or class, or a resource whose type is an {@code AsyncCloseable}, whose close
 *       is awaited): that is where {@code CancelledError} is thrown;
 *   <li>it can catch {@code CancelledError}: one of its types is a supertype ({@code Throwable},
 *       {@code Exception}, {@code RuntimeException}, {@code IllegalStateException}, {@code
 *       CancellationException}), and no earlier clause of the same try catches it first. A
 *       clause that names {@code CancelledError} itself is taken as deliberate;
 *   <li>its handler neither rethrows nor lets out the caught exception. It does if, outside
 *       nested lambdas and classes, it throws the caught variable (or a variable bound to it by
 *       {@code instanceof} or initialized from it, through casts and parentheses), or throws
 *       what a method returns when given it (a rethrow helper); returns it, or what a call or
 *       {@code new} makes of it as an argument ({@code return done(e)}); stores it in a variable, field or array element declared outside the
 *       handler; completes a future with it ({@code setException}, {@code
 *       completeExceptionally}); or gives it to a rethrow helper ({@code
 *       Throwables.throwIfUnchecked(e)}, {@code rethrow(e)}, {@code sneakyThrow(e)}, known by
 *       name). Wrapping it ({@code throw new X(e)}) does not let it out: the
 *       task would fail instead of being cancelled.
 * </ul>
 */
final class CancellationSwallowing {
    private final Trees trees;
    private final Types types;
    private final TypeMirror cancelledError;
    private final TypeMirror asyncCloseable;

    CancellationSwallowing(Trees trees, Elements elements, Types types) {
        this.trees = trees;
        this.types = types;
        this.cancelledError = erasedType(elements, Names.CANCELLED_ERROR);
        this.asyncCloseable = erasedType(elements, Names.ASYNC_CLOSEABLE);
    }

    private TypeMirror erasedType(Elements elements, String name) {
        TypeElement type = elements.getTypeElement(name);
        return type == null ? null : types.erasure(type.asType());
    }

    /** The clauses of the try statement at {@code tryPath} that swallow cancellation. */
    List<CatchTree> swallowing(TreePath tryPath) {
        List<CatchTree> found = new ArrayList<>();
        TryTree tree = (TryTree) tryPath.getLeaf();
        if (cancelledError == null || tree.getCatches().isEmpty() || !awaits(tryPath, tree)) {
            return found;
        }
        for (CatchTree clause : tree.getCatches()) {
            TreePath clausePath = new TreePath(tryPath, clause);
            Catches catches = catches(new TreePath(clausePath, clause.getParameter()));
            if (catches == Catches.DELIBERATELY) {
                break; // and no later clause sees a CancelledError
            }
            if (catches == Catches.YES) {
                if (!letsOut(clausePath, clause)) {
                    found.add(clause);
                }
                break;
            }
        }
        return found;
    }

    private enum Catches {
        NO,
        YES,
        DELIBERATELY
    }

    private Catches catches(TreePath parameterPath) {
        VariableTree parameter = (VariableTree) parameterPath.getLeaf();
        List<TypeMirror> alternatives = new ArrayList<>();
        if (parameter.getType() instanceof UnionTypeTree) {
            for (Tree alternative : ((UnionTypeTree) parameter.getType()).getTypeAlternatives()) {
                alternatives.add(trees.getTypeMirror(new TreePath(parameterPath, alternative)));
            }
        } else {
            alternatives.add(trees.getTypeMirror(parameterPath));
        }
        Catches result = Catches.NO;
        for (TypeMirror type : alternatives) {
            if (AsyncModel.isErroneous(type) || type.getKind() != TypeKind.DECLARED) {
                continue;
            }
            TypeMirror erased = types.erasure(type);
            if (types.isSubtype(erased, cancelledError)) {
                return Catches.DELIBERATELY;
            }
            if (types.isSubtype(cancelledError, erased)) {
                result = Catches.YES;
            }
        }
        return result;
    }

    /** True if the try's resources or block await in this body. */
    private boolean awaits(TreePath tryPath, TryTree tree) {
        boolean[] found = new boolean[1];
        TreePathScanner<Void, Void> scanner = new SameBodyScanner() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                if (AsyncModel.isAwait(trees.getElement(getCurrentPath()))) {
                    found[0] = true;
                }
                return super.visitMethodInvocation(node, unused);
            }
        };
        for (Tree resource : tree.getResources()) {
            TreePath path = new TreePath(tryPath, resource);
            TypeMirror type = trees.getTypeMirror(path);
            if (asyncCloseable != null
                    && type != null
                    && type.getKind() == TypeKind.DECLARED
                    && types.isSubtype(types.erasure(type), asyncCloseable)) {
                return true;
            }
            scanner.scan(path, null);
        }
        scanner.scan(new TreePath(tryPath, tree.getBlock()), null);
        return found[0];
    }

    /** True if the handler rethrows or hands on the caught exception (see the class description). */
    private boolean letsOut(TreePath clausePath, CatchTree clause) {
        Set<Element> caught = new HashSet<>();
        caught.add(trees.getElement(new TreePath(clausePath, clause.getParameter())));
        Set<Element> local = new HashSet<>();
        boolean[] out = new boolean[1];
        new SameBodyScanner() {
            @Override
            public Void visitVariable(VariableTree node, Void unused) {
                Element variable = trees.getElement(getCurrentPath());
                local.add(variable);
                if (node.getInitializer() != null && isCaught(node.getInitializer())) {
                    caught.add(variable);
                }
                return super.visitVariable(node, unused);
            }

            @Override
            public Void visitInstanceOf(InstanceOfTree node, Void unused) {
                Tree pattern = node.getPattern();
                if (pattern instanceof BindingPatternTree && isCaught(node.getExpression())) {
                    VariableTree binding = ((BindingPatternTree) pattern).getVariable();
                    caught.add(trees.getElement(new TreePath(new TreePath(getCurrentPath(), pattern), binding)));
                }
                return super.visitInstanceOf(node, unused);
            }

            @Override
            public Void visitThrow(ThrowTree node, Void unused) {
                ExpressionTree thrown = strip(node.getExpression());
                if (isCaught(thrown) || (thrown instanceof MethodInvocationTree && passesCaught(thrown))) {
                    out[0] = true;
                }
                return super.visitThrow(node, unused);
            }

            @Override
            public Void visitReturn(ReturnTree node, Void unused) {
                ExpressionTree returned = node.getExpression() == null ? null : strip(node.getExpression());
                if (returned != null && (isCaught(returned) || passesCaught(returned))) {
                    out[0] = true;
                }
                return super.visitReturn(node, unused);
            }

            @Override
            public Void visitAssignment(AssignmentTree node, Void unused) {
                if (isCaught(node.getExpression())) {
                    ExpressionTree target = strip(node.getVariable());
                    Element assigned = trees.getElement(new TreePath(getCurrentPath(), target));
                    if (!(target instanceof IdentifierTree) || !local.contains(assigned)) {
                        out[0] = true;
                    }
                }
                return super.visitAssignment(node, unused);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                ExpressionTree select = node.getMethodSelect();
                String name = select instanceof MemberSelectTree
                        ? ((MemberSelectTree) select).getIdentifier().toString()
                        : select instanceof IdentifierTree
                                ? ((IdentifierTree) select).getName().toString()
                                : "";
                if ((name.equals("setException") || name.equals("completeExceptionally") || isRethrowHelper(name))
                        && passesCaught(node)) {
                    out[0] = true;
                }
                return super.visitMethodInvocation(node, unused);
            }

            private boolean isCaught(ExpressionTree expression) {
                ExpressionTree e = strip(expression);
                return e instanceof IdentifierTree
                        && caught.contains(trees.getElement(new TreePath(getCurrentPath(), e)));
            }

            /** A call or {@code new} given the caught exception itself as an argument. */
            private boolean passesCaught(ExpressionTree expression) {
                List<? extends ExpressionTree> arguments = expression instanceof MethodInvocationTree
                        ? ((MethodInvocationTree) expression).getArguments()
                        : expression instanceof NewClassTree ? ((NewClassTree) expression).getArguments() : List.of();
                for (ExpressionTree argument : arguments) {
                    if (isCaught(argument)) {
                        return true;
                    }
                }
                return false;
            }
        }.scan(new TreePath(clausePath, clause.getBlock()), null);
        return out[0];
    }

    /**
     * A method that, given an exception, throws it (all of it, or the unchecked part, or the
     * listed kinds), by the names the field's libraries use: Guava's {@code
     * Throwables.throwIfUnchecked}, {@code throwIfInstanceOf}, {@code propagate}, Apache Commons
     * Lang's {@code ExceptionUtils.rethrow}, Lombok's {@code sneakyThrow}, and one's own {@code
     * rethrow(e)}. Its body is not visible here (it is usually in a library), so the name decides.
     */
    private static boolean isRethrowHelper(String name) {
        return name.startsWith("throwIf")
                || name.startsWith("rethrow")
                || name.equals("sneakyThrow")
                || name.startsWith("propagate");
    }

    private static ExpressionTree strip(ExpressionTree e) {
        while (true) {
            if (e instanceof ParenthesizedTree) {
                e = ((ParenthesizedTree) e).getExpression();
            } else if (e instanceof TypeCastTree) {
                e = ((TypeCastTree) e).getExpression();
            } else {
                return e;
            }
        }
    }

    /** Scans one body: not into nested lambdas and classes, whose code runs elsewhere. */
    private static class SameBodyScanner extends TreePathScanner<Void, Void> {
        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
            return null;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            return null;
        }
    }
}
