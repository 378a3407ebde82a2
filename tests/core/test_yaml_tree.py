"""Walking YAML data: every value with its path, and every text."""
from bot.core.yaml_tree import strings, walk

DATA = {"producten": {"vog": {"naam": "VOG", "tarieven": [{"bedrag": 41.35, "voor": "een VOG"}]}}, "leeg": None}


def test_walk_names_every_value_by_its_path():
    paths = [path for path, _key, _value in walk(DATA)]
    assert paths == ["producten", "producten.vog", "producten.vog.naam", "producten.vog.tarieven",
                     "producten.vog.tarieven[0]", "producten.vog.tarieven[0].bedrag",
                     "producten.vog.tarieven[0].voor", "leeg"]


def test_strings_are_the_texts_only():
    assert list(strings(DATA)) == [("producten.vog.naam", "VOG"), ("producten.vog.tarieven[0].voor", "een VOG")]
    assert list(strings("los")) == [("", "los")]
