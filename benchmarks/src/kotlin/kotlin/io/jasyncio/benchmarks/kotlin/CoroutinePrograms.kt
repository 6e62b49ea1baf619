package io.jasyncio.benchmarks.kotlin

import io.jasyncio.benchmarks.KotlinPrograms
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/**
 * The benchmark workloads as a Kotlin user writes them: suspend functions, `async`/`launch`,
 * `CompletableDeferred` and `Channel`, each program on the single-threaded event loop of its own
 * `runBlocking` (as jasyncio's run on one loop). Each is the program of the Java class of the same
 * workload, statement for statement.
 */
class CoroutinePrograms : KotlinPrograms {

    // ---- workload 1, ping-pong ----

    override fun pingPongDeferred(rounds: Int): Int = runBlocking {
        val slots = arrayOf(CompletableDeferred<Int>(), CompletableDeferred<Int>())
        slots[0].complete(0)
        val a = async { deferredPlayer(slots, 0, rounds) }
        val b = async { deferredPlayer(slots, 1, rounds) }
        awaitAll(a, b)[1]
    }

    private suspend fun deferredPlayer(slots: Array<CompletableDeferred<Int>>, p: Int, rounds: Int): Int {
        var v = 0
        for (i in 0 until rounds) {
            v = slots[p].await()
            slots[p] = CompletableDeferred()
            slots[1 - p].complete(v + 1)
        }
        return v
    }

    override fun pingPongChannel(rounds: Int): Int = runBlocking {
        val inboxes = arrayOf(Channel<Int>(1), Channel<Int>(1))
        inboxes[0].send(0)
        val a = async { channelPlayer(inboxes, 0, rounds) }
        val b = async { channelPlayer(inboxes, 1, rounds) }
        awaitAll(a, b)[1]
    }

    private suspend fun channelPlayer(inboxes: Array<Channel<Int>>, p: Int, rounds: Int): Int {
        var v = 0
        for (i in 0 until rounds) {
            v = inboxes[p].receive()
            inboxes[1 - p].send(v + 1)
        }
        return v
    }

    // ---- workload 2, spawn-sleep ----

    private suspend fun sleeper(ms: Long, i: Int): Int {
        delay(ms)
        return i
    }

    override fun spawnSleep(n: Int, longSleepS: Double, shortSleepS: Double, whileAsleep: Runnable): Double =
        runBlocking {
            val tasks = arrayOfNulls<Deferred<Int>>(n)
            val longMs = (longSleepS * 1000).toLong()
            for (i in 0 until n) {
                tasks[i] = async { sleeper(longMs, i) }
            }
            yield() // every coroutine has run to its delay
            whileAsleep.run()
            for (t in tasks) {
                t!!.cancel()
            }
            yield()
            tasks.fill(null)
            val shortMs = (shortSleepS * 1000).toLong()
            val t0 = System.nanoTime()
            for (i in 0 until n) {
                tasks[i] = async { sleeper(shortMs, i) }
            }
            for (t in tasks) {
                t!!.await()
            }
            (System.nanoTime() - t0) / 1e6 - shortSleepS * 1000
        }

    // ---- workload 3, await of a complete deferred ----

    override fun completeDeferreds(k: Int): Any = Array(k) { CompletableDeferred(it) }

    override fun awaitComplete(deferreds: Any, n: Int): Long {
        @Suppress("UNCHECKED_CAST")
        val ds = deferreds as Array<CompletableDeferred<Int>>
        val mask = ds.size - 1
        return runBlocking {
            var sum = 0L
            for (i in 0 until n) {
                sum += ds[i and mask].await()
            }
            sum
        }
    }

    // ---- workload 4, deep await ----

    private suspend fun chain(n: Int): Int = if (n == 0) 0 else chain(n - 1) + 1

    override fun deep(depth: Int): Int = runBlocking { chain(depth) }

    // ---- workload 5, fan-out ----

    private suspend fun tiny(i: Int): Int = i + 1

    override fun fanOut(n: Int): Int = runBlocking {
        val tasks = ArrayList<Deferred<Int>>(n)
        for (i in 0 until n) {
            tasks.add(async { tiny(i) })
        }
        tasks.awaitAll().size
    }

    // ---- workload 7, queue hand-off ----

    override fun queueHandoff(items: Int): Int = runBlocking {
        val queue = Channel<Int>(1)
        val producer = launch {
            for (i in 0 until items) {
                queue.send(i and 127)
            }
        }
        val consumer = async {
            var sum = 0
            for (i in 0 until items) {
                sum += queue.receive()
            }
            sum
        }
        producer.join()
        consumer.await()
    }
}
