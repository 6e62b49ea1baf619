package io.jasyncio.test;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The JUnit extension behind {@link AsyncTest}: one {@link VirtualTimeLoop} per test, made before
 * the {@code @BeforeEach} methods (the thread's current loop until the test ends, none after) and
 * closed after the {@code @AfterEach} ones; the woven {@code
 * void} entry's invocation replaced by running the coroutine method's coroutine ({@link AsyncTestRun}).
 * Per-test state lives in the test's {@link ExtensionContext.Store}, so tests running in parallel
 * share nothing.
 */
final class AsyncTestExtension
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AsyncTestExtension.class);

    /**
     * The test's run, closed with the store if afterEach did not get to it (JUnit closes an
     * {@code AutoCloseable} held in a store; its older {@code CloseableResource} is deprecated).
     */
    private static final class State implements AutoCloseable {
        final AsyncTestRun run = new AsyncTestRun();

        @Override
        public void close() {
            run.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        state(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        State state = context.getStore(NAMESPACE).remove(State.class, State.class);
        if (state != null) {
            Asyncio.setEventLoop(null);
            state.run.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VirtualTimeLoop.class || type == EventLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VirtualTimeLoop loop = state(context).run.loop();
        return parameter.getParameter().getType() == VirtualTimeLoop.class ? loop : loop.loop();
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        invocation.skip(); // the void entry only throws; the coroutine method is the test
        Method entry = invocationContext.getExecutable();
        Method coroutineMethod = coroutineMethodOf(entry);
        AsyncTest annotation = entry.getAnnotation(AsyncTest.class);
        State state = state(context);
        Object coroutine;
        try {
            coroutine = coroutineMethod.invoke(
                    invocationContext.getTarget().orElse(null),
                    invocationContext.getArguments().toArray());
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (coroutine == null) {
            throw new AssertionError("@AsyncTest method " + entry.getName()
                    + " returned null: return the coroutine, e.g. return done();");
        }
        state.run.run((Coroutine<?>) coroutine, context.getDisplayName(), annotation.timeout());
    }

    private static State state(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        State.class,
                        k -> {
                            State s = new State();
                            Asyncio.setEventLoop(s.run.loop().loop());
                            return s;
                        },
                        State.class);
    }

    /** The {@code Coroutine}-returning method the woven {@code void} entry {@code entry} stands for. */
    static Method coroutineMethodOf(Method entry) {
        // Not getDeclaredMethod: of two methods with the same parameters it may return either.
        for (Method m : entry.getDeclaringClass().getDeclaredMethods()) {
            if (m.getName().equals(entry.getName())
                    && java.util.Arrays.equals(m.getParameterTypes(), entry.getParameterTypes())
                    && Coroutine.class.isAssignableFrom(m.getReturnType())) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new ExtensionConfigurationException("@AsyncTest method "
                + entry.getDeclaringClass().getName() + "."
                + entry.getName() + " does not return io.jasyncio.Coroutine: an @AsyncTest method is an @Async method"
                + " returning Coroutine<?>, in a class woven by the jasyncio agent");
    }
}
