/**
 * {@link io.jasyncio.annotation.Async}: the annotation that marks a method the jasyncio agent
 * rewrites into a coroutine. This module has no dependencies.
 */
package io.jasyncio.annotation;
