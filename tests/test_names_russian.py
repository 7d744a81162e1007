"""Russian person names found with pymorphy3 and brought to the nominative."""

from __future__ import annotations

from qa.names.model import FIRST, MIDDLE, SURNAME
from qa.names.russian import extract_russian_names


def nominatives(text: str) -> list[str]:
    return [p.nominative for p in extract_russian_names(text)]


def test_case_forms_become_nominative_keeping_gender() -> None:
    text = "Министр согласился с Марией Захаровой. Позицию Николая Никифорова поддержал Роман Рожков."
    assert nominatives(text) == ["Мария Захарова", "Николай Никифоров", "Роман Рожков"]


def test_back_to_back_names_are_split() -> None:
    text = "Пресс-секретарь президента Владимира Путина Дмитрий Песков ответил."
    assert nominatives(text) == ["Владимир Путин", "Дмитрий Песков"]


def test_a_lone_ambiguous_surname_keeps_both_lemmas() -> None:
    [person] = extract_russian_names("Это слова министра, сказал Никифорова.")
    assert set(person.tokens[0].lemmas) == {"Никифоров", "Никифорова"}


def test_a_womans_surname_known_only_as_masculine_stays_feminine() -> None:
    # pymorphy3 reads Ракова only as the genitive of Раков; after Мария it is her surname
    assert nominatives("Об этом заявила Мария Ракова. Письмо Марии Раковой пришло.") == [
        "Мария Ракова",
        "Мария Ракова",
    ]
    assert nominatives("Письмо Ивана Ракова пришло.") == ["Иван Раков"]
    # a first name of either gender (Валентина, or the genitive of Валентин) keeps both
    [person] = extract_russian_names("Об этом заявила Валентина Ракова.")
    assert set(person.tokens[-1].lemmas) == {"Раков", "Ракова"}


def test_official_order_with_patronymic() -> None:
    [person] = extract_russian_names("Протокол подписал Сидоров Иван Петрович.")
    assert [(t.part, t.lemmas[0]) for t in person.tokens] == [
        (SURNAME, "Сидоров"),
        (FIRST, "Иван"),
        (MIDDLE, "Петрович"),
    ]


def test_adjectival_surnames_and_foreign_names() -> None:
    text = "Госсекретарь Энтони Блинкен встретился с Владимиром Зеленским."
    assert nominatives(text) == ["Энтони Блинкен", "Владимир Зеленский"]


def test_places_and_sentence_initial_words_are_not_names() -> None:
    assert extract_russian_names("Москва и Россия ответили. Роман вышел в сентябре.") == []


def test_offsets_point_at_the_surface_forms() -> None:
    text = "Заявление Марии Захаровой."
    [person] = extract_russian_names(text)
    assert [text[t.start : t.end] for t in person.tokens] == ["Марии", "Захаровой"]
