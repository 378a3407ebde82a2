"""The referral for a wegwijzer subject, and follow-ups on it."""
from __future__ import annotations

from bot.core.readability import measure
from bot.faq.answers import Question
from bot.faq.follow_up import Subject, answer, leans_on


def test_the_referral_names_the_subject_with_its_sentence_page_and_phone(answers, config):
    [reply] = answers.reply_to(Question("out_of_scope", "ik wil hulp via de wmo", entities={"wegwijzer": "wmo"}))
    wmo = config.wegwijzer["wmo"]
    assert wmo.naam in reply.text and wmo.uitleg in reply.text and str(wmo.link) in reply.text
    assert wmo.telefoon in reply.text and "€" not in reply.text
    assert [b.payload for b in reply.buttons] == ["/menselijk_contact"]


def test_without_its_own_phone_the_municipalitys_number(answers, config):
    [reply] = answers.signpost("kapvergunning")
    assert config.wegwijzer["kapvergunning"].telefoon is None and config.gemeente.telefoon in reply.text


def test_an_unknown_subject_gets_the_general_answer(answers):
    [reply] = answers.reply_to(Question("out_of_scope", entities={"wegwijzer": "bestaat_niet"}))
    assert "Daar kan ik u helaas niet mee helpen" in reply.text


def test_every_referral_is_plain_language(answers, config):
    for key in config.wegwijzer:
        for follow_up in (False, True):
            [reply] = answers.signpost(key, follow_up)
            assert measure(reply.text).flesch_douma >= 60, reply.text


def test_a_short_question_after_a_referral_is_about_that_subject(answers):
    signposted = Subject("out_of_scope", signposted="kapvergunning")
    for text, intent in [("hoeveel kost die?", "paspoort_id_aanvragen"), ("en wat kost dat?", "nlu_fallback"),
                         ("hoe laat zijn ze open?", "openingstijden")]:
        question = Question(intent, text)
        assert leans_on(question, signposted, answers.content, answers.config), text
        replies, after = answer(answers, question, signposted)
        assert "kapvergunning" in replies[0].text and "€" not in replies[0].text and after == signposted


def test_a_question_of_its_own_after_a_referral_is_not(answers):
    signposted = Subject("out_of_scope", signposted="kapvergunning")
    for question in [Question("paspoort_id_aanvragen", "wat kost een paspoort", document="paspoort"),
                     Question("out_of_scope", "en grofvuil?", entities={"wegwijzer": "afval"}),
                     Question("openingstijden", "hoe laat is het gemeentehuis open"),
                     Question("bedankt", "dank je"), Question("menselijk_contact", "kan ik iemand spreken")]:
        assert not leans_on(question, signposted, answers.content, answers.config), question.text
