"""Texts written for the fidelity, coverage and encoder tests (no benchmark sentences)."""

from __future__ import annotations

REFERENCE = """City council approves new bridge over the Volga

The city council of Tver voted on Tuesday to build a second road bridge over the Volga river.
The project will cost 4.2 billion roubles and is expected to be finished in 2027.
Mayor Anna Sokolova said the bridge would cut traffic jams in the city centre by a third.
Opposition deputies criticised the plan, arguing that the money should go to repairing schools.
Construction is scheduled to begin next spring, once the regional government releases the funds.
The old bridge, built in 1956, will remain open for pedestrians and trams."""

# The same content in other words: what a good translation looks like next to the reference.
FAITHFUL = """City council backs a new bridge across the Volga

On Tuesday the Tver city council voted to construct a second road bridge across the Volga.
The project is going to cost 4.2 billion roubles and should be completed in 2027.
According to Mayor Anna Sokolova, the bridge will reduce traffic jams in the city centre by one third.
Opposition deputies attacked the plan, saying the money ought to be spent on school repairs.
Work is due to start next spring, as soon as the regional government releases the money.
The old bridge, which was built in 1956, will stay open to pedestrians and trams."""

ADVERT = """Z9 Wireless Garden Sprinkler

Z9 Wireless Garden Sprinkler,Smart Timer Watering Kit,Waterproof Outdoor Irrigation Controller

Hangzhou Brightwater Trading Co., Ltd , https://www.example.com"""

WITH_ADVERT = FAITHFUL + "\n\n" + ADVERT

SOURCE_RU = """Городская дума одобрила строительство нового моста через Волгу

Городская дума Твери во вторник проголосовала за строительство второго автомобильного моста через Волгу.
Проект обойдётся в 4,2 миллиарда рублей, его планируют завершить в 2027 году.
Мэр Анна Соколова заявила, что мост сократит пробки в центре города на треть.
Депутаты от оппозиции раскритиковали план, заявив, что деньги лучше направить на ремонт школ.
Строительство начнётся следующей весной, когда региональное правительство выделит средства.
Старый мост, построенный в 1956 году, останется открытым для пешеходов и трамваев."""

# A different news story: fluent English that translates nothing in the source.
UNRELATED = """Heavy snow closes mountain passes in the Alps

Several mountain passes in Switzerland and Austria were closed on Sunday after heavy snowfall.
Meteorologists warned of a high avalanche risk in the western part of the region.
Ski resorts reported more than a metre of fresh snow in twenty-four hours.
Rail services between Zurich and Milan were delayed by up to three hours.
Police asked drivers to fit snow chains and to avoid unnecessary journeys.
Temperatures are expected to rise again by the middle of the week."""

# One sentence whose meaning is changed: the mayor says the opposite.
MEANING_CHANGED = FAITHFUL.replace(
    "According to Mayor Anna Sokolova, the bridge will reduce traffic jams in the city centre by one third.",
    "Mayor Anna Sokolova said she would resign if the river flooded the zoo again this winter.",
)


def aligned_document(
    hyp: str, ref: str | None, src: str | None = None, use_model: bool = False, src_lang: str = "ru"
):
    """Segment and align as the pipeline does (lexical without a model, encoders with one)."""
    from qa.align import align, similarity_for
    from qa.document import AlignedDocument, Document, Text

    doc = Document("test", Text(hyp, "en"), [Text(ref, "en")] if ref is not None else [])
    if src is not None:
        doc.src = Text(src, src_lang)
    refs = [align(doc.hyp, r, similarity_for(doc.hyp, r, use_model=use_model)) for r in doc.refs]
    src_alignment = (
        align(doc.hyp, doc.src, similarity_for(doc.hyp, doc.src, use_model=use_model)) if doc.src else None
    )
    return AlignedDocument(doc=doc, ref_alignments=refs, src_alignment=src_alignment)
