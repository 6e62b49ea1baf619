package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** addReader / addWriter / removeReader / removeWriter on the loop's selector. */
class EventLoopIoTest {

    private static int readByte(Pipe.SourceChannel source) {
        ByteBuffer b = ByteBuffer.allocate(1);
        try {
            return source.read(b) == 1 ? b.get(0) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeByte(Pipe.SinkChannel sink, int value) {
        try {
            sink.write(ByteBuffer.wrap(new byte[] {(byte) value}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aReaderRemovedAndAddedAgainInsideAnIoCallbackKeepsReceiving() throws IOException {
        EventLoop loop = Asyncio.newEventLoop();
        Pipe pipe = Pipe.open();
        List<String> events = new ArrayList<>();
        Runnable[] second = new Runnable[1];
        second[0] = () -> {
            events.add("second reader got " + readByte(pipe.source()));
            loop.stop();
        };
        loop.addReader(pipe.source(), () -> {
            events.add("first reader got " + readByte(pipe.source()));
            // Both inside the selected-key iteration: must neither throw nor lose the next event.
            assertTrue(loop.removeReader(pipe.source()));
            loop.addReader(pipe.source(), second[0]);
            loop.callSoon(() -> writeByte(pipe.sink(), 2));
        });
        writeByte(pipe.sink(), 1);
        loop.runForever();
        loop.close();
        pipe.source().close();
        pipe.sink().close();

        assertEquals(List.of("first reader got 1", "second reader got 2"), events);
    }

    @Test
    void aWriterRunsWhileWatchedAndNotAfterRemoval() throws IOException {
        EventLoop loop = Asyncio.newEventLoop();
        Pipe pipe = Pipe.open();
        List<String> events = new ArrayList<>();
        loop.addWriter(pipe.sink(), () -> {
            events.add("writable");
            assertTrue(loop.removeWriter(pipe.sink()));
            assertFalse(loop.removeWriter(pipe.sink()), "already removed");
            loop.callLater(0.05, loop::stop); // several passes in which the writer must not run again
        });
        loop.runForever();
        loop.close();
        pipe.source().close();
        pipe.sink().close();

        assertEquals(List.of("writable"), events);
    }
}
