#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the genetlink YAML spec and the uAPI header agree.

usage: yaml_spec.py [--cc CC] [--keep-c FILE] SPEC UAPI_INCLUDE_DIR

Three checks, each printed as one "ok"/"not ok" line:

 1. The spec is consistent in itself: nests, enums, subsets, the checks'
    constants and the operations' attribute lists name things it defines.
 2. Every value the spec gives (constants, enumerators, attribute ids,
    command ids, the *_MAX/__*_MAX counters, the family name and version,
    the multicast group) is what the header says: each becomes a C
    _Static_assert, compiled with `cc -fsyntax-only` against the header.
 3. Every enumerator and #define of the header is in the spec, and each
    named enum of the header holds exactly the enumerators the spec puts
    in the enum (or attribute set, or command list) of that name.

C names follow the YAML netlink code generator (ynl-gen-c): upper case of
name-prefix + name with '-' as '_'; attributes and commands count from 1,
enum entries from value-start (default 0). Two header conventions the
generator does not render are accepted as implied: the command enum's
<PREFIX>UNSPEC = 0, and <PREFIX>MAX of a render-max enum only where the
header defines it. The header's IFLA_SDNBR_* enums are rtnetlink link
attributes, not part of this family, and are not checked.

Exits 0 when all checks pass, 1 otherwise.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import yaml

# Header enumerators that belong to other netlink families (rtnetlink).
FOREIGN_ENUMERATOR = re.compile(r"^_*IFLA_")
INCLUDE_GUARD = "_UAPI_LINUX_SDNBR_H"


def c_upper(name):
    return name.upper().replace("-", "_")


class Spec:
    """The C names and values the spec defines."""

    def __init__(self, y):
        self.y = y
        self.errors = []
        self.family = y["name"]
        # C name -> (value, where): enumerators and integer defines
        self.values = {}
        # C name -> (string, where): string defines
        self.strings = {}
        # enum type name (C) -> set of C enumerator names
        self.enums = {}
        # C name -> where, for names the header may or may not define
        self.optional = {}
        self.consts = {}
        self.enum_defs = {}
        self.sets = {}
        self._build()

    def err(self, msg):
        self.errors.append(msg)

    def add(self, cname, value, where, enum=None):
        if cname in self.values or cname in self.strings:
            self.err(f"{where}: C name {cname} defined twice")
        self.values[cname] = (value, where)
        if enum is not None:
            self.enums.setdefault(enum, set()).add(cname)

    def _build(self):
        y = self.y
        fam = self.family
        max_by_define = y.get("max-by-define", False)

        # family name and version
        if "c-family-name" in y:
            self.strings[c_upper(y["c-family-name"])] = (fam, "c-family-name")
        if "c-version-name" in y:
            self.add(c_upper(y["c-version-name"]), y.get("version", 1),
                     "c-version-name")

        for d in y.get("definitions", []):
            name = d["name"]
            where = f"definitions/{name}"
            if d["type"] == "const":
                pfx = d.get("name-prefix", f"{fam}-")
                cname = c_upper(pfx + name)
                self.consts[name] = d["value"]
                if isinstance(d["value"], str):
                    self.strings[cname] = (d["value"], where)
                else:
                    self.add(cname, d["value"], where)
            elif d["type"] in ("enum", "flags"):
                self.enum_defs[name] = d
                pfx = d.get("name-prefix", f"{fam}-{name}-")
                ename = d.get("enum-name", f"{fam}-{name}")
                enum = c_upper(ename).lower() if ename else None
                start = d.get("value-start", 0)
                prev = None
                for i, e in enumerate(d.get("entries", [])):
                    if isinstance(e, str):
                        e = {"name": e}
                    if d["type"] == "flags":
                        v = e.get("value", 1 << (start + i))
                    else:
                        v = e.get("value", prev + 1 if prev is not None
                                  else start)
                    if prev is not None and d["type"] == "enum" and v <= prev:
                        self.err(f"{where}/{e['name']}: value {v} does not "
                                 "increase")
                    prev = v
                    self.add(c_upper(pfx + e["name"]), v,
                             f"{where}/{e['name']}", enum)
                if d.get("render-max") and d["type"] == "enum":
                    cnt = c_upper(d.get("enum-cnt-name", f"__{pfx}max"))
                    self.add(cnt, prev + 1, f"{where} (render-max)", enum)
                    self.optional[c_upper(pfx + "max")] = (
                        prev, f"{where} (render-max)")
            else:
                self.err(f"{where}: type {d['type']} is not handled")

        for s in y["attribute-sets"]:
            self.sets[s["name"]] = s
        for s in y["attribute-sets"]:
            if "subset-of" in s:
                continue
            name = s["name"]
            where = f"attribute-sets/{name}"
            pfx = s.get("name-prefix", f"{fam}-a-{name}-")
            ename = s.get("enum-name", f"{fam}-{name}")
            enum = c_upper(ename).lower() if ename else None
            val = 1
            last = 0
            for a in s["attributes"]:
                if "value" in a:
                    if a["value"] < val and a is not s["attributes"][0]:
                        self.err(f"{where}/{a['name']}: value {a['value']} "
                                 "does not increase")
                    val = a["value"]
                self.add(c_upper(pfx + a["name"]), val,
                         f"{where}/{a['name']}", enum)
                last = val
                val += 1
            cnt = c_upper(s.get("attr-cnt-name", f"__{pfx}max"))
            mx = c_upper(s.get("attr-max-name", f"{pfx}max"))
            self.add(cnt, last + 1, f"{where} (count)", enum)
            self.add(mx, last, f"{where} (max)",
                     None if max_by_define else enum)

        ops = y["operations"]
        pfx = ops.get("name-prefix", f"{fam}-cmd-")
        ename = ops.get("enum-name", f"{fam}-cmd")
        enum = c_upper(ename).lower() if ename else None
        val = 1
        first = True
        last = 0
        for o in ops["list"]:
            if "value" in o:
                val = o["value"]
            if first and val >= 1:
                self.add(c_upper(pfx + "unspec"), 0,
                         "operations (implied unspec)", enum)
            first = False
            self.add(c_upper(pfx + o["name"]), val,
                     f"operations/{o['name']}", enum)
            last = val
            val += 1
        self.add(c_upper(y.get("cmd-cnt-name", f"__{pfx}max")), last + 1,
                 "operations (count)", enum)
        self.add(c_upper(y.get("cmd-max-name", f"{pfx}max")), last,
                 "operations (max)", None if max_by_define else enum)

        for g in y.get("mcast-groups", {}).get("list", []):
            cname = c_upper(g.get("c-define-name",
                                  f"{fam}-mcgrp-{g['name']}"))
            self.strings[cname] = (g["name"], f"mcast-groups/{g['name']}")

    # ---- check 1 ----------------------------------------------------------

    def lint(self):
        y = self.y
        errs = list(self.errors)
        int_types = ("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
                     "uint", "sint")
        for s in y["attribute-sets"]:
            where = f"attribute-sets/{s['name']}"
            if "subset-of" in s:
                parent = self.sets.get(s["subset-of"])
                if parent is None:
                    errs.append(f"{where}: subset of unknown set "
                                f"{s['subset-of']}")
                    continue
                names = {a["name"] for a in parent["attributes"]}
                for a in s["attributes"]:
                    if a["name"] not in names:
                        errs.append(f"{where}/{a['name']}: not in "
                                    f"{s['subset-of']}")
                continue
            seen = set()
            for a in s["attributes"]:
                aw = f"{where}/{a['name']}"
                if a["name"] in seen:
                    errs.append(f"{aw}: defined twice")
                seen.add(a["name"])
                t = a.get("type")
                if t == "nest" and a.get("nested-attributes") not in self.sets:
                    errs.append(f"{aw}: nest of unknown set "
                                f"{a.get('nested-attributes')}")
                if "enum" in a and a["enum"] not in self.enum_defs:
                    errs.append(f"{aw}: unknown enum {a['enum']}")
                for k, v in a.get("checks", {}).items():
                    if k in ("min", "max") and t not in int_types:
                        errs.append(f"{aw}: {k} on a {t}")
                    if isinstance(v, str) and v not in self.consts and \
                            not re.match(r"^[su](8|16|32|64)-(min|max)$", v):
                        errs.append(f"{aw}: checks.{k} names unknown "
                                    f"constant {v}")
                if "enum" in a and "checks" in a:
                    # an enum's range check must cover exactly its values
                    d = self.enum_defs.get(a["enum"])
                    if d is not None and d["type"] == "enum":
                        vals = [v for n, (v, w) in self.values.items()
                                if w.startswith(f"definitions/{a['enum']}/")]
                        c = a["checks"]
                        if c.get("min", 0) > min(vals) or \
                                c.get("max", max(vals)) < max(vals):
                            errs.append(f"{aw}: checks exclude values of "
                                        f"enum {a['enum']}")
        mcgrps = {g["name"] for g in y.get("mcast-groups", {}).get("list", [])}
        for o in y["operations"]["list"]:
            where = f"operations/{o['name']}"
            aset = self.sets.get(o.get("attribute-set"))
            if aset is None:
                errs.append(f"{where}: unknown attribute-set "
                            f"{o.get('attribute-set')}")
                continue
            names = {a["name"] for a in aset["attributes"]}
            if "do" not in o and "dump" not in o and "event" not in o:
                errs.append(f"{where}: neither do, dump nor event")
            for mode in ("do", "dump"):
                for part in ("request", "reply"):
                    for n in o.get(mode, {}).get(part, {}).get(
                            "attributes", []):
                        if n not in names:
                            errs.append(f"{where}/{mode}/{part}: unknown "
                                        f"attribute {n}")
            if "mcgrp" in o and o["mcgrp"] not in mcgrps:
                errs.append(f"{where}: unknown mcast group {o['mcgrp']}")
        return errs

    # ---- check 2 ----------------------------------------------------------

    def c_asserts(self):
        out = ["#include <linux/sdnbr.h>", ""]
        for cname, (v, where) in self.values.items():
            out.append(f'_Static_assert({cname} == {v}, '
                       f'"{where}: {cname} is {v} in the spec");')
        for cname, (v, where) in self.optional.items():
            out.append(f"#ifdef {cname}")
            out.append(f'_Static_assert({cname} == {v}, '
                       f'"{where}: {cname} is {v} in the spec");')
            out.append("#endif")
        for enum in sorted(self.enums):
            out.append(f'_Static_assert(sizeof(enum {enum}) > 0, '
                       f'"the header has no enum {enum}");')
        return "\n".join(out) + "\n"


def parse_header(path):
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    enums = []          # (tag or None, [enumerators])
    for m in re.finditer(r"\benum\s+(\w+)?\s*\{(.*?)\}", text, re.S):
        names = []
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            n = re.match(r"(\w+)", item)
            if n:
                names.append(n.group(1))
        enums.append((m.group(1), names))
    defines = {}
    for m in re.finditer(r"^\s*#\s*define\s+(\w+)(?:[ \t]+(.*))?$", text, re.M):
        defines[m.group(1)] = (m.group(2) or "").strip()
    return enums, defines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--keep-c", help="also write the generated C here")
    ap.add_argument("spec")
    ap.add_argument("uapi")
    args = ap.parse_args()

    header = os.path.join(args.uapi, "linux", "sdnbr.h")
    failed = 0

    def report(n, desc, errs):
        nonlocal failed
        if errs:
            failed += 1
            print(f"not ok {n} {desc}")
            for e in errs:
                print(f"#   {e}")
        else:
            print(f"ok {n} {desc}")

    try:
        with open(args.spec) as f:
            spec = Spec(yaml.safe_load(f))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        print(f"not ok 1 the spec loads # {type(e).__name__}: {e}")
        return 1

    # 1
    report(1, "the spec is consistent in itself", spec.lint())

    # 2
    src = spec.c_asserts()
    if args.keep_c:
        with open(args.keep_c, "w") as f:
            f.write(src)
    errs = []
    with tempfile.TemporaryDirectory() as tmp:
        c = os.path.join(tmp, "sdnbr_spec_check.c")
        with open(c, "w") as f:
            f.write(src)
        r = subprocess.run([args.cc, "-std=gnu11", "-Wall", "-Werror",
                            "-fsyntax-only", "-I", args.uapi, c],
                           capture_output=True, text=True)
        if r.returncode:
            for line in r.stderr.splitlines():
                m = re.search(r"error: (.*)", line)
                if m:
                    errs.append(m.group(1))
            if not errs:
                errs.append(f"{args.cc} failed: {r.stderr.strip()}")
    enums, defines = parse_header(header)
    for cname, (s, where) in spec.strings.items():
        got = defines.get(cname)
        if got is None:
            errs.append(f"{where}: the header does not define {cname}")
        elif got != f'"{s}"':
            errs.append(f'{where}: {cname} is {got} in the header, "{s}" '
                        "in the spec")
    n = len(spec.values) + len(spec.optional) + len(spec.strings)
    report(2, f"the header has the spec's {n} values", errs)

    # 3
    errs = []
    known = set(spec.values) | set(spec.strings) | set(spec.optional)
    for tag, names in enums:
        names = [x for x in names if not FOREIGN_ENUMERATOR.match(x)]
        if not names:
            continue
        for x in names:
            if x not in known:
                errs.append(f"enum {tag or '(anonymous)'}: {x} is not in "
                            "the spec")
        if tag is None:
            errs.append(f"an anonymous enum ({names[0]}...) has no "
                        "enum-name in the spec")
            continue
        want = spec.enums.get(tag)
        if want is None:
            errs.append(f"enum {tag} is not an enum-name in the spec")
            continue
        for x in sorted(set(names) - want):
            if x in known:
                errs.append(f"enum {tag}: {x} belongs to another enum in "
                            "the spec")
        for x in sorted(want - set(names)):
            errs.append(f"enum {tag}: the spec's {x} is not in it")
    for d in defines:
        if d == INCLUDE_GUARD or FOREIGN_ENUMERATOR.match(d):
            continue
        if d not in known:
            errs.append(f"#define {d} is not in the spec")
    report(3, "every enumerator and define of the header is in the spec",
           errs)

    print(f"{3 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
