#!/usr/bin/env python3
"""Writes the members a "50 new members report" what-if adds to a base scenario.

    python3 tools/generate_new_members.py --base scenarios/nanguan-street --count 50 --seed 50 \
        --out scenarios/whatif-50-new-members/new-members.csv

Deterministic: one random.Random(seed), the base's units and communities read and sorted by id, no set
or hash() order; the same arguments give the same bytes on any machine. New ids continue the base's
member numbering (M0401, … after M0400). Availability follows the base's pattern: mostly weekday
evenings and weekends; a few scarce skills. Python 3.10+, standard library only.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏辉斌波宇浩凯健俊帆帅旭宁欣悦琳晨"
SLOT_PATTERNS = [
    ("Mon-EVE|Wed-EVE|Sat-AM", 5), ("weekend", 4), ("Sat-AM|Sat-PM|Sat-EVE", 3), ("Tue-EVE|Thu-EVE", 4),
    ("Sat-AM|Sun-AM", 3), ("weekday-EVE|Sat-PM", 2), ("Fri-PM|Fri-EVE|Sat-PM|Sun-PM", 2), ("Sun-AM|Sun-PM", 2),
]
SKILLS = [("", 60), ("driving", 12), ("repair", 6), ("tutoring", 6), ("medical", 3), ("electrician", 2),
          ("counseling", 2), ("legal", 1), ("haircut", 1)]


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def weighted(rng, pairs):
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--seed", type=int, default=50)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    units = sorted(r["id"] for r in read_rows(os.path.join(args.base, "units.csv")))
    communities = sorted(r["id"] for r in read_rows(os.path.join(args.base, "communities.csv")))
    members = read_rows(os.path.join(args.base, "members.csv"))
    last = max(int(re.sub(r"\D", "", r["id"]) or 0) for r in members)
    width = max(len(re.sub(r"\D", "", r["id"])) for r in members)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "name", "unit", "community", "skills", "slots", "max_hours", "phone"])
    for i in range(args.count):
        mid = "M" + str(last + 1 + i).zfill(width)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        unit = rng.choice(units)
        community = rng.choice(communities)
        skills = weighted(rng, SKILLS)
        slots = weighted(rng, SLOT_PATTERNS)
        max_hours = rng.choice([4, 4, 4, 6, 8])
        phone = "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9))
        w.writerow([mid, name, unit, community, skills, slots, max_hours, phone])
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main()
