package io.jasyncio.agent;

import io.jasyncio.agent.rewrite.AsyncClassRewriter;
import io.jasyncio.agent.rewrite.ConstantPoolScanner;
import io.jasyncio.agent.rewrite.RewriteRefusedException;
import io.jasyncio.agent.rewrite.RewriteVerifier;
import io.jasyncio.agent.rewrite.TypePool;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The agent's {@link ClassFileTransformer}. A class whose constant pool does not mention
 * {@code @Async} is returned untouched after one scan of its bytes; any other goes through
 * {@link AsyncClassRewriter}. It never throws and never loads a class: on any failure it reports
 * the class once (see {@link Refusals}) and leaves it as it was.
 */
public final class AsyncClassTransformer implements ClassFileTransformer {
    /**
     * The agent's own classes name {@code @Async} in their constant pools; transforming them
     * would re-enter the transformer while it is itself being loaded.
     */
    private static final String OWN_PACKAGE = "io/jasyncio/agent/";

    private final boolean verbose;
    private final boolean verify;
    /** One type pool per class loader; weak, so the agent keeps no loader alive. */
    private final Map<ClassLoader, TypePool> pools = new WeakHashMap<>();

    private final TypePool platformPool = TypePool.of(null);

    /**
     * @param verbose report every rewritten method and its cost on stderr
     * @param verify check every rewritten class with {@link RewriteVerifier}
     */
    public AsyncClassTransformer(boolean verbose, boolean verify) {
        this.verbose = verbose;
        this.verify = verify;
    }

    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classFile) {
        if (classFile == null
                || !ConstantPoolScanner.mentionsAsync(classFile)
                || className != null && className.startsWith(OWN_PACKAGE)) {
            return null;
        }
        String name = className != null ? className.replace('/', '.') : "<unnamed class>";
        try {
            AsyncClassRewriter rewriter = new AsyncClassRewriter(
                    pool(loader), verbose ? line -> System.err.println("jasyncio-agent: " + line) : null);
            byte[] rewritten = rewriter.rewrite(classFile);
            if (rewritten != null && verify) {
                String problem = RewriteVerifier.check(rewritten);
                if (problem != null) {
                    Refusals.report(
                            name,
                            new RewriteRefusedException(
                                    null,
                                    "the rewritten class fails the agent's own verification (an agent bug); please"
                                            + " report it with the class file (the verbose option prints the problem)",
                                    new IllegalStateException(problem)),
                            verbose);
                    return null;
                }
            }
            return rewritten;
        } catch (RewriteRefusedException e) {
            Refusals.report(name, e, verbose);
            return null;
        } catch (Throwable t) {
            // The rewriter turns its own failures into refusals; this is the last guard (an Error, say).
            Refusals.report(name, RewriteRefusedException.internalError(null, t), verbose);
            return null;
        }
    }

    private TypePool pool(ClassLoader loader) {
        if (loader == null) {
            return platformPool;
        }
        synchronized (pools) {
            return pools.computeIfAbsent(loader, TypePool::of);
        }
    }
}
