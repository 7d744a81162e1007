"""F101 low-fidelity sentence: an aligned pair the fidelity model scores below 50.

50 on the fidelity scale is a predicted MQM penalty of 12.5, i.e. more than two major
errors in one sentence. The check reuses the fidelity metric's per-pair computation
(`qa.metrics.fidelity.document_fidelity`, computed once per document). Additions and
omissions are C101/C102, not F101. Under `--no-model` the check does nothing: the lexical
fallback is too weak to accuse single sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Finding
from qa.rules import RULES

LOW_FIDELITY = 50.0


class FidelityCheck:
    name = "fidelity"
    rules = ("F101",)

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        if context.config.no_model or not doc.doc.hyp.sentences:
            return []
        from qa.metrics.fidelity import document_fidelity

        result = document_fidelity(doc, use_model=True)
        hyp = doc.doc.hyp
        rule = RULES["F101"]
        findings = []
        for pair in result.pairs:
            if not pair.hyp or not pair.features or pair.fidelity >= LOW_FIDELITY:
                continue
            start, end = hyp.sentences[pair.hyp[0]].start, hyp.sentences[pair.hyp[-1]].end
            evidence = [("fidelity", f"{pair.fidelity:.1f}")]
            if doc.ref_alignments and pair.ref:
                reference = doc.ref_alignments[0].other
                evidence.append(("reference", " ".join(reference.sentences[j].text for j in pair.ref)))
            for key in ("cos_ref", "use_src", "chrf"):
                value = pair.features.get(key)
                if value is not None and value == value:
                    evidence.append((key, f"{value:.2f}"))
            findings.append(
                Finding(
                    rule="F101",
                    category=rule.category,
                    severity=rule.severity,
                    message=f"low fidelity ({pair.fidelity:.0f}/100): the meaning may differ from the "
                    "reference",
                    text=hyp.content[start:end],
                    span=hyp.span(start, end),
                    evidence=tuple(evidence),
                )
            )
        return findings
