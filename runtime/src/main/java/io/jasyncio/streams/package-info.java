/**
 * asyncio's streams on {@code java.nio} channels and the loop's selector: {@link
 * io.jasyncio.streams.Streams#openConnection openConnection} and {@link
 * io.jasyncio.streams.Streams#startServer startServer} give a {@link
 * io.jasyncio.streams.StreamReader} and a {@link io.jasyncio.streams.StreamWriter} per
 * connection, over TCP, TLS ({@link io.jasyncio.streams.ServerOptions#ssl}, {@link
 * io.jasyncio.streams.StreamWriter#startTls}) or Unix domain sockets; {@link
 * io.jasyncio.streams.DatagramEndpoint} is UDP; {@link io.jasyncio.streams.Subprocess} a child
 * process with its pipes as streams; {@link io.jasyncio.streams.GroupServer} a server on every
 * loop of a {@link io.jasyncio.LoopGroup}.
 */
package io.jasyncio.streams;
