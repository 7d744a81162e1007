"""N105 across a batch from the merged name index equals `NameCheck.across` on every result.

No cluster here: the index is built from chunks of results as workers build it, merged in
input order (chunks, then shards' tables), and its findings compared with the local step's.
"""

from __future__ import annotations

import pytest

from qa.batch_index import NameIndex, NameTable, across_from, document_issues
from qa.checks.interface import CheckContext
from qa.checks.names import NameCheck
from qa.config import Config
from qa.document import Document, Text
from qa.io.inputs import BatchItem
from qa.pipeline import Checker

TEXTS = [
    "Dmitry Peskov, the Kremlin spokesman, spoke on Monday. Peskov said more later.",
    "Dmitry Peskov said the talks would go on.",
    "Dmitri Peskov declined to comment. Dmitry Peskov had said so before.",
    "Dmitry Peskow left the building.",
    "Sergei Lavrov met Maria Zakharova in Moscow.",
    "Sergey Lavrov and Maria Zakharova spoke.",
    "Sergei Lavrov flew to Ankara.",
    "Maria Zaharova answered questions.",
    "Anna Ivanova and Ivan Ivanov were both there.",
    "Ivan Ivanova was not there.",
    "Nothing about anyone.",
    "Alexei Navalny and Alexey Navalny appear twice.",
    "Alexei Navalny was sentenced.",
]


@pytest.fixture(scope="module")
def checked() -> tuple[list, CheckContext]:
    checker = Checker(Config(no_model=True))
    items = [
        BatchItem(f"d{i:02d}", "test", Document(id=f"d{i:02d}", hyp=Text(content=text, lang="en")), None)
        for i, text in enumerate(TEXTS)
    ]
    return checker.check_items(items), checker.context


def _dicts(found: dict) -> dict:
    return {doc: [f.to_dict() for f in findings] for doc, findings in found.items()}


@pytest.mark.parametrize("chunk", [1, 2, 5, 13])
def test_index_merged_from_chunks_gives_the_local_findings(
    checked: tuple[list, CheckContext], chunk: int
) -> None:
    results, context = checked
    local = NameCheck().across(results, context)
    assert local, "the texts must produce N105 across documents"
    index = NameIndex()
    for start in range(0, len(results), chunk):
        index.merge(NameIndex.of(results[start : start + chunk], context))
    across = across_from(index.issues(context))["names"]
    assert _dicts(across(results, context)) == _dicts(local)


def test_tables_of_shards_merged_give_the_local_findings(checked: tuple[list, CheckContext]) -> None:
    """As `--output-dir` does: a table a shard, merged; each shard's findings from its mentions."""
    results, context = checked
    local = NameCheck().across(results, context)
    shards = [results[:4], results[4:9], results[9:]]
    indexes = [NameIndex.of(shard, context) for shard in shards]
    table = NameTable()
    for index in indexes:
        table.merge(NameTable.of(index))
    decided = table.decide(context)
    found: dict = {}
    for shard, index in zip(shards, indexes, strict=True):
        found.update(across_from(document_issues(index, table, decided, context))["names"](shard, context))
    assert _dicts(found) == _dicts(local)


def test_one_checked_document_has_no_batch_findings(checked: tuple[list, CheckContext]) -> None:
    results, context = checked
    assert NameIndex.of(results[3:4], context).issues(context) == {}
