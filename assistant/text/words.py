"""The words answers are read by, in one place: yes, no, "don't know", hedges, approximations.

English and Simplified Chinese. The yes/no reader (assistant.answers.parse), the "don't know" test
(assistant.answers.base), the engine's "yes, with details" and hedge checks and the age/duration
readers' approximations (assistant.answers.measures) all use these.
"""

from __future__ import annotations

import re

__all__ = [
    "APPROXIMATE",
    "CN_NO_LEAD",
    "CN_YES_LEAD",
    "DONT_KNOW",
    "DONT_KNOW_PHRASE",
    "FIRST_PERSON_YES",
    "HEDGE",
    "LEADING_YES",
    "NO",
    "NO_LEAD",
    "TEXT_DONT_KNOW",
    "TEXT_NO",
    "TEXT_YES",
    "YES",
    "YES_LEAD",
]

YES = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yea",
        "yep",
        "yup",
        "ya",
        "sure",
        "true",
        "correct",
        "right",
        "i am",
        "i do",
        "i have",
        "i did",
        "i was",
        "yes i am",
        "yes i do",
        "yes i have",
        "positive",
        "pos",
        "+",
        "reactive",
        "detected",
        "ok",
        "affirmative",
        "absolutely",
        "of course",
        "definitely",
        "indeed",
        "是",
        "是的",
        "对",
        "对的",
        "有",
        "有的",
        "阳性",
        "嗯",
        "嗯嗯",
        "对啊",
        "是啊",
        "有啊",
        "确诊",
        "确诊了",
        "是滴",
        "要",
        "好",
        "阳",
        "+ve",
    }
)
NO = frozenset(
    {
        "no",
        "n",
        "nope",
        "nah",
        "none",
        "never",
        "not",
        "negative",
        "neg",
        "-",
        "false",
        "incorrect",
        "i'm not",
        "im not",
        "i am not",
        "i don't",
        "i dont",
        "i do not",
        "i haven't",
        "i have not",
        "i didn't",
        "i did not",
        "i wasn't",
        "no i'm not",
        "no i am not",
        "non-reactive",
        "nonreactive",
        "non reactive",
        "not reactive",
        "not detected",
        "undetected",
        "nil",
        "nothing",
        "no never",
        "never had",
        "not at all",
        "-ve",
        "否",
        "不是",
        "没有",
        "无",
        "阴性",
        "没",
        "不",
        "不对",
        "没有的",
        "没有啊",
        "不是的",
        "阴",
        "未",
        "从来没有",
        "从没有",
        "没有过",
        "无此",
        # Asked about pregnancy or nursing, these can only mean no.
        "postmenopausal",
        "post-menopausal",
        "post menopausal",
        "menopausal",
        "after menopause",
        "绝经",
        "已绝经",
        "绝经了",
    }
)
YES_LEAD = (
    "yes",
    "yeah",
    "yep",
    "yup",
    "y",
    "correct",
    "true",
    "positive",
    "i am",
    "i do",
    "i have",
    "i did",
)
NO_LEAD = (
    "no",
    "nope",
    "never",
    "not",
    "negative",
    "false",
    "i'm not",
    "im not",
    "i am not",
    "i don't",
    "i dont",
    "i do not",
    "i haven't",
    "i have not",
    "none",
    "i didn't",
    "i did not",
)
CN_NO_LEAD = ("没有", "不是", "否", "无", "没", "阴性", "未", "从未", "从来没")
CN_YES_LEAD = ("是的", "是", "对", "有", "阳性", "嗯")

# A free-text answer that is only a yes, a no or a "don't know" ("nothing else", "没有了").
TEXT_NO = frozenset(
    {
        "no",
        "n",
        "none",
        "nothing",
        "nope",
        "nah",
        "never",
        "no never",
        "n/a",
        "na",
        "nil",
        "nothing else",
        "none else",
        "no other",
        "no others",
        "nothing more",
        "no more",
        "none at all",
        "not at all",
        "no nothing",
        "no none",
        "nothing to add",
        "not really",
        "没有",
        "无",
        "否",
        "没有其他",
        "没",
        "没有了",
        "都没有",
        "无其他",
        "没有别的",
        "没有其它",
        "其他没有",
        "不",
        "不是",
        "没有过",
        "从来没有",
        "从未",
        "没其他",
        "没别的",
        "无其它",
        "暂无",
        # "none known" / "no known allergies": the person knows of none.
        "none known",
        "no known",
        "none that i know of",
        "not that i know of",
        "nka",
        "nkda",
        "no known allergies",
        "no allergies",
        "nil known",
        "wnl",
        "none reported",
        "denies",
        "无已知过敏",
        "没有已知的",
        "-",
        "none of these",
        "none of the above",
        "never had",
        "i don't",
        "i do not",
        "no i don't",
        "no i haven't",
        "i haven't",
        "no i have not",
        "no i do not",
    }
)
TEXT_YES = frozenset({"yes", "y", "yeah", "yep", "yup", "是", "有", "是的", "有的", "对", "嗯"})
TEXT_DONT_KNOW = frozenset(
    {
        "?",
        "??",
        "don't know",
        "dont know",
        "do not know",
        "i don't know",
        "i dont know",
        "not sure",
        "unsure",
        "no idea",
        "dunno",
        "idk",
        "unknown",
        "不知道",
        "不清楚",
        "不确定",
        "不记得",
        "忘了",
        "不太清楚",
        "不太确定",
    }
)

# "Don't know" in all its forms. Matched as the whole answer, or as a phrase inside it
# ("I'm not sure", "我不太清楚"): a person who says they are unsure has not said no.
DONT_KNOW = frozenset(
    {
        "?",
        "??",
        "???",
        "idk",
        "dk",
        "unknown",
        "unsure",
        "dunno",
        "not known",
        "n/k",
        "nk",
        "no idea",
        "no clue",
        "uncertain",
        "maybe",
        "perhaps",
        "don't know",
        "dont know",
        "do not know",
        "not sure",
        "i don't know",
        "i dont know",
        "i do not know",
        "not certain",
        "?不知道",
        "不知道",
        "不清楚",
        "不确定",
        "不记得",
        "忘了",
        "忘记了",
        "不晓得",
        "不懂",
        "说不清",
        "不太清楚",
        "不太确定",
        "不太记得",
        "记不清",
        "记不清了",
        "不知",
        "未知",
        "不详",
        "可能",
        "也许",
        "不了解",
    }
)
DONT_KNOW_PHRASE = re.compile(
    r"(?:\b(?:don'?t|do not|dont|didn'?t) (?:really )?know\b|\bnot (?:really |quite |100% )?sure\b"
    r"|\bno idea\b|\bno clue\b|\bunsure\b|\bcould be\b|\bmight be\b|\bmaybe\b"
    r"|\bcan'?t remember\b|\bcannot remember\b"
    r"|\bdon'?t remember\b|\bnot certain\b|\bforgot\b|\bforget\b|\bidk\b|\bdunno\b"
    # Never tested is not a negative result: the fact stays unknown, never passes.
    r"|\b(?:never|not|haven'?t|have not|wasn'?t|was not|not yet) (?:been |ever been )?"
    r"(?:tested|checked|screened)\b|\bno tests?\b|\bpossibly\b"
    r"|没查过|没检查过|没测过|没化验过|没做过检查|未检查|未查|未检测|没检测过|没查|没测"
    r"|不知道|不清楚|不确定|不记得|忘了|忘记|记不清|不晓得|说不清|不太清楚|不太确定)"
)

# "yes, 2023", "Y - DMSO", "有，两周前": a yes with details (Chinese needs the separator: 有点 is
# "a little", not "yes").
LEADING_YES = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|yup|yea|y|correct|positive|pos)\b[\s,.;:!()\[\]\-–—/]*\S"
    r"|(?:是的|是|有的|有|对|阳性)[\s,.;:!，。；：！、（(\-–—]+\S)",
    re.IGNORECASE,
)
# First-person affirmatives that answer the question itself: "I did", "I am", "had it".
FIRST_PERSON_YES = re.compile(
    r"^\s*(?:i (?:do|did|am|have|had|was|will)|i'm|i've|i had one|had it|had one|once|twice)\b",
    re.IGNORECASE,
)
# A hedge: the person is not sure of what they say ("I think", "可能").
HEDGE = re.compile(
    r"\b(?:i think|maybe|probably|possibly|perhaps|not sure|unsure|might|i guess)\b"
    r"|可能|好像|也许|大概|不确定|不清楚|不知道",
    re.IGNORECASE,
)
# An approximation around a number ("about 3 months", "大约三个月"): it carries no number.
APPROXIMATE = re.compile(
    r"\b(?:about|around|approximately|approx\.?|roughly|maybe|almost|nearly|"
    r"over|more than|less than|just over|just under)\b|~|大约|大概|约|左右|差不多|"
    r"将近|快|多",
    re.I,
)
