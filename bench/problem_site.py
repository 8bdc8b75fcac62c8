#!/usr/bin/env python3
"""A large site with a realistic share of problems, for measuring how
`helpbook check` reports them (stdlib only, deterministic).

    problem_site.py --out DIR [--articles 10000] [--seed 11]

Generates the corpus of `gen_corpus.py --format helpbook` into DIR, then
writes into a share of its articles the mistakes that real help centers
carry after a migration or a few years of editing (shares of articles):

- 2%    one front-matter value of the wrong type (`order: first`,
        `updated: last week`, `tags: {…}`, `promoted: maybe`);
- 0.3%  three such mistakes in one file;
- 0.3%  broken YAML (an unclosed quote or bracket);
- 3%    an unknown front-matter key (`author:`, or a typo `sumary:`);
- 4%    a relative link to an article that does not exist;
- 1%    a link to a heading that does not exist;
- 1%    a phone number that is not in the registry (reserved fictional
        +1 303 555 01xx numbers);
- 0.5%  an email address that is not in the registry (`.test` domains).

Every name, number and address is invented.
"""

import argparse
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

TYPE_ERRORS = [
    "order: first",
    "updated: last week",
    "tags: {wallet: yes}",
    "promoted: maybe",
    "related: 7",
]
UNKNOWN_KEYS = ["author: Support team", "sumary: See below.", "weight: 3", "layout: article"]


def articles(root):
    found = []
    for folder, _, files in os.walk(os.path.join(root, "content")):
        for name in files:
            if name.endswith(".md"):
                found.append(os.path.join(folder, name))
    return sorted(found)


def with_front_matter_line(text, line):
    """`line` in place of the front matter's line with the same key, or
    added as its second line."""
    key = line.split(":", 1)[0] + ":"
    head, rest = text.split("\n", 1)
    yaml, body = rest.split("\n---\n", 1)
    lines = yaml.split("\n")
    for i, existing in enumerate(lines):
        if existing.startswith(key):
            lines[i] = line
            return f"{head}\n" + "\n".join(lines) + f"\n---\n{body}"
    return f"{head}\n{line}\n{rest}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    subprocess.run(
        [sys.executable, os.path.join(HERE, "gen_corpus.py"), "--articles", str(args.articles),
         "--out", args.out, "--format", "helpbook", "--force"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    r = random.Random(args.seed)
    counts = {}

    def count(kind):
        counts[kind] = counts.get(kind, 0) + 1

    for path in articles(args.out):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        roll = r.random()
        if roll < 0.02:
            text = with_front_matter_line(text, r.choice(TYPE_ERRORS))
            count("front matter: one wrong type")
        elif roll < 0.023:
            for line in r.sample(TYPE_ERRORS, 3):
                text = with_front_matter_line(text, line)
            count("front matter: three wrong types")
        elif roll < 0.026:
            text = with_front_matter_line(text, r.choice(['summary: "unclosed', "tags: [wallet, fees"]))
            count("front matter: broken YAML")
        if r.random() < 0.03:
            text = with_front_matter_line(text, r.choice(UNKNOWN_KEYS))
            count("front matter: unknown key")
        extra = []
        if r.random() < 0.04:
            extra.append(f"See also [the old guide](../faq/retired-guide-{r.randint(1, 500)}.md).")
            count("broken link")
        if r.random() < 0.01:
            extra.append("Details are [below](#a-heading-that-was-renamed).")
            count("broken anchor")
        if r.random() < 0.01:
            extra.append(f"Branch office: +1 303 555 01{r.randint(0, 99):02d}.")
            count("unlisted phone number")
        if r.random() < 0.005:
            extra.append(f"Write to help{r.randint(1, 9)}@wallet-support.test for refunds.")
            count("unlisted email")
        if extra:
            text = text.rstrip("\n") + "\n\n" + " ".join(extra) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    for kind in sorted(counts):
        print(f"{counts[kind]:6d}  {kind}")


if __name__ == "__main__":
    main()
