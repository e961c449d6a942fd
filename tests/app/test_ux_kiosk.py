"""Pilot tests of the kiosk as a patient and as staff meet it (issue 11), in both languages.

Chinese everywhere once 中文 is chosen; the end's reference code and what happens next; an honest
length; buttons whole at 80x24; the staff key and PIN; Restart asks; the welcome paints before
the dialog, pydantic and the matcher are imported.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from app_helpers import (
    DIALOG,
    ROOT,
    TODAY,
    answer,
    asynctest,
    chat_texts,
    events,
    kiosk,
    type_text,
    wait_for,
)
from patients import CLEAN_G1
from rich.cells import cell_len
from textual.widgets import Button, Input, Label

from assistant.app import create_app
from assistant.app.screens.confirm import ConfirmScreen, NoExitScreen
from assistant.app.screens.conversation import ConversationScreen
from assistant.app.screens.help import HelpScreen
from assistant.app.screens.idle import IdleScreen
from assistant.app.screens.pin import PinScreen
from assistant.app.screens.welcome import WelcomeScreen
from assistant.app.texts import LANGS, catalogue, t
from assistant.app.widgets.chat import quick_kind
from assistant.audit.refcode import reference_code
from assistant.screening.engine import Screening
from assistant.screening.progress import progress
from assistant.screening.reading import text_for_fact
from assistant.station.config import hash_pin
from assistant.trial.dialog import load_dialog

# Words allowed on a Chinese screen: names, ids, unit symbols and key names.
ALLOWED = {
    "CAR",
    "CD",
    "NCT",
    "SLE",
    "English",
    "Esc",
    "Ctrl",
    "Tab",
    "HBsAg",
    "ISN",
    "RPS",
    "mg",
    "dL",
    "umol",
    "mL",
    "min",
    "ms",
    "QTcB",
    "III",
    "IV",
    "V",
    "U",
    "L",
    "uL",
    "x",
}


def screen_text(app) -> str:
    """Everything on the terminal now, as plain text (from Textual's own screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


def english_words(text: str) -> set[str]:
    """Latin-letter words of two or more letters that are not allowed names or symbols."""
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}


async def start(pilot, lang: str) -> ConversationScreen:
    await pilot.press("e" if lang == "en" else "z")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.prompt)
    return app.screen


def test_catalogues_have_the_same_keys_and_no_empty_text() -> None:
    keys = [set(catalogue(lang)) for lang in LANGS]
    assert keys[0] == keys[1]
    for lang in LANGS:
        assert all(v.strip() for v in catalogue(lang).values()), lang


@asynctest
async def test_chinese_screen_has_no_english_words(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "zh")
        text = screen_text(app)
        assert "第 1 题，共约" in text and "本题帮助" in text and "修改上一个回答" in text
        assert english_words(text) == set(), english_words(text)
        await pilot.press("f2")  # the help screen
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert english_words(screen_text(app)) == set()
        await pilot.press("escape")
        await answer(pilot, "34")
        assert english_words(screen_text(app)) == set()
        assert screen.prompt is not None and screen.prompt.id == "sex"


@asynctest
async def test_english_screen_footer_in_english(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot, "en")
        text = screen_text(app)
        assert "Question help" in text and "Change last answer" in text
        assert "本题帮助" not in text


@pytest.mark.parametrize(
    ("lang", "hint", "proteinuria"),
    [
        ("zh", "可以使用的单位：月、周、天、年", "克/天、毫克/天"),
        ("en", "Units you can use: months, weeks, days, years", "g/day, mg/day"),
    ],
)
@asynctest
async def test_unit_hints_in_the_language(tmp_path: Path, lang, hint, proteinuria) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, lang)
        screen.bar.set_choices("duration", [], ["months", "weeks", "days", "years"])
        await pilot.pause()
        assert screen.bar.query_one("#units", Label).render().plain == hint
        screen.bar.set_choices("quantity", [], ["g/day", "mg/day"])
        await pilot.pause()
        assert screen.bar.query_one("#units", Label).render().plain.endswith(proteinuria)


@pytest.mark.parametrize(("lang", "restart"), [("zh", "重新开始"), ("en", "Restart")])
@asynctest
async def test_command_palette_in_the_language(tmp_path: Path, lang, restart) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot, lang)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: restart in screen_text(app))
        inp = app.screen.query_one(Input)
        assert inp.placeholder == t(lang, "palette_search")
        if lang == "zh":
            assert "Restart" not in screen_text(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_idle_pin_and_no_pin_screens_in_the_language(tmp_path: Path, lang) -> None:
    stored = hash_pin("2468", iterations=1000)
    app = kiosk(tmp_path, exit_pin_hash=stored)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot, lang)
        app.call_later(app._idle_fired)  # what the idle timer calls (no waiting on the clock)
        await wait_for(pilot, lambda: isinstance(app.screen, IdleScreen))
        assert t(lang, "idle_title") in screen_text(app)
        await pilot.press("f12")  # the staff key works from the idle warning, first press
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        text = screen_text(app)
        assert t(lang, "pin_title") in text
        if lang == "zh":
            assert english_words(text) == set(), english_words(text)


@asynctest
async def test_end_shows_reference_code_and_the_desk_never_contact(tmp_path: Path) -> None:
    app = kiosk(tmp_path, lang=None)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "en")
        await answer(pilot, "15")  # under 18: the kiosk stops at the first failed criterion
        await wait_for(pilot, lambda: screen.ended)
        sid = events(tmp_path)[0]["payload"]["session_id"]
        code = reference_code(sid)
        assert screen.reference == code
        end = chat_texts(app)[-2]
        assert f"Your reference code:  {code}" in end
        assert "Show this code to the study team at the desk" in end
        assert "contact you" not in " ".join(chat_texts(app))
        assert code in screen_text(app)


@asynctest
async def test_end_in_chinese_with_code(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "zh")
        await answer(pilot, "15")
        await wait_for(pilot, lambda: screen.ended)
        code = reference_code(events(tmp_path)[0]["payload"]["session_id"])
        text = screen_text(app)
        assert f"您的查询码：{code}" in text and "出示给服务台的研究团队" in text
        assert "联系您" not in text
        assert english_words(text.replace(code, "")) == set(), english_words(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_show_reasons_lists_only_what_was_not_met(tmp_path: Path, lang) -> None:
    app = kiosk(tmp_path, show_reasons=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, lang)
        await answer(pilot, "15")
        await wait_for(pilot, lambda: screen.ended)
        shown = "\n".join(chat_texts(app))
        crit = app.loaded.dialog.criterion_by_id
        assert t(lang, "end_reasons_lead") in shown
        assert f"• {crit['I2'].summary.get(lang)}" in shown
        # Nothing "still to check": unknown criteria are never listed to the person.
        assert crit["E5"].summary.get(lang) not in shown
        assert shown.count("• ") == 1


@asynctest
async def test_show_reasons_off_lists_nothing(tmp_path: Path) -> None:
    app = kiosk(tmp_path, show_reasons=False)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "en")
        await answer(pilot, "15")
        await wait_for(pilot, lambda: screen.ended)
        assert "• " not in "\n".join(chat_texts(app))


def test_progress_estimate_does_not_drift_for_a_clean_patient() -> None:
    loaded = load_dialog(DIALOG)
    for mode in ("collect", "first_fail"):
        engine = Screening(loaded.dialog, today=TODAY, mode=mode)  # type: ignore[arg-type]
        estimates, asked = [], 0
        while (prompt := engine.next_prompt()) is not None:
            n, about = progress(engine)
            assert n == asked + 1
            estimates.append(about)
            asked += 1
            fact = prompt.question.sets[0] if prompt.question else ""
            text = CLEAN_G1.get(fact, "yes" if not fact else "don't know")
            if prompt.question is not None:  # the dictionary's meaning, whatever the wording
                text = text_for_fact(loaded.dialog, prompt.question, text, TODAY, "en")
            engine.answer(prompt.id, text)
        # "About" is honest within a few: the estimate counts questions (upper limits of normal,
        # the refractory parts) that a later answer can make unnecessary.
        assert max(abs(e - asked) for e in estimates) <= 5, (estimates, asked)
        assert max(estimates) - min(estimates) <= 5


@asynctest
async def test_welcome_estimate_and_progress_line(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        about = progress(Screening(app.loaded.dialog, today=TODAY))[1]
        want = t("en", "estimate", n=about, minutes=(about * 20 + 59) // 60)
        await wait_for(pilot, lambda: want in screen_text(app))
        screen = await start(pilot, "zh")
        assert f"第 1 题，共约 {about} 题" in screen.query_one("#progress").render().plain


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_every_quick_reply_whole_at_80x24(tmp_path: Path, lang) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, lang)
        for text in ("34", "female" if lang == "en" else "女", "yes" if lang == "en" else "是"):
            await answer(pilot, text)
        assert screen.prompt is not None and screen.prompt.id == "group"
        await pilot.pause()
        buttons = list(screen.bar.query("#quick Button"))
        assert len(buttons) == 5  # four groups and "don't know"
        whole = app.screen.region
        for b in buttons:
            assert whole.contains_region(b.region), (b.label, b.region)
            assert b.region.width >= cell_len(str(b.label)), b.label


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_yes_no_questions_with_details_show_yes_and_no(tmp_path: Path, lang) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, lang)
        dialysis = app.loaded.dialog.question_by_id["dialysis"]
        assert quick_kind(dialysis.kind, dialysis) == "yesno"
        history = app.loaded.dialog.question_by_id["medical_history"]
        assert quick_kind(history.kind, history) == "text"  # anything else: no yes/no
        screen.bar.set_choices(quick_kind(dialysis.kind, dialysis))
        await pilot.pause()
        labels = [str(b.label) for b in screen.bar.query("#quick Button")]
        assert labels == [t(lang, "quick_yes"), t(lang, "quick_no"), t(lang, "quick_not_sure")]


@asynctest
async def test_staff_key_opens_pin_on_first_press_at_the_end(tmp_path: Path) -> None:
    stored = hash_pin("2468", iterations=1000)
    app = kiosk(tmp_path, exit_pin_hash=stored)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "en")
        await answer(pilot, "15")
        await wait_for(pilot, lambda: screen.ended)
        await pilot.press("f12")  # the end screen takes every key; the staff key still works
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        await type_text(pilot, "2468")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.is_running)
        assert app.return_value == 0


@asynctest
async def test_pin_typed_without_a_pin_never_lands_in_the_answers(tmp_path: Path) -> None:
    app = kiosk(tmp_path)  # no PIN configured
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "en")
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, NoExitScreen))
        await type_text(pilot, "2468")
        await pilot.press("enter")  # closes the notice; the digits are dropped
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.bar.input.value == ""
        assert screen.prompt is not None and screen.prompt.id == "age"
        assert not any("2468" in x for x in chat_texts(app))
        assert all(e["type"] != "answer" for e in events(tmp_path))
        assert "2468" not in (next(tmp_path.glob("*.jsonl"))).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_restart_asks_before_discarding(tmp_path: Path, lang) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, lang)
        await answer(pilot, "34")
        app.call_later(app.action_restart)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert t(lang, "restart_title") in screen_text(app)
        await pilot.press("enter")  # the focus is on "No": habit keeps the answers
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.session is not None and not app.session.closed
        app.call_later(app.action_restart)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        ends = [e for e in events(tmp_path) if e["type"] == "session_end"]
        assert ends[-1]["payload"]["reason"] == "abandoned"


@asynctest
async def test_typing_ahead_is_kept(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "en")
        await type_text(pilot, "34")
        await pilot.press("enter", "f", "e", "m")  # typing on while "34" is recorded
        await wait_for(pilot, lambda: screen.prompt is not None and screen.prompt.id == "sex")
        await pilot.pause()
        assert screen.bar.input.value == "fem"  # neither lost nor cleared with the old answer
        await type_text(pilot, "ale")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.prompt is not None and screen.prompt.id != "sex")
        assert screen.bar.input.value == ""
        answers = [e["payload"]["raw"] for e in events(tmp_path) if e["type"] == "answer"]
        assert answers == ["34", "female"]


DEFER_SCRIPT = """
import asyncio, sys
from datetime import date
from pathlib import Path
from assistant.app import create_app
from assistant.app.app import PrescreenApp
from assistant.app.screens.welcome import WelcomeScreen
HEAVY = ("pydantic", "yaml", "assistant.trial.dialog", "assistant.freetext.matcher",
         "assistant.screening.engine", "assistant.screening.session", "assistant.station.config",
         "rapidfuzz")
if sys.argv[1] == "hold":  # keep the background load from running: what did the welcome need?
    PrescreenApp.warm_up = lambda self: None
    WelcomeScreen.warm_up = lambda self: None
app = create_app("kiosk", dialog=Path(sys.argv[2]), transcripts=Path(sys.argv[3]), lang=None,
                 today=date(2025, 1, 15), defer=True)
async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, WelcomeScreen):
            await pilot.pause()
        if sys.argv[1] == "load":
            while app.matcher is None:
                await pilot.pause()
        print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in HEAVY
                              or m in HEAVY)))
asyncio.run(main())
"""


@pytest.mark.parametrize("mode", ["hold", "load"])
def test_welcome_paints_before_dialog_pydantic_and_matcher_load(tmp_path: Path, mode) -> None:
    out = subprocess.run(
        [sys.executable, "-c", DEFER_SCRIPT, mode, str(DIALOG), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    ).stdout.split()
    if mode == "hold":
        assert out == [], out  # nothing heavy was imported to compose and paint the welcome
    else:  # the background load really loads them (so the test above can fail)
        heavy = {"pydantic", "yaml", "assistant.trial.dialog", "assistant.freetext.matcher"}
        assert heavy <= set(out)


@asynctest
async def test_deferred_bad_dialog_ends_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("trial: {id: X}\n", encoding="utf-8")
    app = create_app(
        "kiosk",
        dialog=bad,
        transcripts=tmp_path / "t",
        lang=None,
        today=date(2025, 1, 15),
        defer=True,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: not app.is_running or bool(app.load_problems))
    assert app.load_problems and app.load_problems[0] == "invalid dialog file:"
    assert any("bad.yaml" in p for p in app.load_problems)
    assert app.return_code == 2 or app.return_value == 2


@asynctest
async def test_buttons_are_buttons(tmp_path: Path) -> None:
    # A quick reply is a real Button (tap target), and its label is never read as markup.
    app = kiosk(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "en")
        screen.bar.set_choices("choice", [("a", "[bold]x[/bold]")])
        await pilot.pause()
        labels = [str(b.label) for b in screen.bar.query("#quick Button") if isinstance(b, Button)]
        assert labels[0] == "[bold]x[/bold]"


def test_check_reports_app_strings_missing_in_a_declared_language(tmp_path: Path) -> None:
    from assistant.trial.check import APP_STRINGS, app_text_problems

    assert app_text_problems(["en", "zh"]) == []  # the shipped catalogues are complete
    (tmp_path / "en.json").write_text('{"title": "T", "end_desk": "Desk"}', encoding="utf-8")
    (tmp_path / "zh.json").write_text('{"title": "标题", "end_desk": " "}', encoding="utf-8")
    (tmp_path / "fr.json").write_text('{"title": "Titre"}', encoding="utf-8")
    problems = app_text_problems(["en", "zh", "fr"], tmp_path)
    assert any("zh.json: end_desk: empty text" in p for p in problems)
    assert any("fr.json: end_desk: missing in 'fr'" in p for p in problems)
    assert not any("en.json" in p for p in problems)
    assert any("de.json" in p for p in app_text_problems(["de"], tmp_path))
    assert APP_STRINGS.is_dir()


def test_prescreen_check_runs_the_app_strings_check() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "check", str(DIALOG)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_confirmation_says_the_mention_once_and_asks_one_question(lang: str) -> None:
    loaded = load_dialog(DIALOG)
    engine = Screening(loaded.dialog, today=TODAY, lang=lang)
    while (prompt := engine.next_prompt()) is not None and prompt.id != "malignancy":
        engine.answer(prompt.id, CLEAN_G1.get(prompt.question.sets[0], "don't know"))
    engine.answer("malignancy", "I had breast cancer" if lang == "en" else "我得过乳腺癌")
    prompt = engine.next_prompt()
    assert prompt is not None and prompt.confirmation is not None
    lead = "You mentioned" if lang == "en" else "您提到了"
    assert prompt.text.count(lead) == 1, prompt.text
    assert prompt.text.count("?" if lang == "en" else "？") == 1, prompt.text


def test_a_mention_already_answered_is_not_asked_again() -> None:
    loaded = load_dialog(DIALOG)
    for hbsag, asked in (("negative", False), ("don't know", True)):
        engine = Screening(loaded.dialog, today=TODAY)
        answers = {**CLEAN_G1, "hbsag": hbsag}
        while (prompt := engine.next_prompt()) is not None and prompt.id != "medical_history":
            engine.answer(prompt.id, answers.get(prompt.question.sets[0], "don't know"))
        engine.answer("medical_history", "I had hepatitis B")  # E5
        nxt = engine.next_prompt()
        assert (nxt is not None and nxt.confirmation is not None) == asked, hbsag
