import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
CATALOGS = [Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po" for language in ("nl", "fr")]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_message_is_translated_and_keeps_its_placeholders(path):
    catalog = polib.pofile(str(path))

    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
    for entry in catalog.translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
            assert sorted(PLACEHOLDER.findall(translation)) == expected, entry.msgid
