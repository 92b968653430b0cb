#!/usr/bin/env python3
"""Measures digit-run recovery on synthetic collapsed reports whose values are known:
`gdconv generate --layout collapsed --facts` writes each report and its true facts; gdconv
reads the reports; this compares field by field. Prints the share recovered per table and
every wrong binding (there must be none).

With --inconsistent, each report is published inconsistent first, as real ones are: its
（七）总计 row gets +N in the natural-person column and in 总计 (the row still adds up; the
leaf rows no longer add up to it), and the true values become the printed ones. The solver
must then bind nothing wrong elsewhere.

Usage: scripts/digit_runs.py [--inconsistent] [COUNT] [SEED]"""
import os, subprocess, sys, tempfile, collections

GDCONV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "gdconv")

def facts(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        k, v = line.rstrip("\n").split("\t")[:2]
        out[k] = v
    return out

def perturb(txt, facts_path, delta):
    truth = facts(facts_path)
    prefix = "requests.outcome.total."
    keys = [k for k in truth if k.startswith(prefix)]
    old = "".join(truth[k] for k in keys)
    text = open(txt, encoding="utf-8").read()
    marker = "（七）总计"
    at = text.find(marker)
    if at < 0 or text[at + len(marker):].replace(" ", "")[:len(old)] != old or " " in text[at + len(marker):at + len(marker) + len(old) + 3]:
        return
    truth[prefix + "natural_person"] = str(int(truth[prefix + "natural_person"]) + delta)
    truth[prefix + "total"] = str(int(truth[prefix + "total"]) + delta)
    new = "".join(truth[k] for k in keys)
    open(txt, "w", encoding="utf-8").write(text[:at + len(marker)] + new + text[at + len(marker) + len(old):])
    open(facts_path, "w", encoding="utf-8").write("".join(f"{k}\t{v}\n" for k, v in truth.items()))

def main():
    args = [a for a in sys.argv[1:] if a != "--inconsistent"]
    inconsistent = "--inconsistent" in sys.argv
    count = int(args[0]) if len(args) > 0 else 1000
    seed = args[1] if len(args) > 1 else "1"
    work = tempfile.mkdtemp(prefix="gdconv-digit-runs-")
    src, out = os.path.join(work, "in"), os.path.join(work, "out")
    subprocess.run([GDCONV, "generate", "--layout", "collapsed", "--facts", "--seed", seed, "--count", str(count), "-d", src], check=True)
    os.makedirs(out)
    if inconsistent:
        for i, f in enumerate(sorted(os.listdir(src))):
            if f.endswith(".txt"):
                perturb(os.path.join(src, f), os.path.join(src, f[:-4] + ".facts"), 1 + i % 9)
    subprocess.run([GDCONV, "-t", "facts", "-d", out, "-q", "--files-from", "-"], input="\n".join(
        os.path.join(src, f) for f in sorted(os.listdir(src)) if f.endswith(".txt")), text=True, check=False)
    total, got, wrong = collections.Counter(), collections.Counter(), []
    for f in sorted(os.listdir(src)):
        if not f.endswith(".facts"):
            continue
        truth = facts(os.path.join(src, f))
        read_path = os.path.join(out, f)
        read = facts(read_path) if os.path.exists(read_path) else {}
        for k, v in truth.items():
            table = k.split(".")[0]
            table = "复议诉讼" if table in ("review", "litigation") else {"active": "主动公开", "requests": "依申请"}[table]
            total[table] += 1
            if k in read and read[k] != "":
                if read[k] == v:
                    got[table] += 1
                else:
                    wrong.append(f"{f} {k}: read {read[k]}, true {v}")
    print(f"{count} collapsed reports (seed {seed})")
    for t in ("主动公开", "依申请", "复议诉讼"):
        print(f"  {t}: {got[t]} of {total[t]} values recovered ({100 * got[t] / max(total[t], 1):.1f}%)")
    print(f"  wrong bindings: {len(wrong)}")
    for w in wrong[:20]:
        print("   ", w)
    return 1 if wrong else 0

if __name__ == "__main__":
    sys.exit(main())
