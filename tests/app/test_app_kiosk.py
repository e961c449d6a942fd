"""The kiosk driven by a Pilot: whole sessions, idle reset, the lock, the PIN, literal text."""

from __future__ import annotations

from pathlib import Path

from app_helpers import (
    SIZE,
    all_events,
    answer,
    asynctest,
    chat_texts,
    events,
    kiosk,
    type_text,
    types,
    wait_for,
)

from assistant.app.screens.conversation import ConversationScreen
from assistant.app.screens.idle import IdleScreen
from assistant.app.screens.pin import PinScreen
from assistant.app.screens.welcome import WelcomeScreen
from assistant.station.config import check_pin, hash_pin


@asynctest
async def test_whole_session_english_ends_without_reasons(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert "How old are you?" in chat_texts(app)[-1]
        await answer(pilot, "45")
        await answer(pilot, "female")
        await answer(pilot, "no")  # no lupus diagnosis: fails at the end, never before
        screen = app.screen
        await wait_for(pilot, lambda: screen.ended)
        texts = chat_texts(app)
        assert "this study is not a match for you right now" in texts[-2]
        assert not any("not eligible" in t.lower() for t in texts)
        assert not any("SLE" in t for t in texts[-3:])  # no medical reasons by default
        assert app.session is None
    evs = events(tmp_path)
    assert types(evs)[0] == "session_start"
    assert evs[0]["payload"]["lang"] == "en" and evs[0]["payload"]["mode"] == "kiosk"
    assert [e["payload"]["question_id"] for e in evs if e["type"] == "answer"] == [
        "age",
        "sex",
        "sle_diagnosis",
    ]
    outcome = next(e for e in evs if e["type"] == "outcome")["payload"]
    assert outcome["outcome"] == "fail" and "I3" in outcome["failed"]
    assert evs[-2]["type"] == "session_end" and evs[-2]["payload"]["reason"] == "finished"
    # every question was recorded before its answer
    seq = [
        (e["type"], e["payload"].get("question_id"))
        for e in evs
        if e["type"] in ("question", "answer")
    ]
    assert seq[:2] == [("question", "age"), ("answer", "age")]


@asynctest
async def test_whole_session_chinese_to_review(tmp_path: Path) -> None:
    app = kiosk(tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # --lang zh preselects 中文: Enter starts in Chinese
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        screen = app.screen
        assert "您" in chat_texts(app)[-1]
        for _ in range(80):
            if screen.ended:
                break
            await answer(pilot, "不知道")
        assert screen.ended
        assert "请把这个查询码出示给服务台的研究团队" in chat_texts(app)[-2]
        await pilot.press("x")  # any key: back to an empty welcome
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
    evs = events(tmp_path)
    assert evs[0]["payload"]["lang"] == "zh"
    outcome = next(e for e in evs if e["type"] == "outcome")["payload"]
    assert outcome["outcome"] == "review" and outcome["unknown"]
    assert evs[-2]["payload"]["reason"] == "finished"  # then the signature


@asynctest
async def test_reask_with_reason_keeps_the_question(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await answer(pilot, "purple")
        texts = chat_texts(app)
        assert texts[-1].startswith("ℹ Note\nSorry, I could not use that answer.")
        assert "age in years" in texts[-1]
        assert app.screen.prompt.id == "age"
        await answer(pilot, "45")
        assert app.screen.prompt.id == "sex"
    answers = [e["payload"] for e in events(tmp_path) if e["type"] == "answer"]
    assert [a["accepted"] for a in answers] == [False, True]


@asynctest
async def test_markup_is_shown_literally(tmp_path: Path) -> None:
    raw = "[bold]x[/bold] [link=http://a]y[/link]"
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        app.screen.bar.input.value = raw + "\x1b[31m\x07"
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(raw in t for t in chat_texts(app)))
        user = [m for m in app.screen.chat.messages() if m.plain.startswith("▶")][-1]
        shown = user.render().plain
        assert shown == "▶ You\n" + raw + "[31m"  # verbatim; the ESC and BEL bytes dropped
        assert "\x1b" not in shown and "\x07" not in shown


@asynctest
async def test_change_last_answer_is_a_self_correction(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await answer(pilot, "45")
        await pilot.press("ctrl+z")
        assert "Change your last answer" in chat_texts(app)[-1]
        await answer(pilot, "52")
        assert any("Your answer was changed." in t for t in chat_texts(app))
        assert app.screen.prompt.id == "sex"
        assert app.session.engine.value("age") == 52
    corr = [e["payload"] for e in events(tmp_path) if e["type"] == "correction"]
    assert len(corr) == 1
    assert corr[0]["by"] == "self" and corr[0]["reason"] == "changed by the person"
    assert corr[0]["question_id"] == "age" and corr[0]["raw"] == "52"


@asynctest
async def test_long_paste_is_capped_visibly(tmp_path: Path) -> None:
    app = kiosk(tmp_path, max_answer_chars=40)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        bar = app.screen.bar
        bar.input.value = "4" * 500
        await pilot.pause()
        assert len(bar.input.value) == 40 and bar.capped
        assert "cut to 40 characters" in bar.query_one("#capped").render().plain
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("cut to 40" in t for t in chat_texts(app)))
    raw = [e["payload"]["raw"] for e in events(tmp_path) if e["type"] == "answer"]
    assert raw == ["4" * 40]


@asynctest
async def test_idle_warning_then_reset_to_an_empty_welcome(tmp_path: Path) -> None:
    app = kiosk(tmp_path, idle_seconds=1.0, idle_warning_seconds=1.5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await answer(pilot, "45")
        await wait_for(pilot, lambda: isinstance(app.screen, IdleScreen))
        await pilot.press("space")  # still here
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert app.session is not None
        await wait_for(pilot, lambda: isinstance(app.screen, IdleScreen))
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert app.session is None
        assert len(app.screen_stack) == 2  # replaced, not stacked
        assert not app.screen.query("ChatMessage")
        await pilot.press("e")  # the next person starts with a clean chat
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert not any("45" in t for t in chat_texts(app))
    first, second = all_events(tmp_path)
    assert first[-2]["type"] == "session_end" and first[-2]["payload"]["reason"] == "abandoned"
    assert "outcome" not in types(first)
    assert second[-2]["payload"]["reason"] == "interrupted"  # the app closed under it


@asynctest
async def test_quit_keys_do_not_leave_the_kiosk(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c", "ctrl+q", "escape")  # no PIN: a notice, Esc goes back
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, WelcomeScreen)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("ctrl+c", "ctrl+q", "ctrl+c", "escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ConversationScreen)
        assert not list(app.get_system_commands(app.screen))  # no Quit in the palette
        assert app.return_value is None


@asynctest
async def test_pin_exit_right_pin_leaves_wrong_pin_does_not(tmp_path: Path) -> None:
    stored = hash_pin("2468", iterations=1000)
    app = kiosk(tmp_path, exit_pin_hash=stored)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        await type_text(pilot, "1111")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, PinScreen)
        assert "Wrong PIN" in app.screen.query_one("#pin-message").render().plain
        await type_text(pilot, "2468")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.return_value == 0)


@asynctest
async def test_three_wrong_pins_lock_out(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(PinScreen, "LOCKOUT_SECONDS", 3600.0)
    app = kiosk(tmp_path, exit_pin_hash=hash_pin("2468", iterations=1000))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        for _ in range(3):
            await type_text(pilot, "0000")
            await pilot.press("enter")
        await type_text(pilot, "2468")  # the right PIN, but locked out
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.return_value is None
        assert "Too many wrong tries" in app.screen.query_one("#pin-message").render().plain


@asynctest
async def test_no_pin_means_no_way_out(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q", "f12")
        await pilot.pause()
        assert not isinstance(app.screen, PinScreen) and app.is_running


def test_pin_hash_roundtrip() -> None:
    stored = hash_pin("1234", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert check_pin("1234", stored)
    assert not check_pin("1235", stored)
    assert not check_pin("1234", None)
    assert not check_pin("1234", "garbage")


@asynctest
async def test_help_language_and_theme(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("f1")
        assert app.screen.query_one("#help-box").display
        assert "Help:" in app.screen.query_one("#help-box").render().plain
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "您" in chat_texts(app)[-1] and app.lang == "zh"
        theme = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != theme and app.theme in ("prescreen-light", "prescreen-dark")
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))


@asynctest
async def test_recording_failure_stops_with_a_clear_message(tmp_path: Path) -> None:
    from assistant.audit.transcript import TranscriptError

    app = kiosk(tmp_path, reset_seconds=2.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        screen = app.screen

        def disk_full(*args: object, **kwargs: object) -> None:
            raise TranscriptError("disk full")

        app.session.writer.append = disk_full  # type: ignore[method-assign]
        await type_text(pilot, "45")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.ended)
        assert "can no longer be saved" in chat_texts(app)[-1]
        assert "disk full" in chat_texts(app)[-1]
        assert not screen.bar.display and app.session is None
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))


@asynctest
async def test_unwritable_transcripts_never_start_a_session(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = kiosk(blocker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await wait_for(pilot, lambda: app.screen.ended)
        assert "can no longer be saved" in chat_texts(app)[-1]
        assert app.screen.prompt is None and app.session is None


@asynctest
async def test_end_resets_after_reset_seconds_and_reasons_when_configured(tmp_path: Path) -> None:
    app = kiosk(tmp_path, reset_seconds=2.0, show_reasons=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await answer(pilot, "15")  # under 18
        assert app.screen.ended
        assert any("does not fit you right now:\n• Aged 18 to 70" in t for t in chat_texts(app))
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert len(app.screen_stack) == 2
