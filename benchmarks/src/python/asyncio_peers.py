"""The benchmark workloads in Python asyncio, standard library only.

Each workload is the program of the Java benchmark of the same number, statement for statement,
on one event loop (asyncio's default selector loop). Timed workloads are measured as JMH measures
the Java ones: warm-up iterations, then measurement iterations of a fixed wall time each, each
iteration running whole operations back to back; the score is the mean over the measurement
iterations of time per unit (a hop, an await, a task, an item), in ns, or per chain in us.

    python3 asyncio_peers.py [--warmup-iterations 3] [--warmup-time 1] [--iterations 5]
                             [--time 1] [--tasks 1000000] [--only NAME[,NAME...]]

Prints one line per result:

    RESULT python <workload> <score> <unit>           a measured figure
    RESULT python <workload> fails <Error> <why>      the program cannot run (e.g. RecursionError)
    RESULT python spawnSleep n=.. bytesPerTask=.. createFinishMs=..
    HISTO python <type> instancesPerTask=.. bytesPerTask=..
"""

import argparse
import asyncio
import collections
import gc
import sys
import time
import tracemalloc

ROUNDS = 10_000  # ping-pong: 2 * ROUNDS hops per operation
FAST_N = 100_000  # fast path: awaits per operation
K = 1024  # fast path: complete futures walked
FAN_OUT_N = 100_000  # fan-out: tasks per operation
ITEMS = 10_000  # queue hand-off: items per operation
DEPTHS = (1_000, 10_000, 100_000)
LONG_SLEEP_S = 60
SHORT_SLEEP_S = 0.1


# ---- workload 1, ping-pong ----

async def player(slots, p, rounds):
    v = 0
    loop = asyncio.get_running_loop()
    for _ in range(rounds):
        v = await slots[p]
        slots[p] = loop.create_future()
        slots[1 - p].set_result(v + 1)
    return v


async def game(rounds):
    loop = asyncio.get_running_loop()
    slots = [loop.create_future(), loop.create_future()]
    slots[0].set_result(0)
    results = await asyncio.gather(asyncio.create_task(player(slots, 0, rounds)),
                                   asyncio.create_task(player(slots, 1, rounds)))
    return results[1]


# ---- workload 3, await of a complete future ----

async def await_loop(fs, n):
    total = 0
    for i in range(n):
        total += await fs[i & (K - 1)]
    return total


# ---- workload 4, deep await ----

async def chain(n):
    if n == 0:
        return 0
    return await chain(n - 1) + 1


# ---- workload 5, fan-out ----

async def tiny(i):
    return i + 1


async def fan_out(n):
    tasks = [asyncio.create_task(tiny(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    return len(results)


# ---- workload 7, queue hand-off ----

async def producer(queue, n):
    for i in range(n):
        await queue.put(i & 127)


async def consumer(queue, n):
    total = 0
    for _ in range(n):
        total += await queue.get()
    return total


async def handoff(n):
    queue = asyncio.Queue(1)
    results = await asyncio.gather(asyncio.create_task(producer(queue, n)),
                                   asyncio.create_task(consumer(queue, n)))
    return results[1]


# ---- workload 2, spawn-sleep ----

async def sleeper(seconds, i):
    await asyncio.sleep(seconds)
    return i


def type_histogram():
    """{type name: [instances, shallow bytes]} over the objects the collector tracks."""
    gc.collect()
    hist = collections.defaultdict(lambda: [0, 0])
    for o in gc.get_objects():
        h = hist[type(o).__qualname__]
        h[0] += 1
        h[1] += sys.getsizeof(o)
    return hist


async def spawn_sleep(n):
    """Heap per sleeping task (tracemalloc: every byte Python allocated), then create+finish time."""
    hist_before = type_histogram()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [None] * n
    for i in range(n):
        tasks[i] = asyncio.create_task(sleeper(LONG_SLEEP_S, i))
    await asyncio.sleep(0)  # every task has run to its sleep
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    hist_after = type_histogram()
    breakdown = []
    for name, (count, size) in hist_after.items():
        b_count, b_size = hist_before.get(name, (0, 0))
        if (size - b_size) * 2 >= n:
            breakdown.append((size - b_size, count - b_count, name))
    breakdown.sort(reverse=True)
    for t in tasks:
        t.cancel()
    await asyncio.sleep(0)
    tasks = [None] * n
    gc.collect()
    t0 = time.perf_counter_ns()
    for i in range(n):
        tasks[i] = asyncio.create_task(sleeper(SHORT_SLEEP_S, i))
    await asyncio.gather(*tasks)
    ms = (time.perf_counter_ns() - t0) / 1e6 - SHORT_SLEEP_S * 1000
    return (after - before) / n, ms, breakdown


# ---- the harness ----

def measure(loop, make, units, args):
    """Mean over the measurement iterations of ns per unit, JMH-style (whole operations)."""
    def iteration(seconds):
        ops = 0
        t0 = time.perf_counter_ns()
        deadline = t0 + seconds * 1e9
        while True:
            loop.run_until_complete(make())
            ops += 1
            t = time.perf_counter_ns()
            if t >= deadline:
                return (t - t0) / ops / units
    for _ in range(args.warmup_iterations):
        iteration(args.warmup_time)
    scores = [iteration(args.time) for _ in range(args.iterations)]
    return sum(scores) / len(scores)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warmup-iterations", type=int, default=3)
    ap.add_argument("--warmup-time", type=float, default=1)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--time", type=float, default=1)
    ap.add_argument("--tasks", type=int, default=1_000_000)
    ap.add_argument("--only", default="pingPong,fastPath,deepAwait,fanOut,queueHandoff,spawnSleep")
    args = ap.parse_args()
    only = set(args.only.split(","))
    print(f"# Python {sys.version.split()[0]}, asyncio default loop "
          f"({type(asyncio.new_event_loop()).__name__})", flush=True)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def report(name, fn, units, unit="ns", scale=1.0):
        value = measure(loop, fn, units, args) * scale
        print(f"RESULT python {name} {value:.3f} {unit}", flush=True)

    if "pingPong" in only:
        assert loop.run_until_complete(game(ROUNDS)) == 2 * ROUNDS - 1
        report("pingPong", lambda: game(ROUNDS), 2 * ROUNDS)
    if "fastPath" in only:
        futures = []
        for i in range(K):
            f = loop.create_future()
            f.set_result(i)
            futures.append(f)
        report("fastPath", lambda: await_loop(futures, FAST_N), FAST_N)
    if "deepAwait" in only:
        for depth in DEPTHS:
            try:
                assert loop.run_until_complete(chain(depth)) == depth
            except RecursionError:
                print(f"RESULT python deepAwait.{depth} fails RecursionError "
                      f"at the default recursion limit, sys.getrecursionlimit() = {sys.getrecursionlimit()}",
                      flush=True)
                continue
            report(f"deepAwait.{depth}", lambda: chain(depth), 1, "us", 1e-3)
    if "fanOut" in only:
        assert loop.run_until_complete(fan_out(FAN_OUT_N)) == FAN_OUT_N
        report("fanOut", lambda: fan_out(FAN_OUT_N), FAN_OUT_N)
    if "queueHandoff" in only:
        assert loop.run_until_complete(handoff(ITEMS)) == sum(i & 127 for i in range(ITEMS))
        report("queueHandoff", lambda: handoff(ITEMS), ITEMS)
    loop.close()

    if "spawnSleep" in only:
        n = args.tasks
        per_task, ms, breakdown = asyncio.run(spawn_sleep(n))
        print(f"RESULT python spawnSleep n={n} bytesPerTask={per_task:.1f} createFinishMs={ms:.1f}", flush=True)
        for size, count, name in breakdown:
            print(f"HISTO python {name} instancesPerTask={count / n:.3f} bytesPerTask={size / n:.1f}")


if __name__ == "__main__":
    main()
