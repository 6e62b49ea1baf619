package io.jasyncio.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Checks method bodies of one attributed top-level class (run after javac's attribution, when
 * every call has its resolved method and every expression its type):
 *
 * <ul>
 *   <li>every {@code Asyncio.await(...)} call (static-imported or qualified) is lexically in
 *       the body of an {@code @Async} method, not in a lambda, a local or anonymous class's
 *       non-{@code @Async} method, an initializer or a field initializer
 *       ({@link Messages#AWAIT_OUTSIDE_ASYNC}, {@link Messages#AWAIT_IN_LAMBDA}); a method
 *       reference {@code Asyncio::await} is rejected anywhere
 *       ({@link Messages#AWAIT_METHOD_REFERENCE});</li>
 *   <li>no await sits inside a {@code synchronized} block ({@link
 *       Messages#AWAIT_IN_SYNCHRONIZED});</li>
 *   <li>no {@code return} of an {@code @Async} method returns the {@code null} literal, also
 *       when parenthesized, cast, or a branch of {@code ?:} ({@link
 *       Messages#ASYNC_RETURNS_NULL}); every other non-awaitable return value is already a
 *       javac type error, since the declared return type must be {@code Coroutine<T>};</li>
 *   <li>a call whose result is a {@code Coroutine} (every {@code @Async} method's) or an
 *       {@code Awaitable} (such as {@code sleep(1)}'s) is not dropped as an expression
 *       statement ({@link Messages#UNAWAITED}, a warning); a dropped {@code Future} or
 *       {@code Task} is fine, it runs anyway;</li>
 *   <li>every {@code @Async} declaration, including those of local and anonymous classes that
 *       annotation processing never sees, passes {@link AsyncMethodValidator}.</li>
 * </ul>
 *
 * <p>Nodes whose method is unresolved or whose type is erroneous are skipped: javac reports
 * those itself.
 */
final class BodyScanner extends TreePathScanner<Void, Void> {
    /** Where the scanner is: the innermost method-like body around the current node. */
    private static final class Context {
        static final Context NONE = new Context(false, false, false, 0);

        final boolean async; // directly inside an @Async method's body
        final boolean lambda; // directly inside a lambda body
        final boolean returnsCoroutine; // the @Async method declares Coroutine<T>
        final int synchronizedDepth; // synchronized blocks around us within this body

        Context(boolean async, boolean lambda, boolean returnsCoroutine, int synchronizedDepth) {
            this.async = async;
            this.lambda = lambda;
            this.returnsCoroutine = returnsCoroutine;
            this.synchronizedDepth = synchronizedDepth;
        }

        Context enterSynchronized() {
            return new Context(async, lambda, returnsCoroutine, synchronizedDepth + 1);
        }
    }

    private final Trees trees;
    private final AsyncModel model;
    private final AsyncMethodValidator validator;
    private final Reporter reporter;
    private Context context = Context.NONE;

    BodyScanner(Trees trees, AsyncModel model, AsyncMethodValidator validator, Reporter reporter) {
        this.trees = trees;
        this.model = model;
        this.validator = validator;
        this.reporter = reporter;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        Context saved = context;
        context = Context.NONE; // field initializers and initializer blocks are never async
        try {
            return super.visitClass(tree, unused);
        } finally {
            context = saved;
        }
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        boolean async = AsyncModel.isAsync(element);
        if (async) {
            validator.validate(element, getCurrentPath());
        }
        Context saved = context;
        context = new Context(
                async,
                false,
                async
                        && element instanceof ExecutableElement
                        && model.isCoroutine(((ExecutableElement) element).getReturnType()),
                0);
        try {
            return super.visitMethod(tree, unused);
        } finally {
            context = saved;
        }
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        Context saved = context;
        context = new Context(false, true, false, 0);
        try {
            return super.visitLambdaExpression(tree, unused);
        } finally {
            context = saved;
        }
    }

    @Override
    public Void visitSynchronized(SynchronizedTree tree, Void unused) {
        scan(tree.getExpression(), unused);
        Context saved = context;
        context = context.enterSynchronized();
        try {
            scan(tree.getBlock(), unused);
        } finally {
            context = saved;
        }
        return null;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        if (AsyncModel.isAwait(trees.getElement(getCurrentPath())) && argumentsResolved(tree)) {
            if (!context.async) {
                reporter.error(
                        getCurrentPath(), context.lambda ? Messages.AWAIT_IN_LAMBDA : Messages.AWAIT_OUTSIDE_ASYNC);
            } else if (context.synchronizedDepth > 0) {
                reporter.error(getCurrentPath(), Messages.AWAIT_IN_SYNCHRONIZED);
            }
        }
        return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        if (AsyncModel.isAwait(trees.getElement(getCurrentPath()))) {
            reporter.error(getCurrentPath(), Messages.AWAIT_METHOD_REFERENCE);
        }
        return super.visitMemberReference(tree, unused);
    }

    @Override
    public Void visitReturn(ReturnTree tree, Void unused) {
        if (context.async && context.returnsCoroutine && tree.getExpression() != null) {
            checkNotNullLiteral(new TreePath(getCurrentPath(), tree.getExpression()));
        }
        return super.visitReturn(tree, unused);
    }

    private void checkNotNullLiteral(TreePath path) {
        Tree leaf = path.getLeaf();
        if (leaf instanceof ParenthesizedTree) {
            checkNotNullLiteral(new TreePath(path, ((ParenthesizedTree) leaf).getExpression()));
        } else if (leaf instanceof TypeCastTree) {
            checkNotNullLiteral(new TreePath(path, ((TypeCastTree) leaf).getExpression()));
        } else if (leaf instanceof ConditionalExpressionTree) {
            ConditionalExpressionTree conditional = (ConditionalExpressionTree) leaf;
            checkNotNullLiteral(new TreePath(path, conditional.getTrueExpression()));
            checkNotNullLiteral(new TreePath(path, conditional.getFalseExpression()));
        } else if (leaf.getKind() == Tree.Kind.NULL_LITERAL) {
            reporter.error(path, Messages.ASYNC_RETURNS_NULL);
        }
    }

    @Override
    public Void visitExpressionStatement(ExpressionStatementTree tree, Void unused) {
        ExpressionTree expression = tree.getExpression();
        if (expression instanceof MethodInvocationTree) {
            TreePath call = new TreePath(getCurrentPath(), expression);
            if (model.isLazyAwaitable(trees.getTypeMirror(call))) {
                reporter.warning(call, Messages.UNAWAITED);
            }
        }
        return super.visitExpressionStatement(tree, unused);
    }

    private boolean argumentsResolved(MethodInvocationTree tree) {
        for (ExpressionTree argument : tree.getArguments()) {
            TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), argument));
            if (AsyncModel.isErroneous(type)) {
                return false;
            }
        }
        return true;
    }
}
