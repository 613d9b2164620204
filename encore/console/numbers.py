"""The console's numbers and their pictures: counts per day and per intent, and SVG charts.

The charts are drawn here, on the server, as small SVG documents (bars or a line with labelled
axes), so the page needs no charting library. Every text in them (intent names, dates) goes
through XML escaping; the page shows them as images and the same numbers as tables.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from typing import Any, Sequence
from xml.sax.saxutils import escape

from encore.console.review import Conversation
from encore.feedback import DOWN, UP

HANDOFF_ACTION = "action_create_handoff_ticket"
TOP_INTENTS = 12
WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 640, 270, 48, 56, 40, 16


def day_of(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(timestamp))


def numbers(found: Sequence[Conversation]) -> dict[str, Any]:
    """Per day (UTC): user messages, fallbacks, the fallback rate, the mean sentiment score,
    handoff tickets created and the thumbs up and down given to the replies of that day's turns;
    over the period: turns per intent (the NLU's, nlu_fallback included)."""
    messages: Counter[str] = Counter()
    fallbacks: Counter[str] = Counter()
    handoffs: Counter[str] = Counter()
    thumbs: dict[str, Counter[str]] = {UP: Counter(), DOWN: Counter()}
    sentiment: defaultdict[str, list[float]] = defaultdict(list)
    intents: Counter[str] = Counter()
    for conversation in found:
        for turn in conversation.turns:
            day = day_of(turn.timestamp)
            messages[day] += 1
            fallbacks[day] += int(turn.fallback)
            handoffs[day] += sum(1 for action in turn.actions if action["name"] == HANDOFF_ACTION)
            for rating in turn.reply_ratings:
                if rating in thumbs:
                    thumbs[rating][day] += 1
            if turn.sentiment_score is not None:
                sentiment[day].append(turn.sentiment_score)
            intents[turn.intent or "(none)"] += 1
    days = sorted(messages)
    return {
        "days": [
            {
                "day": day,
                "messages": messages[day],
                "fallbacks": fallbacks[day],
                "fallback_rate": round(fallbacks[day] / messages[day], 3),
                "sentiment": round(sum(sentiment[day]) / len(sentiment[day]), 3) if sentiment[day] else None,
                "handoffs": handoffs[day],
                "thumbs_up": thumbs[UP][day],
                "thumbs_down": thumbs[DOWN][day],
            }
            for day in days
        ],
        "intents": [
            {"intent": name, "turns": count}
            for name, count in sorted(intents.items(), key=lambda item: (-item[1], item[0]))[:TOP_INTENTS]
        ],
        "total_messages": sum(messages.values()),
        "total_fallbacks": sum(fallbacks.values()),
        "total_handoffs": sum(handoffs.values()),
        "total_thumbs_up": sum(thumbs[UP].values()),
        "total_thumbs_down": sum(thumbs[DOWN].values()),
    }


def _svg(title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="sans-serif" font-size="11">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>'
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def _axes(top: float, label: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#333"/>',
    ]
    for fraction in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - fraction)
        value = top * fraction
        text = f"{value:.2f}".rstrip("0").rstrip(".") if top < 10 else f"{value:.0f}"
        out.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{escape(text)}</text>')
    out.append(f'<text x="{WIDTH - RIGHT}" y="16" text-anchor="end" fill="#555">{escape(label)}</text>')
    return out


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], unit: str = "") -> str:
    """Vertical bars, one per label, each with its value above it (``data-value`` on the bar)."""
    if not values:
        return _svg(title, [f'<text x="{LEFT}" y="{HEIGHT // 2}">no data yet</text>'])
    top = max(max(values), 1e-9)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(values)
    body = _axes(top, unit)
    for i, (label, value) in enumerate(zip(labels, values)):
        h = plot_h * value / top
        x = LEFT + i * step + step * 0.15
        y = TOP + plot_h - h
        shown = f"{value:g}"
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
            f'fill="#3b6ea8" data-label="{escape(label, {chr(34): "&quot;"})}" data-value="{shown}"/>'
        )
        body.append(f'<text x="{x + step * 0.35:.1f}" y="{y - 3:.1f}" text-anchor="middle">{shown}</text>')
        lx, ly = x + step * 0.35, TOP + plot_h + 12
        body.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="end" '
            f'transform="rotate(-35 {lx:.1f} {ly:.1f})">{escape(label)}</text>'
        )
    return _svg(title, body)


def line_chart(title: str, labels: Sequence[str], values: Sequence[float], low: float, high: float) -> str:
    """A line through ``values`` (one point per label) on a fixed scale from ``low`` to ``high``."""
    if not values:
        return _svg(title, [f'<text x="{LEFT}" y="{HEIGHT // 2}">no data yet</text>'])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(values)

    def y_of(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    body = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{y_of(0 if low < 0 < high else low):.1f}" x2="{WIDTH - RIGHT}" '
        f'y2="{y_of(0 if low < 0 < high else low):.1f}" stroke="#999" stroke-dasharray="3 3"/>',
    ]
    for value in (low, (low + high) / 2, high):
        body.append(f'<text x="{LEFT - 4}" y="{y_of(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
    points = [(LEFT + step * (i + 0.5), y_of(v)) for i, v in enumerate(values)]
    body.append(
        '<polyline fill="none" stroke="#b5403a" stroke-width="2" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        + '"/>'
    )
    for (x, y), label, value in zip(points, labels, values):
        body.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#b5403a" data-value="{value:g}"/>'
        )
        ly = TOP + plot_h + 12
        body.append(
            f'<text x="{x:.1f}" y="{ly}" text-anchor="end" transform="rotate(-35 {x:.1f} {ly})">'
            f"{escape(label)}</text>"
        )
    return _svg(title, body)


CHARTS = ("messages", "fallback_rate", "intents", "sentiment", "handoffs")


def chart(name: str, data: dict[str, Any]) -> str:
    """The SVG of one of CHARTS from :func:`numbers`' result."""
    days = data["days"]
    labels = [d["day"][5:] for d in days]  # MM-DD
    if name == "messages":
        return bar_chart("User messages per day", labels, [d["messages"] for d in days], "messages")
    if name == "fallback_rate":
        return bar_chart("Fallback rate per day", labels, [d["fallback_rate"] for d in days], "share")
    if name == "handoffs":
        return bar_chart("Handoff tickets per day", labels, [d["handoffs"] for d in days], "tickets")
    if name == "intents":
        intents = data["intents"]
        return bar_chart("Turns per intent", [i["intent"] for i in intents], [i["turns"] for i in intents])
    if name == "sentiment":
        scored = [d for d in days if d["sentiment"] is not None]
        return line_chart(
            "Mean sentiment per day (-1 negative to 1 positive)",
            [d["day"][5:] for d in scored],
            [d["sentiment"] for d in scored],
            -1.0,
            1.0,
        )
    raise KeyError(name)
