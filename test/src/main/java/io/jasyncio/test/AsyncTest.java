package io.jasyncio.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test whose body is a coroutine: an {@code @Async} method returning {@code
 * Coroutine<?>}, run as a task on a fresh {@link VirtualTimeLoop}.
 *
 * <pre>{@code
 * @AsyncTest
 * @Async
 * Coroutine<Void> retriesAfterAnHour() {
 *     String page = await(fetchWithRetry(url, Duration.ofHours(1)));  // an hour of virtual time
 *     assertEquals("ok", page);
 *     return done();
 * }
 * }</pre>
 *
 * <p>Timers take no real time: an hour of {@code sleep} passes in microseconds. The test fails
 * when the coroutine throws, and also when it completes but leaves the loop unclean: with tasks
 * still pending (listed with where each is suspended, innermost await first; they are then
 * cancelled and their {@code finally} blocks run), or with an error the loop reported through its
 * exception handler (an exception no one retrieved, a callback that threw, a coroutine never
 * awaited). Past {@link #timeout()} virtual seconds it fails with the await chain of every task.
 *
 * <p>It is an ordinary JUnit test: {@code @BeforeEach}/{@code @AfterEach} methods run around it,
 * its parameters are resolved by JUnit (a {@link VirtualTimeLoop} or {@link io.jasyncio.EventLoop}
 * parameter gets the test's loop; {@code @BeforeEach} methods may take them too), {@code
 * @DisplayName}, {@code @Tag}, {@code @Disabled} and JUnit's own real-time {@code @Timeout} apply,
 * and with JUnit's parallel execution each test runs on its own loop, in its own thread. During
 * the test the loop is the thread's current loop ({@code Asyncio.getEventLoop()}).
 *
 * <p>The class must be woven, as every class with {@code @Async} methods: the JVM option {@code
 * -javaagent:jasyncio-agent.jar} (in Surefire's {@code argLine}), or weaving the test classes at
 * build time ({@code java -jar jasyncio-agent.jar weave target/test-classes}). JUnit runs only
 * methods that return {@code void}, so weaving gives the
 * class, next to each {@code @AsyncTest} method, a {@code void} method of the same name and
 * parameters that JUnit discovers and this extension runs. Unwoven, JUnit reports the method as a
 * test that "must not return a value" and does not run it. Put {@code @AsyncTest} on the method
 * itself (not through an annotation of your own), and do not declare the same {@code @AsyncTest}
 * method again in a subclass: override it without the annotation, and it stays a test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@ExtendWith(AsyncTestExtension.class)
public @interface AsyncTest {
    /**
     * The test's time limit, in virtual seconds (default 60). When it passes, the test fails with
     * the await chain of every pending task, which are then cancelled. Time that flowed at the real
     * rate (while the loop waited on a channel or a thread) counts too.
     */
    double timeout() default 60;
}
