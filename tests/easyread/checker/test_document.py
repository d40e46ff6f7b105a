"""Splitting text into sentences and words, and mapping spans back to the original."""

from __future__ import annotations

from easyread.checker.document import build_document


def sentences(text: str) -> list[str]:
    doc = build_document(text)
    return [doc.plain[s.start : s.end] for s in doc.sentences]


def words(text: str) -> list[str]:
    return [word.text for word in build_document(text).words]


def test_full_stops_question_and_exclamation_marks_end_sentences() -> None:
    assert sentences("We will meet. Can you come? Yes!") == [
        "We will meet.",
        "Can you come?",
        "Yes!",
    ]


def test_titles_and_lower_case_after_a_full_stop_do_not_end_a_sentence() -> None:
    assert sentences("Dr. Shah will call, e.g. on Monday. Then we meet.") == [
        "Dr. Shah will call, e.g. on Monday.",
        "Then we meet.",
    ]


def test_a_new_line_ends_a_sentence_unless_the_next_line_carries_on_in_lower_case() -> None:
    assert sentences("What we will do\nMeet every week\nand go to\nthe park") == [
        "What we will do",
        "Meet every week\nand go to\nthe park",
    ]


def test_blank_lines_and_list_items_end_sentences() -> None:
    assert sentences("Your plan\n\n- see friends\n- go to school") == [
        "Your plan",
        "see friends",
        "go to school",
    ]


def test_arabic_and_urdu_sentence_marks_end_sentences() -> None:
    assert len(build_document("هل أنت بخير؟ نعم.").sentences) == 2
    assert len(build_document("آپ کی میٹنگ منگل کو ہے۔ آپ آ سکتے ہیں۔").sentences) == 2


def test_numbers_dates_and_times_are_one_word_each() -> None:
    assert words("1,000 people on 04/03/25 at 14:00, see nhs.uk") == [
        "1,000",
        "people",
        "on",
        "04/03/25",
        "at",
        "14:00",
        "see",
        "nhs.uk",
    ]


def test_apostrophes_and_hyphens_stay_inside_words_and_are_looked_up_plainly() -> None:
    doc = build_document("Don’t worry about well-being.")
    assert [word.text for word in doc.words] == ["Don’t", "worry", "about", "well-being"]
    assert doc.words[0].lower == "don't"


def test_arabic_words_with_vowel_marks_are_one_word() -> None:
    assert words("مَرْحَبًا بِكُمْ") == ["مَرْحَبًا", "بِكُمْ"]


def test_underscores_and_emoji_are_not_part_of_words() -> None:
    assert words("_hello_ 😀 there") == ["hello", "there"]


def test_html_tags_are_taken_out_and_block_tags_end_sentences() -> None:
    doc = build_document("<p>Hello <b>there</b></p><p>See you</p>")
    assert [doc.plain[s.start : s.end] for s in doc.sentences] == ["Hello there", "See you"]


def test_inline_tags_join_up_with_the_words_around_them() -> None:
    assert words("un<b>believ</b>able") == ["unbelievable"]


def test_spans_map_back_to_the_original_html() -> None:
    text = "<p>Hello &amp; <em>goodbye</em> friend</p>"
    doc = build_document(text)
    goodbye = next(word for word in doc.words if word.text == "goodbye")
    start, end = doc.to_original(goodbye.start, goodbye.end)
    assert text[start:end] == "goodbye"
    sentence = doc.sentences[0]
    start, end = doc.to_original(sentence.start, sentence.end)
    assert text[start:end] == "Hello &amp; <em>goodbye</em> friend"


def test_entities_are_decoded() -> None:
    assert build_document("Tom &amp; Sam&#39;s plan&nbsp;now").plain == "Tom & Sam's plan\xa0now"


def test_comments_scripts_and_styles_are_not_text() -> None:
    text = "Hi <!-- a note --> there <script>var x = 1;</script><style>p {}</style> now"
    assert words(text) == ["Hi", "there", "now"]


def test_an_unclosed_comment_or_script_hides_the_rest() -> None:
    assert words("Hi <!-- never closed and more") == ["Hi"]
    assert words("Hi <script>never closed") == ["Hi"]


def test_a_lone_less_than_sign_or_ampersand_is_kept() -> None:
    assert words("5 < 6 & 7 > 2") == ["5", "6", "7", "2"]
    assert build_document("Tom & Sam").plain == "Tom & Sam"


def test_words_in_gives_the_words_overlapping_a_span() -> None:
    doc = build_document("one two three four")
    assert list(doc.words_in(4, 13)) == [1, 2]
    assert list(doc.words_in(3, 4)) == []


def test_a_sentence_starting_in_lower_case_is_still_a_new_sentence() -> None:
    assert sentences("we will meet. you can come. etc. and more") == [
        "we will meet.",
        "you can come.",
        "etc. and more",
    ]


def test_a_span_over_an_entity_maps_to_the_whole_entity() -> None:
    text = "Tom &amp; Sam"
    doc = build_document(text)
    assert doc.plain == "Tom & Sam"
    start, end = doc.to_original(4, 5)
    assert text[start:end] == "&amp;"
    start, end = doc.to_original(0, 9)
    assert (start, end) == (0, len(text))
