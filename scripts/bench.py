#!/usr/bin/env python3
"""`make bench`: gdconv against the baselines in ../shared/bench, in one run, best of three.

Prints figures only; nothing here is a test (timing belongs to no unit test: these machines are
shared and noisy). Each figure is gdconv and its baseline side by side on the same files, one
core (`-j 1`), best of three runs each:

  text → JSON   bulk `gdconv DIR -t json -d OUT -j 1` (default output) vs py_parse.py   goal ≥ 10×
  text → XLSX   bulk `gdconv DIR -t xlsx -d OUT -j 1` vs floor_xlsx.c (libxlsxwriter)  goal ≤ 1.3×
  HTML → JSON   bulk `gdconv DIR -t json -d OUT -j 1` vs `xmllint --html --noout`      goal ≤ 2×
  bulk          3,000 reports, `-j 2` vs `-j 1`                                         goal ≥ 1.7×
  memory        peak RSS for 3,000 reports vs 300 (`-j 2`)                              goal ≤ 1.3×
  DOCX → JSON   bulk on the Word test documents vs `unzip -p` of word/document.xml      (the floor)
  PDF → JSON    bulk on the PDF test files vs `pdftotext -layout`                      goal ≤ 2×

Usage: python3 scripts/bench.py [--count N] [--quick] [--keep]
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
GDCONV = os.path.join(ROOT, ".build", "release", "gdconv")


def run_timed(cmd, **kw):
    """Runs `cmd`, returns (wall seconds, peak RSS in MB) of the child."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])} … exited {code}: {err[-800:]}")
    return secs, usage.ru_maxrss / 1024


def best(n, make_cmd, before=None):
    """Best of `n` runs: (seconds, peak MB). `before()` runs untimed before each run."""
    runs = []
    for _ in range(n):
        if before:
            before()
        runs.append(run_timed(make_cmd()))
    return min(r[0] for r in runs), max(r[1] for r in runs)


TRASH = []


def fresh(path):
    """An empty directory at `path`. The previous one is moved aside, not deleted: deleting
    thousands of files just before a timed run made the file system slower for that run (ext4
    scans recently freed inodes), which decided more of a figure than the converter did. The
    moved directories are deleted when the benchmark ends."""
    if os.path.exists(path):
        aside = f"{path}.old{len(TRASH)}"
        os.rename(path, aside)
        TRASH.append(aside)
    os.makedirs(path)


def gdconv_bulk(indir, outdir, to, jobs):
    return [GDCONV, indir, "-t", to, "-d", outdir, "-j", str(jobs), "-q", "--force"]


def verdict(ok):
    return "meets the goal" if ok else "MISSES the goal"


def chrome_page(body, i):
    """A page as a CMS serves it: the report inside ~250 KB of site chrome (navigation, inline
    scripts and styles, link lists, footer), as the published pages are."""
    nav = "".join(f'<li><a href="/col/col{k}/index.html" title="栏目{k}">政务公开栏目{k}</a></li>' for k in range(400))
    links = "".join(f'<tr><td><a href="/art/2024/{k}.html">关于印发第{k}号通知的通知</a></td><td>2024-0{k % 9 + 1}-1{k % 9}</td></tr>' for k in range(900))
    script = "var cfg={" + ",".join(f'"k{k}":"{k * 7919 % 100000}"' for k in range(2500)) + "};"
    style = "".join(f".c{k}{{margin:{k % 17}px;color:#{k * 4099 % 0xFFFFFF:06x}}}" for k in range(1500))
    head, _, rest = body.partition("<body")
    if not rest:
        head, rest = "<html><head><meta charset=\"utf-8\"></head>", ">" + body + "</body></html>"
    gt = rest.index(">") + 1
    return (head + f"<style>{style}</style><script>{script}</script><body" + rest[:gt]
            + f'<div class="top"><ul class="nav">{nav}</ul></div><!-- page {i} -->'
            + rest[gt:].replace("</body>", f'<div class="more"><table>{links}</table></div>'
                                 f'<div class="foot">主办单位 网站标识码 ICP备案号</div></body>', 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1334, help="generated pipe-row reports for text → JSON")
    ap.add_argument("--quick", action="store_true", help="one run each, smaller sets")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    runs = 1 if a.quick else 3
    bench_dir = os.path.join(SHARED, "bench")
    if not os.path.isdir(bench_dir):
        sys.exit(f"bench: the baselines are not at {bench_dir} (../shared beside the clone)")
    work = tempfile.mkdtemp(prefix="gdconv-bench-")
    figures = []
    try:
        # --- text → JSON against py_parse.py ------------------------------------------------
        pipe = os.path.join(work, "pipe")
        subprocess.run([GDCONV, "generate", "--seed", "1", "--count", str(a.count), "--layout", "pipeRows", "-d", pipe],
                       check=True, stdout=subprocess.DEVNULL)
        files = sorted(os.path.join(pipe, f) for f in os.listdir(pipe) if f.endswith(".txt"))
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        print(f"text → JSON: {len(files)} generated pipe-row reports ({mb:.1f} MB), -j 1, best of {runs}")
        out = os.path.join(work, "out")
        g, _ = best(runs, lambda: gdconv_bulk(pipe, out, "json", 1), lambda: fresh(out))
        py_out = os.path.join(work, "py-out")
        p, _ = best(runs, lambda: [sys.executable, os.path.join(bench_dir, "py_parse.py"), os.path.join(SHARED, "spec", "fields.tsv"), py_out] + files,
                    lambda: fresh(py_out))
        r = p / g
        print(f"  gdconv {len(files) / g:8.0f} reports/s   py_parse.py {len(files) / p:6.0f} reports/s   ratio {r:5.2f}×  (goal ≥ 10×: {verdict(r >= 10)})")
        figures.append(("text → JSON, × py_parse.py", r, "≥ 10"))

        # --- text → XLSX against floor_xlsx.c ------------------------------------------------
        n_xl = 50 if a.quick else 200
        xl_in = os.path.join(work, "xl-in")
        os.makedirs(xl_in)
        for f in files[:n_xl]:
            shutil.copy(f, xl_in)
        floor = os.path.join(work, "floor")
        cflags = subprocess.run(["pkg-config", "--cflags", "--libs", "xlsxwriter"], capture_output=True, text=True, check=True).stdout.split()
        subprocess.run(["cc", "-O2", "-o", floor, os.path.join(bench_dir, "floor_xlsx.c")] + cflags, check=True)
        print(f"text → XLSX: {n_xl} reports, -j 1, best of {runs}")
        g, _ = best(runs, lambda: gdconv_bulk(xl_in, out, "xlsx", 1), lambda: fresh(out))
        fo = os.path.join(work, "floor-out")
        f_s, _ = best(runs, lambda: [floor, str(n_xl), fo], lambda: fresh(fo))
        r = g / f_s
        print(f"  gdconv {g / n_xl * 1000:6.2f} ms a workbook   floor_xlsx.c {f_s / n_xl * 1000:6.2f} ms   ratio {r:5.2f}×  (goal ≤ 1.3×: {verdict(r <= 1.3)})")
        figures.append(("text → XLSX, × floor_xlsx.c", r, "≤ 1.3"))

        # --- HTML → JSON against xmllint --html ----------------------------------------------
        pages_dir = os.path.join(ROOT, "Tests", "GDConvTests", "HTMLPages")
        bodies = []
        for name in sorted(os.listdir(pages_dir)):
            if name.endswith(".html"):
                raw = open(os.path.join(pages_dir, name), "rb").read()
                try:
                    bodies.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    bodies.append(raw.decode("gb18030").replace("gb2312", "utf-8").replace("GB2312", "utf-8"))
        html_in = os.path.join(work, "html-in")
        os.makedirs(html_in)
        n_html = 40 if a.quick else 200
        for i in range(n_html):
            with open(os.path.join(html_in, f"page-{i:04d}.html"), "w", encoding="utf-8") as fh:
                fh.write(chrome_page(bodies[i % len(bodies)], i))
        pages = sorted(os.path.join(html_in, f) for f in os.listdir(html_in))
        kb = sum(os.path.getsize(f) for f in pages) / len(pages) / 1024
        print(f"HTML → JSON: {n_html} pages with site chrome ({kb:.0f} KB each), -j 1, best of {runs}")
        g, _ = best(runs, lambda: gdconv_bulk(html_in, out, "json", 1), lambda: fresh(out))
        x, _ = best(runs, lambda: ["xmllint", "--html", "--noout", "--nowarning"] + pages)
        r = g / x
        print(f"  gdconv {n_html / g:6.0f} pages/s   xmllint --html {n_html / x:6.0f} pages/s   ratio {r:5.2f}×  (goal ≤ 2×: {verdict(r <= 2)})")
        figures.append(("HTML → JSON, × xmllint --html", r, "≤ 2"))

        # --- Word and PDF → JSON against unzip -p and pdftotext -layout ---------------------------
        for fmt, src, tool, goal in [("docx", "WordDocs", ["unzip", "-p"], None), ("pdf", "PDFDocs", ["pdftotext", "-layout"], 2.0)]:
            if shutil.which(tool[0]) is None:
                print(f"{fmt.upper()} → JSON: skipped ({tool[0]} is not installed; apt-get install {'unzip' if tool[0] == 'unzip' else 'poppler-utils'})")
                continue
            docs_in = os.path.join(work, f"{fmt}-in")
            os.makedirs(docs_in)
            originals = sorted(os.path.join(ROOT, "Tests", "GDConvTests", src, f) for f in os.listdir(os.path.join(ROOT, "Tests", "GDConvTests", src)) if f.endswith("." + fmt))
            n_docs = 20 if a.quick else 100
            for i in range(n_docs):
                shutil.copy(originals[i % len(originals)], os.path.join(docs_in, f"doc-{i:04d}.{fmt}"))
            docs = sorted(os.path.join(docs_in, f) for f in os.listdir(docs_in))
            print(f"{fmt.upper()} → JSON: {n_docs} documents (the test files, copied), -j 1, best of {runs}")
            g, _ = best(runs, lambda: gdconv_bulk(docs_in, out, "json", 1), lambda: fresh(out))
            if fmt == "docx":
                base = lambda: ["sh", "-c", "for f in \"$@\"; do unzip -p \"$f\" word/document.xml; done > /dev/null", "sh"] + docs
            else:
                base = lambda: ["sh", "-c", "for f in \"$@\"; do pdftotext -layout \"$f\" - ; done > /dev/null", "sh"] + docs
            b, _ = best(runs, base)
            r = g / b
            goal_text = f"goal ≤ {goal:g}×: {verdict(r <= goal)}" if goal else "no goal: the floor"
            print(f"  gdconv {n_docs / g:6.0f} documents/s   {' '.join(tool)} {n_docs / b:6.0f}/s   ratio {r:5.2f}×  ({goal_text})")
            figures.append((f"{fmt.upper()} → JSON, × {' '.join(tool)}", r, f"≤ {goal:g}" if goal else "—"))

        # --- bulk: -j 2 vs -j 1, memory 3,000 vs 300 -----------------------------------------
        n_bulk = 600 if a.quick else 3000
        mixed = os.path.join(work, "mixed")
        subprocess.run([GDCONV, "generate", "--seed", "7", "--count", str(n_bulk), "-d", mixed], check=True, stdout=subprocess.DEVNULL)
        small = os.path.join(work, "mixed-small")
        os.makedirs(small)
        for f in sorted(os.listdir(mixed))[: n_bulk // 10]:
            shutil.copy(os.path.join(mixed, f), small)
        print(f"bulk text → JSON: {n_bulk} generated reports (all layouts), best of {runs}; {os.cpu_count()} cores")
        j1, _ = best(runs, lambda: gdconv_bulk(mixed, out, "json", 1), lambda: fresh(out))
        j2, m_big = best(runs, lambda: gdconv_bulk(mixed, out, "json", 2), lambda: fresh(out))
        _, m_small = best(runs, lambda: gdconv_bulk(small, out, "json", 2), lambda: fresh(out))
        r = j1 / j2
        print(f"  -j 1 {n_bulk / j1:6.0f} reports/s   -j 2 {n_bulk / j2:6.0f} reports/s   speed-up {r:4.2f}×  (goal ≥ 1.7×: {verdict(r >= 1.7)})")
        m = m_big / m_small
        print(f"  peak memory: {n_bulk} reports {m_big:.0f} MB, {n_bulk // 10} reports {m_small:.0f} MB: {m:4.2f}×  (goal ≤ 1.3×: {verdict(m <= 1.3)})")
        figures.append(("bulk -j 2 speed-up", r, "≥ 1.7"))
        figures.append((f"peak memory {n_bulk} / {n_bulk // 10} reports", m, "≤ 1.3"))

        print("\nsummary")
        for name, value, goal in figures:
            print(f"  {name:38s} {value:6.2f}×   goal {goal}×")
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


if __name__ == "__main__":
    sys.exit(main())
