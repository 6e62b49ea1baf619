package io.jasyncio.benchmarks.kotlin

import io.jasyncio.benchmarks.HttpHello
import java.io.IOException
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.AsynchronousChannelGroup
import java.nio.channels.AsynchronousServerSocketChannel
import java.nio.channels.AsynchronousSocketChannel
import java.nio.channels.CompletionHandler
import java.util.concurrent.Executors
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * The HTTP benchmark's keep-alive server with Kotlin coroutines and nothing but
 * kotlinx-coroutines-core: the JDK's asynchronous socket channels (NIO.2) behind suspend
 * functions, as kotlinx-coroutines' old `nio` module wrote them (`aAccept`, `aRead`, `aWrite`).
 * One thread does everything, as one jasyncio loop does: the channel group is a fixed pool of one
 * thread, which polls, reads, writes and runs the completion handlers, and the coroutines run
 * `Dispatchers.Unconfined`, so a handler resumes its coroutine right there, on that thread (with a
 * dispatcher of their own they would hand every event over to a second thread).
 *
 *     java -cp benchmarks.jar io.jasyncio.benchmarks.kotlin.KotlinHelloKt kotlin PORT [--close] [--tls KEYSTORE]
 *
 * Keep-alive only, and no TLS: kotlinx-coroutines-core has neither sockets nor TLS, and the NIO.2
 * channels have no TLS either (a Kotlin user would take Ktor for both). Asked for them, it prints
 * `unsupported: WHY` and exits with status 3.
 */
fun main(args: Array<String>) {
    val o = HttpHello.Options.parse(args, 1)
    if (o.keyStore() != null) {
        HttpHello.unsupported("kotlinx-coroutines-core has no TLS, nor do the JDK's asynchronous socket channels")
    }
    if (o.close()) {
        HttpHello.unsupported("the Kotlin peer serves keep-alive only")
    }
    if (o.loops() != 1) {
        HttpHello.unsupported("the Kotlin peer runs on one thread")
    }
    val group = AsynchronousChannelGroup.withFixedThreadPool(1, Executors.defaultThreadFactory())
    val server = AsynchronousServerSocketChannel.open(group)
        .bind(InetSocketAddress("127.0.0.1", o.port()), HttpHello.BACKLOG)
    println("listening ${(server.localAddress as InetSocketAddress).port}")
    runBlocking {
        launch(Dispatchers.Unconfined) {
            while (true) {
                val client = server.aAccept()
                launch { keepAlive(client) }
            }
        }
    }
}

private suspend fun keepAlive(client: AsynchronousSocketChannel) {
    val buf = ByteBuffer.allocate(8192)
    var matched = 0
    try {
        while (true) {
            buf.clear()
            if (client.aRead(buf) < 0) {
                return
            }
            buf.flip()
            var answers = 0
            while (buf.hasRemaining()) {
                matched = HttpHello.scanHeaders(matched, buf.get())
                if (matched == HttpHello.END_OF_HEADERS_FOUND) {
                    matched = 0
                    answers++
                }
            }
            repeat(answers) {
                val out = ByteBuffer.wrap(HttpHello.KEEP_ALIVE_ANSWER)
                while (out.hasRemaining()) {
                    client.aWrite(out)
                }
            }
        }
    } catch (e: IOException) {
        // the client went away: only this connection is affected
    } finally {
        client.close()
    }
}

private class Resume<T> : CompletionHandler<T, CancellableContinuation<T>> {
    override fun completed(result: T, cont: CancellableContinuation<T>) = cont.resume(result)

    override fun failed(exc: Throwable, cont: CancellableContinuation<T>) = cont.resumeWithException(exc)
}

private val acceptHandler = Resume<AsynchronousSocketChannel>()
private val ioHandler = Resume<Int>()

private suspend fun AsynchronousServerSocketChannel.aAccept(): AsynchronousSocketChannel =
    suspendCancellableCoroutine { cont -> accept(cont, acceptHandler) }

private suspend fun AsynchronousSocketChannel.aRead(buf: ByteBuffer): Int =
    suspendCancellableCoroutine { cont -> read(buf, cont, ioHandler) }

private suspend fun AsynchronousSocketChannel.aWrite(buf: ByteBuffer): Int =
    suspendCancellableCoroutine { cont -> write(buf, cont, ioHandler) }
