"""A form base for staff forms that write text families will read.

On submit, each field named in `family_text_fields` goes through the
easy-read checker. The form is valid only when the text may be saved: errors
fixed, and warnings either fixed or accepted with "save anyway". The findings
are kept on the form for the template to show next to the field (server-side,
so it works without JavaScript).
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from portal.services.easy_read.review import TextReview, review_family_text


class FamilyTextForm(FlaskForm):
    family_text_fields: ClassVar[tuple[str, ...]] = ()

    save_anyway = BooleanField(_l("Save anyway: I have read the suggestions"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.easy_read_reviews: dict[str, TextReview] = {}

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        may_save = True
        self.review_family_text()
        for name in self.fields_to_check():
            field = getattr(self, name)
            review = self.easy_read_reviews[name]
            if review.has_errors:
                field.errors.append(_l("Make this easier to read before saving it"))
                may_save = False
            elif not review.may_save(save_anyway=bool(self.save_anyway.data)):
                field.errors.append(
                    _l("Read the suggestions, then change the text or choose save anyway")
                )
                may_save = False
        return may_save

    def fields_to_check(self) -> tuple[str, ...]:
        """The fields whose text families will read (by default, all of
        `family_text_fields`)."""
        return self.family_text_fields

    def review_family_text(self) -> None:
        """Check each field's text and keep the findings, saving nothing: a
        "Check" button shows them before the writer saves."""
        for name in self.fields_to_check():
            text = getattr(self, name).data or ""
            self.easy_read_reviews[name] = review_family_text(text, lang=self.language())

    def language(self) -> str:
        """The language families will read this text in."""
        return "en"
