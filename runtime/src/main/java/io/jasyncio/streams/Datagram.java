package io.jasyncio.streams;

import java.net.SocketAddress;

/**
 * One datagram: its bytes and the address it came from (received) or goes to (sent); what
 * asyncio's {@code sock_recvfrom} returns as {@code (data, address)}.
 *
 * @param data the payload
 * @param address the peer's address
 */
public record Datagram(byte[] data, SocketAddress address) {}
