#!/usr/bin/env python3
"""Reduces a scenario that disagrees with a browser to a minimal one that still disagrees.

    python3 Tools/recorder/shrink.py /work/difftest-results/scenarios/dt-9001-00042.cors \\
        --engine firefox --out /tmp/shrunk [--field verdict] [--name preflight-acam-empty-item]

Delta debugging over the scenario's parts, recorded for real: each round writes every candidate
that leaves out one part (a step: a `server` block, a `fetch`, a `wait`; a route; a header line
of a route or a fetch; a body; a fetch option such as `mode=no-cors`), drops the candidates
`cors-sim parse` or the recorder refuses, records the rest in ONE browser launch (record.py;
each candidate under its own /case/<name>/ path), and compares each with the simulator
(compare.py). A candidate is kept when the engine still disagrees on the same field (--field,
default: the first field the original disagrees on). Then all the parts whose removal kept the
disagreement are removed together (one more launch); if that loses it, the first one alone is
taken. It stops when no single part can go (1-minimal) or after --max-rounds.

The result is OUT/<name>.cors (the last kept candidate, renamed; its recording is
OUT/recordings/<engine>/<candidate>.json) and the rounds in OUT/shrink-log.md. Committing it: copy it into Tests/Conformance/ and record it there in all three
engines (record.py FILE), as any conformance case.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare          # noqa: E402
import record           # noqa: E402
import scenarioserver   # noqa: E402

OPTION_RE = re.compile(r"^(mode|credentials|cache|redirect)=\S+$")


def parts(lines):
    """Every removable part of a scenario, as (description, set of line indexes, option token)."""
    out = []
    top = None
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            top = (i, line.split()[0])
            if top[1] in ("server", "fetch", "wait", "note", "restart"):
                block = {i} | set(child_lines(lines, i, 0))
                out.append(("step %s (line %d)" % (line.strip(), i + 1), block, None))
            if top[1] == "fetch":
                for tok in line.split()[3:]:
                    if OPTION_RE.match(tok):
                        out.append(("option %s (line %d)" % (tok, i + 1), set(), (i, tok)))
            continue
        kids = child_lines(lines, i, indent)
        if kids:                                    # a route
            out.append(("route %s (line %d)" % (line.strip(), i + 1), {i} | set(kids), None))
        elif top and top[1] == "fetch" or ":" in line and not line.strip()[0].isdigit():
            out.append(("line %s (line %d)" % (line.strip()[:60], i + 1), {i}, None))
    return out


def child_lines(lines, i, indent):
    kids = []
    for j in range(i + 1, len(lines)):
        line = lines[j]
        if not line.strip():
            kids.append(j)
            continue
        if len(line) - len(line.lstrip(" ")) <= indent:
            break
        kids.append(j)
    while kids and not lines[kids[-1]].strip():
        kids.pop()
    return kids


def without(lines, part):
    _desc, drop, opt = part
    out = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        if opt and opt[0] == i:
            line = " ".join(w for w in line.split(" ") if w != opt[1])
        out.append(line)
    return out


def renamed(text, old, new):
    return text.replace("/case/%s/" % old, "/case/%s/" % new).replace("# %s:" % old, "# %s:" % new)


def valid(path, cors_sim):
    try:
        sc = record.load_scenarios([path], cors_sim)
        scenarioserver.check_scenario(sc[0])
        return bool([s for s in sc[0]["steps"] if s["step"] == "fetch"])
    except (SystemExit, scenarioserver.ScenarioError):
        return False


def disagreement_fields(cors_sim, path, engine):
    return [r[3] for r in compare.compare_file(cors_sim, path) if r[2].split(" ")[0] == engine]


def record_batch(paths, engine, cors_sim, log):
    cmd = ["nice", "-n", "10", sys.executable, os.path.join(HERE, "record.py"), "--browser", engine, "--cors-sim", cors_sim,
           "--run-file", "_run-shrink.json"] + paths
    r = subprocess.run(cmd, capture_output=True, text=True)
    log.write("    record.py: rc %d, %s\n" % (r.returncode, (r.stderr.strip().splitlines() or [""])[-1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--engine", required=True, choices=["chromium", "firefox", "webkitgtk"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--field", help="the disagreeing field to keep (default: the original's first)")
    ap.add_argument("--name", help="name of the result (default: <original>-min)")
    ap.add_argument("--max-rounds", type=int, default=12)
    ap.add_argument("--cors-sim")
    args = ap.parse_args()
    cs = record.find_cors_sim(args.cors_sim)
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.splitext(os.path.basename(args.file))[0]
    fields = disagreement_fields(cs, args.file, args.engine)
    field = args.field or (fields[0] if fields else None)
    if not field or field not in fields:
        raise SystemExit("%s: %s does not disagree%s" % (args.file, args.engine, " on %r" % args.field if args.field else ""))
    log = open(os.path.join(args.out, "shrink-log.md"), "a")
    log.write("# %s, %s, field %r\n\n" % (args.file, args.engine, field))
    lines = open(args.file, encoding="utf-8").read().split("\n")
    cur_name = stem
    for rnd in range(1, args.max_rounds + 1):
        cands = []
        for k, part in enumerate(parts(lines)):
            name = "%s-r%dc%d" % (stem, rnd, k)
            text = renamed("\n".join(without(lines, part)), cur_name, name)
            p = os.path.join(args.out, name + ".cors")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(text)
            if valid(p, cs):
                cands.append((part, name, p))
            else:
                os.remove(p)
        log.write("round %d: %d lines, %d candidates\n" % (rnd, len(lines), len(cands)))
        if not cands:
            break
        record_batch([p for _, _, p in cands], args.engine, cs, log)
        kept = [(part, name, p) for part, name, p in cands if field in disagreement_fields(cs, p, args.engine)]
        for part, _, _ in kept:
            log.write("    can go: %s\n" % part[0])
        if not kept:
            break
        choice = kept[0]
        if len(kept) > 1:
            drop = set().union(*[pt[1] for pt, _, _ in kept])
            opts = [pt[2] for pt, _, _ in kept if pt[2]]
            merged = []
            for i, line in enumerate(lines):
                if i in drop:
                    continue
                for o in opts:
                    if o[0] == i:
                        line = " ".join(w for w in line.split(" ") if w != o[1])
                merged.append(line)
            name = "%s-r%dall" % (stem, rnd)
            p = os.path.join(args.out, name + ".cors")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(renamed("\n".join(merged), cur_name, name))
            if valid(p, cs):
                record_batch([p], args.engine, cs, log)
                if field in disagreement_fields(cs, p, args.engine):
                    choice = (None, name, p)
                    log.write("    all together: still disagrees\n")
        _part, cur_name, p = choice
        lines = open(p, encoding="utf-8").read().split("\n")
    final = args.name or stem + "-min"
    out_p = os.path.join(args.out, final + ".cors")
    with open(out_p, "w", encoding="utf-8") as fh:
        fh.write(renamed("\n".join(lines), cur_name, final))
    log.write("result: %s (%d lines)\n\n" % (out_p, len([l for l in lines if l.strip()])))
    print(out_p)
    print(open(out_p, encoding="utf-8").read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
