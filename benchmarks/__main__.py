"""``python -m benchmarks [--quick]``: run every benchmark and print, for each,
our figure, a floor measured in the same run on the same machine, and the
ratio.  No figure is asserted: the ratios are read, and compared across runs.
"""

from __future__ import annotations

import argparse

from . import bench_rating, bench_report, bench_startup


def main() -> None:
    """Run the benchmarks and print one line per figure."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    print(f"{'benchmark':<44} {'ours':>12} {'floor':>12} {'ratio':>7}")
    for module in (bench_startup, bench_rating, bench_report):
        for name, ours, floor, unit in module.run(quick=args.quick):
            print(f"{name:<44} {ours:>9.3f} {unit:<2} {floor:>9.3f} {unit:<2} {ours / floor:>6.2f}x")


if __name__ == "__main__":
    main()
