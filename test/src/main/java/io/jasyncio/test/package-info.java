/**
 * Testing coroutines: {@link io.jasyncio.test.AsyncTest @AsyncTest} runs a JUnit 5 test method
 * that is a coroutine on a fresh {@link io.jasyncio.test.VirtualTimeLoop}, an event loop whose
 * timers take no real time; {@link io.jasyncio.test.Steps} proves the exact interleaving of
 * tasks with {@code expect(n)}/{@code finish(n)}.
 */
package io.jasyncio.test;
