"""One message read clause by clause (:func:`parse`): each clause gets a polarity from its cue
words (:mod:`recommender.dialogue.clauses`), the names in it are linked
(:mod:`recommender.dialogue.mentions`) into likes, dislikes and seeds, and what it asks of every
film joins the filters (:mod:`recommender.dialogue.filters`). Feedback ("seen it", "not that
one", "more like the second one") refers to the last list shown."""

from __future__ import annotations

import re
from typing import Optional

from kg.linker import EXACT, EntityLinker, normalise, without_nicknames
from recommender.cues import asks_for_similar
from recommender.dialogue.clauses import (
    _AND_END,
    _BACK_TO_IT,
    _FILM_SAID,
    _IT,
    _NOT_NEGATIVE,
    _PANNED,
    _PRAISED,
    _THEN_LIKE,
    _TITLE_TYPE,
    _WATCHED,
    _WHEN_SEEN,
    CLAUSES,
    NEGATIVE,
    POSITIVE_ME,
    REFINE,
    RESET,
    SEED,
    SURPRISE,
    softened,
)
from recommender.dialogue.filters import _Constraints
from recommender.dialogue.mentions import _strip, as_tag, mentions_in
from recommender.dialogue.parsed import Mention, Parsed
from recommender.dialogue.themes import _kind_ruled_out, _kinds_of_wanted_genres, tags_in
from recommender.vocabulary import (
    MORE_LIKE,
    NO_KIDS,
    NONE_OF,
    NUMBER_ONE,
    ORDINAL,
    ORDINALS,
    REJECT,
    SEEN,
    age_in,
    language_word,
    moods_in,
)
from recommender.years import YEAR_PHRASE, parse_years


def parse(text: str, linker: EntityLinker, last: Optional[list[str]] = None) -> Parsed:
    """Read one message. ``last`` is the list of titles shown in the previous turn."""
    text = (text or "")[:500]
    if "person" in linker.vocab:  # "dwayne 'the rock' johnson": the person, not the film
        text = without_nicknames(text, linker.vocab["person"].by_key.__contains__)
    low = text.lower().replace("’", "'")
    out = Parsed()
    last = last or []
    out.reset = bool(RESET.search(low))
    out.surprise = bool(SURPRISE.search(low))
    out.refine = bool(REFINE.search(low))
    # feedback about the last list
    out.seen = bool(SEEN.search(low))
    out.more_like = bool(MORE_LIKE.search(low))
    out.reject = bool(REJECT.search(low)) and not out.more_like
    out.all_of_them = bool(NONE_OF.search(low))
    for hit in ORDINAL.finditer(low):
        out.targets.append(ORDINALS[hit.group(1)])
    for hit in NUMBER_ONE.finditer(low):
        out.targets.append(int(hit.group(1)) - 1)
    key = f" {normalise(text)} "
    for title in last:
        t = normalise(title)
        if t and f" {t} " in key:
            out.target_titles.append(title)
    # filters
    filters: dict = parse_years(text)
    for lang in linker.find_in_text(text, "language") if "language" in linker.vocab else []:
        filters["language"] = lang
        break
    language_said = None if "language" in filters else language_word(text)
    if language_said is not None:
        filters["language"] = language_said[0]
    wanted = _Constraints()
    watched: list[Mention] = []  # films of a "just watched X" clause, for a later "loved it"
    said_first: list[Mention] = []  # "X was a blast. More like it?"
    # clauses with a polarity
    for clause in (c for c in CLAUSES.split(softened(low)) if c and c.strip()):
        clause = clause.strip()
        if kind := _TITLE_TYPE.match(clause):
            span = kind.group(1) or kind.group(3)
            titles = [m for m in mentions_in(span, linker) if m.kind == "film"]
            if kind.group(1) and not kind.group(2) and linker.link(_strip(span), "film").status != EXACT:
                titles = []  # "raising arizona type madness", not "that sort of story"
            if moods_in(_strip(span))[0]:
                # "a happy-ending kind of movie" is a mood; a title named without its article
                # ("The Happy Ending") is not what it says
                titles = [m for m in titles if normalise(m.name or "") == normalise(_strip(span))]
            for m in titles:
                _add(out, out.seeds, m)
            if titles:
                continue
        if seen := _WATCHED.match(clause):
            found = mentions_in(_WHEN_SEEN.sub(" ", clause[seen.end() :]), linker)
            watched = [m for m in found if m.kind == "film"]
            if watched:
                continue
        if (praised := _PRAISED.match(clause)) and not NEGATIVE.search(clause):
            title = next(g for g in praised.groups() if g)
            found = [m for m in mentions_in(title, linker) if m.kind == "film"]
            if found:
                watched = found
                for m in found:
                    _add(out, out.likes, m)
                continue
        neg = NEGATIVE.search(clause)
        pos = POSITIVE_ME.search(clause)
        seed = SEED.search(clause)
        if neg and _NOT_NEGATIVE.search(clause[: neg.start()]):
            neg = None  # "a comedy the parents won't hate": not a dislike
        if neg:
            before, after = clause[: neg.start()], clause[neg.end() :]
            loved = ""
            if (pos_before := POSITIVE_ME.search(before)) is not None:  # "i love heat and hate musicals"
                loved = _AND_END.sub("", before[pos_before.end() :])
                before = before[: pos_before.start()]
            elif (then := _THEN_LIKE.search(after)) is not None:  # "i hate musicals but love heat"
                after, loved = after[: then.start()], after[then.end() :]
            wanted.head(before)  # "a kid-friendly comedy, nothing my kids hate"
            for m in _kind_ruled_out(after, linker) or mentions_in(after, linker):
                if m.kind == "unknown":
                    m = as_tag(m.text, linker) or m  # "a thriller, no gore"
                if neg.group(1) is None and m.kind in ("unknown", "ambiguous"):
                    continue  # "something light, no subtitles": a bare "no" is not about a title
                _add(out, out.dislikes, m)
            for m in mentions_in(wanted.rest(loved, linker), linker) if _strip(loved) else []:
                _add(out, out.likes, m)
            continue
        if pos:
            wanted.head(clause[: pos.start()])
            rest = clause[pos.end() :]
            liked = watched if _IT.match(rest.strip()) else mentions_in(wanted.rest(rest, linker), linker)
            themes = tags_in(rest, linker) if all(m.kind == "unknown" for m in liked) else []
            if themes:  # "my son is obsessed with dinosaurs": a theme, not a title
                wanted.themes += [t for t in themes if t not in wanted.themes]
                wanted.head(rest)  # "i adore old black and white musicals": musicals too
                continue
            for m in liked:
                _add(out, out.likes, m)
            continue
        if seed:
            wanted.head(clause[: seed.start()])
            rest = clause[seed.end() :]
            if (_IT.match(rest.strip()) or not _strip(rest)) and watched:  # "anything close to it?"
                for m in watched:
                    _add(out, out.seeds, m)
                continue
            if ORDINAL.search(rest) or NUMBER_ONE.search(rest) or not _strip(rest):
                continue
            years_out = YEAR_PHRASE.sub(" ", rest)
            left = re.sub(r"[\W\d_]+|\b(?:the|early|late|mid|or|and|to)\b", "", years_out)
            if years_out != rest and not left:
                continue  # "like 2000 through 2003": years, not a title
            rest = years_out
            found = mentions_in(wanted.rest(rest, linker), linker)
            if found and all(m.kind == "unknown" for m in found) and _A_KIND.match(rest.strip()):
                wanted.plain(rest, linker, out)  # "similar to a nature documentary": no title
                continue
            for m in found:
                _add(out, out.seeds, m)
            continue
        if _BACK_TO_IT.search(low) and (said := _film_said(clause, linker)):
            films, end = said
            said_first += [m for m in films if m not in said_first]
            clause = clause[end:]
        # no polarity: genres, moods, the audience and people are filters ("a french comedy",
        # "a thriller from the 90s", "something by Kubrick for family night")
        wanted.plain(clause, linker, out)
    if not NO_KIDS.search(low):
        wanted.add_audience(age_in(low))  # an age said in a clause read for a film's name
    if watched and not (out.likes or out.seeds) and asks_for_similar(low):
        for m in watched:  # "just rewatched moonrise kingdom, need my next obsession"
            _add(out, out.seeds, m)
    if said_first and not (out.likes or out.seeds):
        for m in said_first:
            _add(out, out.seeds, m)
        out.more_like = False  # like the film just named, not the last list
    wanted.into(filters, out.more_like)
    if language_said is not None and language_said[1] in filters.get("themes", ()):
        filters["themes"] = [t for t in filters["themes"] if t != language_said[1]]  # "from italy"
        if not filters["themes"]:
            del filters["themes"]
    out.filters = filters
    out.dislikes = _kinds_of_wanted_genres(out.dislikes, filters)
    return out


def _film_said(clause: str, linker: EntityLinker) -> Optional[tuple[list[Mention], int]]:
    """The films a clause starts with when it goes on to describe them, not unkindly, and where
    their title ends."""
    said = _FILM_SAID.match(clause)
    if said is None or _PANNED.search(clause) or NEGATIVE.search(clause):
        return None
    if linker.link(_strip(said.group(1)), "film").status != EXACT:
        return None
    found = [m for m in mentions_in(said.group(1), linker) if m.kind == "film"]
    return (found, said.end(1)) if found else None


# What "like" is followed by when it describes a kind of film, not a title: "similar to a nature
# documentary", "like the ones my dad watches" (only when no title is found in it).
_A_KIND = re.compile(r"^(?:a|an|some|those|the (?:ones?|kind|sort|type|stuff)|ones?|what)\b")

# What someone likes about something, not a name: "i like their dry humour", "love how it ends".
_DESCRIBED = re.compile(r"^(?:their|his|her|its|our|your|my|how|when|the way|the fact)\b")


def _add(out: Parsed, bucket: list[Mention], m: Mention) -> None:
    if m.kind == "unknown":
        if not _DESCRIBED.match(normalise(m.text)):
            out.unknown.append(m)
    elif m.kind == "ambiguous":
        out.ambiguous.append(m)
    else:
        bucket.append(m)
