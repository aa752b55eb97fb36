"""How long the call simulator takes: ``python bench/simulate.py [--calls 100000] [--days 30]``.

A fresh SQLite database in a temporary folder, the demo seed, then ``phonestack simulate``'s
code path (``activity.simulate.simulate``) for the demo master account, with the progress bar.
Prints wall-clock and CPU seconds, calls per second and the rows written; the load average is
printed too, since the machine is shared (wall time depends on it, CPU time much less).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--database-url", help="default: SQLite in a temporary folder")
    args = ap.parse_args()

    from phonestack.activity.simulate import simulate
    from phonestack.seed import reset
    from phonestack.store.db import make_engine, migrate

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        migrate(engine)
        reset(engine, "demo")
        load = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        out = simulate(engine, calls=args.calls, days=args.days, seed=args.seed, progress=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        engine.dispose()
    print(json.dumps({"calls": args.calls, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                      "calls_per_s": round(args.calls / wall), "load_average_before": round(load, 1),
                      "rows": {k: v for k, v in out.items() if isinstance(v, int) and k not in ("seed", "days")}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
