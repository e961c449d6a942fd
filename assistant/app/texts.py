"""The kiosk's own UI strings in English and Simplified Chinese.

Strings about the screening itself (re-ask lead, end messages) come from the dialog file's
`messages:` section; these are the screen furniture that no dialog needs to change. `title` and
`intro` here are only the fallbacks for a dialog whose `messages:` has none (`{trial}` is its id).
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Clinical study pre-screening",
        "welcome": "Welcome",
        "intro": (
            "This short questionnaire checks whether you might be able to join the clinical "
            'study {trial}. You can answer "don\'t know" to any question.'
        ),
        "choose": "Please choose your language:",
        "start_en": "English  [E]",
        "start_zh": "中文  [Z]",
        "privacy_title": "Privacy",
        "privacy": (
            "What is recorded: your answers and the screening decisions. Your name and "
            "contact details are NOT asked for or recorded. Who sees it: only the study "
            "team at the hospital."
        ),
        "progress": "{section} · question {n} of about {m}",
        "why": "Why we ask: {why}",
        "help_lead": "Help: {help}",
        "no_help": "There is no extra help for this question.",
        "change_last": (
            "Change your last answer. The question was: “{question}” "
            "Type the new answer (Esc to go back)."
        ),
        "nothing_to_change": "There is no earlier answer to change yet.",
        "changed": "Your answer was changed.",
        "end_title": "Thank you",
        "end_reasons": "Criteria not met: {reasons}",
        "end_unknown": "Still to check with the study team: {reasons}",
        "end_again": "This screen will clear shortly. Press any key to finish now.",
        "idle_title": "Are you still there?",
        "idle_body": (
            "Press any key or tap Continue to keep going. Otherwise your answers will be "
            "closed and the screen cleared in {n} seconds."
        ),
        "idle_continue": "✓ Continue",
        "ask_staff": "Please ask a member of staff if you need help.",
        "recording_failed": (
            "Sorry, your answers can no longer be saved, so the questionnaire "
            "has stopped. Please ask a member of staff. ({error})"
        ),
        "pin_title": "Staff exit",
        "pin_prompt": "Enter the staff PIN to close the kiosk. Esc to go back.",
        "pin_wrong": "✗ Wrong PIN. {left} tries left.",
        "pin_locked": "✗ Too many wrong tries. Please wait {n} seconds.",
        "help_title": "Help",
        "help_body": (
            "• Type your answer in the box at the bottom and press Enter, or tap a button.\n"
            '• You can always answer "don\'t know".\n'
            "• F1 or the ? Help button shows more about the current question; F2 shows this help.\n"
            "• Ctrl+Z lets you change your last answer.\n"
            "• Ctrl+L switches between English and 中文.\n"
            "• Ctrl+T switches between a light and a dark screen.\n"
            "• Ctrl+P opens the list of commands.\n"
            "• Tab moves between the buttons; Enter presses the one highlighted.\n"
            "\nPress Esc or Enter to close this help."
        ),
        "close": "Close",
    },
    "zh": {
        "title": "临床研究预筛查",
        "welcome": "欢迎",
        "intro": (
            "这份简短问卷用来初步判断您是否可能参加临床研究 {trial}。任何问题都可以回答“不知道”。"
        ),
        "choose": "请选择语言：",
        "start_en": "English  [E]",
        "start_zh": "中文  [Z]",
        "privacy_title": "隐私说明",
        "privacy": (
            "记录内容：您的回答和筛查结论。不询问也不记录您的姓名和联系方式。"
            "查看者：仅限医院的研究团队。"
        ),
        "progress": "{section} · 第 {n} 题，共约 {m} 题",
        "why": "我们为什么问这个：{why}",
        "help_lead": "帮助：{help}",
        "no_help": "这个问题没有更多帮助。",
        "change_last": "修改上一个回答。问题是：“{question}” 请输入新的回答（按 Esc 返回）。",
        "nothing_to_change": "还没有可以修改的回答。",
        "changed": "您的回答已修改。",
        "end_title": "谢谢",
        "end_reasons": "未满足的条件：{reasons}",
        "end_unknown": "需要研究团队进一步核实：{reasons}",
        "end_again": "屏幕稍后会清空。按任意键立即结束。",
        "idle_title": "您还在吗？",
        "idle_body": "按任意键或点击“继续”以继续作答。否则 {n} 秒后将结束本次问卷并清空屏幕。",
        "idle_continue": "✓ 继续",
        "ask_staff": "如需帮助，请联系工作人员。",
        "recording_failed": "抱歉，您的回答已无法保存，问卷已停止。请联系工作人员。（{error}）",
        "pin_title": "工作人员退出",
        "pin_prompt": "输入工作人员密码以关闭本机。按 Esc 返回。",
        "pin_wrong": "✗ 密码错误。还可以尝试 {left} 次。",
        "pin_locked": "✗ 错误次数过多，请等待 {n} 秒。",
        "help_title": "帮助",
        "help_body": (
            "• 在底部输入框中输入回答并按回车键，或点击按钮。\n"
            "• 任何问题都可以回答“不知道”。\n"
            "• 按 F1 或“? 帮助”按钮查看当前问题的更多说明；按 F2 显示本帮助。\n"
            "• 按 Ctrl+Z 可以修改上一个回答。\n"
            "• 按 Ctrl+L 切换 English / 中文。\n"
            "• 按 Ctrl+T 切换浅色 / 深色屏幕。\n"
            "• 按 Ctrl+P 打开命令列表。\n"
            "• 用 Tab 键在按钮之间移动，按回车键选择。\n"
            "\n按 Esc 或回车键关闭帮助。"
        ),
        "close": "关闭",
    },
}


def t(lang: str | None, key: str, **values: object) -> str:
    """The UI string `key` in `lang` (English unless Chinese), with `{name}` fields filled."""
    table = TEXT["zh" if lang == "zh" else "en"]
    return table[key].format(**values) if values else table[key]
