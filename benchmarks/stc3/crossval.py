#!/usr/bin/env python3
"""Honest k-fold figures for the whole default pack on STC-3's development half (docs/risk-model.md).

Splits the rated events by a hash of the interaction id into K parts; for each part, `train`s a model on the
other K-1, `replay`s the held-out part (ratings removed) with that model, and scores the concatenated alerts
with the data's own score.py. Run from the repository root after `dotnet build -c Release`:

    python3 benchmarks/stc3/crossval.py [--settings FILE] [--folds 5] [--keep DIR]

--keep DIR leaves the held-out alerts there (alerts-cn.jsonl, alerts-en.jsonl) to study which rule raised what.
--reuse (with --keep) replays with the fold models already in DIR instead of training them again: the models
depend only on the folds, so a settings-only comparison needs no retraining (about 4x faster).
"""
import argparse, hashlib, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
data = os.path.abspath(os.path.join(root, "..", "shared", "data", "stc3"))
cli = os.path.join(root, "host", "bin", "Release", "net10.0", "risktriggers")

ap = argparse.ArgumentParser()
ap.add_argument("--settings"); ap.add_argument("--folds", type=int, default=5); ap.add_argument("--keep"); ap.add_argument("--reuse", action="store_true")
args = ap.parse_args()
work = args.keep or tempfile.mkdtemp(prefix="rt-crossval-")
os.makedirs(work, exist_ok=True)
lines = []
for lang in ["cn", "en"]:
    lines += subprocess.run(["python3", os.path.join(data, "make_events.py"), lang, "--ratings"],
                            check=True, capture_output=True, text=True).stdout.splitlines()
fold = lambda ix: int(hashlib.sha1(ix.encode()).hexdigest(), 16) % args.folds
parts = [[] for _ in range(args.folds)]
for line in lines:
    parts[fold(json.loads(line)["interactionId"])].append(line)
alerts = {"cn": [], "en": []}
for k in range(args.folds):
    train, test, model = (os.path.join(work, f"{n}-{k}.jsonl") for n in ("train", "test", "model"))
    open(train, "w", encoding="utf-8").write("".join(l + "\n" for j in range(args.folds) if j != k for l in parts[j]))
    open(test, "w", encoding="utf-8").write("".join(l + "\n" for l in parts[k] if '"satisfaction_rated"' not in l))
    if not (args.reuse and os.path.exists(model)):
        subprocess.run([cli, "train", "--events", train, "--out", model], check=True, capture_output=True)
    replay = [cli, "replay", test, "--model", model] + (["--settings", args.settings] if args.settings else [])
    for line in subprocess.run(replay, check=True, capture_output=True, text=True).stdout.splitlines():
        alerts["cn" if '"stc-cn-' in line else "en"].append(line)
    print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
for lang, found in alerts.items():
    path = os.path.join(work, f"alerts-{lang}.jsonl")
    open(path, "w", encoding="utf-8").write("".join(l + "\n" for l in found))
    print(subprocess.run(["python3", os.path.join(data, "score.py"), lang, path], capture_output=True, text=True).stdout.strip().splitlines()[-1])
