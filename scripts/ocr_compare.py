#!/usr/bin/env python3
"""Compare two offline OCR engines on the scanned corpus briefings.

    python scripts/ocr_compare.py [PDF ...] [--psm 4[,6,...]] [--examples 6] [--no-tesseract]

For each scanned PDF (default: ../shared/corpus/pdf/{000,002,003}-scanned.pdf
relative to the repo) every page is rendered once, exactly as the indexer does
(indexer.extract.ocr.render_scale + PdfPage.render, short side 1240 px), then read by

  (a) the project's RapidOCR path: indexer.extract.ocr.read_image (engine, line
      ordering and joining as in production), and
  (b) tesseract through subprocess: `tesseract IMG - -l chi_sim --psm N`.

Accuracy is 1 - levenshtein(seed, ocr) / len(seed), where the seed is the
corpus text NNN_*.txt (Win2PDF notice cut off), and both sides are run through
indexer.clean (clean_text for the seed, clean_pages for the OCR pages) and
stripped of all whitespace. A second column compares only CJK ideographs and
digits, so that half- vs full-width punctuation does not count. The PDF page
that carries the Win2PDF notice (the last page of 000) is OCRed and timed but
left out of the accuracy.

Timing is warm: RapidOCR is loaded and run once on the first page before the
clock starts; rendering is not timed. tesseract is a fresh process per page, so
its model load is measured on a blank image and subtracted ("warm"); the raw
per-call time is shown too. The engines alternate page by page, and CPU
seconds (this process's threads for RapidOCR, the child's for tesseract) are
reported beside wall time, since CPU time is steadier on a busy machine.
Missing tesseract is reported and skipped.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.clean import clean_pages, clean_text  # noqa: E402
from indexer.extract import ocr  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
RAPID = "RapidOCR (indexer.extract.ocr)"
DEFAULT_PDFS = [CORPUS / "pdf" / f"{n}-scanned.pdf" for n in ("000", "002", "003")]
NOTICE = re.compile(r"This document was created with the Win2PDF", re.I)
WHITESPACE = re.compile(r"\s+")
CJK_DIGITS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9]")


# --- edit distance ------------------------------------------------------------------


def levenshtein(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel (Myers 1999 / Hyyrö 2001) on Python ints:
    one pass over b with len(a)-bit words, so ~ms for a few thousand characters."""
    if len(a) < len(b):
        a, b = b, a
    m = len(a)
    if m == 0:
        return len(b)
    peq: dict[str, int] = collections.defaultdict(int)
    for i, ch in enumerate(a):
        peq[ch] |= 1 << i
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def levenshtein_dp(a: str, b: str) -> int:
    """Plain DP, only to check levenshtein() in --selftest."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def accuracy(seed: str, got: str) -> float:
    return 1 - levenshtein(seed, got) / max(1, len(seed))


# --- texts --------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


def cjk_digits(text: str) -> str:
    return "".join(CJK_DIGITS.findall(text))


def seed_for(pdf: Path) -> tuple[str, bool]:
    """The corpus text of NNN-scanned.pdf, notice cut off; and whether it had one."""
    prefix = pdf.name.split("-")[0]
    matches = sorted(CORPUS.glob(f"{prefix}_*.txt")) or sorted(pdf.parent.parent.glob(f"{prefix}_*.txt"))
    if not matches:
        raise SystemExit(f"no seed text {prefix}_*.txt for {pdf}")
    raw = matches[0].read_text(encoding="utf-8")
    cut = NOTICE.search(raw)
    return (raw[: cut.start()] if cut else raw), bool(cut)


# --- engines ------------------------------------------------------------------------


def render_pages(pdf: Path):
    """Every page as the indexer renders it (ocr.ocr_pdf_page: render_scale, colour)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        images = []
        for page in document:
            scale = ocr.render_scale(page)
            images.append((page.render(scale=scale, grayscale=False).to_pil(), scale * 72))
        return images
    finally:
        document.close()


def run_rapidocr(image) -> tuple[str, float, float]:
    """Text, wall seconds, CPU seconds (all threads of this process)."""
    cpu, start = time.process_time(), time.perf_counter()
    text = ocr.read_image(image).text
    return text, time.perf_counter() - start, time.process_time() - cpu


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tesseract_call(path: Path, psm: int, dpi: float) -> tuple[str, float, float]:
    """Text, wall seconds, CPU seconds of one tesseract process."""
    command = ["tesseract", str(path), "-", "-l", "chi_sim", "--psm", str(psm), "--dpi", str(round(dpi))]
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace"), time.perf_counter() - start, children_cpu() - cpu


def tesseract_load_time(workdir: Path, psm: int, repeats: int = 3) -> tuple[float, float]:
    """Wall and CPU seconds a tesseract process spends starting and loading chi_sim (blank page)."""
    from PIL import Image

    blank = workdir / "blank.png"
    Image.new("RGB", (64, 64), "white").save(blank, dpi=(150, 150))
    tesseract_call(blank, psm, 150)  # file cache warm
    calls = [tesseract_call(blank, psm, 150) for _ in range(repeats)]
    return statistics.median(c[1] for c in calls), statistics.median(c[2] for c in calls)


# --- one run ------------------------------------------------------------------------


@dataclass
class Result:
    engine: str
    pdf: str
    pages: int
    scored_pages: int
    acc: float
    acc_cjk: float
    seconds: list[float]
    raw_seconds: list[float]
    cpu_seconds: list[float]
    seed: str = field(repr=False)
    got: str = field(repr=False)

    @property
    def per_page(self) -> float:
        return statistics.fmean(self.seconds)

    @property
    def raw_per_page(self) -> float:
        return statistics.fmean(self.raw_seconds)

    @property
    def cpu_per_page(self) -> float:
        return statistics.fmean(self.cpu_seconds)


def score(
    engine: str,
    pdf: Path,
    page_texts: list[str],
    seconds: list[float],
    raw: list[float],
    cpu: list[float],
    seed_raw: str,
    notice: bool,
) -> Result:
    scored = page_texts[:-1] if notice and len(page_texts) > 1 else page_texts
    seed = squeeze(clean_text(seed_raw))
    got = squeeze(clean_pages(scored).text)
    return Result(
        engine,
        pdf.name,
        len(page_texts),
        len(scored),
        accuracy(seed, got),
        accuracy(cjk_digits(seed), cjk_digits(got)),
        seconds,
        raw,
        cpu,
        seed,
        got,
    )


def error_examples(
    seed: str, got: str, limit: int, context: int = 2
) -> tuple[list[str], list[tuple[str, int]]]:
    """Typical differences: `ctx[seed]ctx → ctx[ocr]ctx`, and the commonest 1:1 swaps."""
    matcher = difflib.SequenceMatcher(None, seed, got, autojunk=False)
    examples, swaps = [], collections.Counter()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            swaps.update(f"{a}→{b}" for a, b in zip(seed[i1:i2], got[j1:j2]))
        if len(examples) < limit and (i2 - i1) <= 12 and (j2 - j1) <= 12:
            left, right = seed[max(0, i1 - context) : i1], seed[i2 : i2 + context]
            examples.append(f"{tag}: {left}{seed[i1:i2]}{right} → {left}{got[j1:j2]}{right}")
    return examples, swaps.most_common(8)


def compare(pdfs: list[Path], psms: list[int], examples: int, no_tesseract: bool) -> list[Result]:
    have_tesseract = not no_tesseract and shutil.which("tesseract") is not None
    if not no_tesseract and not have_tesseract:
        print(
            "tesseract: binary not found on PATH, skipping it "
            "(apt-get install tesseract-ocr tesseract-ocr-chi-sim)",
            file=sys.stderr,
        )
    results: list[Result] = []
    warmed = False
    with tempfile.TemporaryDirectory(prefix="ocr_compare-") as tmp:
        workdir = Path(tmp)
        loads = {}
        if have_tesseract:
            langs = subprocess.run(
                ["tesseract", "--list-langs"], capture_output=True, text=True
            ).stdout.split()
            if "chi_sim" not in langs:
                print(
                    "tesseract: no chi_sim language data, skipping it (apt-get install tesseract-ocr-chi-sim)",
                    file=sys.stderr,
                )
                have_tesseract = False
            else:
                loads = {psm: tesseract_load_time(workdir, psm) for psm in psms}
                print(
                    f"tesseract {tesseract_version()}: process start + chi_sim load "
                    + ", ".join(f"psm {p}: {w:.2f} s wall, {c:.2f} s CPU" for p, (w, c) in loads.items())
                    + f"; OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', 'unset')}",
                    file=sys.stderr,
                )
        for pdf in pdfs:
            seed_raw, notice = seed_for(pdf)
            images = render_pages(pdf)
            if not warmed:  # load the ONNX models and run them once before any timing
                run_rapidocr(images[0][0])
                warmed = True
            # engines alternate page by page, so a busy machine slows both alike
            runs: dict[str, list[tuple[str, float, float, float]]] = collections.defaultdict(list)
            for index, (image, dpi) in enumerate(images, 1):
                text, wall, cpu = run_rapidocr(image)
                runs[RAPID].append((text, wall, wall, cpu))
                if have_tesseract:
                    path = workdir / f"{pdf.stem}-p{index}.png"
                    image.save(path, dpi=(dpi, dpi))
                    for psm in psms:
                        text, wall, cpu = tesseract_call(path, psm, dpi)
                        load_wall, load_cpu = loads[psm]
                        runs[f"tesseract chi_sim --psm {psm}"].append(
                            (text, max(0.0, wall - load_wall), wall, max(0.0, cpu - load_cpu))
                        )
            for engine, pages in runs.items():
                texts, warm, raw, cpu = (list(column) for column in zip(*pages))
                results.append(score(engine, pdf, texts, warm, raw, cpu, seed_raw, notice))
            if notice:
                check_notice_page(pdf, runs[RAPID][-1][0])
            print(
                f"{pdf.name}: done (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
                file=sys.stderr,
            )
    return results


def check_notice_page(pdf: Path, last_page_text: str) -> None:
    if "win2pdf" not in squeeze(last_page_text).lower():
        print(
            f"warning: {pdf.name}: seed has the Win2PDF notice but the last page does not read as it; "
            "it is still left out of the accuracy",
            file=sys.stderr,
        )


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).split()[1] if (out.stdout or out.stderr) else "?"


# --- report -------------------------------------------------------------------------


def report(results: list[Result], examples: int) -> str:
    lines = [
        "| engine | PDF | pages | accuracy (all chars) | accuracy (CJK+digits) | s/page (warm) "
        "| s/page (per call) | CPU s/page (warm) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        pages = f"{r.pages}" + (f" ({r.scored_pages} scored)" if r.scored_pages != r.pages else "")
        lines.append(
            f"| {r.engine} | {r.pdf} | {pages} | {r.acc:.4f} | {r.acc_cjk:.4f} | "
            f"{r.per_page:.2f} | {r.raw_per_page:.2f} | {r.cpu_per_page:.2f} |"
        )
    by_engine = collections.defaultdict(list)
    for r in results:
        by_engine[r.engine].append(r)
    for engine, rs in by_engine.items():
        seed_len = sum(len(r.seed) for r in rs)
        dist = sum(round((1 - r.acc) * len(r.seed)) for r in rs)
        cjk_len = sum(len(cjk_digits(r.seed)) for r in rs)
        cjk_dist = sum(round((1 - r.acc_cjk) * len(cjk_digits(r.seed))) for r in rs)
        pages = sum(r.pages for r in rs)
        lines.append(
            f"| **{engine}** | all | {pages} | {1 - dist / seed_len:.4f} | {1 - cjk_dist / cjk_len:.4f} | "
            f"{sum(sum(r.seconds) for r in rs) / pages:.2f} | "
            f"{sum(sum(r.raw_seconds) for r in rs) / pages:.2f} | "
            f"{sum(sum(r.cpu_seconds) for r in rs) / pages:.2f} |"
        )
    if examples:
        lines.append("")
        lines.append("Typical errors (seed → OCR, whitespace removed, 2 characters of context):")
        for r in results:
            shown, swaps = error_examples(r.seed, r.got, examples)
            lines.append("")
            lines.append(
                f"- {r.engine}, {r.pdf}: edit distance {round((1 - r.acc) * len(r.seed))} "
                f"of {len(r.seed)} chars"
            )
            if swaps:
                lines.append("  - commonest 1:1 substitutions: " + ", ".join(f"{s} ×{n}" for s, n in swaps))
            lines.extend(f"  - {e}" for e in shown)
    return "\n".join(lines)


# --- speed at the same accuracy (--speed) ------------------------------------------------

# Tuning looks at these; the held-out documents are scored with the same code but are not
# looked at while choosing settings (--split held reports them).
TUNE_DOCS = [
    CORPUS / "pdf" / "000-scanned.pdf",
    CORPUS / "pdf" / "002-scanned.pdf",
    CORPUS / "real" / "docs" / "scan-chineseocr_lite-8.pdf",
]
HELD_DOCS = [
    CORPUS / "pdf" / "003-scanned.pdf",
    CORPUS / "real" / "docs" / "scan-chineseocr_lite-7.pdf",
    CORPUS / "formats" / "rapiddoc-reader_order_02.jpg",
]
# The settings before this measurement: the detector saw the whole render, lines went in sixes.
TODAY = ocr.OcrSettings(render_short_side_px=1240, detector_long_side_px=0, recognizer_batch=6, deskew=False)


def parse_settings(spec: str) -> tuple[str, ocr.OcrSettings]:
    """`NAME=RENDER:DETECTOR:BATCH[:DESKEW]`, e.g. `det736=1240:736:1:0` (detector 0: the whole
    render; deskew 1 or 0, default as ocr.SETTINGS)."""
    name, _, numbers = spec.partition("=")
    try:
        render, detector, batch, *deskew = (int(n) for n in numbers.split(":"))
        if len(deskew) > 1:
            raise ValueError
    except ValueError:
        raise SystemExit(
            f"--config {spec!r}: expected NAME=RENDER:DETECTOR:BATCH[:DESKEW], e.g. det736=1240:736:1"
        ) from None
    return name, ocr.OcrSettings(
        render, detector, batch, deskew=bool(deskew[0]) if deskew else ocr.SETTINGS.deskew
    )


@dataclass
class ScanDoc:
    """One scanned document of the accuracy sets and how to score a reading of it."""

    path: Path
    seed: str = ""  # the full text (pdf/NNN-scanned.pdf), whitespace-free after clean
    notice: bool = False
    lines: list[str] = field(default_factory=list)  # gold lines (real/, formats/)

    @property
    def pages(self) -> int:
        if self.path.suffix.lower() != ".pdf":
            return 1
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(self.path))
        try:
            return len(document)
        finally:
            document.close()

    def page_image(self, index: int, settings: ocr.OcrSettings):
        """The page as the indexer hands it to OCR at these settings' render size."""
        if self.path.suffix.lower() != ".pdf":
            from PIL import Image

            from indexer.extract.image import upright_and_scaled

            return upright_and_scaled(Image.open(self.path), settings.render_short_side_px)
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(self.path))
        try:
            page = document[index]
            return page.render(scale=ocr.render_scale(page, settings), grayscale=False).to_pil()
        finally:
            document.close()

    def accuracy(self, page_texts: list[str]) -> float:
        if not self.lines:
            scored = page_texts[:-1] if self.notice and len(page_texts) > 1 else page_texts
            return accuracy(self.seed, squeeze(clean_pages(scored).text))
        scorer = real_scorer()
        hay = scorer.norm(clean_pages(page_texts).text)
        return statistics.fmean(scorer.char_accuracy(scorer.norm(line), hay) for line in self.lines)


def real_scorer():
    """The held-out scorer's line accuracy (../shared/corpus/real/score.py), loaded once."""
    global _SCORER
    if _SCORER is None:
        import importlib.util

        spec = importlib.util.spec_from_file_location("real_score", CORPUS / "real" / "score.py")
        if spec is None or spec.loader is None:
            raise SystemExit(f"cannot load {CORPUS / 'real' / 'score.py'}")
        _SCORER = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_SCORER)
    return _SCORER


_SCORER = None


def scan_doc(path: Path) -> ScanDoc:
    if path.parent == CORPUS / "pdf":
        seed_raw, notice = seed_for(path)
        return ScanDoc(path, seed=squeeze(clean_text(seed_raw)), notice=notice)
    import json

    folder = path.parent.parent if path.parent.name == "docs" else path.parent  # real/docs/, formats/
    docs = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["docs"]
    entry = docs[path.name] if isinstance(docs, dict) else next(d for d in docs if d["file"] == path.name)
    return ScanDoc(path, lines=entry.get("lines") or entry["sentences"])


@dataclass
class SpeedRun:
    pages: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    texts: dict[Path, list[str]] = field(default_factory=lambda: collections.defaultdict(list))


def speed_compare(docs: list[ScanDoc], configs: dict[str, ocr.OcrSettings], threads: int, rounds: int):
    """Every page read under every config, configs interleaved page by page (their order turning
    from page to page), so that a busy machine slows them alike. A page's time is render + OCR."""
    runs = {name: SpeedRun() for name in configs}
    pages = [(doc, index) for doc in docs for index in range(doc.pages)]
    for settings in configs.values():  # load every engine and run it once before any timing
        ocr.read_image(docs[0].page_image(0, settings), threads, settings)
    names = list(configs)
    for round_ in range(rounds):
        for number, (doc, index) in enumerate(pages):
            shift = (number + round_) % len(names)
            for name in names[shift:] + names[:shift]:
                settings = configs[name]
                cpu, start = time.process_time(), time.perf_counter()
                text = ocr.read_image(doc.page_image(index, settings), threads, settings).text
                runs[name].wall += time.perf_counter() - start
                runs[name].cpu += time.process_time() - cpu
                runs[name].pages += 1
                if round_ == 0:
                    runs[name].texts[doc.path].append(text)
        print(f"round {round_ + 1}: done (load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
    return runs


def speed_report(
    docs: list[ScanDoc], configs: dict[str, ocr.OcrSettings], runs: dict[str, SpeedRun], threads: int
) -> str:
    base = runs.get("today")
    head = "| config | render px | detector px | rec batch | deskew | pages/s (wall) | pages per CPU-s |"
    head += "".join(f" {d.path.name} |" for d in docs) + " vs today (wall) | vs today (CPU) |"
    lines = [
        f"OCR of {sum(d.pages for d in docs)} pages, {threads} thread(s) a reading "
        f"(a worker's share of 2 cores under --jobs 2); accuracy per document:",
        "",
        head,
        "|---|---:|---:|---:|---|---:|---:|" + "---:|" * len(docs) + "---:|---:|",
    ]
    for name, run in runs.items():
        s = configs[name]
        rate, cpu_rate = run.pages / run.wall, run.pages / run.cpu
        accs = "".join(f" {d.accuracy(run.texts[d.path]):.4f} |" for d in docs)
        ratio = (
            f" {rate / (base.pages / base.wall):.2f}× | {cpu_rate / (base.pages / base.cpu):.2f}× |"
            if base
            else " | |"
        )
        detector = s.detector_long_side_px or "whole"
        lines.append(
            f"| {name} | {s.render_short_side_px} | {detector} | {s.recognizer_batch} | {'yes' if s.deskew else 'no'} | {rate:.3f} | {cpu_rate:.3f} |{accs}{ratio}"
        )
    return "\n".join(lines)


def speed_main(args) -> int:
    chosen = {"tune": TUNE_DOCS, "held": HELD_DOCS, "all": TUNE_DOCS + HELD_DOCS}[args.split]
    docs = [scan_doc(path) for path in (args.pdfs or chosen)]
    configs = {"today": TODAY, "default": ocr.SETTINGS}
    configs.update(parse_settings(spec) for spec in args.config)
    runs = speed_compare(docs, configs, args.threads, args.rounds)
    print(speed_report(docs, configs, runs, args.threads))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="scanned PDFs (default: the three corpus scans)")
    # psm 4 (one column of variable-size text) measured best on the corpus scans:
    # 0.9797 vs 0.9785 for psm 6, 0.91 for psm 3 (misses lines), 0.97 for psm 11
    parser.add_argument(
        "--psm", default="4", help="tesseract page segmentation mode(s), comma separated (default 4)"
    )
    parser.add_argument("--examples", type=int, default=6, help="error examples per engine and PDF (0: none)")
    parser.add_argument("--no-tesseract", action="store_true", help="run RapidOCR only")
    parser.add_argument("--selftest", action="store_true", help="check the edit distance and exit")
    parser.add_argument(
        "--speed",
        action="store_true",
        help="RapidOCR only: pages/s and accuracy of OCR settings, today's against the default and --config",
    )
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        help="with --speed: more settings, NAME=RENDER:DETECTOR:BATCH (render short side px, detector "
        "long side px or 0 for the whole render, lines a recognition batch)",
    )
    parser.add_argument(
        "--split",
        choices=("tune", "held", "all"),
        default="all",
        help="with --speed: the documents settings were tuned on, the held-out ones, or both",
    )
    parser.add_argument("--threads", type=int, default=1, help="with --speed: threads a reading (default 1)")
    parser.add_argument("--rounds", type=int, default=1, help="with --speed: timed passes over the pages")
    args = parser.parse_args(argv)
    if args.speed:
        return speed_main(args)
    if args.selftest:
        import random

        rng = random.Random(1)
        for _ in range(300):
            a = "".join(rng.choice("第6期其工作简报") for _ in range(rng.randrange(0, 90)))
            b = "".join(rng.choice("第6期其工作简报") for _ in range(rng.randrange(0, 90)))
            assert levenshtein(a, b) == levenshtein_dp(a, b), (a, b)
        print("levenshtein: ok")
        return 0
    pdfs = args.pdfs or DEFAULT_PDFS
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        parser.error("not found: " + ", ".join(map(str, missing)))
    psms = [int(p) for p in args.psm.split(",") if p.strip()]
    results = compare(pdfs, psms, args.examples, args.no_tesseract)
    print(report(results, args.examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
