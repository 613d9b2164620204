"""Buttons the support replies offer: FAQ topics to choose from, a human agent, yes or no."""

from __future__ import annotations

import json

HUMAN_BUTTON = {"title": "Talk to a human", "payload": "/request_human"}
YES_NO = [{"title": "Yes, please", "payload": "/affirm"}, {"title": "No, thanks", "payload": "/deny"}]


def faq_button(entry_id: str, topic: str) -> dict[str, str]:
    """A button that answers the FAQ entry ``entry_id`` when pressed."""
    return {"title": topic, "payload": "/ask_support" + json.dumps({"faq_id": entry_id})}
