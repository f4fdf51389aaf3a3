#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Turn the raw runs of scripts/bench-guest.sh (DIR/raw.jsonl) into
# DIR/bench.json (every raw run plus the summary), DIR/results.md (the
# Markdown table), DIR/results.rst (the same for performance.rst) and
# DIR/scaling.png (gnuplot: pps against the number of entries).
#
# usage: bench-report.py DIR [--doc DOCDIR]
#   --doc: copy bench.json, results.md and scaling.png into
#   DOCDIR/performance/ and replace the generated part of
#   DOCDIR/performance.rst (between its BEGIN/END RESULTS comments).
import json
import os
import shutil
import statistics
import subprocess
import sys

PATHS = [("same", "pod to pod, same node"),
         ("cross", "pod to pod, across nodes (VXLAN)"),
         ("svc", "pod to service to pod (DNAT)")]
ORDER = ["sd", "sv", "oo", "om", "lb", "mr"]
NAMES = {"sd": "sdnbr", "sv": "sdnbr, service-client pods",
         "oo": "OVS, OpenShift SDN flows", "om": "OVS, minimal flows",
         "lb": "Linux bridge (flannel-style VXLAN)", "mr": "tc mirred (floor)",
         "sc": "sdnbr", "oc": "OVS, OpenShift SDN flows"}


def stats(v):
    return {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v),
            "values": v}


def kpps(x):
    return f"{x / 1000:.1f}k"


def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def rst_table(head, rows):
    cols = [head] + [[str(c) for c in r] for r in rows]
    w = [max(len(r[i]) for r in cols) for i in range(len(head))]
    line = "  ".join("=" * x for x in w)
    fmt = lambda r: "  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip()
    out = [line, fmt(head), line] + [fmt(r) for r in cols[1:]] + [line]
    return "\n".join(out) + "\n"


def main():
    d = sys.argv[1]
    doc = sys.argv[sys.argv.index("--doc") + 1] if "--doc" in sys.argv else None
    runs = [json.loads(l) for l in open(os.path.join(d, "raw.jsonl")) if l.strip()]
    meta = next((r for r in runs if r["test"] == "meta"), {})
    summary = {"paths": {}, "scaling": {}, "install": {}, "grow": [], "goals": []}
    tables = []  # (title, head, rows)

    # the three paths
    for t, title in PATHS:
        res = {}
        for x in ORDER:
            v = [r["pps"] for r in runs if r["test"] == t and r["contender"] == x
                 and r.get("rep", 0) > 0]
            if v:
                res[x] = stats(v)
        if not res:
            continue
        summary["paths"][t] = res
        base = res.get("sd", {}).get("median")
        # the ratio to sdnbr in the same repetition, a few seconds apart:
        # robust to the host's load drifting during the run
        sdrep = {r["rep"]: r["pps"] for r in runs if r["test"] == t
                 and r["contender"] == "sd" and r.get("rep", 0) > 0}
        rows = []
        for x, s in res.items():
            ratio = f"{s['median'] / base:.2f}" if base else "-"
            pr = [r["pps"] / sdrep[r["rep"]] for r in runs if r["test"] == t
                  and r["contender"] == x and sdrep.get(r.get("rep", 0))]
            s["paired_ratio"] = statistics.median(pr) if pr else None
            rows.append([NAMES[x], kpps(s["median"]), kpps(s["min"]), kpps(s["max"]),
                         s["n"], ratio, f"{s['paired_ratio']:.2f}" if pr else "-"])
        tables.append((title + ", pps", ["contender", "median", "min", "max", "runs",
                                         "x sdnbr", "x sdnbr, paired"], rows))

    # lookup scaling
    sizes = sorted({r["entries"] for r in runs if r["test"] == "same"
                    and r["contender"] in ("sc", "oc")})
    rows = []
    for n in sizes:
        row = [f"{n:,}"]
        for x in ("sc", "oc"):
            v = [r["pps"] for r in runs if r["test"] == "same" and r["contender"] == x
                 and r["entries"] == n and r.get("rep", 0) > 0]
            if v:
                s = stats(v)
                summary["scaling"].setdefault(x, {})[str(n)] = s
                row += [kpps(s["median"]), f"{kpps(s['min'])}..{kpps(s['max'])}"]
            else:
                row += ["-", "-"]
        rows.append(row)
    if rows:
        sc = summary["scaling"].get("sc", {})
        oc = summary["scaling"].get("oc", {})
        ctrl = summary["scaling"].setdefault("control", {})
        for r, n in zip(rows, sizes):
            a, b = sc.get(str(n)), oc.get(str(n))
            r.append(f"{a['median'] / b['median']:.2f}" if a and b else "-")
            # paired with the control run (sdnbr, 3 entries) of the same rep
            c = {x["rep"]: x["pps"] for x in runs if x["test"] == "control"
                 and x["entries"] == n}
            pr = [x["pps"] / c[x["rep"]] for x in runs if x["test"] == "same"
                  and x["contender"] == "sc" and x["entries"] == n and c.get(x.get("rep"))]
            ctrl[str(n)] = statistics.median(pr) if pr else None
            r.append(f"{ctrl[str(n)]:.2f}" if pr else "-")
        tables.append(("lookup scaling: same-node pps with N pod entries (OVS: N pod flows)",
                       ["entries", "sdnbr", "sdnbr min..max", "OVS", "OVS min..max",
                        "sdnbr / OVS", "sdnbr / control, paired"], rows))

    # install and memory
    rows = []
    for x in ("sc", "oc"):
        v = [r for r in runs if r["test"] == "install" and r["contender"] == x]
        if not v:
            continue
        ms = [r["ms"] for r in v]
        n = v[0]["pods"] + v[0]["nodes"]
        s = stats(ms)
        s["pods"], s["nodes"] = v[0]["pods"], v[0]["nodes"]
        s["kmem_per_pod"] = statistics.median(r["kmem_delta"] for r in v) / v[0]["pods"]
        if x == "sc":
            s["own_memory_per_entry"] = v[0]["own_memory"] / max(v[0]["entries"], 1)
            mem = f"kernel {s['kmem_per_pod']:.0f} B/pod (its own count: {s['own_memory_per_entry']:.0f} B/entry)"
        else:
            s["rss_per_pod"] = statistics.median(r["rss_delta"] for r in v) / v[0]["pods"]
            s["flows"] = v[0]["flows"]
            mem = (f"kernel {s['kmem_per_pod']:.0f} B/pod; ovs-vswitchd "
                   f"{s['rss_per_pod']:.0f} B/pod ({s['flows']:,} flows)")
        summary["install"][x] = s
        rows.append([NAMES[x] + (" (sdnctl -b)" if x == "sc" else " (ovs-ofctl bundle)"),
                     f"{s['pods']:,} + {s['nodes']:,}", f"{s['median'] / 1000:.2f} s",
                     f"{n / (s['median'] / 1000):,.0f}/s", mem])
    if rows:
        tables.append(("install: pods + remote nodes, and memory",
                       ["how", "pods + nodes", "time (median)", "entries/s", "memory"], rows))
    grow = [r for r in runs if r["test"] == "grow"]
    summary["grow"] = grow
    rows = []
    for r in grow:
        if r["contender"] == "sc":
            rows.append([f"{r['entries']:,}", f"{r['added']:,}", f"{r['ms'] / 1000:.1f} s",
                         f"{r['kmem_delta'] / r['added']:.0f} B kernel"])
        else:
            rows.append([f"{r['entries']:,} (OVS)", f"{r['added']:,}", f"{r['ms'] / 1000:.1f} s",
                         f"{r['rss_delta'] / r['added']:.0f} B ovs-vswitchd"])
    if rows:
        tables.append(("growing the table for the scaling runs (sdnctl -b; OVS add-flows of table-70 flows)",
                       ["entries after", "added", "time", "memory per added entry"], rows))

    # goals
    P = summary["paths"]
    g = []

    def goal(name, value, want, ok):
        g.append({"goal": name, "value": value, "want": want, "met": bool(ok)})

    def both(t, x):
        r = P[t]["sd"]["median"] / P[t][x]["median"]
        p = P[t][x]["paired_ratio"]
        return r, (1 / p if p else r)

    try:
        r, p = both("same", "oo")
        goal("same node vs OVS with OpenShift flows", f"{r:.2f}x (paired {p:.2f}x)",
             ">= 1.3x", min(r, p) >= 1.3)
        r, p = both("same", "mr")
        goal("same node vs tc mirred", f"{r:.2f}x of mirred (paired {p:.2f}x)",
             ">= 0.85x", min(r, p) >= 0.85)
    except KeyError:
        pass
    try:
        r, p = both("cross", "oo")
        goal("across nodes vs OVS with OpenShift flows", f"{r:.2f}x (paired {p:.2f}x)",
             ">= 1.2x", min(r, p) >= 1.2)
    except KeyError:
        pass
    sc = summary["scaling"].get("sc", {})
    if sc:
        lo = str(min(int(k) for k in sc))
        hi = str(max(int(k) for k in sc))
        r = sc[hi]["median"] / sc[lo]["median"]
        c = summary["scaling"].get("control", {})
        if c.get(hi) and c.get(lo):
            p = c[hi] / c[lo]
            goal(f"{int(hi):,} entries vs {int(lo):,}", f"{r:.2f}x (against the control: {p:.2f}x)",
                 ">= 0.90x", p >= 0.9)
        else:
            goal(f"{int(hi):,} entries vs {int(lo):,}", f"{r:.2f}x (no control run)",
                 ">= 0.90x", r >= 0.9)
    I = summary["install"]
    if "sc" in I and "oc" in I:
        r = I["oc"]["median"] / I["sc"]["median"]
        goal("install vs ovs-ofctl bundle", f"{r:.1f}x faster", ">= 20x", r >= 20)
        goal("memory per pod entry", f"{I['sc']['kmem_per_pod']:.0f} B", "<= 256 B",
             I["sc"]["kmem_per_pod"] <= 256)
    summary["goals"] = g
    if g:
        tables.append(("goals (issue 8)", ["goal", "measured", "wanted", "met"],
                       [[x["goal"], x["value"], x["want"], "yes" if x["met"] else "NO"] for x in g]))

    json.dump({"meta": meta, "summary": summary, "runs": runs},
              open(os.path.join(d, "bench.json"), "w"), indent=1)

    hdr = f"Kernel {meta.get('kernel', '?')}, {meta.get('ovs', '?')}, {meta.get('reps', '?')} repetitions of {meta.get('count', '?')} packets.\n"
    md = "# sdnbr benchmark\n\n" + hdr + "\n"
    rst = hdr + "\n"
    for title, head, rows in tables:
        md += f"## {title}\n\n" + md_table(head, rows) + "\n"
        rst += f"**{title}**\n\n" + rst_table(head, rows) + "\n"
    open(os.path.join(d, "results.md"), "w").write(md)
    open(os.path.join(d, "results.rst"), "w").write(rst)
    print(md)

    # the plot
    dat = os.path.join(d, "scaling.dat")
    with open(dat, "w") as f:
        for x in ("sc", "oc"):
            f.write(f"# {NAMES[x]}\n")
            for n, s in sorted(summary["scaling"].get(x, {}).items(), key=lambda i: int(i[0])):
                f.write(f"{n} {s['median']} {s['min']} {s['max']}\n")
            f.write("\n\n")
    gp = f"""set terminal pngcairo size 800,500
set output '{os.path.join(d, "scaling.png")}'
set title 'Same-node pps against installed pod entries ({meta.get("kernel", "")}, qemu TCG)'
set logscale x
set xrange [5:2000000]
set format x '10^{{%L}}'
set xlabel 'pod entries (sdnbr) / pod flows in table 70 (OVS)'
set ylabel 'packets per second (median, min..max)'
set yrange [0:*]
set key bottom right
set grid
plot '{dat}' index 0 using 1:2:3:4 with yerrorlines title 'sdnbr', \\
     '{dat}' index 1 using 1:2:3:4 with yerrorlines title 'OVS, OpenShift SDN flows'
"""
    try:
        subprocess.run(["gnuplot"], input=gp.encode(), check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"bench-report: no plot: {e}", file=sys.stderr)

    if doc:
        pd = os.path.join(doc, "performance")
        os.makedirs(pd, exist_ok=True)
        for f in ("bench.json", "results.md", "scaling.png"):
            if os.path.exists(os.path.join(d, f)):
                shutil.copy(os.path.join(d, f), os.path.join(pd, f))
        for f in os.listdir(d):
            if f.startswith("profile-"):
                shutil.copy(os.path.join(d, f), os.path.join(pd, f))
        rp = os.path.join(doc, "performance.rst")
        if os.path.exists(rp):
            s = open(rp).read()
            a, b = ".. BEGIN RESULTS\n", ".. END RESULTS\n"
            if a in s and b in s:
                s = s[:s.index(a) + len(a)] + "\n" + rst + s[s.index(b):]
                open(rp, "w").write(s)


if __name__ == "__main__":
    main()
