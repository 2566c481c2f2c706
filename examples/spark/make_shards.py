#!/usr/bin/env python3
"""Write JSON Lines shards for the Spark example.

One article per line, {"id": ..., "text": ..., "lang": ...}: each seeds/*.txt
file (language left to termalign's detection), and, when the NTREX-128
folder is given and present, each of its documents in English, French and
Spanish (DOCUMENT_IDS.tsv gives the document of every line; the three files
are line-aligned). Articles are dealt round-robin into N shards.

    make_shards.py OUT_DIR N [--seeds DIR] [--ntrex DIR]
"""
import argparse
import json
import os
import sys
from pathlib import Path

NTREX_FILES = [
    ("en", "newstest2019-src.eng.txt"),
    ("fr", "newstest2019-ref.fra.txt"),
    ("es", "newstest2019-ref.spa.txt"),
]


def seed_articles(folder):
    for path in sorted(Path(folder).glob("*.txt")):
        yield {"id": f"seeds/{path.name}", "text": path.read_text(encoding="utf-8")}


def ntrex_articles(folder):
    folder = Path(folder)
    ids = folder.joinpath("DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    for lang, name in NTREX_FILES:
        lines = folder.joinpath(name).read_text(encoding="utf-8").splitlines()
        if len(lines) != len(ids):
            sys.exit(f"make_shards: {name} has {len(lines)} lines, DOCUMENT_IDS.tsv {len(ids)}")
        docs = {}  # document id -> its sentences, in first-seen order
        for doc, line in zip(ids, lines):
            docs.setdefault(doc.strip(), []).append(line)
        for doc, sentences in docs.items():
            yield {"id": f"ntrex128/{doc}/{lang}", "text": "\n".join(sentences) + "\n", "lang": lang}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("shards", type=int)
    ap.add_argument("--seeds", help="folder of .txt articles")
    ap.add_argument("--ntrex", help="NTREX-128 folder (skipped if missing)")
    args = ap.parse_args()
    if args.shards < 1:
        sys.exit("make_shards: N must be at least 1")

    articles = []
    if args.seeds:
        articles += list(seed_articles(args.seeds))
    if args.ntrex and os.path.isfile(os.path.join(args.ntrex, "DOCUMENT_IDS.tsv")):
        articles += list(ntrex_articles(args.ntrex))
    if not articles:
        sys.exit("make_shards: no articles")

    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.jsonl"):
        old.unlink()
    shards = [[] for _ in range(args.shards)]
    for i, article in enumerate(articles):
        shards[i % args.shards].append(article)
    for i, shard in enumerate(shards):
        with open(out / f"shard-{i:02d}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for article in shard:
                f.write(json.dumps(article, ensure_ascii=False) + "\n")
    print(f"make_shards: {len(articles)} articles in {args.shards} shards under {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
