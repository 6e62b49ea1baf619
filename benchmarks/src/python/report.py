"""Turns the raw results of benchmarks/run into its tables (Markdown), standard library only.

    python3 report.py RESULTS_DIR

Reads what benchmarks/run leaves in RESULTS_DIR: JMH JSON and logs (jdk17, jdk17-agent (the
agent's transformer, with a longer warm-up), jdk17-debug, jdk25-1, jdk25-default), the
spawn-sleep mains' output (spawn-LABEL.txt), the Python asyncio peers' output (python.txt),
the agent's corpus counts (agent-corpus.txt) and hyperfine's JSON of the
agent's startup overhead (agent-startup-17.json, agent-startup-25.json). Every ratio compares
two figures of the same run of the same JVM version (Python's with the JDK 17 run), and a peer
that did not run a workload says why.
"""

import json
import os
import re
import sys

out = sys.argv[1]


def path(name):
    return os.path.join(out, name)


def read(name):
    p = path(name)
    return open(p, errors="replace").read() if os.path.exists(p) else None


# ---- JMH: {(Class.method, depth): score}, and failures parsed from the log ----

def load_jmh(name):
    res, fails = {}, {}
    text = read(name + ".json")
    if text:
        for r in json.loads(text):
            m = r["benchmark"].rsplit(".", 2)
            key = (m[-2] + "." + m[-1], (r.get("params") or {}).get("depth", ""))
            res[key] = r["primaryMetric"]["score"]
    log = read(name + ".log")
    if log:
        cur, failing = None, False
        for line in log.splitlines():
            m = re.match(r"# Benchmark: io\.jasyncio\.benchmarks\.(\S+)", line)
            if m:
                cur = [m.group(1), ""]
            m = re.match(r"# Parameters: \(depth = (\d+)\)", line)
            if m and cur:
                cur[1] = m.group(1)
            if "<failure>" in line and cur:
                failing = True
                continue
            if line.startswith("# "):
                failing = False
            m = re.match(r"^(?:Caused by: )?([\w.$]+(?:Error|Exception))(?::\s*(.*))?", line)
            if m and cur and failing and tuple(cur) not in fails:
                why = m.group(1).rsplit(".", 1)[-1]
                if why == "UnsupportedOperationException" and m.group(2):
                    why += " (" + m.group(2) + ")"
                fails[tuple(cur)] = why
    return res, fails, log is not None


RUNS = {n: load_jmh(n) for n in ("jdk17", "jdk17-agent", "jdk17-debug", "jdk25-1", "jdk25-default")}


def jmh(run, bench, param=""):
    """The score, "fails: Error" or None (not run)."""
    res, fails, _ = RUNS[run]
    if (bench, param) in res:
        return res[(bench, param)]
    if (bench, param) in fails:
        return "fails: " + fails[(bench, param)]
    return None


# ---- Python asyncio ----

PY, PY_FAILS, PY_SPAWN, PY_HISTO, PY_VERSION = {}, {}, None, [], None
text = read("python.txt")
if text:
    for line in text.splitlines():
        m = re.match(r"# (Python [\d.]+)", line)
        if m:
            PY_VERSION = m.group(1)
        m = re.match(r"RESULT python (\S+) fails (\S+) (.*)", line)
        if m:
            PY_FAILS[m.group(1)] = f"{m.group(2)} ({m.group(3)})"
            continue
        m = re.match(r"RESULT python spawnSleep n=(\d+) bytesPerTask=([\d.]+) createFinishMs=([\d.-]+)", line)
        if m:
            PY_SPAWN = (float(m.group(2)), None, float(m.group(3)), int(m.group(1)))
            continue
        m = re.match(r"RESULT python (\S+) ([\d.]+) (\S+)", line)
        if m:
            PY[m.group(1)] = float(m.group(2))
        m = re.match(r"HISTO python (\S+) instancesPerTask=([\d.]+) bytesPerTask=([\d.]+)", line)
        if m:
            PY_HISTO.append((m.group(1), float(m.group(2)), float(m.group(3))))


def python(key):
    if not text:
        return "not run: no python3"
    if key in PY:
        return PY[key]
    if key in PY_FAILS:
        return "fails: " + PY_FAILS[key]
    return None


# ---- spawn-sleep: {label: (usedHeapBytes, histogramBytes, createFinishMs, n)}, {label: [histo]} ----

SPAWN, HISTO, LAYOUTS, GC_MS = {}, {}, {}, {}
for f in sorted(os.listdir(out)) if os.path.isdir(out) else []:
    m = re.match(r"spawn-(\S+)\.txt$", f)
    if not m:
        continue
    label = m.group(1)
    for line in read(f).splitlines():
        r = re.match(r"RESULT spawnSleep \S+ n=(\d+) bytesPerTask=([\d.-]+) histogramBytesPerTask=([\d.-]+) "
                     r"createFinishMs=([\d.-]+) gcMs=(\d+)", line)
        if r:
            SPAWN[label] = (float(r.group(2)), float(r.group(3)), float(r.group(4)), int(r.group(1)))
            GC_MS[label] = int(r.group(5))
        h = re.match(r"HISTO (\S+) instancesPerTask=([\d.]+) bytesPerTask=([\d.]+)", line)
        if h:
            HISTO.setdefault(label, []).append((h.group(1), float(h.group(2)), float(h.group(3))))
        if line.startswith("LAYOUT| "):
            LAYOUTS.setdefault(label, []).append(line[len("LAYOUT| "):])
if PY_SPAWN:
    SPAWN["python"] = PY_SPAWN
    HISTO["python"] = PY_HISTO


def spawn(label, i):
    if label in SPAWN and SPAWN[label][i] is not None:
        return SPAWN[label][i]
    if label in SPAWN:
        return "n/a: tracemalloc counts bytes, not objects" if i == 1 else None
    err = path("spawn-%s.err" % label)
    if os.path.exists(err):
        lines = [l for l in open(err, errors="replace").read().splitlines() if l.strip()]
        first = next((l for l in lines if re.match(r"^(Exception|Caused by|[\w.]+(Error|Exception))", l)), None)
        if first:
            return "fails: " + first.split("Exception in thread \"main\" ")[-1][:120]
    return None


# ---- formatting ----

def fmt(v, ref, unit, invert=False):
    """A figure with its ratio to ref: (Nx) = peer / jasyncio, so above 1 means jasyncio is ahead."""
    if v is None:
        return "not run"
    if isinstance(v, str):
        return v
    if unit == "ms" or v >= 100:
        txt = f"{v:,.0f} {unit}"
    else:
        txt = f"{v:,.1f} {unit}"
    if isinstance(ref, (int, float)) and not isinstance(ref, bool) and ref > 0 and v is not ref:
        txt += f" ({v / ref:.2f}x)"
    return txt


def spawn_time(label, ref_label):
    """Create+finish with its ratio to jasyncio's, and the collectors' time during it."""
    ref = spawn(ref_label, 2)
    v = spawn(label, 2)
    txt = fmt(v, ref if label != ref_label else None, "ms")
    if isinstance(v, float) and label in GC_MS:
        txt += f", GC {GC_MS[label]:,} ms"
    return txt


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


printed = []


def emit(s=""):
    printed.append(s)


DEPTHS = ("1000", "10000", "100000")
n_tasks = next(iter(SPAWN.values()))[3] if SPAWN else 0

# ---- table 1: JDK 17 ----

rows = []


def row17(name, bench, unit, param="", py=None, sync=True, cf=True, ea=True):
    j = jmh("jdk17", f"{bench}.jasyncio", param)
    rows.append([name, fmt(j, None, unit),
                 fmt(jmh("jdk17", f"{bench}.synchronous", param), j, unit) if sync else "-",
                 fmt(jmh("jdk17", f"{bench}.completableFuture", param), j, unit) if cf else "-",
                 fmt(jmh("jdk17", f"{bench}.eaAsync", param), j, unit) if ea else "-",
                 fmt(jmh("jdk17", f"{bench}.kotlin", param), j, unit),
                 fmt(python(py), j, unit) if py else "-"])


row17("1 ping-pong, per hop", "PingPong", "ns", py="pingPong")
j = spawn("jasyncio-17", 0)
rows.append([f"2 spawn-sleep {n_tasks:,}: heap per task (used heap after GC)", fmt(j, None, "B"),
             "n/a: a platform thread per sleeper", fmt(spawn("completableFuture-17", 0), j, "B"),
             fmt(spawn("eaAsync-17", 0), j, "B"), fmt(spawn("kotlin-17", 0), j, "B"),
             fmt(spawn("python", 0), j, "B") + (" (tracemalloc)" if "python" in SPAWN else "")])
j = spawn("jasyncio-17", 1)
rows.append([f"2 spawn-sleep {n_tasks:,}: heap per task (class histogram)", fmt(j, None, "B"),
             "n/a", fmt(spawn("completableFuture-17", 1), j, "B"), fmt(spawn("eaAsync-17", 1), j, "B"),
             fmt(spawn("kotlin-17", 1), j, "B"), "see the breakdown"])
rows.append([f"2 spawn-sleep {n_tasks:,}: create+finish", spawn_time("jasyncio-17", "jasyncio-17"), "n/a",
             spawn_time("completableFuture-17", "jasyncio-17"), spawn_time("eaAsync-17", "jasyncio-17"),
             spawn_time("kotlin-17", "jasyncio-17"), fmt(spawn("python", 2), spawn("jasyncio-17", 2), "ms")])
row17("3 await of a complete future", "FastPath", "ns", py="fastPath")
for d in DEPTHS:
    row17(f"4 deep await, {int(d):,} deep, per chain", "DeepAwait", "us", d, py=f"deepAwait.{d}")
row17("5 fan-out 100,000 tasks, per task", "FanOut", "ns", py="fanOut", ea=False)
row17("7 Queue(1) producer/consumer, per item", "QueueHandoff", "ns", py="queueHandoff",
      sync=False, cf=False, ea=False)

emit("### JDK 17")
emit()
emit(table(["workload", "jasyncio", "synchronous", "CompletableFuture", "ea-async",
            "Kotlin coroutines", f"Python asyncio ({PY_VERSION or 'python3'})"], rows))
emit()
kc = jmh("jdk17", "PingPong.kotlinChannel")
emit(f"Kotlin's ping-pong through two `Channel(1)`s instead of `CompletableDeferred`s: "
     f"{fmt(kc, jmh('jdk17', 'PingPong.jasyncio'), 'ns')} per hop. "
     f"Queue hand-off reference, `ArrayBlockingQueue(1)` between two platform threads: "
     f"{fmt(jmh('jdk17', 'QueueHandoff.platformThreads'), jmh('jdk17', 'QueueHandoff.jasyncio'), 'ns')} per item.")

dbg = []
for bench, unit in (("PingPong", "ns per hop"), ("FastPath", "ns per await"), ("FanOut", "ns per task"),
                    ("QueueHandoff", "ns per item")):
    on = jmh("jdk17-debug", f"{bench}.jasyncio")
    if on is not None:
        dbg.append(f"{bench} {fmt(on, jmh('jdk17', f'{bench}.jasyncio'), unit)}")
if dbg:
    emit()
    emit("jasyncio with debug mode on (`-Djasyncio.debug=true`; the table is with it off, the default), "
         "ratio to off: " + "; ".join(dbg) + ".")

ctx = []
for run, jdk in (("jdk17", "17"), ("jdk25-1", "25")):
    on = jmh(run, "PingPong.jasyncioContextVar")
    if on is not None:
        ctx.append(f"ping-pong, JDK {jdk}: {fmt(on, jmh(run, 'PingPong.jasyncio'), 'ns')} per hop")
    if f"jasyncioContextVar-{jdk}" in SPAWN:
        ref = f"jasyncio-{jdk}"
        ctx.append(f"spawn-sleep, JDK {jdk}: {fmt(spawn(f'jasyncioContextVar-{jdk}', 0), spawn(ref, 0), 'B')} "
                   f"per task (used heap), create+finish {fmt(spawn(f'jasyncioContextVar-{jdk}', 2), spawn(ref, 2), 'ms')}")
if ctx:
    emit()
    emit("jasyncio with a context variable read and set by each player per hop, and set by each sleeper "
         "before it sleeps and read when it wakes (the table's rows touch none), ratio to the plain one: "
         + "; ".join(ctx) + ".")


def streams(run):
    cells = []
    for kind in ("Tcp", "Tls"):
        j = jmh(run, f"StreamThroughput.jasyncio{kind}")
        b = jmh(run, f"StreamThroughput.blocking{kind}")
        if j is not None or b is not None:
            cells.append(f"{kind.upper()} jasyncio {fmt(j, None, 'ms')}, blocking sockets on platform threads "
                         f"{fmt(b, j, 'ms')}")
    if cells:
        emit()
        emit("Stream throughput, 16 MiB over loopback, per transfer: " + "; ".join(cells) + ".")


streams("jdk17")

# ---- table 2: JDK 25 ----

rows = []


def row25(name, bench, unit, param="", default=True, sync=True):
    j = jmh("jdk25-1", f"{bench}.jasyncio", param)
    jd = jmh("jdk25-default", f"{bench}.jasyncio", param)
    rows.append([name, fmt(j, None, unit),
                 fmt(jmh("jdk25-1", f"{bench}.synchronous", param), j, unit) if sync else "-",
                 fmt(jmh("jdk25-1", f"{bench}.kotlin", param), j, unit),
                 fmt(jmh("jdk25-1", f"{bench}.virtualThreads", param), j, unit),
                 fmt(jd, None, unit) if default else "-",
                 fmt(jmh("jdk25-default", f"{bench}.virtualThreads", param), jd, unit) if default else "-"])


row25("1 ping-pong, per hop", "PingPong", "ns")
for i, what, unit in ((0, "heap per task (used heap after GC)", "B"), (1, "heap per task (class histogram)", "B")):
    j = spawn("jasyncio-25", i)
    rows.append([f"2 spawn-sleep {n_tasks:,}: {what}", fmt(j, None, unit), "n/a",
                 fmt(spawn("kotlin-25", i), j, unit), fmt(spawn("virtualThreads1-25", i), j, unit), "-",
                 fmt(spawn("virtualThreads-25", i), j, unit)])
rows.append([f"2 spawn-sleep {n_tasks:,}: create+finish", spawn_time("jasyncio-25", "jasyncio-25"), "n/a",
             spawn_time("kotlin-25", "jasyncio-25"), spawn_time("virtualThreads1-25", "jasyncio-25"), "-",
             spawn_time("virtualThreads-25", "jasyncio-25")])
row25("3 await of a complete future", "FastPath", "ns", default=False)
for d in DEPTHS:
    row25(f"4 deep await, {int(d):,} deep, per chain", "DeepAwait", "us", d, default=False)
row25("5 fan-out 100,000 tasks, per task", "FanOut", "ns")
row25("7 Queue(1) producer/consumer, per item", "QueueHandoff", "ns", sync=False)

emit()
emit("### Temurin 25")
emit()
emit(table(["workload", "jasyncio", "synchronous", "Kotlin coroutines", "virtual threads, 1 carrier",
            "jasyncio (default-scheduler run)", "virtual threads, default scheduler"], rows))
emit()
kc = jmh("jdk25-1", "PingPong.kotlinChannel")
emit(f"Kotlin's ping-pong through `Channel(1)`s: {fmt(kc, jmh('jdk25-1', 'PingPong.jasyncio'), 'ns')} per hop. "
     f"`ArrayBlockingQueue(1)` between two platform threads: "
     f"{fmt(jmh('jdk25-1', 'QueueHandoff.platformThreads'), jmh('jdk25-1', 'QueueHandoff.jasyncio'), 'ns')} per item. "
     f"Spawn-sleep with the default scheduler is compared with jasyncio's JDK 25 row.")
streams("jdk25-1")
emit()
emit("(Nx) = the peer's figure / jasyncio's in the same run: above 1 means jasyncio is faster or smaller.")

# ---- heap breakdown ----

emit()
emit("### Heap per sleeping task, by class")
emit()
emit("The live-heap class histograms (`GC.class_histogram`, as `jmap -histo:live`) taken before the "
     f"{n_tasks:,} sleepers exist and while all sleep, their difference per task; classes that grew by "
     "at least half a byte per task. Python: `gc.get_objects()` by type, shallow `sys.getsizeof`.")
for label in ("jasyncio-17", "jasyncio-25", "jasyncioContextVar-17", "kotlin-17", "completableFuture-17", "eaAsync-17",
              "virtualThreads1-25", "python"):
    if label not in HISTO:
        continue
    emit()
    total = sum(b for _, _, b in HISTO[label])
    emit(f"{label}: {total:.0f} B per task in these classes")
    emit()
    emit(table(["class", "instances per task", "bytes per task"],
               [[f"`{c}`", f"{n:.3f}", f"{b:.1f}"] for c, n, b in HISTO[label]]))

if "jasyncio-17" in LAYOUTS:
    emit()
    emit("The field layout of jasyncio's per-task objects (JOL, JDK 17, compressed references):")
    emit()
    emit("```")
    emit("\n".join(l for l in LAYOUTS["jasyncio-17"] if l.strip()))
    emit("```")

# ---- the agent ----

corpus = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", read("agent-corpus.txt") or ""))
rows = []
skip, rew = jmh("jdk17-agent", "AgentCost.skipAll"), jmh("jdk17-agent", "AgentCost.rewriteAll")
if isinstance(skip, float) and corpus:
    rows.append([f"skip a class without @Async ({corpus['skippedClasses']:,} classes), JDK 17",
                 f"{skip / corpus['skippedClasses'] / 1000:.2f} us"])
else:
    rows.append(["skip a class without @Async", fmt(skip, None, "")])
if isinstance(rew, float) and corpus:
    rows.append([f"rewrite, per @Async method, warm ({corpus['rewrittenMethods']} methods in "
                 f"{corpus['rewrittenClasses']} classes), JDK 17", f"{rew / corpus['rewrittenMethods'] / 1000:.1f} us"])
else:
    rows.append(["rewrite, per @Async method", fmt(rew, None, "")])
STARTUP = {}
for jdk in ("17", "25"):
    t = read(f"agent-startup-{jdk}.json")
    if not t:
        rows.append([f"javac startup with the agent, JDK {jdk}", "not run: see agent-startup.log"])
        continue
    r = {x["command"]: x for x in json.loads(t)["results"]}
    plain, agent = r.get("javac"), r.get("javac with the agent")
    if plain and agent:
        overhead = agent["mean"] / plain["mean"] - 1
        cpu = lambda x: x["user"] + x["system"]
        STARTUP[jdk] = overhead
        rows.append([f"javac, no @Async class loaded, JDK {jdk}: wall time without / with `-javaagent` "
                     f"({len(plain['times'])} runs each, mean ± standard deviation)",
                     f"{plain['mean'] * 1000:,.0f} ± {plain['stddev'] * 1000:,.0f} ms / "
                     f"{agent['mean'] * 1000:,.0f} ± {agent['stddev'] * 1000:,.0f} ms: {overhead * 100:+.1f}%"])
        rows.append([f"javac, JDK {jdk}: CPU time (user + system) without / with `-javaagent`",
                     f"{cpu(plain) * 1000:,.0f} ms / {cpu(agent) * 1000:,.0f} ms: "
                     f"{(cpu(agent) / cpu(plain) - 1) * 100:+.1f}%"])
emit()
emit("### The agent")
emit()
emit(table(["measure", "figure"], rows))

# ---- targets ----


def ratio(a, b):
    return a / b if isinstance(a, float) and isinstance(b, float) and b > 0 else None


def verdict(ok):
    return "not measured" if ok is None else ("met" if ok else "missed")


targets = []


def target(what, value, ok):
    targets.append([what, value, verdict(ok)])


for run, jdk in (("jdk17", "17"), ("jdk25-1", "25")):
    p = jmh(run, "PingPong.jasyncio")
    target(f"ping-pong under 100 ns per hop (JDK {jdk})", fmt(p, None, "ns"),
           p < 100 if isinstance(p, float) else None)
    k = ratio(jmh(run, "PingPong.kotlin"), p)
    target(f"ping-pong at least 6x Kotlin's CompletableDeferred (JDK {jdk})",
           f"{k:.2f}x" if k else "not run", k >= 6 if k else None)
v1 = ratio(jmh("jdk25-1", "PingPong.virtualThreads"), jmh("jdk25-1", "PingPong.jasyncio"))
target("ping-pong at least 5x virtual threads (one carrier)", f"{v1:.2f}x" if v1 else "not run",
       v1 >= 5 if v1 else None)
c = ratio(jmh("jdk17", "PingPong.completableFuture"), jmh("jdk17", "PingPong.jasyncio"))
target("ping-pong at least 1.5x hand-written callbacks (JDK 17)", f"{c:.2f}x" if c else "not run",
       c >= 1.5 if c else None)
for label in ("jasyncio-17", "jasyncio-25"):
    u, h = spawn(label, 0), spawn(label, 1)
    ok = (u <= 128 and h <= 128) if isinstance(u, float) and isinstance(h, float) else None
    target(f"at most 128 heap bytes per sleeping task ({label})",
           f"{fmt(u, None, 'B')} (used heap), {fmt(h, None, 'B')} (histogram)", ok)
for jdk in ("17", "25"):
    r = ratio(spawn(f"jasyncio-{jdk}", 2), spawn(f"kotlin-{jdk}", 2))
    target(f"1,000,000 sleepers created and finished in at most half Kotlin's time (JDK {jdk})",
           f"{r:.2f}x Kotlin's time" if r else "not run", r <= 0.5 if r else None)
f = ratio(jmh("jdk17", "FastPath.jasyncio"), jmh("jdk17", "FastPath.synchronous"))
target("await of a complete future within 2x a plain call (JDK 17)", f"{f:.2f}x" if f else "not run",
       f <= 2 if f else None)
d = jmh("jdk17", "DeepAwait.jasyncio", "100000")
target("100,000-deep chain works, well under a second (JDK 17)", fmt(d, None, "us"),
       d < 100_000 if isinstance(d, float) else None)
for run, jdk in (("jdk17", "17"), ("jdk25-1", "25")):
    r = ratio(jmh(run, "FanOut.kotlin"), jmh(run, "FanOut.jasyncio"))
    target(f"fan-out at least 5x Kotlin (JDK {jdk})", f"{r:.2f}x" if r else "not run", r >= 5 if r else None)
if isinstance(skip, float) and corpus:
    s = skip / corpus["skippedClasses"] / 1000
    target("the agent: under 5 us per class it skips", f"{s:.2f} us", s < 5)
if isinstance(rew, float) and corpus:
    w = rew / corpus["rewrittenMethods"] / 1000
    target("the agent: at most 100 us per rewritten method, warm", f"{w:.1f} us", w <= 100)
for jdk, o in sorted(STARTUP.items()):
    target(f"the agent's startup overhead on javac at most 5% (JDK {jdk})", f"{o * 100:+.1f}%", o <= 0.05)

emit()
emit("### Against the targets")
emit()
emit(table(["target", "measured", "verdict"], targets))

report = "\n".join(printed) + "\n"
open(path("table.md"), "w").write(report)
print(report, end="")
