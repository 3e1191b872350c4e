#!/usr/bin/env python3
"""Times Corpus Explorer, ripgrep and SQLite FTS5 on the generated corpora; writes the table.

For each size: load + index build (s, MB/s) and peak memory; the median of repeated runs (ms)
for a frequent 2-character word, a 4-character phrase, an absent phrase, a figure regex and a
combined query; and the number of files each tool finds, which must agree.
usage: bench.py EXPLORER_BIN OUT_DIR SIZE...
"""
import os, re, sqlite3, statistics, subprocess, sys, time, platform, datetime

BIN, OUT, SIZES = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
REPEAT = 7
LOAD_RUNS = 3
QUERIES = [  # (label, explorer query, literal for rg/sqlite or regex)
    ("frequent word 党建", "党建", ("fixed", "党建")),
    ("phrase 营商环境", "营商环境", ("fixed", "营商环境")),
    ("absent 量子计算机", "量子计算机", ("fixed", "量子计算机")),
    ("absent, common pairs 我们的党建", "我们的党建", ("fixed", "我们的党建")),
    ("regex [0-9.]+亿元", "/[0-9.]+亿元/", ("regex", "[0-9.]+亿元")),
    # Its matches come down to 20 texts (0个 … 9家), searched in the index (`RegexTexts`).
    ("regex [0-9]+(个|家), its texts spelled out", "/[0-9]+(个|家)/", ("regex", "[0-9]+(个|家)")),
    # \d is Unicode's digits (ICU's and ripgrep's alike): too many texts to spell out, and no
    # literal of two characters: the scan on every core.
    ("regex, no literal \\d+(个|家)", "/\\d+(个|家)/", ("regex", "\\d+(个|家)")),
    ("region + figure + word", "region:荆州市 figure:1亿元..100亿元 发展", None),
]

def median_ms(xs): return statistics.median(xs) * 1000

def explorer(corpus):
    """One process: load, then each query REPEAT times with .timing on."""
    script = ".timing on\n.stats\n"
    for _, q, _ in QUERIES:
        # With the count by document that rg -l's count needs, then the bare article count.
        script += "".join(q + " | count by doc | limit 0\n" for _ in range(REPEAT))
        script += "".join(q + " | limit 0\n" for _ in range(REPEAT))
    t0 = time.perf_counter()
    p = subprocess.run([BIN, "--corpus", corpus, "--no-cache"], input=script, capture_output=True, text=True)
    total = time.perf_counter() - t0
    if p.returncode != 0: raise SystemExit("explorer failed: " + p.stderr)
    out = p.stdout
    times = [float(m) for m in re.findall(r"time: [0-9.]+ ms \(query ([0-9.]+) ms", out)]
    counts = [int(m) for m in re.findall(r"^(\d+) articles?", out, re.M)]
    docs = [int(m) for m in re.findall(r"^(\d+) docs?", out, re.M)]
    peak = float(re.search(r"memory: peak RSS (\d+) MB", out).group(1))
    # load time: separate runs that only load, building everything (no index cache), and
    # exit: no command is timed with them. The median of LOAD_RUNS, with the range: one run
    # on this shared VM drifts by a tenth either way.
    loads = []
    for _ in range(LOAD_RUNS):
        t0 = time.perf_counter()
        subprocess.run([BIN, "--corpus", corpus, "--no-cache"], input="", capture_output=True, text=True)
        loads.append(time.perf_counter() - t0)
    load = (statistics.median(loads), min(loads), max(loads))
    # second start: one run writes the index cache (in OUT, not the user's), the next reads it
    env = dict(os.environ, EXPLORER_CACHE_DIR=os.path.join(OUT, "cache"))
    subprocess.run([BIN, "--corpus", corpus], input=".stats\n", capture_output=True, text=True, env=env)
    # ready and exit, timed (`.stats`, half a second at 500 MB, is a command, not start-up);
    # then once more for `.stats`' peak memory
    t0 = time.perf_counter()
    subprocess.run([BIN, "--corpus", corpus], input="", capture_output=True, text=True, env=env)
    second = time.perf_counter() - t0
    q = subprocess.run([BIN, "--corpus", corpus], input=".stats\n", capture_output=True, text=True, env=env)
    second_peak = float(re.search(r"memory: peak RSS (\d+) MB", q.stdout).group(1))
    # of which the process's own (the rest: pages of the mapped cache, which the kernel can reclaim)
    own = re.search(r"now (\d+) MB of its own", q.stdout)
    second_peak = (second_peak, float(own.group(1)) if own else None)
    res = {}
    for k, (label, q, _) in enumerate(QUERIES):
        ts = times[2 * k * REPEAT:(2 * k + 1) * REPEAT]
        bare = times[(2 * k + 1) * REPEAT:(2 * k + 2) * REPEAT]
        res[label] = (statistics.median(ts), docs[k * REPEAT] if k * REPEAT < len(docs) else 0, statistics.median(bare))
    return load, peak, res, second, second_peak

def rg(corpus):
    res = {}
    for label, _, lit in QUERIES:
        if lit is None: res[label] = (None, None); continue
        kind, pattern = lit
        args = ["rg", "-l", "--no-messages"] + (["-F", pattern] if kind == "fixed" else ["-e", pattern]) + [corpus]
        ts, n = [], 0
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            p = subprocess.run(args, capture_output=True, text=True)
            ts.append(time.perf_counter() - t0)
            n = len([l for l in p.stdout.splitlines() if l])
        res[label] = (median_ms(ts), n)
    return res

def sqlite(corpus, dbpath):
    if os.path.exists(dbpath): os.remove(dbpath)
    t0 = time.perf_counter()
    db = sqlite3.connect(dbpath)
    db.execute("CREATE TABLE docs(name TEXT, body TEXT)")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(body, tokenize='trigram')")
    for f in sorted(os.listdir(corpus)):
        body = open(os.path.join(corpus, f), encoding="utf-8").read()
        db.execute("INSERT INTO docs VALUES (?, ?)", (f, body))
    db.execute("INSERT INTO fts(rowid, body) SELECT rowid, body FROM docs")
    db.commit()
    build = time.perf_counter() - t0
    size = os.path.getsize(dbpath)
    res = {}
    for label, _, lit in QUERIES:
        if lit is None or lit[0] != "fixed": res[label] = (None, None); continue
        pattern = lit[1]
        # trigram MATCH silently finds nothing for 1-2 characters: time the LIKE scan instead.
        if len(pattern) >= 3:
            sql, arg = "SELECT count(*) FROM fts WHERE fts MATCH ?", '"%s"' % pattern
        else:
            sql, arg = "SELECT count(*) FROM docs WHERE body LIKE ?", "%" + pattern + "%"
        ts, n = [], 0
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            n = db.execute(sql, (arg,)).fetchone()[0]
            ts.append(time.perf_counter() - t0)
        res[label] = (median_ms(ts), n)
    db.close()
    return build, size, res

def fmt(x, unit=""):
    return "n/a" if x is None else ("%.3f" % x if x < 1 else "%.1f" % x) + unit

rows = []
for mb in SIZES:
    corpus = os.path.join(OUT, "corpus-%dmb" % mb)
    size = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus)) / 1048576
    load, peak, ex, second, second_peak = explorer(corpus)
    r = rg(corpus)
    skip_sqlite = mb > int(os.environ.get("BENCH_SQLITE_MAX_MB", "100"))
    sq = (None, None, {label: (None, None) for label, _, _ in QUERIES}) if skip_sqlite else sqlite(corpus, os.path.join(OUT, "fts-%dmb.db" % mb))
    rows.append((mb, size, load, peak, ex, r, sq, second, second_peak))
    print("== %d MB (%.1f MB of text, %d files)" % (mb, size, len(os.listdir(corpus))))
    print("explorer: load+index %.2f s (%.1f MB/s; %d runs %.2f–%.2f s), peak RSS %.0f MB (%.2f× the corpus); second start from the cache %.2f s, peak %.0f MB (%s MB its own)" % (load[0], size / load[0], LOAD_RUNS, load[1], load[2], peak, peak / size, second, second_peak[0], fmt(second_peak[1])))
    if sq[0] is not None: print("sqlite fts5 trigram: build %.1f s, database %.2f× the text" % (sq[0], sq[1] / 1048576 / size))
    print("%-34s %12s %12s %12s %10s %10s %10s %8s %8s" % ("query (median ms)", "explorer", "rg -F", "sqlite", "rg/expl", "sql/expl", "files", "rg", "sqlite"))
    for label, _, _ in QUERIES:
        e, rr, s = ex[label], r[label], sq[2][label]
        ratio = lambda o: "n/a" if o[0] is None or e[0] == 0 else "%.0f×" % (o[0] / e[0])
        agree = "" if rr[1] is None or rr[1] == e[1] else "  MISMATCH(rg)"
        agree += "" if s[1] is None or s[1] == e[1] else "  MISMATCH(sqlite)"
        print("%-34s %12s %12s %12s %10s %10s %10s %8s %8s%s" % (label, fmt(e[0]), fmt(rr[0]), fmt(s[0]), ratio(rr), ratio(s), e[1], rr[1] if rr[1] is not None else "-", s[1] if s[1] is not None else "-", agree))
    sys.stdout.flush()

# docs/performance.md
doc = ["# Performance", "",
       "Measured by `make bench` on %s (%s, %d cores), %s. Generated by `bench/bench.py`; numbers drift on this shared machine, the ratios less so." % (platform.node(), platform.machine(), os.cpu_count(), datetime.date.today().isoformat()), "",
       "Counts are files containing the text (explorer: `| count by doc`; rg: `-l`; SQLite: rows), and must agree; where they do not, the text is in a line the segmenter keeps as page furniture by design (an editor's note, 编者按, which belongs to no article) — every difference at 500 MB was checked to be one. Explorer's times are in-process query times (parse, plan, execute), median of %d, with the `| count by doc` the comparison needs and, in brackets, the bare article count (`| limit 0`); rg's include starting the process, as a user runs it; SQLite's are in-process. SQLite's trigram `MATCH` finds nothing for 2 characters, so the 2-character row times its `LIKE` scan." % REPEAT, ""]
for mb, size, load, peak, ex, r, sq, second, second_peak in rows:
    doc += ["## %d MB (%.1f MB of text)" % (mb, size), "",
            "- explorer load (read, decode, normalise, segment, extract, index; no cache; the process started, loaded and exited): %.2f s, %.1f MB/s (median of %d runs: %.2f–%.2f s, %.1f–%.1f MB/s); peak RSS %.0f MB = %.2f× the corpus" % (load[0], size / load[0], LOAD_RUNS, load[1], load[2], size / load[2], size / load[1], peak, peak / size),
            "- explorer second start, from the index cache (started, ready, exited): %.2f s; peak RSS %.0f MB = %.2f× the corpus, of which %s MB (%.2f×) the process's own after `.stats` — the rest are pages of the memory-mapped index cache, clean, which the kernel can drop and reread" % (second, second_peak[0], second_peak[0] / size, fmt(second_peak[1]), (second_peak[1] or 0) / size)]
    if sq[0] is not None: doc.append("- SQLite FTS5 trigram build: %.1f s; database %.2f× the text" % (sq[0], sq[1] / 1048576 / size))
    doc += ["", "| query | explorer ms (bare count) | rg ms | SQLite ms | files (explorer / rg / SQLite) |", "| --- | --- | --- | --- | --- |"]
    for label, _, _ in QUERIES:
        e, rr, s = ex[label], r[label], sq[2][label]
        doc.append("| %s | %s (%s) | %s | %s | %s / %s / %s |" % (label.replace("|", "\\|"), fmt(e[0]), fmt(e[2]), fmt(rr[0]), fmt(s[0]), e[1], "-" if rr[1] is None else rr[1], "-" if s[1] is None else s[1]))
    doc.append("")
open(os.path.join(os.path.dirname(__file__), "..", "docs", "performance.md"), "w").write("\n".join(doc) + "\n" + open(os.path.join(os.path.dirname(__file__), "targets.md")).read())
print("wrote docs/performance.md")
