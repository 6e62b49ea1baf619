package io.jasyncio.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public type or member that is public only because code rewritten by the jasyncio agent,
 * in any package, must reach it: the protocol between woven code and the runtime, described in
 * docs/architecture.md.
 *
 * <p>Not API. Do not call, implement or extend what carries it: it may change or go away in any
 * version, in step with the agent that emits calls to it. It is left out of the published javadoc
 * and of the API dump the build checks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface InternalApi {}
