"""The wegwijzer: municipal subjects outside burgerzaken (afval, WOZ, Wmo, kapvergunning, ...)
that the assistant signposts instead of answering.

The subjects live in ``gemeente.yml`` (section ``wegwijzer``); ``matcher`` recognises them in a
message from their words and examples, ``component`` puts that into the NLU pipeline (the
message becomes ``out_of_scope`` with the entity ``wegwijzer``), ``referral`` builds the reply and
``check`` tells an administrator what is wrong with the section.
"""
