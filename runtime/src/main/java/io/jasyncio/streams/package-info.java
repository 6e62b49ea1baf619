/**
 * asyncio's streams on {@code java.nio} channels and the loop's selector: {@link
 * io.jasyncio.streams.Streams#openConnection openConnection} and {@link
 * io.jasyncio.streams.Streams#startServer startServer} give a {@link
 * io.jasyncio.streams.StreamReader} and a {@link io.jasyncio.streams.StreamWriter} per
 * connection.
 */
package io.jasyncio.streams;
