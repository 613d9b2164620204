"""Reading a creative request: which task the message asks for (the head-noun rule of
:mod:`creative.requests`), how sure it is that it asks for creative writing at all, and the
film, thing or premise read with the new wordings."""

import pytest

from creative.requests import AD, SCENE, TAGLINE, detect_task, parse_request, request_strength

CLEAR = 0.7  # a clear creative request reaches this
UNLIKELY = 0.3  # film questions, recommendations, support and chitchat stay at or below this

TASK_WORDINGS = [
    # taglines
    ("give me a poster tagline for Jurassic Park", TAGLINE),
    ("come up with a catchy line for Inception", TAGLINE),
    ("can u come up with a punchy one-liner for jaws", TAGLINE),
    ("a one-line pitch for a heist movie set on the moon", TAGLINE),
    ("need a punchline for the Toy Story poster", TAGLINE),
    ("hook line for my zombie musical?", TAGLINE),
    ("funny poster line for a ghost comedy", TAGLINE),
    ("need a one line hook for my short film about a lighthouse keeper", TAGLINE),
    ("could you pen a snappy strapline for our film society", TAGLINE),
    ("brainstorm some mottos for a horror film club", TAGLINE),
    ("write a tag-line for Alien", TAGLINE),
    ("write a taglne for Heat", TAGLINE),  # typo
    ("what would be a good slogan for my short film", TAGLINE),
    ("write a catchphrase for the Jurassic Park poster", TAGLINE),
    ("write me something catchy for the Heat poster", TAGLINE),
    ("a teaser line for the Jaws billboard", TAGLINE),
    ("3 spooky slogans for Jaws", TAGLINE),
    ("skip the ads and write a tagline for Heat", TAGLINE),  # "skip the ads" is about the service
    # ads
    ("a poster ad for our jazz night", AD),
    ("write a commercial for our popcorn stand", AD),
    ("can u make a commerical for our drive-in", AD),  # typo
    ("write an advertisment for the silent film festival", AD),  # typo
    ("make a 30-second radio spot for the festival", AD),
    ("write a social media post announcing our jazz night", AD),
    ("an instagram caption promoting our cult classics night", AD),
    ("draft a billboard for the new IMAX screen", AD),
    ("write a trailer voice-over for my short film", AD),
    ("some marketing copy for our open-air cinema", AD),
    ("a sales pitch for our annual pass", AD),
    ("a blurb for the back of the DVD", AD),
    ("compose a jingle for a popcorn brand", AD),
    ("I'd like a funny promo for our popcorn stand", AD),
    ("a poster for our anime festival", AD),
    ("write something to advertise our jazz night", AD),
    # scenes
    ("continue the scene: Anna opens the door", SCENE),
    ("Anna looks at an old movie poster on the wall. What happens next?", SCENE),
    ("write the next part", SCENE),
    ("write a dialogue between a cop and a thief", SCENE),
    ("write a dialog between a vampire and a dentist", SCENE),
    ("script a scene where two robots argue", SCENE),
    ("keep the story going: the knight rides north", SCENE),
    ("finish this story: the lighthouse keeper hears a knock", SCENE),
    ("continue the sceen: the storm breaks", SCENE),  # typo
    ("continue: the train stops and everyone stares at the poster", SCENE),
    ("tell me a story about a dragon who is afraid of fire", SCENE),
    ("write a script for a scene where a robot learns to lie", SCENE),
]


@pytest.mark.parametrize(("text", "task"), TASK_WORDINGS)
def test_task_of_each_wording(text: str, task: str) -> None:
    assert detect_task(text) == task
    assert parse_request(text).task == task


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("a tagline for the poster", TAGLINE),  # "for the poster" says where it goes
        ("poster tagline", TAGLINE),  # in a compound the last word is the head
        ("a poster ad", AD),
        ("a tagline for an ad campaign", TAGLINE),
        ("for my ad campaign, give me a tagline", TAGLINE),  # the object of "give me" decides
        ("write an ad with a catchy tagline for our quiz night", AD),
        ("write a scene where two people make an ad", SCENE),
        ("script an ad for our film club", AD),  # "script" is the verb here
        ("write a trailer script for Dune", AD),  # a trailer's script is ad copy
        ("write a promo video script for the festival", AD),
        ("write a script for a scene where a robot learns to lie", SCENE),
    ],
)
def test_several_task_words_the_head_noun_decides(text: str, task: str) -> None:
    assert detect_task(text) == task


@pytest.mark.parametrize(
    "text",
    [
        "hello there",
        "recommend me a film",
        "how do I turn off ads",
        "is there a promo code for students",
        "how do I continue watching on my tv",
        "",
    ],
)
def test_no_task_word(text: str) -> None:
    assert detect_task(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "write me a catchy poster tagline for a heist caper",
        "can you write a tagline for Heat?",
        "pitch me a tagline for Heat",
        "I need a catchphrase for Alien",
        "how about a dark slogan for Jaws",
        "can I have an ad for our quiz night",
        "help me with a scene for my class: two kids find a dragon egg",
        "give me an idea for a scene: two friends meet at a station",
        "a dark tagline for Heat",
        "tagline ideas for a movie about a haunted bakery",
        "3 spooky slogans for Jaws",
        "idea for a scene: two friends meet at a station",
        "dialogue between a grumpy grandpa and a teenager",
        "30 second radio spot for a retro arcade cinema night please",
        "what's a good tagline for my film about a haunted bakery",
        "what would be a catchy slogan for our film club",
        "continue: Anna opens the door and sees a stranger",
        "can you continue?",
        "The lift stops between floors. What happens next?",
        "keep it going: the old man closes the atlas",
        "tell me the rest of the story",
        "no more ads please, write a tagline for Heat",
    ],
)
def test_clear_requests_are_strong(text: str) -> None:
    assert request_strength(text) >= CLEAR


@pytest.mark.parametrize(
    "text",
    [
        # film questions: what a film's tagline, script or scene *is*
        "who wrote the screenplay for Chinatown",
        "what is the tagline of Jurassic Park?",
        "what’s the tagline for Alien?",
        "give me the tagline of Jurassic Park",
        "tell me the tagline of Alien",
        "Alien's tagline?",
        "which film has the tagline 'in space no one can hear you scream'?",
        "what happens next in Inception after the kick?",
        "what happens in the final scene of Inception",
        "is there a post-credits scene in Thor?",
        "did Tarantino write the script for Pulp Fiction?",
        "who did the voice-over in the Dune trailer",
        "how many scenes are in Inception",
        "what was the slogan of the 1984 apple commercial",
        "what's the best tagline ever written?",
        "I loved the opening scene of Heat",
        # recommendations
        "recommend me a film with great dialogue",
        "what should I watch tonight, something scary",
        "give me a movie with a memorable tagline",
        "any movies like Inception with a twisty script",
        "what are some good movies with great dialogue",
        "I don't need a tagline, recommend a film",
        # support
        "how do I turn off ads",
        "why do I see ads on premium?",
        "is there a promo code for students",
        "the ads keep interrupting my film",
        "why are there so many commercials on the free plan",
        "how do I cancel my subscription",
        "how do I continue watching on my tv",
        "stop spamming me with promo emails",
        "where can I buy the Jurassic Park poster",
        "show me the trailer for Dune",
        # chitchat and noise
        "hi there",
        "thanks, that was great",
        "blorp wibble zonk",
    ],
)
def test_questions_recommendations_and_support_are_weak(text: str) -> None:
    assert request_strength(text) <= UNLIKELY


@pytest.mark.parametrize(
    "text",
    [
        "I write ads for a living",  # a task word, but nobody is asked to write
        "Jurassic Park tagline",  # the film's own tagline, or a new one?
        "Mad Men is about an ad agency",
    ],
)
def test_a_task_word_alone_is_medium(text: str) -> None:
    assert UNLIKELY < request_strength(text) < CLEAR


def test_strength_ladder() -> None:
    """A making verb beats the bare noun phrase, which beats a task word after a name, which
    beats a question about the film's own tagline."""
    strengths = [
        request_strength(t)
        for t in (
            "write a tagline for Heat",
            "tagline for Heat",
            "Heat tagline",
            "what is the tagline of Heat",
        )
    ]
    assert strengths == sorted(strengths, reverse=True) and len(set(strengths)) == 4


def test_empty_and_blank_messages() -> None:
    assert request_strength("") == 0.0
    assert request_strength("  ?! ") == 0.0


def test_strength_reads_long_messages() -> None:
    texts = [
        f"give me an idea for a scene {i}: " + "it rains on the quiet town and nobody speaks " * 80
        for i in range(100)
    ]
    assert min(request_strength(t) for t in texts) >= CLEAR


@pytest.mark.parametrize(
    ("text", "film"),
    [
        ("give me a poster tagline for Jurassic Park", "Jurassic Park"),
        ("write a tagline for the poster of Jurassic Park", "Jurassic Park"),
        ("a tagline for an ad campaign for Heat", "Heat"),
        ("come up with a catchy line for Inception please", "Inception"),
        ("a tagline for the poster", None),  # where it goes, not which film
    ],
)
def test_tagline_film_with_the_new_wordings(text: str, film: str) -> None:
    r = parse_request(text)
    assert (r.task, r.film) == (TAGLINE, film)


@pytest.mark.parametrize(
    ("text", "premise"),
    [
        ("write a social media post announcing our jazz night", "our jazz night"),
        ("write something to advertise our jazz night", "our jazz night"),
        ("write some advertising copy for a silent film screening", "a silent film screening"),
        ("a poster ad for our jazz night", "our jazz night"),
    ],
)
def test_ad_premise_with_the_new_wordings(text: str, premise: str) -> None:
    r = parse_request(text)
    assert (r.task, r.premise) == (AD, premise)


@pytest.mark.parametrize(
    ("text", "premise"),
    [
        ("Tom finds a key in the sand. So what happens next?", "Tom finds a key in the sand"),
        ("what happens next? Tom finds a key", "Tom finds a key"),
        ("can you continue this? Sam opens the door", "Sam opens the door"),
        ("can you continue my scene? Sam opens the door", "Sam opens the door"),
        ("give me a scene idea with a ghost who is afraid of people", "a ghost who is afraid of people"),
        ("keep the story going: the knight rides north", "the knight rides north"),
    ],
)
def test_scene_premise_with_the_new_wordings(text: str, premise: str) -> None:
    r = parse_request(text)
    assert (r.task, r.premise) == (SCENE, premise)
