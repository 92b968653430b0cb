#!/usr/bin/env python3
"""Throughput benchmark: generated reports, text → JSON in release mode, against `cat`.

Prints figures only; nothing here is a test. Usage: python3 scripts/bench.py [--count N]
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, ".build", "release")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    # One build of every product: building products one at a time has left stale objects.
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="gdconv-bench-")
    src, out = os.path.join(work, "in"), os.path.join(work, "out")
    subprocess.run([os.path.join(REL, "gdconv"), "generate", "--seed", "1", "--count", str(a.count), "-d", src], check=True)
    files = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".txt"))
    size = sum(os.path.getsize(f) for f in files)
    print(f"{len(files)} generated reports (both templates, four layouts), {size / 1e6:.1f} MB")

    # Floor: cat of the same files, in one process, output discarded.
    t = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        subprocess.run(["cat"] + files, stdout=devnull, check=True)
    cat_s = time.perf_counter() - t
    print(f"cat (floor): {len(files) / cat_s:.0f} reports/s, {size / 1e6 / cat_s:.1f} MB/s")

    def bench(frm, to, indir):
        r = subprocess.run([os.path.join(REL, "gdconv-bench"), indir, out + "-" + to, "--from", frm, "--to", to], check=True, capture_output=True, text=True)
        print(r.stdout.strip())
        secs = float(r.stdout.split(" in ")[1].split(" s")[0])
        print(f"  {secs / cat_s:.1f}x the time of cat on the text files")

    for to in ["json", "text", "facts", "xml"]:
        bench("text", to, src)
    bench("xml", "json", out + "-xml")

    # Web pages → JSON, against libxml2's HTML parser alone on the same pages (xmllint --html).
    pages_dir = os.path.join(ROOT, "Tests", "GDConvTests", "HTMLPages")
    pages = sorted(os.path.join(pages_dir, f) for f in os.listdir(pages_dir) if f.endswith(".html"))
    html_src = os.path.join(work, "html-in")
    os.makedirs(html_src)
    for i in range(min(a.count, 1000)):
        shutil.copy(pages[i % len(pages)], os.path.join(html_src, f"page-{i:05d}.html"))
    html_files = sorted(os.path.join(html_src, f) for f in os.listdir(html_src))
    r = subprocess.run([os.path.join(REL, "gdconv-bench"), html_src, out + "-html", "--from", "html", "--to", "json"], check=True, capture_output=True, text=True)
    print(r.stdout.strip())
    h_secs = float(r.stdout.split(" in ")[1].split(" s")[0])
    t = time.perf_counter()
    subprocess.run(["xmllint", "--html", "--noout"] + html_files, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    x_secs = time.perf_counter() - t
    print(f"xmllint --html --noout (libxml2's parser alone): {len(html_files) / x_secs:.0f} pages/s")
    print(f"  gdconv html→json takes {h_secs / x_secs:.1f}x the parser's time")

    # text → XLSX against a C program writing the same cells and merges with libxlsxwriter.
    xl_files = files[: min(len(files), 500)]
    xl_src = os.path.join(work, "xl-in")
    os.makedirs(xl_src)
    for f in xl_files:
        shutil.copy(f, xl_src)
    r = subprocess.run([os.path.join(REL, "gdconv-bench"), xl_src, out + "-xlsx", "--from", "text", "--to", "xlsx"], check=True, capture_output=True, text=True)
    print(r.stdout.strip())
    g_secs = float(r.stdout.split(" in ")[1].split(" s")[0])
    floor = os.path.join(work, "floor")
    subprocess.run(["cc", "-O2", "-o", floor, os.path.join(ROOT, "Benchmarks", "xlsx-floor", "floor.c"), "-lxlsxwriter"], check=True)
    fo = os.path.join(work, "floor-out")
    os.makedirs(fo)
    t = time.perf_counter()
    subprocess.run([floor, fo, str(len(xl_files))], check=True)
    f_secs = time.perf_counter() - t
    print(f"libxlsxwriter floor (C, same cells and merges): {len(xl_files) / f_secs:.0f} reports/s")
    print(f"  gdconv text→xlsx takes {g_secs / f_secs:.2f}x the floor's time")

    # One process per file, as a shell loop would do it (first 200 files).
    sample = files[:200]
    t = time.perf_counter()
    for f in sample:
        subprocess.run([os.path.join(REL, "gdconv"), f, "-o", os.path.join(work, "one.json"), "-q"], check=True)
    one_s = time.perf_counter() - t
    print(f"gdconv one process per file: {len(sample) / one_s:.0f} reports/s (process start-up included)")
    if not a.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
