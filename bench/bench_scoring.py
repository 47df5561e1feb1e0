"""Scoring a 100-school batch, against a floor: summing the same Decimals in a plain loop.

    .venv/bin/python bench/bench_scoring.py [--schools 100] [--repeat 20]

The floor is the least any scorer must do (add up every item's Decimal); the ratio
says what validation, per-A/B totals, outcome rules, fact checks and the
self-assessment comparison cost on top of it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from decimal import Decimal

from workbench.rubric import load_rubric
from workbench.scoring import score

HALF = Decimal("0.5")


def make_batch(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    r = load_rubric()
    batch = []
    for _ in range(n):
        scores = {i.id: str(rng.randint(0, int(i.points / HALF)) * HALF) for i in r.items}
        self_a = {i.id: str(i.points) for i in r.items}
        facts = {"stage": rng.choice(["primary", "junior", "senior"]), "students": rng.randint(200, 3000),
                 "student_computers": rng.randint(20, 400), "teachers": rng.randint(20, 200),
                 "teacher_computers": rng.randint(20, 200), "network_admins": rng.randint(0, 2)}
        batch.append({"scores": scores, "self": self_a, "facts": facts,
                      "incident": rng.random() < 0.05})
    return batch


def time_it(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--schools", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
    r = load_rubric()
    batch = make_batch(a.schools)

    def ours() -> None:
        for s in batch:
            score(r, s["scores"], security_incident=s["incident"], self_assessment=s["self"], facts=s["facts"])

    def floor() -> None:
        for s in batch:
            total = Decimal(0)
            for v in s["scores"].values():
                total += Decimal(v)
            for v in s["self"].values():
                total += Decimal(v)

    t_ours, t_floor = time_it(ours, a.repeat), time_it(floor, a.repeat)
    print(f"schools={a.schools} items/school={len(r.items)}")
    print(f"workbench.scoring.score: {t_ours * 1000:.2f} ms per batch ({t_ours / a.schools * 1e6:.0f} µs/school)")
    print(f"floor (plain Decimal sum): {t_floor * 1000:.2f} ms per batch")
    print(f"ratio ours/floor: {t_ours / t_floor:.1f}x")


if __name__ == "__main__":
    main()
