package io.jasyncio.streams;

/**
 * The two ends {@link Streams#openConnection} gives: asyncio's {@code (reader, writer)} pair.
 *
 * @param reader the connection's reading side
 * @param writer the connection's writing side
 */
public record Connection(StreamReader reader, StreamWriter writer) {}
