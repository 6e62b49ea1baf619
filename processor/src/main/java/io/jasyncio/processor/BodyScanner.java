package io.jasyncio.processor;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks method bodies of one attributed top-level class (run after javac's attribution, when
 * every call has its resolved method and every expression its type):
 *
 * <ul>
 *   <li>every {@code Asyncio.await(...)} call (static-imported or qualified) is lexically in
 *       the body of an {@code @Async} method or of an async lambda (one whose target type
 *       carries {@code @AsyncFunctionalInterface}), not in another lambda, a local or anonymous
 *       class's non-{@code @Async} method, an initializer or a field initializer
 *       ({@link Messages#AWAIT_OUTSIDE_ASYNC}, {@link Messages#AWAIT_IN_LAMBDA}); a method
 *       reference {@code Asyncio::await} is rejected anywhere
 *       ({@link Messages#AWAIT_METHOD_REFERENCE});</li>
 *   <li>no await sits inside a {@code synchronized} block ({@link
 *       Messages#AWAIT_IN_SYNCHRONIZED});</li>
 *   <li>no {@code return} of an {@code @Async} method or async lambda (nor an async expression
 *       lambda's body) is the {@code null} literal, also
 *       when parenthesized, cast, or a branch of {@code ?:} ({@link
 *       Messages#ASYNC_RETURNS_NULL}); every other non-awaitable return value is already a
 *       javac type error, since the declared return type must be {@code Coroutine<T>};</li>
 *   <li>a call whose result is a {@code Coroutine} (every {@code @Async} method's) or an
 *       {@code Awaitable} (such as {@code sleep(1)}'s) is not dropped as an expression
 *       statement ({@link Messages#UNAWAITED_COROUTINE}, {@link Messages#UNAWAITED_AWAITABLE},
 *       warnings), nor kept in a local variable that is never read ({@link
 *       Messages#UNAWAITED_LOCAL_COROUTINE}, {@link Messages#UNAWAITED_LOCAL_AWAITABLE}); a
 *       dropped {@code Future} or {@code Task} is fine, it runs anyway; outside coroutine code,
 *       no try-with-resources block is on an {@code AsyncCloseable} whose {@code close()} only
 *       throws ({@link Messages#UNAWAITED_CLOSE});</li>
 *   <li>in coroutine code (an {@code @Async} method's or async lambda's own body), no call of a
 *       known blocking method ({@link BlockingCalls}, {@link Messages#BLOCKING_CALL}) and no
 *       catch clause that swallows cancellation ({@link CancellationSwallowing}, {@link
 *       Messages#SWALLOWED_CANCELLATION}), both warnings;</li>
 *   <li>every {@code @Async} declaration, including those of local and anonymous classes that
 *       annotation processing never sees, passes {@link AsyncMethodValidator}, and every
 *       {@code @AsyncFunctionalInterface} declaration passes {@link
 *       AsyncInterfaceValidator}.</li>
 * </ul>
 *
 * <p>Nodes whose method is unresolved or whose type is erroneous are skipped: javac reports
 * those itself.
 */
final class BodyScanner extends TreePathScanner<Void, Void> {
    /** Where the scanner is: the innermost method-like body around the current node. */
    private static final class Context {
        static final Context NONE = new Context(false, false, false, 0);

        final boolean async; // directly inside an @Async method's or an async lambda's body
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
    private final AsyncInterfaceValidator interfaceValidator;
    private final BlockingCalls blockingCalls;
    private final CancellationSwallowing cancellation;
    private final LocalReads reads;
    private final Reporter reporter;
    private Context context = Context.NONE;

    BodyScanner(
            Trees trees,
            AsyncModel model,
            AsyncMethodValidator validator,
            AsyncInterfaceValidator interfaceValidator,
            BlockingCalls blockingCalls,
            CancellationSwallowing cancellation,
            Reporter reporter) {
        this.trees = trees;
        this.model = model;
        this.validator = validator;
        this.interfaceValidator = interfaceValidator;
        this.blockingCalls = blockingCalls;
        this.cancellation = cancellation;
        this.reads = new LocalReads(trees);
        this.reporter = reporter;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (AsyncModel.isAsyncFunctionalInterface(element)) {
            interfaceValidator.validate(element);
        }
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
        // A lambda whose target is an async functional interface is rewritten like an @Async
        // method (its interface method returns Coroutine); any other lambda cannot suspend.
        boolean async = model.isAsyncLambdaTarget(trees.getTypeMirror(getCurrentPath()));
        if (async && tree.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION) {
            checkNotNullLiteral(new TreePath(getCurrentPath(), tree.getBody()));
        }
        Context saved = context;
        context = new Context(async, true, async, 0);
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
        Element method = trees.getElement(getCurrentPath());
        if (AsyncModel.isAwait(method) && argumentsResolved(tree)) {
            if (!context.async) {
                reporter.error(
                        getCurrentPath(), context.lambda ? Messages.AWAIT_IN_LAMBDA : Messages.AWAIT_OUTSIDE_ASYNC);
            } else if (context.synchronizedDepth > 0) {
                reporter.error(getCurrentPath(), Messages.AWAIT_IN_SYNCHRONIZED);
            }
        } else if (context.async && method instanceof ExecutableElement) {
            ExpressionTree select = tree.getMethodSelect();
            TypeMirror receiver = select instanceof MemberSelectTree
                    ? trees.getTypeMirror(new TreePath(getCurrentPath(), ((MemberSelectTree) select).getExpression()))
                    : null;
            checkBlocking(
                    (ExecutableElement) method, receiver, tree.getArguments().size());
        }
        return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
        Element constructor = trees.getElement(getCurrentPath());
        if (context.async && constructor instanceof ExecutableElement) {
            checkBlocking(
                    (ExecutableElement) constructor, null, tree.getArguments().size());
        }
        return super.visitNewClass(tree, unused);
    }

    private void checkBlocking(ExecutableElement method, TypeMirror receiver, int arity) {
        BlockingCalls.Entry blocking = blockingCalls.match(method, receiver, arity);
        if (blocking != null) {
            String owner = receiver != null && receiver.getKind() == TypeKind.DECLARED
                    ? ((DeclaredType) receiver).asElement().getSimpleName().toString()
                    : method.getEnclosingElement().getSimpleName().toString();
            String call = method.getKind() == ElementKind.CONSTRUCTOR
                    ? "new " + owner + "(...)"
                    : owner + "." + method.getSimpleName() + "(...)";
            reporter.warning(
                    getCurrentPath(),
                    WarningKind.BLOCKING,
                    String.format(Messages.BLOCKING_CALL, call, blocking.instead));
        }
    }

    @Override
    public Void visitTry(TryTree tree, Void unused) {
        if (!context.async) {
            for (Tree resource : tree.getResources()) {
                TreePath path = new TreePath(getCurrentPath(), resource);
                TypeMirror type = trees.getTypeMirror(path);
                if (model.closeOnlyByAwait(type)) {
                    String name =
                            ((DeclaredType) type).asElement().getSimpleName().toString();
                    reporter.warning(path, WarningKind.UNAWAITED, String.format(Messages.UNAWAITED_CLOSE, name));
                }
            }
        }
        if (context.async) {
            for (CatchTree clause : cancellation.swallowing(getCurrentPath())) {
                TreePath parameter = new TreePath(new TreePath(getCurrentPath(), clause), clause.getParameter());
                reporter.warning(parameter, WarningKind.CANCELLATION, Messages.SWALLOWED_CANCELLATION);
            }
        }
        return super.visitTry(tree, unused);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
        Element variable = trees.getElement(getCurrentPath());
        ExpressionTree initializer = tree.getInitializer();
        if (variable != null
                && variable.getKind() == ElementKind.LOCAL_VARIABLE
                && initializer != null
                && initializer.getKind() != Tree.Kind.NULL_LITERAL
                && model.isLazyAwaitable(variable.asType())
                && !reads.isRead(variable, enclosingBody(getCurrentPath()))) {
            String name = variable.getSimpleName().toString();
            String message = model.isCoroutine(variable.asType())
                    ? String.format(Messages.UNAWAITED_LOCAL_COROUTINE, name, name, name)
                    : String.format(Messages.UNAWAITED_LOCAL_AWAITABLE, name, name);
            reporter.warning(getCurrentPath(), WarningKind.UNAWAITED, message);
        }
        return super.visitVariable(tree, unused);
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
            TypeMirror type = trees.getTypeMirror(call);
            if (model.isCoroutine(type)) {
                reporter.warning(call, WarningKind.UNAWAITED, Messages.UNAWAITED_COROUTINE);
            } else if (model.isLazyAwaitable(type)) {
                reporter.warning(call, WarningKind.UNAWAITED, Messages.UNAWAITED_AWAITABLE);
            }
        }
        return super.visitExpressionStatement(tree, unused);
    }

    /**
     * The method, lambda or class (for an initializer) around a local's declaration: its scope
     * is within, and reaches past the declaration's own block in a switch's cases.
     */
    private static TreePath enclosingBody(TreePath declaration) {
        for (TreePath p = declaration.getParentPath(); p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
                return p;
            }
        }
        return declaration.getParentPath();
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
