"""What a recommendation message says: likes, dislikes, seeds, filters and feedback. Pure functions.

The parser reads the message itself (NLU only routes it by intent): it splits the message into
clauses, gives each clause a polarity from its cue words ("I love", "I hate", "something like"),
and links the names in it with the graph's entity linker (genres first, then films, then people,
with a surname index so that "Kubrick" finds Stanley Kubrick). Feedback ("seen it", "not that
one", "more like the second one") refers to the last list shown; filters narrow the next list.

Filters (``Parsed.filters``, a plain dict that travels in the conversation state):

- ``genres``: genre labels that are *all* required ("a sci-fi thriller", "a romcom" = Romance
  and Comedy); ``genres_any``: labels of which one is enough ("a comedy or a drama");
- ``mood``: a name from :data:`recommender.vocabulary.MOODS` (one, or a list when a message
  names several);
- ``suitability``: ``"kids"`` or ``"teens"`` (``AUDIENCE``, ``AGE`` in :mod:`recommender.vocabulary`);
- ``people``: groups of people, every group required, one person of a group enough
  (``[["Stanley Kubrick"]]``, ``[["Joel Coen", "Ethan Coen"]]``): "something by Kubrick",
  "a Hitchcock film", "films with DiCaprio", "the Coen brothers";
- ``language``, ``year_min``, ``year_max``, ``years_not`` (a span ruled out: "not from the 90s";
  :func:`recommender.years.parse_years`);
- ``topics``: tags every film must have, the theme asked for ("a movie about time travel",
  "comedies about basketball": :func:`.themes.themes_in`);
- ``themes``: tags the message names without such a cue ("zombie apocalypse movie", "vampires!",
  :func:`.themes.tags_in`): candidates that the service keeps or drops by what the catalogue
  knows of them, and turns into a genre when the films with the tag share one
  (:func:`recommender.theme_films.themes`).

The words it reads (genres, moods, audience, feedback, "films like" phrases) are in
:mod:`recommender.vocabulary`; how much a message looks like a request at all, without the linker,
is :mod:`recommender.cues`.

The reader in parts, each a module of this package:

- :mod:`~recommender.dialogue.parsed`: what a message says (:class:`Parsed`) and the names in it
  (:class:`Mention`);
- :mod:`~recommender.dialogue.mentions`: what a span of words names (a film, a person by full
  name, surname or nickname, a genre), with the index of the graph's people by surname;
- :mod:`~recommender.dialogue.people`: the people a plain request names, and when a word is said
  as a name at all;
- :mod:`~recommender.dialogue.themes`: the tags a request names as its theme, or without a cue;
- :mod:`~recommender.dialogue.clauses`: the words that split a message into clauses and give each
  its polarity (liked, disliked, to be like, a film just watched or praised);
- :mod:`~recommender.dialogue.filters`: what the clauses ask of every film, collected in the
  order said;
- :mod:`~recommender.dialogue.message`: :func:`parse`, one message clause by clause.

The service uses the interface below: :func:`parse`, :func:`mentions_in` (the names of a span)
and :func:`said_as_maker` (a surname said as a film's maker).
"""

from recommender.dialogue.mentions import mentions_in
from recommender.dialogue.message import parse
from recommender.dialogue.parsed import Mention, Parsed
from recommender.dialogue.people import said_as_maker

__all__ = ["Mention", "Parsed", "mentions_in", "parse", "said_as_maker"]
