#!/usr/bin/env python3
"""Validate the Parley content-analysis data files (standard library only).

Usage:  python3 Sources/Engagement/Analysis/Resources/content-analysis/check.py
Exits non-zero if any check fails. Prints counts as Markdown tables.
"""
import json
import os
import re
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {
    "train": (os.path.join(HERE, "starter-training.jsonl"), "t"),
    "eval": (os.path.join(HERE, "evaluation.jsonl"), "e"),
}
KEYS = ["id", "text", "language", "platform", "visibility", "actionable",
        "category", "sentiment", "synthetic"]
LANGS = ["en", "es", "fr", "de", "pt", "ja"]
PLATFORMS = ["x", "facebook", "instagram", "whatsapp", "line", "web"]
PUBLIC_OK = {"x", "facebook", "instagram"}
CATEGORIES = ["billing", "technical", "delivery", "account", "sales", "feedback", "other"]
SENTIMENTS = ["negative", "neutral", "positive"]
MIN_RECORDS = {"train": 420, "eval": 160}
MIN_PER_CATEGORY = {"train": 40, "eval": 14}
JACCARD_LIMIT = 0.5

errors = []


def err(msg):
    errors.append(msg)


def load(name):
    path, prefix = FILES[name]
    recs = []
    if not os.path.exists(path):
        err(f"{name}: missing file {path}")
        return recs
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{name}:{n}: blank line")
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"{name}:{n}: JSON error {e}")
                continue
            if list(d.keys()) != KEYS:
                err(f"{name}:{n}: keys {list(d.keys())} != {KEYS}")
                continue
            rid = d["id"]
            if not (isinstance(rid, str) and re.fullmatch(prefix + r"\d{4}", rid)):
                err(f"{name}:{n}: bad id {rid!r}")
            if not isinstance(d["text"], str) or not d["text"].strip():
                err(f"{rid}: empty text")
            if d["language"] not in LANGS:
                err(f"{rid}: bad language {d['language']!r}")
            if d["platform"] not in PLATFORMS:
                err(f"{rid}: bad platform {d['platform']!r}")
            if d["visibility"] not in ("public", "private"):
                err(f"{rid}: bad visibility {d['visibility']!r}")
            elif d["visibility"] == "public" and d["platform"] not in PUBLIC_OK:
                err(f"{rid}: public visibility on {d['platform']}")
            if not isinstance(d["actionable"], bool):
                err(f"{rid}: actionable must be a boolean")
            if d["category"] not in CATEGORIES:
                err(f"{rid}: bad category {d['category']!r}")
            if d["sentiment"] not in SENTIMENTS:
                err(f"{rid}: bad sentiment {d['sentiment']!r}")
            if d["synthetic"] is not True:
                err(f"{rid}: synthetic must be true")
            recs.append(d)
    ids = Counter(r["id"] for r in recs)
    for rid, c in ids.items():
        if c > 1:
            err(f"{name}: duplicate id {rid} x{c}")
    expected = [f"{prefix}{i:04d}" for i in range(1, len(recs) + 1)]
    if [r["id"] for r in recs] != expected:
        err(f"{name}: ids are not sequential {prefix}0001..")
    if len(recs) < MIN_RECORDS[name]:
        err(f"{name}: only {len(recs)} records (< {MIN_RECORDS[name]})")
    cats = Counter(r["category"] for r in recs)
    for c in CATEGORIES:
        if cats[c] < MIN_PER_CATEGORY[name]:
            err(f"{name}: category {c} has {cats[c]} (< {MIN_PER_CATEGORY[name]})")
    return recs


def norm(text):
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", text).strip()


def tokens(text):
    # word tokens; for scripts without spaces (Japanese) fall back to characters
    toks = re.findall(r"\w+|[^\w\s]", norm(text))
    out = []
    for t in toks:
        if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", t):
            out.extend(t)
        else:
            out.append(t)
    return out


def trigrams(text):
    toks = ["<s>"] + tokens(text) + ["</s>"]
    return {tuple(toks[i:i + 3]) for i in range(len(toks) - 2)}


def jaccard(a, b):
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def table(name, recs):
    total = len(recs)
    n = total or 1
    lines = [f"**{name}** ({total} records)", ""]

    def block(title, counter, order):
        lines.append(f"| {title} | count | % |")
        lines.append("|---|---:|---:|")
        for k in order:
            lines.append(f"| {k} | {counter[k]} | {100 * counter[k] / n:.1f} |")
        lines.append("")

    block("language", Counter(r["language"] for r in recs), LANGS)
    block("category", Counter(r["category"] for r in recs), CATEGORIES)
    block("sentiment", Counter(r["sentiment"] for r in recs), SENTIMENTS)
    block("actionable", Counter(str(r["actionable"]).lower() for r in recs), ["true", "false"])
    block("platform", Counter(r["platform"] for r in recs), PLATFORMS)
    block("visibility", Counter(r["visibility"] for r in recs), ["public", "private"])
    return "\n".join(lines)


def main():
    train = load("train")
    ev = load("eval")

    # within-file exact duplicates
    for name, recs in (("train", train), ("eval", ev)):
        seen = {}
        for r in recs:
            k = norm(r["text"])
            if k in seen:
                err(f"{name}: duplicate text {seen[k]} / {r['id']}")
            seen[k] = r["id"]

    # cross-file exact overlap
    train_texts = {norm(r["text"]): r["id"] for r in train}
    for r in ev:
        if norm(r["text"]) in train_texts:
            err(f"{r['id']}: text also in training ({train_texts[norm(r['text'])]})")

    # cross-file near duplicates
    tg_train = [(r["id"], trigrams(r["text"])) for r in train]
    best = (0.0, None, None)
    for r in ev:
        g = trigrams(r["text"])
        for tid, tg in tg_train:
            j = jaccard(g, tg)
            if j > best[0]:
                best = (j, r["id"], tid)
            if j > JACCARD_LIMIT:
                err(f"{r['id']} ~ {tid}: trigram Jaccard {j:.3f} > {JACCARD_LIMIT}")

    print(table("starter-training.jsonl", train))
    print(table("evaluation.jsonl", ev))
    print(f"max eval-vs-train word-trigram Jaccard: {best[0]:.3f} ({best[1]} vs {best[2]})")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
