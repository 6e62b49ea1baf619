/**
 * Not API: the types that code rewritten by the jasyncio agent must reach from any package (see
 * {@link io.jasyncio.internal.InternalApi}). They change with the agent, in any version.
 */
package io.jasyncio.internal;
