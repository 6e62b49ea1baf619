/**
 * Not API: what the jasyncio modules share at compile time (the names in {@link
 * io.jasyncio.annotation.internal.SharedNames}). It may change in any version; it is left out of
 * the javadoc and of the API dump.
 */
package io.jasyncio.annotation.internal;
