package io.jasyncio.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put by the jasyncio agent on every class whose {@code @Async} methods it rewrote. Not API ({@link InternalApi}): the
 * agent uses it to never rewrite a class twice, the runtime to tell woven classes from classes
 * that were loaded without the agent.
 */
@InternalApi
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Woven {}
