"""A run of thousands of capitalised words is one long entity; looking its phrases up in the
alias table must not try every sub-phrase (cubic: 2,000 repeated names took 18 s, and the fuzz
bench's long lines of names hung). Counted in look-ups, not timed."""

from __future__ import annotations

import pytest

from qa.entities import witness
from qa.entities.words import alias_index, longest_alias_words


class _CountingIndex(dict):
    lookups = 0

    def get(self, key, default=None):  # type: ignore[override]
        _CountingIndex.lookups += 1
        return super().get(key, default)


def test_alias_lookups_grow_linearly_with_a_long_entity(monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.config import Config
    from qa.document import Document, Text
    from qa.pipeline import check_documents

    counting = _CountingIndex(alias_index())
    monkeypatch.setattr(witness, "alias_index", lambda: counting)
    words = 1_500
    hyp = " ".join(["Nikiforov"] * words) + ".\n"
    doc = Document(id="names", hyp=Text(hyp, "en"), refs=[Text("Minister Nikolai Nikiforov spoke.\n", "en")])
    report = check_documents([doc], Config(no_model=True))
    assert report.documents[0].status == "checked"
    # every sub-phrase would be words * (words + 1) / 2 = 1.1 million look-ups per side
    assert 0 < _CountingIndex.lookups <= 2 * words * longest_alias_words()
