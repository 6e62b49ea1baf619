package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Run in a forked JVM by {@link StreamReliabilityTest}: connects to the port given, reads the
 * stream to EOF with {@link StreamReader#read()} and prints one line, {@code READ <bytes>
 * <sha-256>} or {@code FAILED <exception>}. Plain futures, no {@code @Async}: it needs no agent.
 */
public final class ReadToEofChild {
    private ReadToEofChild() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EventLoop loop = Asyncio.newEventLoop();
        Asyncio.setEventLoop(loop);
        try {
            Connection c = loop.runUntilComplete(Streams.openConnection("127.0.0.1", port));
            byte[] all = loop.runUntilComplete(c.reader().read());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            System.out.println("READ " + all.length + " " + HexFormat.of().formatHex(sha.digest(all)));
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
        } finally {
            loop.close();
        }
    }
}
