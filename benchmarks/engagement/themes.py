"""Theme recovery benchmark (never part of ``make test``): does the topic model find the themes
the generator planted, and how long does each step take?

Generates the consultation (``population.consult.generate``, 18,500 responses by default),
redacts every free-text answer (``redact``), proposes themes per free-text question with k chosen
from the data (``themes.propose``, no analyst edits), maps every answer to the proposals
(``themes.assign``) and scores the best theme of each non-blank answer against its planted primary
theme by adjusted mutual information (target >= 0.7 on every question). Reports planted versus
redacted personal data too. Writes ``benchmarks/results/engagement_themes.json``.

    python benchmarks/engagement/themes.py [--n 18500] [--seed 17]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "engagement_themes.json"
TARGET = 0.7


def one_question(texts: list[str], planted: list[str], seed: int) -> dict:
    from engineroom.population.consult import themes

    began = time.perf_counter()
    proposals = themes.propose(texts, seed=seed)
    proposed = time.perf_counter()
    assigned = themes.assign(texts, [p.terms for p in proposals])
    done = time.perf_counter()
    pairs = [(p, a[0][0] if a else -1) for p, a in zip(planted, assigned, strict=True) if p]
    ami = themes.recovery([p for p, _ in pairs], [f for _, f in pairs])
    return {
        "answers": len(pairs),
        "planted_themes": len(set(p for p, _ in pairs)),
        "k_chosen": len(proposals),
        "ami": round(ami, 3),
        "meets_target": ami >= TARGET,
        "unassigned": sum(1 for _, f in pairs if f == -1),
        "several_themes": sum(1 for a in assigned if len(a) > 1),
        "propose_s": round(proposed - began, 2),
        "assign_s": round(done - proposed, 2),
        "top_terms": [list(p.terms)[:6] for p in proposals],
    }


def run(n: int, seed: int) -> dict:
    from engineroom.population.consult.generate import consultation
    from engineroom.population.consult.redact import redact

    began = time.perf_counter()
    generated = consultation(n, seed=seed)
    made = time.perf_counter()
    free = [q for q in generated.questions if q["kind"] == "free_text"]
    redacted = {q["key"]: [redact(row[q["text"]]) for row in generated.rows] for q in free}
    cleaned = time.perf_counter()
    found = Counter()
    for answers in redacted.values():
        for answer in answers:
            found.update(answer.counts)
    questions = {
        key: one_question([a.text for a in answers], generated.planted[key], seed)
        for key, answers in redacted.items()
    }
    return {
        "responses": n,
        "seed": seed,
        "free_text_answers": n * len(free),
        "generate_s": round(made - began, 2),
        "redact_s": round(cleaned - made, 2),
        "pii_planted": dict(sorted(generated.pii.items())),
        "pii_found": dict(sorted(found.items())),
        "questions": questions,
        "all_meet_target": all(q["meets_target"] for q in questions.values()),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=18_500)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    result = run(args.n, args.seed)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for key, q in result["questions"].items():
        print(
            f"{key}: AMI {q['ami']} (k {q['k_chosen']} of {q['planted_themes']} planted), "
            f"propose {q['propose_s']} s, assign {q['assign_s']} s"
        )
    print(f"redact {result['redact_s']} s; planted {result['pii_planted']}")
    print(f"found {result['pii_found']}; written {RESULTS.relative_to(ROOT)}")
    return 0 if result["all_meet_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
