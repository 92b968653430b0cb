#!/usr/bin/env python3
"""`make hostile`: every hostile case of issue 12 on the release build, with its time and peak
memory (the goal: each under 10 s and 400 MB) and how it ended. Figures only; the behaviour
is pinned by the tests (ResourceBoundsTests)."""
import os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GDCONV = os.path.join(ROOT, ".build", "release", "gdconv")
HOSTILE = os.path.join(ROOT, "Tests", "GDConvTests", "Hostile")


def run(args, stdin=None):
    t = time.perf_counter()
    p = subprocess.Popen([GDCONV] + args, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin is not None:
        chunk = b"\0" * (1 << 20)
        try:
            for _ in range(stdin >> 20):
                p.stdin.write(chunk)
        except BrokenPipeError:
            pass
        try:
            p.stdin.close()
        except BrokenPipeError:
            pass
    err = p.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err.strip().splitlines()[-1:] or [""]


def main():
    work = tempfile.mkdtemp(prefix="gdconv-hostile-")
    cases = []
    for f in sorted(os.listdir(HOSTILE)):
        cases.append((f, [os.path.join(HOSTILE, f), "-t", "json", "-q", "-o", os.path.join(work, "out.json")], None))
    blank = os.path.join(work, "blank-lines.txt")
    with open(blank, "w") as fh:
        fh.write("一、总体情况\n说明文字\n")
        for _ in range(2_000):
            fh.write("\n" * 1_000)
    cases.append(("2 MB of blank lines", [blank, "-t", "json", "-q", "-o", os.path.join(work, "b.json")], None))
    wide = os.path.join(work, "wide.html")
    with open(wide, "w") as fh:
        fh.write("<html><head><meta charset=utf-8></head><body><p>二、主动公开政府信息情况</p><table>")
        for r in range(20_000):
            fh.write("<tr>" + "".join(f"<td>{(r * c) % 97}</td>" for c in range(100)) + "</tr>")
        fh.write("</table></body></html>")
    cases.append(("100-column HTML table, 20,000 rows", [wide, "-t", "json", "-q", "-o", os.path.join(work, "w.json")], None))
    text = os.path.join(work, "wide.txt")
    with open(text, "w") as fh:
        fh.write("二、主动公开政府信息情况\n")
        row = "| " + " | ".join(str(c) for c in range(100)) + " |\n"
        for _ in range(60_000):
            fh.write(row)
    cases.append(("26 MB pipe table", [text, "-t", "json", "-q", "-o", os.path.join(work, "t.json")], None))
    seed = subprocess.run([GDCONV, os.path.join(os.path.dirname(ROOT), "shared", "corpus", "seed-luojiang-2020.txt"), "-t", "xml", "-q"],
                          capture_output=True, text=True).stdout
    i, j = seed.index("<field "), seed.index("</fields>")
    one = seed[i:seed.index("</field>", i) + len("</field>")]
    xml = os.path.join(work, "fields.xml")
    with open(xml, "w") as fh:
        fh.write(seed[:i])
        for _ in range(16_000):
            fh.write(one)
        fh.write(seed[j:])
    cases.append(("XML with 16,000 <field>s", [xml, "-t", "json", "-q", "-o", os.path.join(work, "x.json")], None))
    cases.append(("1 GB of zeros on standard input", ["-", "-f", "text", "-t", "json", "-q"], 1 << 30))
    # PDFs (issue 13): 400,000 empty pages, and an object nested 100,000 deep.
    many = os.path.join(work, "many-pages.pdf")
    with open(many, "w") as fh:
        m = 400_000
        fh.write("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[")
        fh.write(" ".join(f"{k + 3} 0 R" for k in range(m)) + f"]/Count {m}>>endobj\n")
        for k in range(m):
            fh.write(f"{k + 3} 0 obj<</Type/Page/Parent 2 0 R>>endobj\n")
        fh.write("trailer<</Root 1 0 R>>\n%%EOF\n")
    cases.append(("PDF of 400,000 empty pages", [many, "-t", "json", "-q", "-o", os.path.join(work, "m.json")], None))
    deep = os.path.join(work, "deep.pdf")
    with open(deep, "w") as fh:
        n = 100_000
        fh.write("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n")
        fh.write("3 0 obj<</Type/Page/Parent 2 0 R/Foo " + "[" * n + "]" * n + ">>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    cases.append(("PDF object nested 100,000 deep", [deep, "-t", "json", "-q", "-o", os.path.join(work, "d.json")], None))
    print(f"{'case':44} {'seconds':>8} {'peak MB':>8}  exit  verdict / message")
    ok = True
    for name, args, stdin in cases:
        secs, mb, code, msg = run(args, stdin)
        good = secs < 10 and mb < 400 and code in (0, 1)
        ok &= good
        print(f"{name[:44]:44} {secs:8.2f} {mb:8.0f}  {code:4}  {'ok' if good else 'OVER'}  {msg[0][:90]}")
    print("every case within 10 s and 400 MB" if ok else "SOME CASES EXCEED 10 s or 400 MB")


if __name__ == "__main__":
    main()
