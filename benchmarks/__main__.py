"""``python -m benchmarks [--quick]``: run every benchmark and print, for each,
our figure, a floor measured in the same run on the same machine, their
ratio, the target and whether it holds.  Nothing is asserted: the table is
read, and kept in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform

from . import (bench_batch, bench_cli, bench_import, bench_keys, bench_list, bench_pool, bench_rating, bench_report,
               bench_stall, bench_startup)


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a smaller database")
    args = parser.parse_args()
    print(f"# {platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
          f"{'quick' if args.quick else 'full'} run")
    header = f"| {'benchmark':<46} | {'ours':>13} | {'floor':>13} | {'ratio':>7} | {'target':<16} | holds |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for module in (bench_startup, bench_cli, bench_rating, bench_report, bench_batch, bench_pool, bench_stall, bench_list,
                   bench_import, bench_keys):
        for r in module.run(quick=args.quick):
            print(f"| {r.name:<46} | {r.ours:>10.3f} {r.unit:<2} | {r.floor:>10.3f} {r.unit:<2} | "
                  f"{r.ratio:>6.2f}× | {r.target:<16} | {r.holds:<5} |", flush=True)


if __name__ == "__main__":
    main()
