"""Benchmark: how long the identifying-details detector takes on a long contribution.

Times find_identifying_details on 5,000 characters of realistic text (the labelled corpus run
together) and on repetitive text that would expose a regular expression that backtracks badly.

    .venv/bin/python -m bench.detector
"""

import json
import statistics
import time
from pathlib import Path

from challenges.identifying import find_identifying_details

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "identifying_corpus.jsonl"
PATHOLOGICAL_PIECES = ("x.y", "a@", "0 ", "07700 ", "Aa ", "Sarah ", "Ward ", "1")


def median_millis(text: str, repeat: int = 50) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        find_identifying_details(text)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    prose = " ".join(json.loads(line)["text"] for line in lines if line.strip())[:5000]
    print(f"realistic 5,000 characters: {median_millis(prose):6.2f} ms (median of 50)")
    for piece in PATHOLOGICAL_PIECES:
        text = piece * (5000 // len(piece))
        print(f"repeated {piece!r:<10} {median_millis(text, repeat=5):6.2f} ms (median of 5)")


if __name__ == "__main__":
    main()
