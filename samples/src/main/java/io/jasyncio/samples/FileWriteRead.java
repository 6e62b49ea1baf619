package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.annotation.Async;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;

/**
 * The file writer and reader of asyncio's introductory examples: asynchronous file I/O, aiofiles-style.
 *
 * <pre>{@code
 * async def write_to_file(filename, data):
 *     async with aiofiles.open(filename, 'w') as f:
 *         await f.write(data)
 *
 * async def read_from_file(filename):
 *     async with aiofiles.open(filename, 'r') as f:
 *         data = await f.read()
 *         return data
 *
 * async def main():
 *     write_task = asyncio.create_task(write_to_file('example.txt', 'Hello, world!'))
 *     read_task = asyncio.create_task(read_from_file('example.txt'))
 *     await asyncio.gather(write_task, read_task)
 *     print(read_task.result())
 * }</pre>
 *
 * <p>One change: the Python version starts the reader together with the writer, and so races with it (the
 * reader may open the file before the writer created it, or read it before the text is in); this
 * version starts the reader once the writer is done. An optional argument names the file.
 */
public class FileWriteRead {
    @Async
    static Coroutine<Void> writeToFile(String filename, String data) {
        AsyncFile f = await(AsyncFiles.open(filename, "w"));
        try {
            await(f.write(data));
        } finally {
            await(f.aclose()); // what Python's "async with" does
        }
        return done();
    }

    @Async
    static Coroutine<String> readFromFile(String filename) {
        AsyncFile f = await(AsyncFiles.open(filename, "r"));
        try {
            String data = await(f.read());
            return done(data);
        } finally {
            await(f.aclose());
        }
    }

    @Async
    static Coroutine<Void> main(String filename) {
        String data = "Hello, world!";

        Task<Void> writeTask = createTask(writeToFile(filename, data));
        await(writeTask); // the Python version does not wait here; see the class comment
        Task<String> readTask = createTask(readFromFile(filename));

        // Wait for both tasks to complete
        await(gather(writeTask, readTask));

        System.out.println(readTask.result());
        return done();
    }

    public static void main(String[] args) {
        run(main(args.length > 0 ? args[0] : "example.txt"));
    }
}
