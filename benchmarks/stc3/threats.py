#!/usr/bin/env python3
"""Which threat phrases earn an alert of their own? Reads the held-out alerts that crossval.py --keep DIR left
(run it with {"negativePhrase": {"alertAlone": false, "alertAloneClasses": ["escalationThreat"]}}, so that every
threat alerts and the model's alerts are there too), and prints, per language:
- per threat phrase: dialogues it alerted in, how many were dissatisfied, and of those the model did not also flag;
- the pack's precision / recall if only the threats in a subset alerted alone (the model's alerts are the same
  whatever the phrases do, so the union can be computed without replaying).

    python3 benchmarks/stc3/threats.py DIR
"""
import collections, gzip, json, os, sys

keep = sys.argv[1]
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "stc3", "stc3-dev.jsonl.gz")
S = {}
for line in gzip.open(data, "rt", encoding="utf-8"):
    d = json.loads(line)
    S[f"stc-{d['lang']}-{d['id']}"] = (d["lang"], d["S"])
external = {  # escalation outside the company: regulators, courts, police, the press
    "12315", "消协", "消费者协会", "曝光", "律师", "媒体", "记者", "起诉", "法院", "法律途径", "报警", "举报", "监管", "银保监", "工信部",
    "黑猫投诉", "lawyer", "lawyers", "attorney", "report you", "regulator", "regulators", "sue you", "i will sue", "i'll sue",
    "legal action", "ombudsman", "better business bureau", "the media", "social media", "go to the press", "consumer protection"}
subsets = {"no threat alone": set(), "every threat alone": None, "external escalation alone": external,
           "external + 我要投诉 alone": external | {"我要投诉"}}
for lang in ["cn", "en"]:
    model, threats = set(), collections.defaultdict(set)
    for line in open(os.path.join(keep, f"alerts-{lang}.jsonl"), encoding="utf-8"):
        a = json.loads(line)
        for e in a["evidence"]:
            if e["signal"] == "DissatisfactionPredicted":
                model.add(a["interactionId"])
            if "escalationThreat" in e.get("phraseClass", ""):  # "frustration, escalationThreat": one class a phrase
                hits = zip(e["phraseClass"].split(", "), e["phrase"].split(", "))
                threats[a["interactionId"]] |= {p for c, p in hits if c == "escalationThreat"}
    dis = lambda ix: S[ix][1] <= -0.5
    total = sum(1 for l, s in S.values() if l == lang and s <= -0.5)
    per = collections.defaultdict(lambda: [0, 0, 0, 0])
    for ix, phrases in threats.items():
        for p in phrases:
            c = per[p]; c[0] += 1; c[1] += dis(ix)
            if ix not in model:
                c[2] += 1; c[3] += dis(ix)
    print(f"{lang}: phrase, dialogues (dissatisfied), of them not flagged by the model (dissatisfied)")
    for p, c in sorted(per.items(), key=lambda kv: -kv[1][0]):
        print(f"  {p:24s} {c[0]:4d} ({c[1]:3d})   {c[2]:4d} ({c[3]:3d})")
    for name, subset in subsets.items():
        flagged = model | {ix for ix, ph in threats.items() if subset is None or ph & subset}
        right = sum(map(dis, flagged))
        print(f"  {name:28s} flagged {len(flagged):4d}  precision {right / len(flagged):.3f}  recall {right / total:.3f}  threat-only {len(flagged - model)}")
