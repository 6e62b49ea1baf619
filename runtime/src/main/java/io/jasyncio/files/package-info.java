/**
 * Files read and written without blocking the loop, as aiofiles does: {@link
 * io.jasyncio.files.AsyncFiles#open AsyncFiles.open} gives a text {@link
 * io.jasyncio.files.AsyncFile}, {@code openBinary} an {@link io.jasyncio.files.AsyncBinaryFile};
 * the blocking calls run on disk threads and their outcomes come back to the loop.
 */
package io.jasyncio.files;
