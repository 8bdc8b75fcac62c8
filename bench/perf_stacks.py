#!/usr/bin/env python3
"""Where the CPU of a `perf record --call-graph dwarf` profile goes, around
one function: what it calls, who calls it, or the leaf functions under it.

    perf record -F 2000 --call-graph dwarf,16384 -o /tmp/edit.data \
        target/release/helpbook build --root SITE --out OUT --quiet
    perf script -i /tmp/edit.data > /tmp/edit.txt
    bench/perf_stacks.py callees Cache::rendering 1 < /tmp/edit.txt
    bench/perf_stacks.py callers from_utf8 3 < /tmp/edit.txt
    bench/perf_stacks.py leaves check::check_site 3 < /tmp/edit.txt

`callees PATTERN DEPTH`: for every sample with a frame matching PATTERN
(a substring), the DEPTH frames just below its outermost match.
`callers PATTERN DEPTH`: the DEPTH frames above its innermost match.
`leaves PATTERN DEPTH`: the DEPTH innermost frames of the samples under it.
Percentages are of all samples. (`perf report --children` hides these
behind inlining and rayon's frames; this reads the raw stacks.)
"""
import collections
import re
import sys


def stacks(lines):
    """Each sample's frames, innermost first."""
    stack = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line[0] in " \t":
            parts = line.strip().split(" ", 1)
            if len(parts) == 2:
                stack.append(re.sub(r"\+0x[0-9a-f]+.*$", "", parts[1])[:110])
        elif stack:
            yield stack
            stack = []
    if stack:
        yield stack


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("callees", "callers", "leaves"):
        sys.exit(__doc__)
    mode, pattern = sys.argv[1], sys.argv[2]
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    total = hit = 0
    counts = collections.Counter()
    for stack in stacks(sys.stdin):
        total += 1
        matches = [i for i, frame in enumerate(stack) if pattern in frame]
        if not matches:
            continue
        hit += 1
        if mode == "callees":
            outer = matches[-1]
            frames = list(reversed(stack[max(0, outer - depth) : outer])) or ["(itself)"]
        elif mode == "callers":
            inner = matches[0]
            frames = stack[inner + 1 : inner + 1 + depth]
        else:
            frames = stack[:depth]
        counts[" | ".join(frames)] += 1
    if total == 0:
        sys.exit("no samples read (pipe in `perf script` output)")
    print(f"{hit} of {total} samples ({100 * hit / total:.1f}%) with {pattern}")
    for frames, count in counts.most_common(25):
        print(f"{100 * count / total:6.2f}%  {frames}")


if __name__ == "__main__":
    main()
