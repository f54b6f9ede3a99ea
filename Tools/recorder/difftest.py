#!/usr/bin/env python3
"""Differential test: generated scenarios recorded in real browsers and compared with the simulator.

    python3 Tools/recorder/difftest.py --seed 9001 --count 2000 --engines chromium,firefox,webkitgtk \\
        --out /work/difftest-results                  # record what is missing, then report
    python3 Tools/recorder/difftest.py --seed 9001 --count 2000 --out /work/difftest-results --report
                                                      # compare only (after fixing the simulator)
    python3 Tools/recorder/difftest.py --family edge --seed 9101 --count 300 --out /tmp/dt9101
                                                      # the second family (gen2.py), its own folder
    python3 Tools/recorder/difftest.py --family site --seed 9201 --count 150 --out /tmp/dt9201
                                                      # the third family (gen3.py)
    python3 Tools/recorder/difftest.py --family reval --seed 9301 --count 180 --out /tmp/dt9301
                                                      # gen3.py's revalidate kind alone (304s)
    python3 Tools/recorder/difftest.py --family net --seed 9401 --count 100 --out /tmp/dt9401
                                                      # the fourth family (gen4.py)
    python3 Tools/recorder/difftest.py --family pfcache --seed 9501 --count 120 --out /tmp/dt9501
                                                      # the fifth family (gen5.py): the preflight cache

It writes the seed's scenarios (gen.py: the same seed and index always give the same file) to
OUT/scenarios/, records them batch by batch (--batch, default 100 scenarios per browser launch)
with record.py, one recorder per engine running side by side (--parallel, default: all engines
at once; each recorder has its own loopback-only network namespace, so their ports do not
collide), and keeps every recording in OUT/scenarios/recordings/<browser>/. Stopped and started
again with the same arguments it records only what is missing, so a run can be continued later
(a batch that ended incomplete is tried once more, then left). Progress goes to OUT/log.txt.

Then it compares every recorded scenario with the simulator (compare.py's fields: verdict,
status, type, readable headers, preflights, requests on the wire, console lines, TypeError text),
prints the agreement per browser, and writes OUT/summary.json and OUT/disagreements.md (each
disagreeing scenario with its fields, grouped by field). The comparison uses --cors-sim (default
.build/debug/cors-sim); recording parses with a copy of it taken at the start (OUT/cors-sim), so
rebuilding during a run is safe.

A disagreeing scenario is reduced with shrink.py.
"""
import argparse
import collections
import concurrent.futures
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare   # noqa: E402
import gen       # noqa: E402
import gen2      # noqa: E402
import gen3      # noqa: E402
import gen4      # noqa: E402
import gen5      # noqa: E402
import record    # noqa: E402

ENGINES = {"chromium": "chrome", "firefox": "firefox", "webkitgtk": "webkitgtk"}
ALIASES = {"chrome": "chromium", "safari": "webkitgtk"}
LOCK = threading.Lock()
FAMILIES = {"base": gen.generate, "edge": gen2.generate, "site": gen3.generate, "reval": gen3.generate_revalidate,
            "net": gen4.generate, "pfcache": gen5.generate}


def log(out, msg):
    line = "%s %s" % (datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S"), msg)
    with LOCK:
        print(line, flush=True)
        with open(os.path.join(out, "log.txt"), "a") as fh:
            fh.write(line + "\n")


def recording_path(scen_dir, engine, path):
    return os.path.join(scen_dir, "recordings", engine, os.path.splitext(os.path.basename(path))[0] + ".json")


def recorded(scen_dir, engine, path):
    p = recording_path(scen_dir, engine, path)
    if not os.path.exists(p):
        return None
    try:
        with open(p) as fh:
            return json.load(fh).get("status")
    except (OSError, ValueError):
        return None


def record_engine(engine, batches, args, scen_dir, parse_bin):
    """Records every batch that is not complete for one engine; a batch is retried once."""
    for k, files in enumerate(batches):
        marker = os.path.join(args.out, "state", "%s-batch-%04d.json" % (engine, k))
        state = json.load(open(marker)) if os.path.exists(marker) else {"attempts": 0}
        todo = [f for f in files if recorded(scen_dir, engine, f) != "complete"]
        if not todo or state["attempts"] >= 2:
            continue
        t0 = time.time()
        cmd = ["nice", "-n", str(args.nice), sys.executable, os.path.join(HERE, "record.py"), "--browser", engine,
               "--cors-sim", parse_bin, "--run-file", "_run-batch-%04d.json" % k, "--max-minutes", str(args.max_minutes),
               "--max-launches", "40"] + todo
        with open(os.path.join(args.out, "state", "%s-batch-%04d.log" % (engine, k)), "w") as fh:
            rc = subprocess.call(cmd, stdout=fh, stderr=subprocess.STDOUT)
        dt = time.time() - t0
        done = sum(1 for f in todo if recorded(scen_dir, engine, f) == "complete")
        state = {"attempts": state["attempts"] + 1, "rc": rc, "seconds": round(dt, 1), "recorded": done, "tried": len(todo)}
        with open(marker, "w") as fh:
            json.dump(state, fh)
        log(args.out, "%s batch %d: %d/%d complete in %.0f s (%.2f s per scenario), rc %d" % (engine, k, done, len(todo), dt, dt / max(1, len(todo)), rc))


WRAPPER = """#!/bin/sh
# difftest.py: `cors-sim parse FILE` answered from the parse cache (record.py parses every file twice,
# once per process, which costs more than recording it on a loaded machine); anything else runs
# the real binary.
if [ "$1" = parse ] && [ $# -eq 2 ]; then
  c="%(cache)s/$(basename "$2" .cors).json"
  if [ -f "$c" ] && [ "$c" -nt "$2" ]; then exec cat "$c"; fi
fi
exec "%(real)s" "$@"
"""


def parse_cache(out, real_bin, paths):
    """Parses every scenario once, 100 files per `cors-sim parse` call, into OUT/parsed/, and
    returns a wrapper that record.py runs as its cors-sim."""
    cache = os.path.join(out, "parsed")
    os.makedirs(cache, exist_ok=True)
    todo = [p for p in paths if not os.path.exists(os.path.join(cache, os.path.basename(p)[:-5] + ".json"))]
    for i in range(0, len(todo), 100):
        chunk = todo[i:i + 100]
        r = subprocess.run([real_bin, "parse"] + chunk, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit("cors-sim parse failed:\n" + r.stderr[:2000])
        # split on LF only: str.splitlines() also breaks at U+2028, U+0085 and others inside JSON strings
        lines = [l for l in r.stdout.split("\n") if l.strip()]
        if len(lines) != len(chunk):
            raise SystemExit("cors-sim parse gave %d objects for %d files" % (len(lines), len(chunk)))
        for p, line in zip(chunk, lines):
            if json.loads(line).get("file") != p:
                raise SystemExit("cors-sim parse answered out of order at %s" % p)
            with open(os.path.join(cache, os.path.basename(p)[:-5] + ".json"), "w") as fh:
                fh.write(line + "\n")
    wrapper = os.path.join(out, "cors-sim-cached")
    with open(wrapper, "w") as fh:
        fh.write(WRAPPER % {"cache": cache, "real": real_bin})
    os.chmod(wrapper, 0o755)
    return wrapper


def sim_key(cs):
    """The comparison cache's key: the simulator binary and compare.py (a new compared field
    invalidates every cached comparison)."""
    st = os.stat(cs)
    with open(os.path.join(HERE, "compare.py"), "rb") as fh:
        cmp_hash = hashlib.sha256(fh.read()).hexdigest()[:16]
    return "%s:%d:%d:%s" % (cs, st.st_size, int(st.st_mtime), cmp_hash)


def compare_one(cs, key, path, engines, cache_dir):
    """Disagreement rows for one scenario and the engines that have a complete recording of it."""
    have = {}
    for e in engines:
        p = recording_path(os.path.dirname(path), e, path)
        if os.path.exists(p):
            with open(p, "rb") as fh:
                have[e] = hashlib.sha256(fh.read()).hexdigest()
    if not have:
        return path, {}, []
    h = hashlib.sha256(("%s|%s|%s" % (key, open(path, "rb").read().hex(), sorted(have.items()))).encode()).hexdigest()
    cp = os.path.join(cache_dir, os.path.basename(path) + ".json")
    if os.path.exists(cp):
        c = json.load(open(cp))
        if c["key"] == h:
            return path, c["status"], [tuple(r) for r in c["rows"]]
    status = {}
    for e in have:
        with open(recording_path(os.path.dirname(path), e, path)) as fh:
            status[e] = json.load(fh)["status"]
    rows = []
    for f, line, br, field, a, b in compare.compare_file(cs, path):
        eng = br.split(" ")[0]
        if eng in have or eng == "-":
            rows.append((os.path.basename(f), line, eng, field, str(a), str(b)))
    with open(cp, "w") as fh:
        json.dump({"key": h, "status": status, "rows": rows}, fh)
    return path, status, rows


def report(args, engines, paths):
    cs = record.find_cors_sim(args.cors_sim)
    key = sim_key(cs)
    cache_dir = os.path.join(args.out, "compare-cache")
    os.makedirs(cache_dir, exist_ok=True)
    per = {e: collections.Counter() for e in engines}
    by_field = collections.defaultdict(list)
    bad = collections.defaultdict(list)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, status, rows in pool.map(lambda p: compare_one(cs, key, p, engines, cache_dir), paths):
            for e in engines:
                if e not in status:
                    per[e]["not recorded"] += 1
                    continue
                if status[e] != "complete":
                    per[e]["incomplete"] += 1
                    continue
                mine = [r for r in rows if r[2] in (e, "-")]
                per[e]["recorded"] += 1
                per[e]["agree" if not mine else "disagree"] += 1
                for r in mine:
                    by_field[(e, r[3])].append(r)
                    bad[os.path.basename(path)].append(r)
    summary = {"seed": args.seed, "family": args.family, "count": args.count, "date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "simulator": cs, "engines": {}}
    for e in engines:
        c = per[e]
        pct = 100.0 * c["agree"] / c["recorded"] if c["recorded"] else 0.0
        summary["engines"][e] = {"recorded": c["recorded"], "agree": c["agree"], "disagree": c["disagree"],
                                 "incomplete": c["incomplete"], "not_recorded": c["not recorded"], "agreement_percent": round(pct, 2)}
        print("%-10s recorded %5d  agree %5d  disagree %4d  (%.2f %%)  incomplete %d  not recorded %d" % (
            e, c["recorded"], c["agree"], c["disagree"], pct, c["incomplete"], c["not recorded"]))
    with open(os.path.join(args.out, "summary.json"), "w") as fh:
        json.dump(summary, fh, indent=1)
    with open(os.path.join(args.out, "disagreements.md"), "w") as fh:
        fh.write("# difftest seed %d (family %s), %d scenarios\n\n" % (args.seed, args.family, args.count))
        for (e, field), rows in sorted(by_field.items(), key=lambda kv: -len(kv[1])):
            fh.write("## %s: %s (%d)\n\n| scenario:line | recorded | simulated |\n| --- | --- | --- |\n" % (e, field, len(rows)))
            for r in rows:
                fh.write("| %s:%d | %s | %s |\n" % (r[0], r[1], compare.esc(r[4]), compare.esc(r[5])))
            fh.write("\n")
    return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--family", default="base", choices=sorted(FAMILIES),
                    help="generator: base (gen.py, dt-SEED-N), edge (gen2.py, dt2-SEED-N: URL parser, Location, mixed "
                         "content, page null/in TOP, Expose-Headers, statuses, constructor refusals, HTTP cache) or site (gen3.py, "
                         "dt3-SEED-N: cookies, CORP and ORB, caches across pages and restarts, credentials x ACAO/ACAC) or reval "
                         "(gen3.py's revalidate kind, dt4-SEED-N: 304 answers to conditional requests) or net "
                         "(gen4.py, dt5-SEED-N: Local Network Access across address spaces and redirects)")
    ap.add_argument("--engines", default="chromium,firefox,webkitgtk")
    ap.add_argument("--out", required=True, help="results folder (keep it outside the repository)")
    ap.add_argument("--batch", type=int, default=100, help="scenarios per browser launch (default 100)")
    ap.add_argument("--parallel", type=int, default=0, help="engines recording at once (default: all)")
    ap.add_argument("--nice", type=int, default=10)
    ap.add_argument("--max-minutes", type=float, default=30.0, help="per batch and engine (default 30)")
    ap.add_argument("--report", action="store_true", help="compare only, record nothing")
    ap.add_argument("--cors-sim", help="simulator binary for the comparison (default $CORS_SIM or .build/debug/cors-sim)")
    ap.add_argument("--jobs", type=int, default=2, help="comparisons at once (default 2)")
    args = ap.parse_args()
    engines = []
    for e in args.engines.split(","):
        e = ALIASES.get(e.strip(), e.strip())
        if e not in ENGINES:
            raise SystemExit("--engines: unknown engine %r (chromium, firefox, webkitgtk)" % e)
        engines.append(e)
    if not 0 < args.count <= 1000000 or not 0 < args.batch <= 1000:
        raise SystemExit("--count must be 1 to 1000000 and --batch 1 to 1000")
    args.out = os.path.abspath(args.out)
    scen_dir = os.path.join(args.out, "scenarios")
    os.makedirs(os.path.join(args.out, "state"), exist_ok=True)
    meta_p = os.path.join(args.out, "run.json")
    if os.path.exists(meta_p):
        meta = json.load(open(meta_p))
        if meta["seed"] != args.seed or meta.get("family", "base") != args.family:
            raise SystemExit("%s holds seed %d of family %s, not %d of %s: use another --out" % (
                args.out, meta["seed"], meta.get("family", "base"), args.seed, args.family))
    with open(meta_p, "w") as fh:
        json.dump({"seed": args.seed, "count": args.count, "batch": args.batch, "family": args.family}, fh)
    # A scenario already in the folder is the one its recordings were made from: kept as it is.
    paths = FAMILIES[args.family](args.seed, args.count, scen_dir, keep_existing=True)
    if not args.report:
        real_bin = os.path.join(args.out, "cors-sim")
        if not os.path.exists(real_bin):
            shutil.copy2(record.find_cors_sim(args.cors_sim), real_bin)
        parse_bin = parse_cache(args.out, real_bin, paths)
        batches = [paths[i:i + args.batch] for i in range(0, len(paths), args.batch)]
        log(args.out, "seed %d: %d scenarios, %d batches, engines %s" % (args.seed, len(paths), len(batches), ",".join(engines)))
        par = args.parallel or len(engines)
        with concurrent.futures.ThreadPoolExecutor(max_workers=par) as pool:
            for fut in [pool.submit(record_engine, e, batches, args, scen_dir, parse_bin) for e in engines]:
                fut.result()
    report(args, engines, paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
