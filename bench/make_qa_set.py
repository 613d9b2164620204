"""Build the held-out evaluation set for knowledge-graph question answering.

    .venvs/actions/bin/python bench/make_qa_set.py [--seed 1729] [--only dev4]

Why this exists: the question parser and the graph queries are developed against hand-written
examples (``data/nlu``, ``tests/nlu``, ``data/qa/templates.yml``). An accuracy measured on those
same wordings and names would mostly measure memory. This script writes questions whose
wordings and topic entities are kept out of every one of those files, with gold answers
computed from the KB itself, so that ``bench/qa_eval.py`` measures what an unseen user would get.

Output: ``bench/data/qa_validation.tsv`` (~30 %) and ``bench/data/qa_test.tsv`` (~70 %), one
header line, then ``id split path hops style template question topic constraint gold``.
The two splits use different wording templates and different topic entities, so a parameter
chosen on validation is never tuned on a test wording or name. Same seed and same files give
the same output byte for byte.

``bench/data/qa_dev2.tsv`` is a second tuning split for when validation has been used up:
about as many questions as validation, with the same path and style mix, a wording bank of its
own (no wording normalises to a validation or test one) and topics that neither other split
asks about. It is made after the other two are final, from its own ``random.Random``, so it
leaves them byte for byte as they were. Validation and test use up every genre of
``GENRE_FORMS``, so dev2 asks genre-topic questions about the other KB genres
(``DEV2_GENRE_FORMS``: short films, sports movies, biopics, historical films).

``bench/data/qa_dev3.tsv`` is a third tuning split, wordings written as users type to a chat
bot: terse keyword queries ("{film} director"), the name first in a passive or noun form
("{film} was directed by who?"), casual questions, statements with a blank ("I want to know
the language of {film}"), chains said several ways. It is made like dev2, after the other three
are final, from its own ``random.Random`` (``DEV3_SEED_OFFSET``), with the same path, hop,
constraint and style mix, a bank of its own (no wording normalises to a validation, test or
dev2 one; ``check_tuning_banks``) and films, people, tags, years and languages that no other
split asks about. Genres are the exception: the KB has no usable genre left (Music and Sci-Fi
stay out, as for dev2), so dev3's genre topics are the genres validation and dev2 ask about
(never a test one); ``check_disjoint`` allows that overlap and no other. A short decade in
dev3 never stands for the 1900s or 1910s ("from the 10s" reads as the 2010s).

``bench/data/qa_dev4.tsv`` is a fourth tuning split, written blind (no question of it was put
to the parser before it was final) to measure how the parser generalises to wordings nobody
tuned on: messages typed in a hurry or in a second language. Awkward grammar ("which movies was
{person} acted in", "{film} is directed from who?", "please say me ..."), passive and relative
chains ("the films starred by {person} are directed by whom", "the movies sharing actors with
{film}", "whoever was director of ..."), terse keyword strings with no verb ("{film} director
name", "year {film}", "{person} acted movies genres"), "the guy that", "the persons who", "tell
me pls", "i wonder", "any idea", "do you know", extra politeness ("could you please tell me
..."), lower case kept as written (``AS_WRITTEN``), missing question marks, a typo in a
function word ("wich", "teh"). It is made like dev3, after the other four are final, from its
own ``random.Random`` (``DEV4_SEED_OFFSET``), with the same path, hop, constraint and style
mix, a bank of its own (no wording normalises to a validation, test, dev2 or dev3 one, nor,
when it was written, to a training wording) and films, people, tags, years and languages that
no other split asks about; its genre topics, as dev3's, are genres validation and dev2 ask
about, never a test one. Its typo style misspells a function word of the wording (another word
when it has none), never the name. The four earlier files can no longer be rebuilt byte for
byte (names and wordings that have entered ``data/nlu`` since drop out), so dev4 was written
with ``--only dev4``: the earlier splits are read from their files, left as they are, and dev4
alone is written.

``path`` is a relation path from the topic entity, relations joined by ``>``, a leading ``~``
following the relation backwards (value -> film). Gold semantics, which the system under test
follows as well:

* answers are the union over every path instance; the topic entity is never an answer;
* a constraint (``year>=1990;year<=1999``, ``genre=Comedy``, ``language=French``) filters the
  last set of films on the path; a film passes when one of its values passes (a merged
  same-titled film with several years passes when one of its years does);
* films are KB titles (same-titled films are one node, as in the graph), years are 4-digit;
* for tag answers, rating/format markers (``r``, ``bd-r``, ...) and bare numbers are left out:
  they say nothing about what a film is about.

``style`` is one label per question: question (a plain question), paraphrase (passive or
indirect), command ("list ...", "tell me ..."), name_first ("X: who directed it?"), name_last
("... : X"), and three made from a question's wording: no_qmark, lowercase (the whole message,
names too) and typo (one edit in a word of the wording, or in the name; the ``topic`` column
keeps the right name). A family without a wording of the planned style falls back to question.

Topic entities (films, people, tags) are kept out when they occur, case-insensitively, inside
any line of ``data/nlu`` or ``tests/nlu``; when shorter than 4 characters or a common English
word; when a title is also a person's name or a tag (or a person's name a title or a tag, ...);
and when a title names several films (several release years). Wording templates that equal a
training wording (NLU examples with their entities as placeholders, ``data/qa/templates.yml``)
are dropped before sampling, so rerun this script after those files change.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from encore.settings import load_settings  # noqa: E402
from kg.importer import read_triples  # noqa: E402

OUT_DIR = ROOT / "bench" / "data"
TRAINING_DIRS = (ROOT / "data" / "nlu", ROOT / "tests" / "nlu")
QA_TEMPLATES = ROOT / "data" / "qa" / "templates.yml"
COLUMNS = ("id", "split", "path", "hops", "style", "template", "question", "topic", "constraint", "gold")
MAIN_SPLITS = ("validation", "test")
TUNING_EXTRA = ("dev2", "dev3", "dev4")  # tuning splits made after validation and test, in this order
SPLITS = (*MAIN_SPLITS, *TUNING_EXTRA)
VALIDATION_SHARE = 0.3
DEV2_SHARE = 0.33  # of each family's count: about as many questions as validation
DEV2_SEED_OFFSET = 7919  # dev2 draws from its own random.Random(seed + this)
DEV3_SHARE = DEV2_SHARE  # dev3: as many questions as dev2, the same family plan
DEV3_SEED_OFFSET = 104729  # dev3 draws from its own random.Random(seed + this)
DEV4_SHARE = DEV3_SHARE  # dev4: as many questions as dev3, the same family plan
DEV4_SEED_OFFSET = 1299709  # dev4 draws from its own random.Random(seed + this)
ID_PREFIX = {"dev2": "d", "dev3": "d3-", "dev4": "d4-"}  # validation and test: the split's first letter
# Topic kinds dev3 and dev4 may share with the other tuning splits (never with test): no KB
# genre is left for them (see run_dev3).
TUNING_SHARED_TOPICS = {"dev3": frozenset({"genre"}), "dev4": frozenset({"genre"})}
# Splits whose short decades must be unambiguous: "the 10s" reads as the 2010s, so a 1900s or
# 1910s constraint is never said that way (validation, test and dev2 predate this rule).
CLEAR_SHORT_DECADES = frozenset({"dev3", "dev4"})
# Splits whose bank must give every family at least a few wordings of its own (check_tuning_banks).
SEVERAL_WORDINGS = ("dev3", "dev4")
# Splits whose wordings are used as written: no capital letter added at the start ("who directed
# {film}" stays lower case, as typed).
AS_WRITTEN = frozenset({"dev4"})
# Splits whose typo style misspells a function word of the wording ("wich", "abuot"), or another
# word of it when it has none, and never the name.
FUNCTION_WORD_TYPOS = frozenset({"dev4"})
FUNCTION_WORDS = frozenset(
    """about after also before could during every from have other please same than that their them
    there they this together until were what when where which whom whose with would""".split()
)
DEFAULT_SEED = 1729
GOLD_SOFT_CAP = 600  # prefer topics whose answer set stays below this (fallback: any non-empty)

PERSON_RELATIONS = ("directed_by", "written_by", "starred_actors")
ROLE_RANGE = (2, 15)  # films a topic person has in the asked role
STYLES = ("question", "command", "name_first", "name_last", "no_qmark", "lowercase", "typo", "paraphrase")
STYLE_SHARE = {
    "question": 0.25,
    "paraphrase": 0.16,
    "command": 0.16,
    "name_first": 0.09,
    "name_last": 0.09,
    "no_qmark": 0.09,
    "lowercase": 0.08,
    "typo": 0.08,
}
BASE_STYLE = {"Q": "question", "C": "command", "NF": "name_first", "NL": "name_last", "P": "paraphrase"}

# Genres usable in a wording: KB name -> (modifier, plural noun). Music/Short/Sci-Fi/... are left
# out: "music films" vs "musicals" and a genre with one film make poor questions.
GENRE_FORMS = {
    "Comedy": ("comedy", "comedies"),
    "Drama": ("drama", "dramas"),
    "Horror": ("horror", "horror films"),
    "Action": ("action", "action films"),
    "Thriller": ("thriller", "thrillers"),
    "Crime": ("crime", "crime films"),
    "War": ("war", "war films"),
    "Adventure": ("adventure", "adventure films"),
    "Documentary": ("documentary", "documentaries"),
    "Western": ("western", "westerns"),
    "Musical": ("musical", "musicals"),
    "Fantasy": ("fantasy", "fantasy films"),
    "Mystery": ("mystery", "mysteries"),
    "Animation": ("animated", "animated films"),
    "Romance": ("romantic", "romances"),
    "Family": ("family", "family films"),
}
# Genres that are only ever dev2 topics: validation and test use up every genre above, and
# dev2 topics must be new. Music (read as "musicals") and Sci-Fi (one film) stay out.
DEV2_GENRE_FORMS = {
    "Short": ("short", "short films"),
    "Sport": ("sports", "sports movies"),
    "Biography": ("biographical", "biopics"),
    "History": ("historical", "historical films"),
}
NON_TOPICAL_TAGS = frozenset(
    {"r", "pg", "pg-13", "bd-r", "bd-video", "dvd-video", "own", "original", "unique", "special", "story"}
)
# Tags that say how a film was made, rated, sold or felt, or name a studio, a person or a
# character, rather than what the film is about: "which films are about <tag>" would not read
# as a question a user asks.
META_TAGS = frozenset(
    tag.strip()
    for tag in """
    criterion|cinematography|classic|imdb top 250|afi 100|national film registry|directorial debut
    franchise|remake|remade|sequel|seen|watched|dvd|boring|overrated|good|great|bad|excellent
    masterpiece|funny|oscar|stylized|atmospheric|visually appealing|based on a book|based on book
    series|short|black and white|tv|dialogue|soundtrack|music|sports|animated|romantic|historical
    psychological|biography|british|american|epic|teen|best picture|characters|effects|visual
    ending|acting|editing|direction|art direction|production|complex|predictable|realistic|tense
    brutal|disturbing|quirky|humor|stage|phone|lies|cult|cult film|cult classic|foreign
    foreign language|television|vistavision|technicolor|imax|director's cut|hugo award
    independent film|low budget|mockbuster|monologue|nonlinear|non-linear|twist ending|trilogy
    reboot|adaptation|based on a play|based on a true story|sexual|visual effects|special effects
    political|satirical|controversial|erotic|surreal|apocalyptic|philosophical|autobiographical
    anthropomorphic|futuristic|dystopian|environmental|canadian|australian|america|united states
    project greenlight|unsimulated sex|ensemble cast|relationships|pixar|toho|dreamworks|troma
    amicus|aardman|ealing studios|hammer film productions|studio ghibli|ghibli|marvel|dc comics
    view askew|sony pictures animation|disney renaissance|disney animated feature|pixar animation
    dreamworks animation|national lampoon|marvel cinematic universe|marvel comics|muppets
    saturday night live|jeunet|winona|will ferrel|robert downey jr|robin wright penn|gong li
    tony leung|tsui hark|juzo itami|shintaro katsu|zhang yimou|toshiro mifune|shahrukh khan
    ennio morricone|bernard herrmann|charlie chaplin|orlando bloom|ken jeong|jerry bruckheimer
    kurt vonnegut|richard nixon|hannibal lecter|philip marlowe|mike hammer|jack ryan|jack the ripper
    nick and nora charles|marx brothers|coen brothers|farrelly brothers|brat pack|apu trilogy
    dollars trilogy|proletariat trilogy|jay and silent bob|wallace and gromit|king ghidorah
    zatoichi|james bond|star wars|mockumentary|anime|wuxia|swashbuckler|blaxploitation
    exploitation|anthology|parody|spoof|satire|b-movie|found footage|stop motion|rock opera
    sword and sorcery|road movie|screwball|caper|jesus christ|jesus|comic|comics|stranded
    animated classic|suspense|tragedy|rape|incest|sexual abuse|patient|court|media
    """.replace("\n", "|").split("|")
) - {""}
GENRE_TOKENS = frozenset(
    "comedy comedies thriller horror western drama noir movie movies film films animation musical "
    "documentary fantasy romance".split()
)
# Frequent English words; single-word names made of one of these are ambiguous in a question.
COMMON_WORDS = frozenset(
    """
    about above across act action after again against age ago air all almost alone along already
    also always among angel angels animal another answer any anyone anything apart army around
    art away baby back bad bait ball band bank bar base battle beach bear beast beautiful because
    bed before begin being best better between beyond big bird birds black blind blood blue boat
    body bond book born boss both box boy boys brave bread break bride bridge bright brother
    brothers brown bull burn business busy call came camp can car care carrier case cat catch
    cause center chance change chase child children choice circle city class clean clear clock
    close cloud club cold color come company control cool cop cops country couple course cover
    crash crazy creature crew crime cross crowd cry cut damage dance danger dark daughter day
    days dead deal dear death deep desire devil die dinner dirty doctor dog dogs doll door double
    down dream dreams drive drop dust early earth east easy edge eight end enemy escape even
    evening ever every evil eye eyes face fact fall falling family far farm fast fat father fear
    feel fever field fight fighter final fire first fish five flash flight floor fly follow food
    fool force forest forever forget four free friday friend friends front full fun funny game
    games gang garden ghost ghosts gift girl girls give glass glory gold golden gone good grace
    grand great green ground group grow guest gun guns guy hair half hand hands happy hard harm
    hate have head heart heat heaven hell hello help here hero heroes hidden high hill history
    hit hold hole holiday home honey hope horse hot hotel hour house human hunger hunt hunter
    hunting ice idea ideal impact inside iron island jack jail job joy judge jump jungle junior
    just keep key kid kids kill killer killers kind king kiss knife know lady lake land last late
    law leader learn left legend less letter life light like line lion little live lock long
    look lost lots love lover lovers luck lucky machine mad magic man many mark marriage mask
    master match matter may mean meet memory men middle midnight mind minute mirror miss missing
    mission moment money monster month moon more morning most mother mountain move much murder
    music mystery name nature near need never new news next nice night nine nobody noise none
    north nothing now number ocean off office old once one only open order other out outside
    over own pack pain paint pair paper paradise park part party pass past path peace people
    perfect person picture piece place plan planet play player point police poor power present
    pretty price pride prince prison private problem proof prey pulse pure quest quiet race rage
    rain ransom rat reason red rest return revenge rich ride right ring rise river road rock
    room rose rough round royal run rush sad safe saint same save scream sea season second
    secret secrets see seven shadow shadows shame shark shock short shot show side sight sign
    silence silent simple sin singer single sister six sky sleep slow small smile smoke snake
    snow soldier something son song soul sound south space speed spirit split spring spy square
    star stars start station stay steel step still stone stop storm story strange stranger
    street strong sugar summer sun sunday sunshine super sure surprise sweet swing table take
    talk target taste teacher team tears ten test thing things three thunder tide time tin today
    together tomorrow tonight top touch tough tower town toys track trade traffic trap treasure
    tree trial trip trouble true trust truth turn twins two under union unknown up valley
    vampire victim victory village voice wait walk wall war warning watch water wave way wedding
    week west what white wild will win wind window winter wish witness wolf woman women wonder
    wood word work world worth wrong yellow yes yesterday young youth zero zone
    """.split()
)
TITLE_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
ARTICLES = ("the ", "a ", "an ")

# -------------------------------------------------------------------------------------------
# Wordings. Each line of a block is "STYLE text": Q question, C command, NF name first,
# NL name last, P paraphrase. Validation and test never share a block. {when} expands to the
# year phrases of the split (WHEN); {genre} is the genre as a modifier ("comedy"), {genres} its
# plural noun ("comedies").
# -------------------------------------------------------------------------------------------

WHEN = {
    "validation": (("exact", "in {year}"), ("after", "after {year}"), ("decade", "in the {decade}")),
    "test": (
        ("exact", "in {year}"),
        ("after", "after {year}"),
        ("before", "before {year}"),
        ("since", "since {year}"),
        ("decade", "in the {decade}"),
        ("decade", "during the {decade_short}"),
        ("between", "between {year_from} and {year_to}"),
    ),
}

HAND: dict[str, dict[str, str]] = {
    "directed_by": {
        "validation": """
Q Which person directed the film {film}?
Q Who was in charge of directing {film}?
C Give me the name of the director of {film}.
NF {film}: who was its director?
NL Who directed this picture? It's {film}
P {film} was directed by which filmmaker?
""",
        "test": """
Q Who is credited as director of {film}?
Q Which filmmaker was behind {film}?
Q Who did the directing on {film}?
C Tell me the director of {film}.
C Name the person who directed {film}.
C List the director or directors of {film}.
NF {film} - who directed that one?
NF {film}, directed by whom?
NL I'm curious about the director of this film: {film}
P Who sat in the director's chair for {film}?
P By whom was {film} directed?
P Who was the filmmaker responsible for {film}?
""",
    },
    "written_by": {
        "validation": """
Q Which people wrote the film {film}?
Q Who did the writing for {film}?
C Give me the writers of {film}.
NF {film}: who wrote the screenplay?
NL Writing credits, please, for {film}
P {film} was written by whom?
""",
        "test": """
Q Who is the writer of the movie {film}?
Q Which writers are credited on {film}?
Q Who was the screenwriter on {film}?
C Tell me who wrote the film {film}.
C List the writers credited on {film}.
C Name the screenwriter of {film}.
NF {film} - who wrote it?
NL Who wrote the script for this one: {film}
P Who is credited with writing {film}?
P Whose writing is {film} based on?
P Which writer penned the film {film}?
""",
    },
    "starred_actors": {
        "validation": """
Q Who acted in the film {film}?
Q Which actors starred in {film}?
C Give me the main cast of {film}.
NF {film}: who are the actors?
NL Who plays in this movie? {film}
P Which performers can you see in {film}?
""",
        "test": """
Q Who are the stars of the movie {film}?
Q Which actors are in {film}?
Q Who had the lead roles in {film}?
C List the actors of {film}.
C Tell me who acted in the film {film}.
C Name the lead actors in {film}.
NF {film} - who starred in it?
NF {film}: cast please
NL Who's in the cast of this film: {film}
P Who appears on screen in {film}?
P {film} starred which actors?
P Which performers were cast in {film}?
""",
    },
    "release_year": {
        "validation": """
Q In what year was {film} released?
Q When did the film {film} come out?
C Give me the release year of {film}.
NF {film}: when did it come out?
NL What year did this one come out? {film}
P When did {film} first reach cinemas?
""",
        "test": """
Q What year did the movie {film} come out?
Q When was the film {film} released?
Q Which year is {film} from?
C Tell me the year {film} was released.
C Name the year {film} came out.
NF {film} - what year was that?
NF {film}, release year?
NL When was this film released: {film}
P In which year did {film} premiere?
P What was the release year for {film}?
P {film} came out in what year?
""",
    },
    "in_language": {
        "validation": """
Q In which language is {film}?
C Give me the language of {film}.
NF {film}: what language is it in?
NL What language is spoken in this film? {film}
P Which language do the characters speak in {film}?
""",
        "test": """
Q What language is the movie {film} in?
Q Which language was {film} made in?
C Tell me the language of the film {film}.
C Name the original language of {film}.
NF {film} - which language?
NL In what language was this one filmed: {film}
P What is the spoken language in {film}?
P {film} is in what language?
P In which tongue was {film} shot?
""",
    },
    "has_genre": {
        "validation": """
Q Which genre does {film} fall under?
C Give me the genre of {film}.
NF {film}: what kind of film is it?
NL What genre is this movie? {film}
P How is {film} classified by genre?
""",
        "test": """
Q What genre is the movie {film}?
Q What sort of movie is {film}?
Q To which genre does {film} belong?
C Tell me what genre {film} is.
C Name the genres of {film}.
NF {film} - what genre?
NL Which genre would this film be: {film}
P What type of film would you call {film}?
P {film} is what kind of movie?
""",
    },
    "has_tags": {
        "validation": """
Q What is the film {film} about?
C Give me some keywords for {film}.
NF {film}: what themes does it have?
NL What topics does this film deal with? {film}
P Which subjects does {film} touch on?
""",
        "test": """
Q What is the movie {film} about?
Q What themes does the film {film} cover?
C Tell me what {film} is about.
C List some tags for {film}.
NF {film} - what's it about?
NL What's the subject of this movie: {film}
P Which topics come up in {film}?
P How would you tag {film}?
P What subjects is {film} tagged with?
""",
    },
    "has_imdb_rating": {
        "validation": """
Q How is {film} rated on IMDb?
NF {film}: what's its IMDb rating?
P Is {film} rated well on IMDb?
""",
        "test": """
Q What is the IMDb rating of {film}?
Q How good is {film} according to IMDb?
C Tell me the IMDb rating of {film}.
NF {film} - imdb rating?
NL How do IMDb users rate this film: {film}
P How did {film} score with IMDb users?
""",
    },
    "~directed_by": {
        "validation": """
Q Which films did {person} direct?
C Give me the films directed by {person}.
NF {person}: what did they direct?
NL Which movies did this director make? {person}
P What has {person} directed over the years?
P Films with {person} as director?
""",
        "test": """
Q What movies has {person} directed?
Q Which films did {person} make as a director?
Q What are the films directed by {person}?
C List the movies {person} directed.
C Tell me which films {person} has directed.
C Name films directed by {person}.
NF {person} - which movies did they direct?
NF {person}: filmography as a director
NL Show me what this filmmaker directed: {person}
P Which movies had {person} behind the camera?
P {person} directed which films?
""",
    },
    "~written_by": {
        "validation": """
Q Which films did {person} write?
C Give me the movies written by {person}.
NF {person}: what films did they write?
NL What did this writer work on? {person}
P Which screenplays are credited to {person}?
""",
        "test": """
Q What movies has {person} written?
Q Which films were written by {person}?
Q What films is {person} credited as a writer on?
C List the films {person} wrote.
C Tell me which movies {person} wrote.
C Name some films written by {person}.
NF {person} - which films did they write?
NL Which films came from this writer: {person}
P Which movies are based on writing by {person}?
P {person} wrote which movies?
P What has {person} got writing credits for?
""",
    },
    "~starred_actors": {
        "validation": """
Q Which films did {person} act in?
C Give me the movies {person} starred in.
NF {person}: what movies were they in?
NL What has this actor appeared in? {person}
P In which films can you see {person}?
P Films featuring {person}?
""",
        "test": """
Q What movies did {person} star in?
Q Which films has {person} been in?
Q What films does {person} appear in?
C List the movies starring {person}.
C Tell me which films {person} acted in.
C Name the films {person} played in.
NF {person} - what movies did they star in?
NF {person}: films as an actor
NL Which movies feature this actor: {person}
P {person} starred in which films?
P Which movies have {person} in the cast?
P In what films did {person} have a role?
""",
    },
    "~has_tags": {
        "validation": """
Q Which films are about {tag}?
C Give me movies tagged {tag}.
NF {tag}: which films deal with it?
NL Which movies have this tag? {tag}
P Any films on the subject of {tag}?
""",
        "test": """
Q What movies are about {tag}?
Q Which films have the tag {tag}?
Q What films deal with {tag}?
C List films tagged with {tag}.
C Tell me some movies about {tag}.
C Name films that involve {tag}.
NF {tag} - which movies are tagged with that?
NL Films with this keyword please: {tag}
P Which movies are tagged as {tag}?
P Are there films whose topic is {tag}?
P What films revolve around {tag}?
""",
    },
    "~release_year": {
        "validation": """
Q Which films were released in {year}?
C Give me movies that came out in {year}.
NF {year}: which films came out that year?
NL What movies were released in this year? {year}
P Which movies premiered in {year}?
""",
        "test": """
Q What films came out in {year}?
Q Which movies were released in the year {year}?
Q What movies are from {year}?
C List films released in {year}.
C Tell me some movies from {year}.
C Name films that premiered in {year}.
NF {year} - what films came out then?
NL Movies released in this year please: {year}
P Which films date from {year}?
P What was released in cinemas in {year}?
""",
    },
    "~in_language": {
        "validation": """
Q Which films are in {language}?
C Give me movies in the {language} language.
NF {language}: which films are in it?
NL Which movies are spoken in this language? {language}
P What {language}-language movies do you know?
""",
        "test": """
Q What movies are in {language}?
Q Which films were made in {language}?
C List films in {language}.
C Tell me some {language} language films.
C Name movies where the language is {language}.
NF {language} - what films use that language?
NL Films in this language please: {language}
P Which movies have {language} dialogue?
P What films are spoken in {language}?
""",
    },
    "~has_genre": {
        "validation": """
Q Which {genres} came out {when}?
C Give me {language} {genres}.
NF {genres} from {year}: which ones are there?
P What {genres} were made {when}?
""",
        "test": """
Q What {genres} were released {when}?
Q Which {language} {genres} are there?
Q Are there any {genres} from {year}?
C List {genres} made {when}.
C Tell me some {genres} in {language}.
C Name {genre} films released {when}.
NF {genres} in {language} - which ones?
P Which {genre} movies came out {when}?
P {language}-language {genres}, which ones do you have?
""",
    },
    "~starred_actors+c": {
        "validation": """
Q Which {genres} did {person} star in?
C Give me the films {person} acted in {when}.
NF {person}: which {language} films did they appear in?
P What {genre} movies has {person} been in?
""",
        "test": """
Q What {genres} has {person} acted in?
Q Which films did {person} star in {when}?
C List the {language} movies {person} appeared in.
C Tell me the {genre} films starring {person}.
NF {person} - {genres} they acted in?
NL Which {genres} feature this actor: {person}
P {person} appeared in which films {when}?
P In which {language}-language films did {person} act?
""",
    },
    "~directed_by+c": {
        "validation": """
Q Which films did {person} direct {when}?
C Give me the {genres} directed by {person}.
NF {person}: what {language} films did they direct?
P What {genre} movies were made by director {person}?
""",
        "test": """
Q What {genres} has {person} directed?
Q Which movies did {person} direct {when}?
C List the {language} films directed by {person}.
C Tell me which {genre} films {person} directed.
NF {person} - films they directed {when}?
NL Which {genres} did this director make: {person}
P {person} directed which {genres}?
""",
    },
    "~written_by+c": {
        "validation": """
Q Which films did {person} write {when}?
C Give me the {genres} written by {person}.
P What {language} films did {person} write?
""",
        "test": """
Q What {genres} did {person} write?
Q Which movies written by {person} came out {when}?
C List the {language} films {person} wrote.
NF {person} - {genre} films they wrote?
P {person} wrote which films {when}?
""",
    },
    "~has_tags+c": {
        "validation": """
Q Which films about {tag} came out {when}?
C Give me {genres} about {tag}.
""",
        "test": """
Q What {genres} are about {tag}?
C List films tagged {tag} released {when}.
P Which {language} films deal with {tag}?
""",
    },
    "directed_by>~directed_by": {
        "validation": """
Q What other films did the director of {film} make?
C Give me more movies by whoever directed {film}.
NF {film}: what else did its director make?
NL Which other films did this movie's director direct? {film}
P The person who directed {film} also directed which films?
Q Which {genres} did the director of {film} make?
""",
        "test": """
Q Which other movies were directed by the director of {film}?
Q What else has the director of {film} directed?
C List other films by the director of the movie {film}.
C Tell me what else the director of {film} made.
C Name more films from the filmmaker behind {film}.
NF {film} - what other films did its director do?
NL Other movies by the same director as this film, please: {film}
P Whoever directed {film}, which other movies did they direct?
P Which films share a director with {film}?
Q What films did the director of {film} make {when}?
""",
    },
    "written_by>~written_by": {
        "validation": """
Q What other films did the writer of {film} write?
C Give me other movies by the writers of {film}.
NF {film}: what else did its writers write?
P Which films share a writer with {film}?
Q Which films did the writer of {film} write {when}?
""",
        "test": """
Q Which other movies were written by the writers of {film}?
Q What else did the screenwriter of {film} write?
C List other films written by whoever wrote {film}.
C Tell me more movies by the writer of {film}.
NF {film} - other films by the same writer?
NL Other films from the writer of this one: {film}
P The people who wrote {film} also wrote which films?
P Which movies have a writer in common with {film}?
C List the {language} films by the writer of {film}.
""",
    },
    "starred_actors>~starred_actors": {
        "validation": """
Q What other films did the actors of {film} appear in?
C Give me other movies with the cast of {film}.
NF {film}: where else did its actors appear?
P Which films share an actor with {film}?
Q Which {genres} did the actors of {film} also appear in?
""",
        "test": """
Q Which other movies feature actors from {film}?
Q What else did the stars of {film} act in?
C List other films starring the cast of {film}.
C Tell me other movies with actors from {film}.
NF {film} - what else were its stars in?
NL Other films with the same actors as this one: {film}
P The actors of {film} also starred in which films?
P Which movies have a cast member in common with {film}?
Q What other films released {when} had actors from {film}?
""",
    },
    "release_year>~release_year": {
        "validation": """
Q What other films came out the same year as {film}?
C Give me movies released in the same year as {film}.
NF {film}: which films were released that same year?
P Which movies share a release year with {film}?
""",
        "test": """
Q Which other movies were released the same year as {film}?
Q What films came out in the year of {film}?
C List films from the same year as {film}.
C Tell me other movies released the year {film} came out.
NF {film} - what else came out that year?
NL Films released in the same year as this one: {film}
P In the year {film} was released, which other films came out?
""",
    },
    "~starred_actors>starred_actors": {
        "validation": """
Q Who has {person} acted alongside?
C Give me the co-stars of {person}.
NF {person}: who did they share the screen with?
NL Which actors worked with this actor? {person}
P Which actors appeared in films together with {person}?
""",
        "test": """
Q Who are the co-stars of {person}?
Q Which actors have starred with {person}?
Q Who has appeared in a film with {person}?
C List the actors who worked with {person}.
C Tell me who acted alongside {person}.
NF {person} - who were their co-stars?
NL Co-stars of this actor, please: {person}
P With which actors did {person} share a cast?
P {person} starred next to which actors?
""",
    },
    "~directed_by>directed_by": {
        "validation": """
Q Who co-directed films with {person}?
C Give me the people who directed films together with {person}.
NF {person}: who shared directing credits with them?
P Which other directors share a directing credit with {person}?
""",
        "test": """
Q Who did {person} co-direct films with?
Q Which directors shared a film with {person} as co-director?
C List the co-directors of {person}.
C Tell me who directed films jointly with {person}.
NF {person} - who co-directed with them?
NL Who co-directed with this filmmaker: {person}
P {person} directed films together with whom?
P Which filmmakers shared directing duties with {person}?
""",
    },
    "~written_by>written_by": {
        "validation": """
Q Who co-wrote films with {person}?
C Give me the writers who worked with {person}.
NF {person}: who wrote films with them?
P Which writers shared a writing credit with {person}?
""",
        "test": """
Q Who did {person} write films with?
Q Which writers collaborated with {person} on a script?
C List the co-writers of {person}.
C Tell me who wrote films together with {person}.
NF {person} - who were their co-writers?
NL Writing partners of this writer, please: {person}
P {person} wrote films together with whom?
P Who shares screenwriting credits with {person}?
""",
    },
}

# --- pieces for composed wordings -----------------------------------------------------------
# A set of films described from its topic: "np" (placeholder inside), "pro" (a pronoun, for
# the name-first form "X: ..."), "dem" (a demonstrative, for the name-last form "...: X"),
# "con" (with a constraint placeholder). {S} in a head is replaced by one of them.

PERSON_FILMS = {
    "~starred_actors": {
        "validation": {
            "np": ["the films {person} starred in", "movies featuring {person}"],
            "pro": ["the films they starred in"],
            "dem": ["the films this actor starred in"],
            "con": ["the {genres} {person} starred in", "the films {person} starred in {when}"],
        },
        "test": {
            "np": [
                "the movies {person} acted in",
                "films starring {person}",
                "the films with {person} in the cast",
                "{person}'s movies as an actor",
            ],
            "pro": ["the movies they acted in", "their films"],
            "dem": ["the movies this actor appeared in", "films with this actor"],
            "con": [
                "the {genre} movies {person} acted in",
                "films starring {person} released {when}",
                "the {language} films {person} appeared in",
            ],
        },
    },
    "~directed_by": {
        "validation": {
            "np": ["the films {person} directed", "movies directed by {person}"],
            "pro": ["the films they directed"],
            "dem": ["the films this director made"],
            "con": ["the {genres} {person} directed", "the films {person} directed {when}"],
        },
        "test": {
            "np": [
                "the movies {person} made as a director",
                "films directed by {person}",
                "{person}'s films as director",
                "the films {person} has directed",
            ],
            "pro": ["the movies they directed", "their films as director"],
            "dem": ["films by this director", "the movies this filmmaker directed"],
            "con": [
                "the {language} movies directed by {person}",
                "films directed by {person} {when}",
                "the {genre} films {person} has directed",
            ],
        },
    },
    "~written_by": {
        "validation": {
            "np": ["the films {person} wrote", "movies written by {person}"],
            "pro": ["the films they wrote"],
            "dem": ["the films this writer wrote"],
            "con": ["the films {person} wrote {when}", "the {language} films {person} wrote"],
        },
        "test": {
            "np": [
                "the movies {person} has written",
                "films written by {person}",
                "the films {person} wrote the script for",
                "{person}'s screenplays",
            ],
            "pro": ["the movies they wrote", "their screenplays"],
            "dem": ["films by this writer", "the movies this screenwriter wrote"],
            "con": ["the {genres} written by {person}", "movies written by {person} released {when}"],
        },
    },
}

FILM_PEOPLE_FILMS = {
    "directed_by": {
        "validation": {
            "np": ["the films by the director of {film}", "movies made by whoever directed {film}"],
            "pro": ["the films by its director"],
            "dem": ["the films by the director of this movie"],
            "con": ["the {genres} by the director of {film}"],
        },
        "test": {
            "np": [
                "the movies directed by the director of {film}",
                "the films of the filmmaker behind {film}",
                "all films by {film}'s director",
            ],
            "pro": ["the films made by its director"],
            "dem": ["the movies by this film's director"],
            "con": ["the films by the director of {film} released {when}"],
        },
    },
    "written_by": {
        "validation": {
            "np": ["the films written by the writer of {film}", "movies by the writers of {film}"],
            "pro": ["the films its writers wrote"],
            "dem": ["the films by the writer of this movie"],
            "con": ["the films written by the writer of {film} {when}"],
        },
        "test": {
            "np": [
                "the movies written by whoever wrote {film}",
                "films scripted by the writers of {film}",
                "all films by {film}'s screenwriters",
            ],
            "pro": ["the films by its writers"],
            "dem": ["the movies by this film's writers"],
            "con": ["the {language} films by the writers of {film}"],
        },
    },
    "starred_actors": {
        "validation": {
            "np": ["the films the actors of {film} appeared in", "movies featuring the cast of {film}"],
            "pro": ["the films its actors were in"],
            "dem": ["the films the actors of this movie were in"],
            "con": ["the {genres} the actors of {film} appeared in"],
        },
        "test": {
            "np": [
                "the movies with actors from {film}",
                "the films the stars of {film} acted in",
                "all films starring {film}'s cast",
            ],
            "pro": ["the films its cast appeared in"],
            "dem": ["the movies this film's cast acted in"],
            "con": ["the {genre} movies with actors from {film}"],
        },
    },
}

TAG_FILMS = {
    "validation": {
        "np": ["the films about {tag}", "movies tagged {tag}"],
        "pro": ["the films with that tag"],
        "dem": ["the films with this tag"],
        "con": ["the films about {tag} from {year}"],
    },
    "test": {
        "np": ["the movies tagged with {tag}", "films dealing with {tag}", "the films that involve {tag}"],
        "pro": ["the movies tagged with it"],
        "dem": ["films tagged with this keyword"],
        "con": ["the {genres} about {tag}", "the {language} films about {tag}"],
    },
}

# Heads that ask for one attribute of a set of films {S}.
ATTRIBUTE_HEADS = {
    "directed_by": {
        "validation": "Q Who directed {S}?\nC Give me the directors of {S}.\nP {S} were directed by whom?",
        "test": """Q Which people directed {S}?
Q Who were the directors of {S}?
C List the directors of {S}.
C Tell me who directed {S}.
P Which filmmakers were behind {S}?""",
    },
    "written_by": {
        "validation": "Q Who wrote {S}?\nC Give me the writers of {S}.\nP {S} were written by whom?",
        "test": """Q Which writers worked on {S}?
Q Who were the screenwriters of {S}?
C List the writers of {S}.
C Tell me who wrote {S}.
P Who is credited with writing {S}?""",
    },
    "starred_actors": {
        "validation": "Q Who acted in {S}?\nC Give me the actors of {S}.\n"
        "P Which performers appeared in {S}?",
        "test": """Q Which actors starred in {S}?
Q Who was in the cast of {S}?
C List the actors in {S}.
C Tell me who starred in {S}.
P {S} starred which actors?""",
    },
    "release_year": {
        "validation": "Q In which years did {S} come out?\nC Give me the release years of {S}.\n"
        "P When were {S} released?",
        "test": """Q What years were {S} released in?
Q Which years did {S} come out?
C List the release years of {S}.
C Tell me when {S} came out.
P {S} came out in which years?""",
    },
    "has_genre": {
        "validation": "Q What genres are {S}?\nC Give me the genres of {S}.\nP Which kinds of film are {S}?",
        "test": """Q Which genres do {S} belong to?
Q What genres do {S} have?
C List the genres of {S}.
C Tell me the genres of {S}.
P {S} fall into which genres?""",
    },
    "in_language": {
        "validation": "Q In which languages are {S}?\nC Give me the languages of {S}.\n"
        "P What languages do people speak in {S}?",
        "test": """Q What languages are {S} in?
Q Which languages were {S} made in?
C List the languages of {S}.
C Tell me the languages of {S}.
P {S} are in which languages?""",
    },
    "has_tags": {
        "validation": "Q What are {S} about?\nC Give me the topics of {S}.\n"
        "P Which subjects do {S} deal with?",
        "test": """Q What topics do {S} cover?
Q What are the themes of {S}?
C List the tags of {S}.
C Tell me what {S} are about.
P {S} deal with which topics?""",
    },
}

# Person -> films -> people -> their films: "{PP}" is "<people noun> <films of the topic>".
PEOPLE_OF = {
    "directed_by": {
        "validation": ["the directors of"],
        "test": ["the people who directed", "the filmmakers behind"],
    },
    "written_by": {
        "validation": ["the writers of"],
        "test": ["the people who wrote", "the screenwriters of"],
    },
    "starred_actors": {"validation": ["the actors in"], "test": ["the people who acted in", "the cast of"]},
}
FILMS_OF_PEOPLE = {
    "directed_by": {
        "validation": "Q Which films were directed by {PP}?\nC Give me all movies directed by {PP}.\n"
        "P What have {PP} directed?",
        "test": """Q What movies were directed by {PP}?
Q Which films did {PP} direct?
C List the films directed by {PP}.
C Tell me the movies {PP} directed.
P {PP} directed which films?""",
    },
    "written_by": {
        "validation": "Q Which films were written by {PP}?\nC Give me all movies written by {PP}.\n"
        "P What have {PP} written?",
        "test": """Q What movies were written by {PP}?
Q Which films did {PP} write?
C List the films written by {PP}.
C Tell me the movies {PP} wrote.
P {PP} wrote which films?""",
    },
    "starred_actors": {
        "validation": "Q Which films feature {PP}?\nC Give me all movies starring {PP}.\n"
        "P In which films did {PP} appear?",
        "test": """Q What movies star {PP}?
Q Which films did {PP} act in?
C List the films featuring {PP}.
C Tell me the movies {PP} appeared in.
P {PP} starred in which films?""",
    },
}
# How a composed head puts the name first or last.
NAME_FIRST = {"validation": ("{X}: {head}",), "test": ("{X} - {head}", "{X}, {head}")}
NAME_LAST = {"validation": ("{head} {X}",), "test": ("{head_bare}: {X}", "{head_bare} - {X}")}

# --- wordings of the dev2 split ---------------------------------------------------------------
# A bank of its own (check_tuning_banks refuses any wording that normalises to a validation or
# test one), merged into the tables above by split name.

WHEN["dev2"] = (
    ("exact", "back in {year}"),
    ("after", "later than {year}"),
    ("before", "prior to {year}"),
    ("since", "from {year} onwards"),
    ("decade", "in the {decade_short}"),
    ("decade", "sometime in the {decade}"),
    ("between", "from {year_from} to {year_to}"),
)

HAND_DEV2 = {
    "directed_by": """
Q Any idea who helmed {film}?
Q Who's the filmmaker that made {film}?
Q Do you know who directed the picture {film}?
C Show me who directed {film}.
C Tell me which filmmaker helmed the movie {film}.
C Find the director of the flick {film}.
NF {film}... who was the director on that?
NF {film}? who directed that one again?
NL Who was behind the camera for this one? {film}
P {film} was helmed by who?
P Under whose direction was {film} made?
P Who's credited with directing the film {film}?
""",
    "written_by": """
Q Who penned the screenplay of {film}?
Q Which writer came up with the script for {film}?
Q Who's the screenwriter behind {film}?
C Show me the writers of the picture {film}.
C Tell me who penned the script of {film}.
C Find out who wrote {film}.
NF {film}... whose screenplay was that?
NF {film}? who did the script?
NL Who did the script for this flick? {film}
P The script for {film} came from which writers?
P Whose script was {film} made from?
P Who gets the writing credit on {film}?
""",
    "starred_actors": """
Q Who shows up in {film}?
Q Who starred in the flick {film}?
Q Which performers are in the cast of {film}?
C Show me the cast of {film}.
C Tell me who's in the movie {film}.
C List the performers in {film}.
NF {film}... who was in it?
NF {film}? who played in that?
NL Who are the leads in this picture? {film}
P The cast of {film} included whom?
P Who appeared in the picture {film}?
P Which actors had roles in {film}?
""",
    "release_year": """
Q So {film} came out when?
Q When did {film} first premiere?
Q What year was the picture {film} released?
C Show me when {film} was released.
C Tell me what year {film} debuted.
NF {film}... when was that released?
NF {film}? which year did it hit theaters?
NL What year did this flick come out? {film}
P What year did {film} hit theaters?
P {film} debuted in which year?
P The release of {film} was in what year?
""",
    "in_language": """
Q What language is the flick {film} in?
Q Which language do they speak in {film}?
Q What's the original language of the picture {film}?
C Show me the language of the movie {film}.
C Tell me what language {film} is in.
NF {film}... what language is that in?
NL Which language is this flick in? {film}
P {film} was filmed in which language?
P What language was {film} shot in?
P The dialogue in {film} is in which language?
""",
    "has_genre": """
Q What kind of flick is {film}?
Q What genre would you put {film} in?
Q Which genres is {film} listed under?
C Show me the genre of {film}.
C Tell me what kind of picture {film} is.
NF {film}... what genre is that?
NL What genre does this flick belong to? {film}
P {film} counts as what genre?
P What sort of picture is {film}?
P Which genre is the film {film} categorised as?
""",
    "has_tags": """
Q What's the story of the movie {film}?
Q So what's {film} about?
Q What themes does the picture {film} explore?
C Show me the tags for {film}.
C Tell me the themes of the flick {film}.
C Give me a few keywords describing {film}.
NF {film}... what's the plot about?
NL What's this picture about? {film}
P What subjects are covered in {film}?
P {film} deals with what topics?
""",
    "has_imdb_rating": """
Q What's the IMDb score of {film}?
Q What do IMDb users give {film}?
C Show me the IMDb rating for {film}.
NF {film}... how's it rated on IMDb?
NL What's the IMDb rating of this flick? {film}
P {film} has what rating on IMDb?
""",
    "~directed_by": """
Q What has {person} directed so far?
Q Which pictures did {person} helm?
Q What movies were helmed by {person}?
C Show me the movies {person} directed.
C Tell me what {person} has directed.
C List every film {person} directed.
NF {person}... what have they directed?
NF {person}? which flicks did they direct?
NL What did this filmmaker direct? {person}
P Which films were made under the direction of {person}?
P {person} was the director of which pictures?
P What pictures has {person} got directing credits on?
""",
    "~written_by": """
Q Which scripts has {person} had a hand in?
Q Which pictures has {person} penned?
Q What screenplays has {person} written?
C Show me the movies {person} wrote.
C Tell me which screenplays {person} penned.
C List everything {person} has written.
NF {person}... what have they penned?
NL Which screenplays did this writer pen? {person}
P Which movies were penned by {person}?
P {person} is credited as writer on which films?
P What films came from the pen of {person}?
""",
    "~starred_actors": """
Q What has {person} shown up in?
Q Which flicks has {person} starred in?
Q What pictures did {person} appear in?
C Show me the movies {person} was in.
C Tell me what {person} has acted in.
C List all the films with {person}.
NF {person}... what have they acted in?
NF {person}? which pictures are they in?
NL What movies has this performer been in? {person}
P Which films is {person} in the cast of?
P {person} had roles in which movies?
P What films has {person} performed in?
""",
    "~has_tags": """
Q Any movies about {tag}?
Q What are some films that deal with {tag}?
Q Which pictures are tagged {tag}?
C Show me a few pictures about {tag}.
C Tell me which flicks are about {tag}.
C Find me movies with the tag {tag}.
NF {tag}... any films about that?
NL Which pictures are about this topic? {tag}
P What movies have {tag} as a theme?
P Films where {tag} is a theme, which ones?
P Which movies touch on {tag}?
""",
    "~release_year": """
Q What came out in theaters in {year}?
Q Which pictures debuted in {year}?
Q What movies hit theaters in {year}?
C Show me what was released in {year}.
C Tell me the films that debuted in {year}.
C List the pictures that came out in {year}.
NF {year}... what hit the cinemas that year?
NL Which movies debuted in this year? {year}
P {year} saw the release of which films?
P Which films have {year} as their release year?
""",
    "~in_language": """
Q Do you have any {language}-language films?
Q Which pictures were shot in {language}?
Q What movies have their dialogue in {language}?
C Show me some {language} flicks.
C Tell me which pictures use {language}.
C Find films where people speak {language}.
NF {language}... which movies are in that language?
NL Which films were made in this language? {language}
P Which movies were filmed in {language}?
P What pictures have {language} as their language?
""",
    "~has_genre": """
Q Any {genres} that came out {when}?
Q Got any {language} {genres}?
Q What {genre} pictures do you know from {year}?
C Show me {genres} released {when}.
C Find some {genre} movies in {language}.
NF {genres} in {language}... what have you got?
P Which {genre} flicks premiered {when}?
P {genres} that came out {when}, which ones?
""",
    "~starred_actors+c": """
Q Which {genres} has {person} been in?
Q Which movies starring {person} were released {when}?
Q Any {language} movies with {person}?
C Show me the {genres} {person} starred in.
C Tell me the {language}-language flicks {person} acted in.
NF {person}... which {genre} movies were they in?
NL What {genres} has this performer been in? {person}
P {person} had roles in which {genres}?
P Which of {person}'s films came out {when}?
""",
    "~directed_by+c": """
Q Which {genres} has {person} helmed?
Q What did {person} direct {when}?
C Show me the {language} films {person} directed.
C Tell me which {genre} pictures {person} directed.
NF {person}... what did they direct {when}?
NL What {genres} did this filmmaker direct? {person}
P Which of {person}'s directing jobs came out {when}?
P {person} helmed which {language} films?
""",
    "~written_by+c": """
Q Which {genres} has {person} penned?
Q What did {person} write {when}?
C Show me the {language} screenplays by {person}.
NF {person}... which {genre} films did they write?
P Which of the films {person} wrote came out {when}?
""",
    "~has_tags+c": """
Q Any {genres} about {tag}?
C Show me films about {tag} that came out {when}.
NF {tag}... any {genres} on that?
P Which {language} pictures deal with {tag}?
""",
    "directed_by>~directed_by": """
Q What else has the director of {film} put out?
Q Which other pictures did the filmmaker of {film} helm?
Q Did whoever directed {film} make any other movies?
C Show me other films by the director of {film}.
C Tell me what else the person who directed {film} has directed.
NF {film}... any other films from that director?
NL What else has the filmmaker behind this one made? {film}
P Which movies were also directed by the person behind {film}?
P The filmmaker of {film} also helmed which films?
Q Any {genres} by whoever helmed {film}?
C Show me films by the director of {film} that came out {when}.
""",
    "written_by>~written_by": """
Q Has the writer of {film} penned anything else?
Q Which other scripts came from the writers of {film}?
C Show me other movies written by the person who penned {film}.
C Tell me what else was written by the writers of {film}.
NF {film}... did its writer write any other films?
NL Other screenplays by whoever wrote this picture? {film}
P Which films were also penned by the writers of {film}?
P The screenwriters of {film} wrote which other movies?
Q Which {language} films did the writers of {film} also write?
C Show me {genres} penned by the writer of {film}.
""",
    "starred_actors>~starred_actors": """
Q Where else have the actors from {film} shown up?
Q What other pictures did the cast of {film} appear in?
C Show me more films with the performers from {film}.
C Tell me which movies also feature the cast of {film}.
NF {film}... what else has its cast been in?
NL What else were the performers of this flick in? {film}
P Which films also had members of the cast of {film}?
P The performers in {film} also appeared in which movies?
Q Which {language} films also had actors from {film}?
C Show me {genres} featuring anyone from the cast of {film}.
""",
    "release_year>~release_year": """
Q What else came out the year {film} was released?
Q Which pictures premiered in the same year as {film}?
C Show me films that came out the same year as {film}.
C Tell me what else was released in {film}'s year.
NF {film}... which other movies came out that year?
NL Other flicks from the year this one came out? {film}
P Which films debuted alongside {film} that year?
P {film} came out the same year as which other movies?
""",
    "~starred_actors>starred_actors": """
Q Who has {person} shared a movie with?
Q Which performers have shared the screen with {person}?
Q Who's been in films with {person}?
C Show me the actors who've worked with {person}.
C Tell me who {person} has acted with.
NF {person}... who have they acted with?
NL Who has this performer starred alongside? {person}
P Which actors were in the cast alongside {person}?
P {person} has appeared on screen with whom?
""",
    "~directed_by>directed_by": """
Q Who has {person} directed movies with?
Q Which filmmakers co-directed with {person}?
C Show me the people who co-directed with {person}.
C Tell me who shared the director's chair with {person}.
NF {person}... any co-directors?
NL Who shared directing credits with this filmmaker? {person}
P {person} co-helmed films with which directors?
P With whom did {person} direct films?
""",
    "~written_by>written_by": """
Q Who has {person} written screenplays with?
Q Which screenwriters teamed up with {person}?
C Show me the people who co-wrote with {person}.
C Tell me who {person} has penned scripts with.
NF {person}... who did they write with?
NL Who co-wrote with this screenwriter? {person}
P {person} shared screenplay credits with whom?
P With which writers did {person} pen films?
""",
}
for _key, _block in HAND_DEV2.items():
    HAND[_key]["dev2"] = _block

PERSON_FILMS["~starred_actors"]["dev2"] = {
    "np": [
        "the pictures {person} appeared in",
        "the flicks with {person}",
        "the films {person} had a role in",
    ],
    "pro": ["the pictures they appeared in"],
    "dem": ["the films this performer was in"],
    "con": [
        "the {genres} {person} appeared in",
        "the flicks with {person} that came out {when}",
        "the {language}-language films with {person}",
    ],
}
PERSON_FILMS["~directed_by"]["dev2"] = {
    "np": [
        "the pictures {person} helmed",
        "the films made by director {person}",
        "the flicks {person} directed",
    ],
    "pro": ["the pictures they helmed"],
    "dem": ["the movies this filmmaker helmed"],
    "con": ["the {genres} {person} helmed", "the pictures {person} directed {when}"],
}
PERSON_FILMS["~written_by"]["dev2"] = {
    "np": [
        "the pictures {person} penned",
        "the movies based on {person}'s screenplays",
        "the flicks {person} wrote",
    ],
    "pro": ["the scripts they penned"],
    "dem": ["the films this screenwriter penned"],
    "con": ["the {language} movies penned by {person}", "the pictures {person} wrote {when}"],
}
FILM_PEOPLE_FILMS["directed_by"]["dev2"] = {
    "np": ["the pictures by whoever helmed {film}", "all the movies the director of {film} made"],
    "pro": ["the films its director helmed"],
    "dem": ["the flicks by the director of this one"],
    "con": ["the {language} films by whoever directed {film}"],
}
FILM_PEOPLE_FILMS["written_by"]["dev2"] = {
    "np": ["the pictures penned by the writer of {film}", "all the films the screenwriter of {film} wrote"],
    "pro": ["the films its screenwriter penned"],
    "dem": ["the scripts by whoever wrote this picture"],
    "con": ["the {genres} penned by the writers of {film}"],
}
FILM_PEOPLE_FILMS["starred_actors"]["dev2"] = {
    "np": [
        "the pictures featuring the performers of {film}",
        "all the films with someone from the cast of {film}",
    ],
    "pro": ["the films its performers appeared in"],
    "dem": ["the flicks with the cast of this picture"],
    "con": ["the {genres} featuring the performers of {film}"],
}
TAG_FILMS["dev2"] = {
    "np": ["the pictures about {tag}", "movies with {tag} as a theme", "the films on the subject of {tag}"],
    "pro": ["the pictures about it"],
    "dem": ["the movies about this theme"],
    "con": ["the {language}-language films about {tag}", "the {genres} dealing with {tag}"],
}
ATTRIBUTE_HEADS["directed_by"]["dev2"] = """Q Who helmed {S}?
Q Which filmmakers directed {S}?
C Show me the directors of {S}.
P {S} were helmed by which filmmakers?"""
ATTRIBUTE_HEADS["written_by"]["dev2"] = """Q Who penned {S}?
Q Which screenwriters wrote {S}?
C Show me who wrote {S}.
P The scripts for {S} were penned by whom?"""
ATTRIBUTE_HEADS["starred_actors"]["dev2"] = """Q Who's in {S}?
Q Who were the performers in {S}?
C Show me the cast of {S}.
P {S} featured which performers?"""
ATTRIBUTE_HEADS["release_year"]["dev2"] = """Q When did {S} come out?
Q What years did {S} premiere in?
C Show me the release years of {S}.
P {S} were released in which years?"""
ATTRIBUTE_HEADS["has_genre"]["dev2"] = """Q What kinds of movies are {S}?
Q Which genres would you file {S} under?
C Show me the genres of {S}.
P {S} are what genres?"""
ATTRIBUTE_HEADS["in_language"]["dev2"] = """Q Which languages do {S} use?
Q What languages were {S} filmed in?
C Show me the languages of {S}.
P {S} were shot in which languages?"""
ATTRIBUTE_HEADS["has_tags"]["dev2"] = """Q What are {S} mostly about?
Q What themes do {S} explore?
C Show me the tags of {S}.
P {S} are about what?"""
PEOPLE_OF["directed_by"]["dev2"] = ["the filmmakers who helmed", "the directors who made"]
PEOPLE_OF["written_by"]["dev2"] = ["the screenwriters who penned", "the writers responsible for"]
PEOPLE_OF["starred_actors"]["dev2"] = ["the performers who appeared in", "the cast members of"]
FILMS_OF_PEOPLE["directed_by"]["dev2"] = """Q Which pictures were helmed by {PP}?
Q What has been directed by {PP}?
C Show me the pictures directed by {PP}.
P {PP} helmed which movies?"""
FILMS_OF_PEOPLE["written_by"]["dev2"] = """Q Which pictures were penned by {PP}?
Q What has been written by {PP}?
C Show me the pictures penned by {PP}.
P {PP} wrote the scripts for which films?"""
FILMS_OF_PEOPLE["starred_actors"]["dev2"] = """Q Which pictures did {PP} appear in?
Q What films have {PP} been in?
C Show me the movies that featured {PP}.
P {PP} were in which films?"""
NAME_FIRST["dev2"] = ("About {X}: {head}", "{X}... {head}")
NAME_LAST["dev2"] = ("{head} I'm asking about {X}", "{head_bare} -- {X}")

# --- wordings of the dev3 split ---------------------------------------------------------------
# A third bank, written the way people type to a chat bot: terse keyword queries ("{film}
# director", "director of {film}"), the name first in a passive or noun form ("{film} was
# directed by who?", "{person} appears in what films?"), casual questions ("Who's the guy that
# directed {film}?"), statements with a blank ("I want to know the language of {film}", "Need
# ...", "Looking for ..."), the relation as a noun ("What's the genre of {S}?"), and chains said
# several ways ("{S} were directed by who?" over "movies that share actors with {film}", "the
# films starring the leads of {film}", ...). Terse keyword forms are labelled by where the name
# sits: NF "{film} director", NL "Director of {film}". check_tuning_banks refuses any wording
# that normalises to a validation, test or dev2 one.

WHEN["dev3"] = (
    ("exact", "from {year}"),
    ("after", "post-{year}"),
    ("before", "pre-{year}"),
    ("since", "from {year} on"),
    ("decade", "from the {decade}"),
    ("decade", "from the {decade_short}"),
    ("between", "{year_from}-{year_to}"),
)

HAND_DEV3 = {
    "directed_by": """
Q Who's the guy that directed {film}?
Q Whos the director of {film}
Q Do u know who directed {film}?
C I want to know who directed {film}
C Can't remember who directed {film}, help
C Need the name of whoever directed {film}
NF {film} movie director
NF {film} directed by?
NL Director of the movie {film}
NL Movie director for {film}
P {film} got directed by who?
P {film} was made by which director?
P The director of the movie {film} was who?
""",
    "written_by": """
Q Who did the script on the movie {film}?
Q Whos the writer on {film}
Q Who's responsible for the script of {film}?
C I want to know who wrote {film}
C Trying to find out who the writers of {film} were
C Need the screenwriter for {film}
NF {film} writers
NF {film} screenplay by?
NL Screenwriters of the movie {film}
NL Screenplay credits for {film}
P {film} had which writers?
P The screenwriter of {film} was who?
""",
    "starred_actors": """
Q Who's acting in {film}?
Q Who are the main actors in {film}?
Q Who was the lead in {film}?
C I want to know the cast of {film}
C Need the actors from {film}
C Looking for the cast list of {film}
NF {film} cast
NF {film} actors?
NF {film} cast list
NL Actors from {film}
NL Cast list of the movie {film}
P {film} stars who?
P {film} had who in it?
P The actors in {film} are who?
""",
    "release_year": """
Q When's {film} from?
Q What year's {film}?
Q When was the movie {film} made?
C I want to know when {film} came out
C Need the year {film} was made
C Can't remember what year {film} came out
NF {film} year
NF {film} release date?
NL Year of {film}
NL Release year for the film {film}
P {film} was released when?
P {film} is from what year?
P The release year of {film} is what?
""",
    "in_language": """
Q Whats the language of {film}
Q What do they speak in {film}?
Q What language is the dialogue in {film}?
C I want to know the language of {film}
C Need to know what language {film} is in
C Trying to figure out the language of {film}
NF {film} languages
NF {film} original language?
NL Languages spoken in {film}
NL Spoken language in the movie {film}
P {film} is spoken in what language?
P The language of {film} is what?
""",
    "has_genre": """
Q What's the genre of {film}?
Q What kind of movie is {film} exactly?
Q What type of movie is {film} anyway?
C I want to know the genre of {film}
C Need the genre for {film}
C Trying to figure out what genre {film} is
NF {film} genres
NF {film} what kind of film?
NL Genres for the movie {film}
P {film} would be classed as what genre?
P {film} falls in which genre?
P The genre of {film} is what?
""",
    "has_tags": """
Q What happens in the movie {film}?
Q Whats the movie {film} about
Q What themes are in {film}?
C I want to know what {film} is about
C Need some keywords for {film}
C Trying to remember what {film} was about
NF {film} themes
NF {film} plot keywords?
NL Tags for {film}
NL Themes of the film {film}
P {film} is about what?
P {film} is a movie about what?
P The themes of {film} are what?
""",
    "has_imdb_rating": """
Q What did {film} get on IMDb?
Q How well is {film} rated on imdb?
Q Is {film} any good on IMDb?
C I want to know the IMDb rating of {film}
C Need the imdb score for {film}
NF {film} imdb
NF {film} rating on imdb?
NL IMDb score of the movie {film}
NL Imdb score for {film}
P {film} is rated what on IMDb?
P The IMDb rating of {film} is what?
""",
    "~directed_by": """
Q What movies has {person} made as director?
Q Anything directed by {person}?
C I want to know what {person} directed
C Need a list of movies {person} directed
C Looking for films directed by {person}
NF {person} directed movies
NF {person} as a director?
NL Directing credits of {person}
P {person} has directed which films?
P The films directed by {person} are what?
""",
    "~written_by": """
Q What has {person} written so far?
Q Anything written by {person}?
C I want to know what {person} wrote
C Need the films {person} wrote
C Looking for movies written by {person}
NF {person} screenplays
NF {person} writing credits?
NL Movies with a script by {person}
P {person} wrote the script for which movies?
P {person} is the writer of what films?
P {person} was a writer on what movies?
""",
    "~starred_actors": """
Q Which movies did {person} act in?
Q What's {person} been in?
Q What all is {person} in?
C I want to know what films {person} was in
C Need a list of movies with {person}
C Looking for movies starring {person}
NF {person} movies list
NF {person} acting credits?
NL Films featuring the actor {person}
P {person} appears in what films?
P {person} was in which movies?
P {person} was in what?
""",
    "~has_tags": """
Q Know any films about {tag}?
Q What movies are there about {tag}?
Q Movies that are about {tag}?
C I want to know films about {tag}
C Looking for movies about {tag}
C Need movies tagged {tag}
NF {tag} movie list
NF {tag} films?
NL Some films on {tag}
NL Films dealing with the topic {tag}
P {tag} comes up in which films?
P {tag} is the theme of what movies?
""",
    "~release_year": """
Q Which movies were made in {year}?
Q What movies did {year} have?
C I want to know what came out in {year}
C Need a list of {year} films
C Looking for movies released in {year}
NF {year} films list
NF {year} releases?
NL Films released {year}
NL Movies from the year {year}
P {year} had which movies come out?
P What films did {year} give us?
""",
    "~in_language": """
Q What movies are there in {language}?
Q Know any {language} movies?
Q Which films are in the {language} language?
C I want to know some movies in {language}
C Need {language} films
C Looking for movies in {language}
NF {language} films list
NF {language} language films?
NL Movies with dialogue in {language}
NL Films in the {language} language
P {language} is spoken in which films?
P In {language}, what movies are there?
""",
    "~has_genre": """
Q Any {genres} {when}?
Q What {genres} are there {when}?
Q Which {genre} movies are in {language}?
C I want to know {genres} from {year}
C Need {genre} movies {when}
C Looking for {language} {genres}
NF {genres} {when}
NF {genres} in {language}?
P {year} had what {genres}?
P {genre} movies made {when} are what?
""",
    "~starred_actors+c": """
Q Which {genres} did {person} act in?
Q What {language} movies is {person} in?
Q Any {person} movies {when}?
C I want to know the {genres} {person} was in
C Need {person}'s films {when}
NF {person} {genres}
NF {person} {language} films?
NL {genre} movies with {person}
NL {language} films starring {person}
P {person} was in which {genres}?
P {person} acted in what films {when}?
""",
    "~directed_by+c": """
Q Anything {person} directed {when}?
Q What {language} movies did {person} direct?
C I want to know the {genres} {person} directed
C Need the films {person} directed {when}
NF {person} {genre} films as director
NF {person} {language} films as director?
NL {genres} directed by {person}
NL Films {when} directed by {person}
P {person} directed which {language} movies?
P {person} was the director of what {genres}?
""",
    "~written_by+c": """
Q Which {genre} movies did {person} write?
Q Anything {person} wrote {when}?
C I want to know the films {person} wrote {when}
C Need {person}'s {language} screenplays
NF {person} {genres} as writer
NF {person} scripts {when}?
NL {language} films written by {person}
P {person} wrote which {genres}?
""",
    "~has_tags+c": """
Q Which {genres} are about {tag}?
Q Know any {language} movies about {tag}?
C I want to know films about {tag} {when}
C Looking for {tag} {genres}
NF {tag} {genres}
NF {tag} movies {when}?
NL {language} movies about {tag}
P {tag} shows up in which {genres}?
""",
    "directed_by>~directed_by": """
Q What else did the director of {film} do?
Q More movies from the guy who directed {film}?
Q Which movies have the same director as {film}?
C I want to know what else the director of {film} did
C Need more films by {film}'s director
NF {film} director other movies
NF {film} same director?
NL More films from the director of {film}
NL Other movies by whoever directed {film}
P The director of {film} also made what?
P {film}'s director made which other movies?
Q Any {genres} from the director of {film}?
C Need films by the director of {film} {when}
NF {film} director {language} films?
""",
    "written_by>~written_by": """
Q What else did the writer of {film} do?
Q Which other movies did {film}'s writer do?
Q Movies with the same writer as {film}?
C I want to know other films by the writer of {film}
C Need other movies written by {film}'s writers
NF {film} writer other films
NF {film} same writer?
NL More movies from the writer of {film}
NL Movies by the same writer as {film}
P Whoever wrote {film} also wrote what?
P {film}'s screenwriter wrote what other films?
Q Any {language} films from the writer of {film}?
NF {film} writer {genres}?
C Need stuff the writer of {film} wrote {when}
""",
    "starred_actors>~starred_actors": """
Q What else have the actors from {film} been in?
Q Movies that share actors with {film}?
Q What other films has the cast of {film} done?
C I want to know what else the {film} cast was in
C Need movies with anyone from {film}
NF {film} cast other movies
NF {film} actors other films?
NL More films with actors of {film}
NL Other movies with actors from {film}
P The cast of {film} was also in what?
P {film}'s actors have been in which other films?
Q Which {genres} have actors from {film}?
C Need {language} films with actors from {film}
NF {film} cast {genres}?
""",
    "release_year>~release_year": """
Q Which movies are from the same year as {film}?
Q Other movies from {film}'s year?
Q What else came out when {film} did?
C I want to know what else came out the year {film} did
C Need films from {film}'s release year
NF {film} same year movies
NF {film} year other releases?
NL Films from the same year as {film}
NL Movies released the year of {film}
P The year {film} came out, what else was released?
P {film} came out the same year as what?
""",
    "~starred_actors>starred_actors": """
Q Who's {person} acted alongside?
Q Who's {person} been in movies with?
C I want to know who {person} acted with
C Need {person}'s costars
NF {person} costars
NF {person} co-star list
NL Costars of {person}
NL People who've acted alongside {person}
P {person} acted alongside who?
P {person} acted with which actors?
P {person}'s co-stars are who?
""",
    "~directed_by>directed_by": """
Q Who co-directed with {person}?
Q Who else directed movies with {person}?
C I want to know who co-directed with {person}
C Need {person}'s co-directors
NF {person} co-directors
NF {person} directing partners?
NL Co-directors of {person}
NL Directors who worked alongside {person}
P {person} co-directed with who?
P {person} shared directing with which people?
""",
    "~written_by>written_by": """
Q Who co-wrote with {person}?
Q Who did {person} write scripts with?
C I want to know who {person} wrote with
C Need {person}'s co-writers
NF {person} co-writers
NF {person} writing partners?
NL Cowriters of {person}
NL Writing partners of {person}
P {person} co-wrote with who?
P {person} wrote with which other writers?
""",
}
for _key, _block in HAND_DEV3.items():
    HAND[_key]["dev3"] = _block

PERSON_FILMS["~starred_actors"]["dev3"] = {
    "np": ["the movies {person} was in", "{person} movies", "the films {person} acted in"],
    "pro": ["the movies they were in"],
    "dem": ["the movies this actor was in"],
    "con": ["the {genres} {person} was in", "{person} movies {when}", "the {language} movies with {person}"],
}
PERSON_FILMS["~directed_by"]["dev3"] = {
    "np": [
        "movies from director {person}",
        "movies {person} was the director of",
        "films that {person} directed",
    ],
    "pro": ["the movies they've directed"],
    "dem": ["the movies from this director"],
    "con": ["the {genres} that {person} directed", "movies {person} directed {when}"],
}
PERSON_FILMS["~written_by"]["dev3"] = {
    "np": ["the movies {person} wrote", "films that {person} wrote", "movies with a script by {person}"],
    "pro": ["the movies they've written"],
    "dem": ["the movies from this writer"],
    "con": ["the films that {person} wrote {when}", "the {language} movies {person} wrote"],
}
FILM_PEOPLE_FILMS["directed_by"]["dev3"] = {
    "np": ["films from the same director as {film}", "the movies the director of {film} made"],
    "pro": ["the movies by its director"],
    "dem": ["this movie's director's films"],
    "con": ["the {genres} from the director of {film}"],
}
FILM_PEOPLE_FILMS["written_by"]["dev3"] = {
    "np": ["films by the same writer as {film}", "movies written by {film}'s writer"],
    "pro": ["the movies its writer wrote"],
    "dem": ["this film's writer's movies"],
    "con": ["the {language} movies by {film}'s writer"],
}
FILM_PEOPLE_FILMS["starred_actors"]["dev3"] = {
    "np": ["movies that share actors with {film}", "the films starring the leads of {film}"],
    "pro": ["the movies its actors were in"],
    "dem": ["this movie's actors' films"],
    "con": ["the {language} movies that share actors with {film}"],
}
TAG_FILMS["dev3"] = {
    "np": ["{tag} movies", "films with {tag} in them", "movies that deal with {tag}"],
    "pro": ["movies about it"],
    "dem": ["movies about this"],
    "con": ["{tag} {genres}", "{tag} movies {when}"],
}
ATTRIBUTE_HEADS["directed_by"]["dev3"] = """Q Who were {S} directed by?
Q Who's the director of {S}?
C I want to know who directed {S}
C Directors of {S}
P {S} were directed by who?"""
ATTRIBUTE_HEADS["written_by"]["dev3"] = """Q Who wrote the scripts for {S}?
Q Whos the writer of {S}
C I want to know who wrote {S}
C Writers of {S}
P {S} were written by who?"""
ATTRIBUTE_HEADS["starred_actors"]["dev3"] = """Q Who was in {S}?
Q Which actors show up in {S}?
C I want to know who acted in {S}
C Actors in {S}
P {S} had which actors?"""
ATTRIBUTE_HEADS["release_year"]["dev3"] = """Q What years are {S} from?
Q When were {S} made?
C I want to know when {S} came out
C Release years of {S}
P {S} came out when?"""
ATTRIBUTE_HEADS["has_genre"]["dev3"] = """Q What's the genre of {S}?
Q What sort of films are {S}?
C I want to know the genres of {S}
C Genres of {S}
P {S} are which genres?"""
ATTRIBUTE_HEADS["in_language"]["dev3"] = """Q What's the language of {S}?
Q Which languages are spoken in {S}?
C I want to know the languages of {S}
C Languages of {S}
P {S} were made in what languages?"""
ATTRIBUTE_HEADS["has_tags"]["dev3"] = """Q What topics come up in {S}?
Q Whats the theme of {S}
C I want to know what {S} are about
C Keywords for {S}
P {S} cover what kind of stuff?"""
PEOPLE_OF["directed_by"]["dev3"] = ["whoever directed", "the directors behind"]
PEOPLE_OF["written_by"]["dev3"] = ["whoever wrote", "the writers behind"]
PEOPLE_OF["starred_actors"]["dev3"] = ["the people in", "the actors from"]
FILMS_OF_PEOPLE["directed_by"]["dev3"] = """Q What movies did {PP} make?
Q Which films were made by {PP}?
C I want to know all the films directed by {PP}
C All movies directed by {PP}
P {PP} directed what movies?"""
FILMS_OF_PEOPLE["written_by"]["dev3"] = """Q What movies did {PP} write?
Q Which films have a script by {PP}?
C I want to know all the films written by {PP}
C All scripts by {PP}
P {PP} wrote what movies?"""
FILMS_OF_PEOPLE["starred_actors"]["dev3"] = """Q What movies have {PP} acted in?
Q What films do {PP} show up in?
C I want to know every movie with {PP}
C All films with {PP}
P {PP} show up in what movies?"""
NAME_FIRST["dev3"] = ("{X}. {head}", "ok so {X}, {head}")
NAME_LAST["dev3"] = ("{head_bare}, i mean {X}", "{head} ({X})")

# --- wordings of the dev4 split ---------------------------------------------------------------
# A fourth bank, written blind (before the parser ever saw one of its questions) the way people
# type to a chat box when they are in a hurry or not writing in their first language: awkward
# grammar ("which movies was {person} acted in", "{film} is directed from who?", "please say me
# ..."), passive and relative chains ("the films starred by {person}", "movies sharing actors
# with {film}", "whoever was director of ..."), terse keyword strings with no verb ("{film}
# director name", "year {film}", "{person} acted movies genres"), "the guy that", "the persons
# who", "whoever", "tell me pls", "i wonder", "any idea", "do you know", extra politeness
# ("could you please tell me ..."), lower case, missing question marks and a typo or two in a
# function word ("teh", "wich", "waht"), never in a name. Its lines are kept as written (no
# capital added: AS_WRITTEN). Terse keyword forms are labelled by where the name sits, as in
# dev3. check_tuning_banks refuses any wording that normalises to a validation, test, dev2 or
# dev3 one.

WHEN["dev4"] = (
    ("exact", "in year {year}"),
    ("after", "after year {year}"),
    ("before", "before year {year}"),
    ("since", "from {year} and later"),
    ("decade", "in {decade_short}"),
    ("decade", "during {decade}"),
    ("between", "from {year_from} until {year_to}"),
)

HAND_DEV4 = {
    "directed_by": """
Q who is the person who directed {film}?
Q any idea who was directing {film}
Q do you know teh director of the movie {film}?
Q who has directed {film}, do you know?
C could you please tell me who directed the film {film}?
C tell me pls who was the director for {film}
C please say me the director of {film}
NF {film} director name
NF {film} who is director of it?
NL the director name for {film}
NL i need the director of film {film} please
P {film} is directed from who?
P i wonder who directed {film}
P whoever directed {film}, what is their name?
""",
    "written_by": """
Q who is the person who wrote the script for {film}?
Q any idea who has wrote {film}
Q do you know who were the writers of {film}?
C could you please tell me who wrote the screenplay of {film}?
C tell me pls who did write {film}
C please say me the writer of {film}
NF {film} writer name
NF {film} who has written it?
NL the script writers for {film}
NL i need the writers of film {film} please
P {film} is written from who?
P i wonder who wrote teh script of {film}
P the guy that wrote {film} is who?
""",
    "starred_actors": """
Q who are acting in {film}?
Q any idea who plays in the movie {film}
Q do you know wich actors was in {film}?
C could you please tell me the actors of {film}?
C tell me pls who all is acting in {film}
C please say me the cast of {film}
NF {film} actors names
NF {film} who plays in it?
NL the cast for film {film} please
NL i need the actors of {film}
P {film} is starred by which actors?
P i wonder who acted in {film}
P the people that played in {film} are who?
""",
    "release_year": """
Q in which year {film} was released?
Q any idea what year {film} is from
Q do you know when did {film} come out?
C could you please tell me the year of {film}?
C tell me pls when was {film} released
C please say me the release year of {film}
NF {film} released which year?
NF {film} when released
NL year {film}
NL i need the year of film {film} please
P {film} was released on what year?
P i wonder what year {film} came out
P the year when {film} came out is which?
""",
    "in_language": """
Q which language {film} is in?
Q any idea what language they talk in {film}
Q do you know teh language of {film}?
C could you please tell me in what language is {film}?
C tell me pls the language spoken in {film}
C please say me which language is {film}
NF {film} in what language it is?
NF {film} spoken language
NL language for the film {film} please
NL i need the language of {film}
P {film} is speaking which language?
P i wonder which language {film} is in
P the language that {film} is in is which?
""",
    "has_genre": """
Q what genre {film} is?
Q any idea {film} is which type of film
Q do you know the genre of {film}?
C could you please tell me what genre is {film}?
C tell me pls the genre of the movie {film}
C please say me what kind of film is {film}
NF {film} which genre it is?
NF {film} genre name
NL genre for the film {film} please
NL i need the genre of {film}
P {film} is belonging to which genre?
P i wonder what kind of movie {film} is
P the genre that {film} has is which?
""",
    "has_tags": """
Q waht is teh movie {film} about?
Q any idea what happens in {film}
Q do you know the topics of {film}?
C could you please tell me the themes of {film}?
C tell me pls what is the movie {film} about
C please say me some keywords of {film}
NF {film} keywords
NF {film} what is it about?
NL topics for the film {film} please
NL i need the themes of {film}
P {film} is a film about which topics?
P i wonder what {film} is about
P the subjects that {film} deals with are which?
""",
    "has_imdb_rating": """
Q what rating {film} has on imdb?
Q do you know the imdb rating of {film}?
C could you please tell me the imdb score of {film}?
NF {film} imdb score
NL imdb rating for the film {film} please
P i wonder how {film} is rated on imdb
P {film} is rated how much on imdb?
""",
    "~directed_by": """
Q which movies was directed from {person}?
Q any idea what films {person} has direct
Q do you know the movies {person} directed?
C could you please tell me the films directed by {person}?
C tell me pls all movies that {person} was directing
C please say me the films of director {person}
NF {person} directed films which ones?
NF {person} as director which films?
NL films of the director {person}
NL i need the movies directed by {person} please
P the films that were directed by {person} are which?
P i wonder which films {person} has directed
P {person} was director of wich movies?
""",
    "~written_by": """
Q whcih films was written by {person}?
Q any idea what {person} has wrote
Q do you know the movies {person} wrote?
C could you please tell me the films written by {person}?
C tell me pls every movie {person} was writing
C please say me the films of writer {person}
NF {person} written films which ones?
NF {person} as writer which films?
NL films of the writer {person}
NL i need the scripts written by {person} please
P the movies for which {person} wrote the script are which?
P i wonder which films {person} has written
P {person} was writer of wich movies?
""",
    "~starred_actors": """
Q which movies was {person} acted in?
Q any idea what films {person} has played in
Q do you know in what movies {person} acts?
C could you please tell me the films with {person} in them?
C tell me pls movies where {person} is acting
C please say me the films of actor {person}
NF {person} acted films which ones?
NF {person} as actor which films?
NL movies of the actor {person}
NL i need the films with actor {person} please
P the movies in which {person} acted are which?
P i wonder in which films {person} has played
P {person} was actor in wich movies?
""",
    "~has_tags": """
Q wich films are talking about {tag}?
Q any idea what movies have {tag} in it
Q do you know some films about {tag}?
C could you please tell me some movies about {tag}?
C tell me pls films where is {tag}
C please say me movies with the topic {tag}
NF {tag} which films?
NF {tag} related movies
NL movies with topic {tag}
NL i need films about {tag} please
P the films that are about {tag} are which?
P i wonder which movies deal with {tag}
P {tag} is the subject of wich films?
""",
    "~release_year": """
Q which movies was released in {year}?
Q any idea what films are from year {year}
Q do you know the movies that came out in {year}?
C could you please tell me the films of {year}?
C tell me pls movies released on {year}
C please say me what came out in {year}
NF {year} which movies released?
NF {year} released films
NL movies of year {year}
NL i need films that released in {year} please
P the films that came out in {year} are which?
P i wonder which movies were released in {year}
P {year} is the release year of wich films?
""",
    "~in_language": """
Q which movies are speaking {language}?
Q any idea what films are in {language} language
Q do you know some movies in {language}?
C could you please tell me some {language} films?
C tell me pls movies where they talk {language}
C please say me films with {language} language
NF {language} which movies?
NF {language} spoken movies list
NL films of {language} language
NL i need movies in {language} please
P the movies that are in {language} are which?
P i wonder which films are made in {language}
P {language} is the language of wich movies?
""",
    "~has_genre": """
Q which {genres} was released {when}?
Q any idea what {language} {genres} there is
Q do you know some {genre} films {when}?
C could you please tell me {genres} from year {year}?
C tell me pls the {language} {genre} movies
C i need {genre} films {when}
NF {genres} {when} which ones?
NF {genres} in {language} language please
P the {genres} that came out {when} are which?
P i wonder wich {genre} films was made in {language}
""",
    "~starred_actors+c": """
Q which {genres} was {person} acted in?
Q any idea what {language} films {person} was in
Q do you know the movies with {person} {when}?
C could you please tell me the {genre} movies with {person}?
C tell me pls films {person} acted {when}
NF {person} acted in which {genres}?
NF {person} acted films {when} please
NL {language} movies of the actor {person}
P the {genres} in which {person} acted are which?
P i wonder which films with {person} came out {when}
""",
    "~directed_by+c": """
Q which {genres} was directed from {person}?
Q any idea what {person} has directed {when}
Q do you know the {language} films {person} directed?
C could you please tell me the films {person} directed {when}?
C tell me pls {genre} movies that {person} was directing
NF {person} as director {language} films?
NF {person} {genres} as director please
NL {genres} of the director {person}
P the films that {person} directed {when} are which?
P i wonder which {language} movies {person} has directed
""",
    "~written_by+c": """
Q which {genres} was written by {person}?
Q do you know the films {person} wrote {when}?
C could you please tell me the {language} movies {person} wrote?
C tell me pls {genre} films that {person} has wrote
NF {person} as writer which {genres}?
NF {person} screenplays written {when} please
NL {language} films of the writer {person}
P the movies {person} has wrote {when} are which?
P i wonder which {genres} {person} has written
""",
    "~has_tags+c": """
Q which {genres} is talking about {tag}?
Q do you know {language} films about {tag}?
C could you please tell me films about {tag} {when}?
C tell me pls {genre} movies where is {tag}
NF {tag} {language} films please
NF {tag} related {genres}?
NL {genres} with the topic {tag}
P the {genres} that deal with {tag} are which?
P i wonder what films about {tag} was released {when}
""",
    "directed_by>~directed_by": """
Q which other films was directed by the director of {film}?
Q any idea what else the guy that directed {film} has made
Q do you know more movies from whoever directed {film}?
C could you please tell me the other films of the director of {film}?
C tell me pls more movies by the person who directed {film}
NF {film} director more films please
NF {film} the director made what else?
NL other films of same director like {film}
NL i need more films what the director of {film} made
P the director of {film} has directed which other movies?
P i wonder what else the director of {film} directed
Q which {genres} was directed by the director of {film}?
C tell me pls films of {film} director {when}
NF {film} director {language} movies please
P the {language} films which the director of {film} made are which?
""",
    "written_by>~written_by": """
Q which other films was written by the writer of {film}?
Q any idea what else the guy that wrote {film} has written
Q do you know more movies from whoever wrote {film}?
C could you please tell me the other films of the writer of {film}?
C tell me pls more movies by the person who wrote {film}
NF {film} writer more films please
NF {film} the writer wrote what else?
NL other films of same writer like {film}
NL i need more films what the writer of {film} wrote
P the writers of {film} have written which other movies?
P i wonder what else the writer of {film} wrote
Q which {language} films was written by the writer of {film}?
C tell me pls {genres} of {film} writer
NF {film} writer films {when} please
P the {genres} which the writer of {film} wrote are which?
""",
    "starred_actors>~starred_actors": """
Q in which other films the actors of {film} was playing?
Q any idea where else the cast of {film} has played
Q do you know more movies with the people that acted in {film}?
C could you please tell me other films with actors of {film}?
C tell me pls the movies where actors from {film} also play
NF {film} actors more films please
NF {film} the actors played in what else?
NL other films with same actors like {film}
NL i need more movies sharing actors with {film}
P the actors of {film} have acted in which other movies?
P i wonder what else the actors of {film} played in
Q which {genres} was the actors of {film} also in?
C tell me pls {language} films with actors of {film}
NF {film} actors films {when} please
P the films {when} sharing actors with {film} are which?
""",
    "release_year>~release_year": """
Q which other films was released same year as {film}?
Q any idea what else came out in the year of {film}
Q do you know the movies from same year like {film}?
C could you please tell me the films released in same year as {film}?
C tell me pls other movies of {film} year
NF {film} same year films
NF {film} that year what other movies released?
NL movies released same year with {film}
NL i need films from the year of {film} please
P the films released in the year when {film} came out are which?
P i wonder what other films came out the year of {film}
""",
    "~starred_actors>starred_actors": """
Q who was acting together with {person}?
Q any idea with who {person} has acted
Q do you know the actors that played with {person}?
C could you please tell me the co-actors of {person}?
C tell me pls actors who was in movies with {person}
NF {person} acted with who?
NF {person} co actors
NL actors which played together with {person}
NL i need the people who acted with {person} please
P the people who acted in films with {person} are who?
P i wonder with which actors {person} has played
""",
    "~directed_by>directed_by": """
Q who was directing films together with {person}?
Q any idea with who {person} directed movies
Q do you know the directors that co-directed with {person}?
C could you please tell me the co directors of {person}?
C tell me pls directors who was co-directing with {person}
NF {person} directed together with who?
NF {person} fellow directors
NL directors which directed together with {person}
NL i need the people who directed with {person} please
P the people who directed films together with {person} are who?
P i wonder with whom {person} has co-directed
""",
    "~written_by>written_by": """
Q who was writing films together with {person}?
Q any idea with who {person} wrote scripts
Q do you know the writers that co-wrote with {person}?
C could you please tell me the co writers of {person}?
C tell me pls writers who was writing together with {person}
NF {person} wrote together with who?
NF {person} fellow writers
NL writers which wrote together with {person}
NL i need the people who wrote with {person} please
P the people who wrote films together with {person} are who?
P i wonder with whom {person} has co-written
""",
}
for _key, _block in HAND_DEV4.items():
    HAND[_key]["dev4"] = _block

PERSON_FILMS["~starred_actors"]["dev4"] = {
    "np": ["the movies that {person} was acted in", "{person} acted films", "the films starred by {person}"],
    "pro": ["the films they was in"],
    "dem": ["the movies of this actor"],
    "con": [
        "the {genres} {person} was acted in",
        "{person} acted films {when}",
        "the {language} films starred by {person}",
    ],
}
PERSON_FILMS["~directed_by"]["dev4"] = {
    "np": [
        "the movies directed from {person}",
        "the films having {person} as director",
        "the films whose director is {person}",
    ],
    "pro": ["the movies directed by them"],
    "dem": ["the films of this director"],
    "con": [
        "{person} directed {genres}",
        "the movies directed from {person} {when}",
        "the {language} films whose director is {person}",
    ],
}
PERSON_FILMS["~written_by"]["dev4"] = {
    "np": [
        "the movies written from {person}",
        "{person} written films",
        "the films whose script is by {person}",
    ],
    "pro": ["the movies written by them"],
    "dem": ["the films of this writer"],
    "con": [
        "{person} written {genres}",
        "the movies written from {person} {when}",
        "the {language} films whose writer is {person}",
    ],
}
FILM_PEOPLE_FILMS["directed_by"]["dev4"] = {
    "np": [
        "the movies made by the guy that directed {film}",
        "the films of {film} director",
        "the films from the person who directed {film}",
    ],
    "pro": ["the films of its director"],
    "dem": ["the films from director of this movie"],
    "con": [
        "the {genres} of {film} director",
        "the {language} films whose director also directed {film}",
    ],
}
FILM_PEOPLE_FILMS["written_by"]["dev4"] = {
    "np": [
        "the movies written by the guy that wrote {film}",
        "the films of {film} writer",
        "the films from the person who wrote the script of {film}",
    ],
    "pro": ["the films of its writer"],
    "dem": ["the films from writer of this movie"],
    "con": ["the {genres} of {film} writer", "the {language} films whose writer also wrote {film}"],
}
FILM_PEOPLE_FILMS["starred_actors"]["dev4"] = {
    "np": [
        "the movies sharing actors with {film}",
        "the films of {film} cast",
        "the films where the people who acted in {film} played",
    ],
    "pro": ["the films of its actors"],
    "dem": ["the films with actors of this movie"],
    "con": ["the {genres} sharing actors with {film}", "the {language} movies where actors of {film} played"],
}
TAG_FILMS["dev4"] = {
    "np": ["the films about the {tag}", "{tag} themed movies", "the movies where {tag} is the theme"],
    "pro": ["the films about that"],
    "dem": ["the movies about this topic"],
    "con": ["{tag} themed {genres}", "the films about {tag} {when}"],
}
ATTRIBUTE_HEADS["directed_by"]["dev4"] = """Q who was the directors of {S}?
Q do you know who directed {S}?
C could you please tell me the directors of {S}?
C tell me pls the persons who directed {S}
P {S} are directed by whom
P i wonder who directed {S}"""
ATTRIBUTE_HEADS["written_by"]["dev4"] = """Q who was the writers of {S}?
Q any idea who wrote the scripts of {S}?
C could you please tell me the writers of {S}?
C tell me pls the persons who wrote {S}
P {S} are written by whom
P i wonder who has wrote {S}"""
ATTRIBUTE_HEADS["starred_actors"]["dev4"] = """Q who was acting in {S}?
Q do you know wich actors played in {S}?
C could you please tell me the actors of {S}?
C tell me pls the persons who acted in {S}
P {S} are starred by which actors
P i wonder who played in {S}"""
ATTRIBUTE_HEADS["release_year"]["dev4"] = """Q in which years {S} was released?
Q do you know when {S} came out?
C could you please tell me the years of {S}?
C tell me pls the release years for {S}
P {S} got released in which years
P i wonder in what years {S} came out"""
ATTRIBUTE_HEADS["has_genre"]["dev4"] = """Q which genres {S} are?
Q do you know the genres of {S}?
C could you please tell me the genres of {S}?
C tell me pls which genre {S} are in
P {S} are belonging to which genres
P i wonder what genres {S} have"""
ATTRIBUTE_HEADS["in_language"]["dev4"] = """Q in which languages {S} are?
Q do you know the languages of {S}?
C could you please tell me the languages of {S}?
C tell me pls what languages {S} are in
P {S} are speaking which languages
P i wonder waht languages are spoken in {S}"""
ATTRIBUTE_HEADS["has_tags"]["dev4"] = """Q what {S} are about?
Q do you know the topics of {S}?
C could you please tell me the themes of {S}?
C tell me pls the keywords of {S}
P {S} are about which subjects
P i wonder waht {S} are about"""
PEOPLE_OF["directed_by"]["dev4"] = ["the persons who directed", "whoever was director of"]
PEOPLE_OF["written_by"]["dev4"] = ["the persons who wrote", "whoever was writer of"]
PEOPLE_OF["starred_actors"]["dev4"] = ["the persons who acted in", "whoever was acting in"]
FILMS_OF_PEOPLE["directed_by"]["dev4"] = """Q which films was directed by {PP}?
Q do you know all movies {PP} have directed?
C could you please tell me the films directed by {PP}?
C tell me pls every movie {PP} directed
P {PP} directed which films
P i wonder what movies {PP} have directed"""
FILMS_OF_PEOPLE["written_by"]["dev4"] = """Q which films was written by {PP}?
Q do you know all movies {PP} have written?
C could you please tell me the films written by {PP}?
C tell me pls every movie {PP} wrote
P {PP} wrote which films
P i wonder what movies {PP} have written"""
FILMS_OF_PEOPLE["starred_actors"]["dev4"] = """Q which films was {PP} acting in?
Q do you know all movies {PP} have played in?
C could you please tell me the films with {PP}?
C tell me pls every movie {PP} acted in
P {PP} acted in which films
P i wonder what movies {PP} have played in"""
NAME_FIRST["dev4"] = ("regarding {X}, {head}", "i have question about {X}. {head}")
NAME_LAST["dev4"] = ("{head_bare}, the name is {X}", "{head_bare}. this one: {X}")

# Wordings of composed families that no head and film-set pair gives: keyword strings with no
# verb ("{person} acted movies genres") and chains said as one noun phrase ("directors of any
# film with an actor of {film}"). Added to the composed ones of the split.
COMPOSED_EXTRA_DEV4 = """
[~starred_actors>directed_by]
NF {person} acted films directors
NL directors of films acted by {person}
[~starred_actors>written_by]
NF {person} acted movies writers
NL writers for movies starred by {person}
[~starred_actors>release_year]
NF {person} acted films years
NL release years of films acted by {person}
[~starred_actors>has_genre]
NF {person} acted movies genres
NL genres of films starred by {person}
[~starred_actors>in_language]
NF {person} acted films languages
NL languages of movies acted by {person}
[~starred_actors>has_tags]
NF {person} acted movies topics
NL keywords of films starred by {person}
[~directed_by>written_by]
NF {person} directed films writers
NL writers of the films which {person} was directing
[~directed_by>starred_actors]
NF {person} directed films starring who
NL cast of movies directed from {person}
[~directed_by>release_year]
NF {person} directed movies years
NL years of films directed from {person}
[~directed_by>has_genre]
NF {person} directed films genres
NL genres of movies directed from {person}
[~directed_by>in_language]
NF {person} directed movies languages
NL languages of films directed from {person}
[~directed_by>has_tags]
NF {person} directed films topics
NL themes of movies directed from {person}
[~written_by>directed_by]
NF {person} written films directors
NL directors of movies written from {person}
[~written_by>starred_actors]
NF {person} written movies cast
NL actors of films written from {person}
[~written_by>release_year]
NF {person} written films years
NL years of movies written from {person}
[~written_by>has_genre]
NF {person} written movies genres
NL genres of films written from {person}
[~written_by>in_language]
NF {person} written films languages
NL languages of movies written from {person}
[~written_by>has_tags]
NF {person} written movies topics
NL themes of films written from {person}
[~has_tags>directed_by]
NF {tag} movies directors
NL the directors for movies about the {tag}
[~has_tags>written_by]
NF {tag} films writers
NL script writers for films on {tag}
[~has_tags>starred_actors]
NF {tag} films actors names
NL actors for movies about the {tag}
[~has_tags>release_year]
NF {tag} films years
NL years of movies about {tag}
[~has_tags>has_genre]
NF {tag} movies genres
NL genres for movies about the {tag}
[~has_tags>in_language]
NF {tag} films languages
NL languages of movies about {tag}
[directed_by>~directed_by>written_by]
NF {film} director films writers
NL writers of all movies by director of {film}
[directed_by>~directed_by>starred_actors]
NF {film} director movies actors
NL cast of all films by director of {film}
[directed_by>~directed_by>release_year]
NF {film} director films years
NL years of all movies by director of {film}
[directed_by>~directed_by>has_genre]
NF {film} director movies genres
NL genres of all films by director of {film}
[directed_by>~directed_by>in_language]
NF {film} director films languages
NL languages of all movies by director of {film}
[directed_by>~directed_by>has_tags]
NF {film} director movies topics
NL themes of all films by director of {film}
[written_by>~written_by>directed_by]
NF {film} writer films directors
NL directors of all movies by writer of {film}
[written_by>~written_by>starred_actors]
NF {film} writer movies actors
NL cast of all films by writer of {film}
[written_by>~written_by>release_year]
NF {film} writer films years
NL years of all movies by writer of {film}
[written_by>~written_by>has_genre]
NF {film} writer movies genres
NL genres of all films by writer of {film}
[written_by>~written_by>in_language]
NF {film} writer films languages
NL languages of all movies by writer of {film}
[written_by>~written_by>has_tags]
NF {film} writer movies topics
NL themes of all films by writer of {film}
[starred_actors>~starred_actors>directed_by]
NF {film} cast films directors
NL directors of any film with an actor of {film}
[starred_actors>~starred_actors>written_by]
NF {film} cast movies writers
NL writers of any film with an actor of {film}
[starred_actors>~starred_actors>release_year]
NF {film} cast films years
NL release years of any film with an actor of {film}
[starred_actors>~starred_actors>has_genre]
NF {film} cast movies genres
NL genres of any film with an actor of {film}
[starred_actors>~starred_actors>in_language]
NF {film} cast films languages
NL languages of any film with an actor of {film}
[starred_actors>~starred_actors>has_tags]
NF {film} cast movies topics
NL themes of any film with an actor of {film}
[~starred_actors>directed_by>~directed_by]
NF {person} acted films directors all movies
NL all films by the directors of movies starred by {person}
[~starred_actors>written_by>~written_by]
NF {person} acted movies writers all films
NL all movies by the writers of films starred by {person}
[~directed_by>starred_actors>~starred_actors]
NF {person} directed films actors all movies
NL all films with the actors of movies directed from {person}
[~written_by>starred_actors>~starred_actors]
NF {person} written movies actors all films
NL all movies with the actors of films written from {person}
[~written_by>directed_by>~directed_by]
NF {person} written films directors all movies
NL all films by the directors of movies written from {person}
[~directed_by>written_by>~written_by]
NF {person} directed movies writers all films
NL all movies by the writers of films directed from {person}
"""
COMPOSED_EXTRA: dict[str, dict[str, str]] = {
    key: {"dev4": block.strip()}
    for key, block in re.findall(r"^\[(\S+)\]\n((?:[A-Z]+ .*\n)+)", COMPOSED_EXTRA_DEV4, flags=re.M)
}

# -------------------------------------------------------------------------------------------
# Families: (template key, path, topic kind, number of questions over both splits, share of
# questions that carry a constraint when the family has constrained wordings).
# -------------------------------------------------------------------------------------------

PERSON_ROLE = {
    "~starred_actors": "starred_actors",
    "~directed_by": "directed_by",
    "~written_by": "written_by",
}
PERSON_ATTRS = (
    "directed_by",
    "written_by",
    "starred_actors",
    "release_year",
    "has_genre",
    "in_language",
    "has_tags",
)
CHAINS = (
    ("~starred_actors", "directed_by"),
    ("~starred_actors", "written_by"),
    ("~directed_by", "starred_actors"),
    ("~written_by", "starred_actors"),
    ("~written_by", "directed_by"),
    ("~directed_by", "written_by"),
)


@dataclass(frozen=True)
class Family:
    key: str
    path: str
    topic: str  # film, person, tag, year, language, genre
    count: int
    constrained_share: float = 0.0


def families() -> list[Family]:
    out = [
        Family("directed_by", "directed_by", "film", 36),
        Family("written_by", "written_by", "film", 32),
        Family("starred_actors", "starred_actors", "film", 36),
        Family("release_year", "release_year", "film", 32),
        Family("in_language", "in_language", "film", 24),
        Family("has_genre", "has_genre", "film", 28),
        Family("has_tags", "has_tags", "film", 24),
        Family("has_imdb_rating", "has_imdb_rating", "film", 10),
        Family("~directed_by", "~directed_by", "person", 34),
        Family("~written_by", "~written_by", "person", 28),
        Family("~starred_actors", "~starred_actors", "person", 34),
        Family("~has_tags", "~has_tags", "tag", 32),
        Family("~release_year", "~release_year", "year", 24),
        Family("~in_language", "~in_language", "language", 20),
        Family("~has_genre", "~has_genre", "genre", 28, 1.0),
        Family("~starred_actors+c", "~starred_actors", "person", 28, 1.0),
        Family("~directed_by+c", "~directed_by", "person", 24, 1.0),
        Family("~written_by+c", "~written_by", "person", 16, 1.0),
        Family("~has_tags+c", "~has_tags", "tag", 10, 1.0),
        # 2 hops
        Family("directed_by>~directed_by", "directed_by>~directed_by", "film", 30, 0.2),
        Family("written_by>~written_by", "written_by>~written_by", "film", 28, 0.2),
        Family("starred_actors>~starred_actors", "starred_actors>~starred_actors", "film", 28, 0.2),
        Family("release_year>~release_year", "release_year>~release_year", "film", 20),
        Family("~starred_actors>starred_actors", "~starred_actors>starred_actors", "person", 16),
        Family("~directed_by>directed_by", "~directed_by>directed_by", "person", 12),
        Family("~written_by>written_by", "~written_by>written_by", "person", 12),
    ]
    for role, own in PERSON_ROLE.items():
        for attr in PERSON_ATTRS:
            if attr != own:
                key = f"{role}>{attr}"
                out.append(Family(key, key, "person", 11, 0.2))
    for attr in ("directed_by", "written_by", "starred_actors", "release_year", "has_genre", "in_language"):
        key = f"~has_tags>{attr}"
        out.append(Family(key, key, "tag", 12, 0.15))
    # 3 hops
    for rel in PERSON_RELATIONS:
        for attr in PERSON_ATTRS:
            if attr != rel:
                key = f"{rel}>~{rel}>{attr}"
                out.append(Family(key, key, "film", 12, 0.15))
    for role, rel in CHAINS:
        key = f"{role}>{rel}>~{rel}"
        out.append(Family(key, key, "person", 13))
    return out


# -------------------------------------------------------------------------------------------
# The KB
# -------------------------------------------------------------------------------------------


@dataclass
class Kb:
    fwd: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    back: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    titles: set[str] = field(default_factory=set)
    title_years: dict[str, set[int]] = field(default_factory=dict)

    def add(self, relation: str, title: str, value: str) -> None:
        self.fwd[relation].setdefault(title, set()).add(value)
        self.back[relation].setdefault(value, set()).add(title)

    def films_of(self, relation: str, value: str) -> set[str]:
        return self.back[relation].get(value, set())

    def values(self, relation: str, title: str) -> set[str]:
        return self.fwd[relation].get(title, set())


def load_kb(path: Path) -> Kb:
    """The KB the way the importer reads it (same parser, so the same facts as the graph)."""
    triples = read_triples(path)
    kb = Kb()
    kb.titles = set(triples.movies)
    for relation, rows in triples.links.items():
        for row in rows:
            kb.add(relation, row["title"], str(row["value"]))
    for title, movie in triples.movies.items():
        kb.title_years[title] = set(movie["years"])
        if movie.get("imdb_rating"):
            kb.add("has_imdb_rating", title, movie["imdb_rating"])
    return kb


def parse_constraint(text: str) -> list[tuple[str, str, str]]:
    out = []
    for part in filter(None, text.split(";")):
        match = re.fullmatch(r"(year|genre|language)(>=|<=|=)(.+)", part)
        if not match:
            raise ValueError(f"bad constraint {part!r}")
        out.append((match.group(1), match.group(2), match.group(3)))
    return out


def film_passes(kb: Kb, title: str, constraint: list[tuple[str, str, str]]) -> bool:
    year_tests = [(op, int(value)) for name, op, value in constraint if name == "year"]
    if year_tests:
        ok = {
            y
            for y in kb.title_years.get(title, ())
            if all(y >= v if op == ">=" else y <= v if op == "<=" else y == v for op, v in year_tests)
        }
        if not ok:
            return False
    for name, _, value in constraint:
        if name == "genre" and value not in kb.values("has_genre", title):
            return False
        if name == "language" and value not in kb.values("in_language", title):
            return False
    return True


def node_is_film(path: list[str]) -> list[bool]:
    """Whether each node on the path (topic first) is a film."""
    kinds = [not path[0].startswith("~")]
    kinds += [rel.startswith("~") for rel in path]
    return kinds


def walk(kb: Kb, path: str, topic: str, constraint: str = "", stop_at_last_films: bool = False) -> set[str]:
    """Answers of ``path`` from ``topic`` (see the module docstring for the semantics).

    With ``stop_at_last_films`` it returns the unfiltered last set of films instead, the set a
    constraint would filter.
    """
    rels = path.split(">")
    films_at = node_is_film(rels)
    last_films = max(i for i, is_film in enumerate(films_at) if is_film)
    conditions = parse_constraint(constraint)
    if conditions and last_films == 0:
        raise ValueError(f"a constraint on {path} would filter the topic itself")
    nodes = {topic}
    for index, rel in enumerate(rels, start=1):
        table = kb.back[rel[1:]] if rel.startswith("~") else kb.fwd[rel]
        nodes = set().union(*(table.get(node, set()) for node in nodes)) if nodes else set()
        if index == last_films:
            if stop_at_last_films:
                return nodes
            if conditions:
                nodes = {title for title in nodes if film_passes(kb, title, conditions)}
    answers = nodes - {topic}
    if rels[-1] == "has_tags":
        answers = {tag for tag in answers if tag.lower() not in NON_TOPICAL_TAGS and not tag.isdigit()}
    return answers


def sort_gold(values: Iterable[str]) -> list[str]:
    return sorted(values, key=lambda v: (v.casefold(), v))


# -------------------------------------------------------------------------------------------
# Which names may be a topic
# -------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents: "Toshirô" and "toshiro" are the same name to a reader."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def strip_markup(line: str) -> str:
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", line)


def training_lines() -> list[str]:
    lines: list[str] = []
    for folder in TRAINING_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


def training_wordings() -> set[str]:
    """Normalised wordings the parser is trained on: NLU examples and data/qa/templates.yml."""
    out: set[str] = set()
    for line in training_lines():
        text = line.strip()
        if not text.startswith("- "):
            continue
        text = re.sub(r"\[[^\]]*\]\((\w+)\)", r"{\1}", text[2:])
        text = re.sub(r'\[[^\]]*\]\{"entity":\s*"(\w+)"[^}]*\}', r"{\1}", text)
        out.add(normalise_template(text))
    out |= {normalise_template(w) for w in qa_template_wordings()}
    return out


def qa_template_wordings(path: Path = QA_TEMPLATES) -> list[str]:
    """Every sentence ``data/qa/templates.yml`` can produce: whole wordings, and each answer
    frame around each film-set phrase (all pairs, a superset of the pairs the parser uses)."""
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = [str(w) for wordings in (data.get("templates") or {}).values() for w in wordings or []]
    phrases = [str(p) for group in (data.get("sets") or {}).values() for p in group or []]
    for frames in (data.get("frames") or {}).values():
        for frame in frames or []:
            out.extend(str(frame).replace("{S}", phrase) for phrase in phrases)
    return out


def placeholder_kind(name: str) -> str:
    for kind in ("film", "person", "tag", "year", "genre", "language"):
        if name.startswith(kind):
            return kind
    return "year" if name.startswith("decade") else name


def normalise_template(text: str) -> str:
    """Lower case, placeholders by kind, punctuation and spacing collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = PLACEHOLDER.sub(lambda m: f" slot{placeholder_kind(m.group(1))} ", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def common_words(kb: Kb, lines: list[str]) -> set[str]:
    words = set(COMMON_WORDS)
    words |= {tag.lower() for tag in kb.back["has_tags"] if " " not in tag}
    for line in lines:
        words |= set(re.findall(r"[a-z]+", strip_markup(line).lower()))
    return words


def core_name(name: str) -> str:
    lowered = name.lower()
    for article in ARTICLES:
        if lowered.startswith(article):
            return lowered[len(article) :]
    return lowered


@dataclass
class Pools:
    films: list[str]
    people: list[str]
    tags: list[str]
    years: list[str]
    languages: list[str]
    genres: list[str]


def eligible_topics(kb: Kb) -> Pools:
    """Every name that may be a topic, most frequently tagged (best known) first."""
    lines = training_lines()
    texts = [line.lower() for line in lines] + [strip_markup(line).lower() for line in lines]
    blob = "\n".join(texts + [fold(text) for text in texts])
    vocab = common_words(kb, lines)
    people_films: dict[str, set[str]] = defaultdict(set)
    for rel in PERSON_RELATIONS:
        for person, films in kb.back[rel].items():
            people_films[person] |= films
    tags = kb.back["has_tags"]
    lower_titles = Counter(t.lower() for t in kb.titles)
    lower_people = {p.lower() for p in people_films}
    lower_tags = {t.lower() for t in tags}

    def topical_tags(title: str) -> int:
        return sum(1 for t in kb.values("has_tags", title) if t.lower() not in NON_TOPICAL_TAGS)

    def fame(title: str) -> int:
        facts = sum(len(kb.values(rel, title)) > 0 for rel in (*PERSON_RELATIONS, "has_genre", "in_language"))
        return 3 * topical_tags(title) + facts

    def usable(name: str) -> bool:
        low = name.lower()
        core = core_name(name)
        return (
            len(name) >= 4
            and low not in blob
            and fold(name) not in blob
            and core not in vocab
            and low not in vocab
            and "\t" not in name
            and "|" not in name
        )

    films = [
        t
        for t in kb.titles
        if usable(t)
        and lower_titles[t.lower()] == 1
        and len(kb.title_years.get(t, ())) == 1
        and t.lower() not in lower_people
        and t.lower() not in lower_tags
        and not TITLE_YEAR.search(t)
        and topical_tags(t) >= 1
        and (kb.values("directed_by", t) or kb.values("starred_actors", t))
    ]
    films.sort(key=lambda t: (-fame(t), t))

    people = [
        p
        for p, films_of in people_films.items()
        if usable(p)
        and len(p.split()) >= 2
        and not any(ch.isdigit() for ch in p)
        and p.lower() not in lower_titles
        and p.lower() not in lower_tags
        and len(films_of) >= 2
    ]
    people.sort(key=lambda p: (-sum(fame(t) for t in people_films[p]), p))

    # Name tokens of people with a few films: a tag made of them names someone.
    token_counts: dict[str, Counter[str]] = {"first": Counter(), "last": Counter()}
    for person, films_of in people_films.items():
        tokens = fold(person).split()
        if len(tokens) >= 2 and len(films_of) >= 2:
            token_counts["first"][tokens[0]] += 1
            token_counts["last"][tokens[-1]] += 1
    first_names = {t for t, n in token_counts["first"].items() if n >= 2}
    surnames = set(token_counts["last"])
    folded_people = {fold(p) for p in people_films}
    genre_words = {g.lower() for g in kb.back["has_genre"]}
    genre_words |= {w for forms in GENRE_FORMS.values() for w in forms}
    language_words = {lang.lower() for lang in kb.back["in_language"]}

    def names_someone(tag: str) -> bool:
        tokens = fold(tag).split()
        if fold(tag) in folded_people:
            return True
        if len(tokens) == 1:
            return tokens[0] in surnames or tokens[0] in first_names
        return tokens[0] in first_names and tokens[-1] in surnames

    def topical(tag: str) -> bool:
        # A tag is itself a word, so only a one-word tag that is a very common word is left out.
        return (
            len(tag) >= 4
            and tag.lower() not in blob
            and fold(tag) not in blob
            and (" " in tag or tag not in COMMON_WORDS)
            and tag == tag.lower()
            and tag not in NON_TOPICAL_TAGS | META_TAGS | genre_words | language_words
            and not set(tag.replace("-", " ").split()) & GENRE_TOKENS
            and lower_titles[tag] == 0
            and not names_someone(tag)
            and re.fullmatch(r"[a-z][a-z' -]*[a-z]", tag) is not None
        )

    picked_tags = [tag for tag, films_of in tags.items() if 3 <= len(films_of) <= 80 and topical(tag)]
    picked_tags.sort(key=lambda t: (-len(tags[t]), t))

    # Years in a seeded shuffle (no year is better known than another); languages and genres
    # with the most films first.
    years = sorted(y for y in kb.back["release_year"] if 1930 <= int(y) <= 2014)
    random.Random(len(years)).shuffle(years)
    languages = sorted(
        (lang for lang, f in kb.back["in_language"].items() if len(f) >= 5 and lang != "English"),
        key=lambda lang: (-len(kb.back["in_language"][lang]), lang),
    )
    genres = sorted(GENRE_FORMS, key=lambda g: (-len(kb.back["has_genre"].get(g, ())), g))
    return Pools(films, people, picked_tags, years, languages, genres)


def partition(names: list[str], rng: random.Random) -> dict[str, list[str]]:
    """A seeded 30/70 split of ``names``; each side keeps the input order (best known first)."""
    shuffled = list(names)
    rng.shuffle(shuffled)
    cut = max(1, round(len(shuffled) * VALIDATION_SHARE))
    validation = set(shuffled[:cut])
    return {
        "validation": [n for n in names if n in validation],
        "test": [n for n in names if n not in validation],
    }


# -------------------------------------------------------------------------------------------
# Wording templates
# -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    style: str  # Q, C, NF, NL, P
    text: str
    constraints: tuple[str, ...] = ()  # genre, language, year:<kind>


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isalpha() else text


def parse_block(block: str) -> list[tuple[str, str]]:
    out = []
    for line in block.strip().splitlines():
        style, _, text = line.strip().partition(" ")
        if style not in BASE_STYLE:
            raise ValueError(f"unknown style in {line!r}")
        out.append((style, text.strip()))
    return out


def expand(style: str, text: str, topic: str, split: str) -> list[Template]:
    """Expand {when} into the split's year phrases and record which constraints a text needs."""
    variants: list[tuple[str, tuple[str, ...]]] = []
    if "{when}" in text:
        variants = [(text.replace("{when}", phrase), (f"year:{kind}",)) for kind, phrase in WHEN[split]]
    elif topic != "year" and "{year}" in text:
        variants = [(text, ("year:exact",))]
    else:
        variants = [(text, ())]
    out = []
    for variant, years in variants:
        constraints: list[str] = []
        if topic != "genre" and ("{genre}" in variant or "{genres}" in variant):
            constraints.append("genre")
        if topic != "language" and "{language}" in variant:
            constraints.append("language")
        text = variant if split in AS_WRITTEN else capitalise(variant)
        out.append(Template(style, text, (*constraints, *years)))
    return out


def compose(
    heads: str, sets: dict[str, list[str]], slot: str, name: str, topic: str, split: str
) -> list[Template]:
    """Heads x film-set descriptions, plus the name-first and name-last forms."""
    out: list[Template] = []
    parsed = parse_block(heads)
    for phrase in sets["np"] + sets["con"]:
        for style, head in parsed:
            out.extend(expand(style, head.replace(slot, phrase), topic, split))
    questions = [head for style, head in parsed if style == "Q"]
    for pattern in NAME_FIRST[split]:
        for pro in sets["pro"]:
            for head in questions:
                text = pattern.format(X=name, head=lower_first(head.replace(slot, pro)))
                out.extend(expand("NF", text, topic, split))
    for pattern in NAME_LAST[split]:
        for dem in sets["dem"]:
            for head in questions:
                full = head.replace(slot, dem)
                full = full if split in AS_WRITTEN else capitalise(full)
                text = pattern.format(X=name, head=full, head_bare=full.rstrip("?."))
                out.extend(expand("NL", text, topic, split))
    return out


def chain_sets(role: str, rel: str, split: str) -> dict[str, list[str]]:
    """People of ``rel`` behind the films of the topic in ``role``: phrases for {PP}."""
    films = PERSON_FILMS[role][split]
    nouns = PEOPLE_OF[rel][split]
    return {
        form: [f"{noun} {phrase}" for noun in nouns for phrase in films[form]]
        for form in ("np", "pro", "dem")
    } | {"con": []}


def templates_for(family: Family, split: str) -> list[Template]:
    """The split's wordings for a family, without constraints on the attribute being asked
    ("what years did the films from 1990 come out" answers itself)."""
    asked = family.path.split(">")[-1]
    trivial = {"release_year": "year:", "has_genre": "genre", "in_language": "language"}.get(asked)
    prefix = trivial or "-"
    return [t for t in _templates_for(family, split) if not any(c.startswith(prefix) for c in t.constraints)]


def _templates_for(family: Family, split: str) -> list[Template]:
    key = family.key
    if key in HAND:
        blocks = parse_block(HAND[key][split])
        return [t for style, text in blocks for t in expand(style, text, family.topic, split)]
    extra = parse_block(COMPOSED_EXTRA.get(key, {}).get(split, ""))
    composed = _composed_templates(family, split)
    return composed + [t for style, text in extra for t in expand(style, text, family.topic, split)]


def _composed_templates(family: Family, split: str) -> list[Template]:
    key = family.key
    rels = key.split(">")
    if family.topic == "person" and len(rels) == 2:
        sets = PERSON_FILMS[rels[0]][split]
        return compose(ATTRIBUTE_HEADS[rels[1]][split], sets, "{S}", "{person}", "person", split)
    if family.topic == "tag":
        return compose(ATTRIBUTE_HEADS[rels[1]][split], TAG_FILMS[split], "{S}", "{tag}", "tag", split)
    if family.topic == "film" and len(rels) == 3:
        sets = FILM_PEOPLE_FILMS[rels[0]][split]
        return compose(ATTRIBUTE_HEADS[rels[2]][split], sets, "{S}", "{film}", "film", split)
    if family.topic == "person" and len(rels) == 3:
        sets = chain_sets(rels[0], rels[1], split)
        return compose(FILMS_OF_PEOPLE[rels[1]][split], sets, "{PP}", "{person}", "person", split)
    raise KeyError(f"no wordings for {key}")


# -------------------------------------------------------------------------------------------
# Styles and typos
# -------------------------------------------------------------------------------------------

KEYBOARD = {
    "a": "qs",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}


def misspell(word: str, rng: random.Random) -> str:
    """One small edit inside ``word`` (never its first letter)."""
    for _ in range(20):
        i = rng.randrange(1, len(word) - 1)
        op = rng.choice(("swap", "drop", "double", "near"))
        if op == "swap" and word[i] != word[i + 1] and word[i].isalpha() and word[i + 1].isalpha():
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif op == "drop" and word[i].isalpha():
            out = word[:i] + word[i + 1 :]
        elif op == "double" and word[i].isalpha():
            out = word[:i] + word[i] + word[i:]
        elif op == "near" and word[i].lower() in KEYBOARD:
            near = rng.choice(KEYBOARD[word[i].lower()])
            out = word[:i] + (near.upper() if word[i].isupper() else near) + word[i + 1 :]
        else:
            continue
        if out != word:
            return out
    return word[:-1]


def typo_in_template(
    template: str, rng: random.Random, words: Optional[frozenset[str]] = None
) -> Optional[str]:
    """One misspelt word of the wording, never in a placeholder: a word of 5 letters or more, or
    with ``words``, one of those (4 letters or more)."""
    parts = re.split(r"(\{\w+\})", template)
    spots = [
        (i, m.start(), m.group())
        for i, part in enumerate(parts)
        if not PLACEHOLDER.fullmatch(part)
        for m in re.finditer(r"[A-Za-z]{4,}" if words else r"[A-Za-z]{5,}", part)
        if words is None or m.group().lower() in words
    ]
    if not spots:
        return None
    i, start, word = rng.choice(spots)
    parts[i] = parts[i][:start] + misspell(word, rng) + parts[i][start + len(word) :]
    return "".join(parts)


def typo_in_name(name: str, rng: random.Random, known: set[str]) -> Optional[str]:
    tokens = name.split(" ")
    spots = [i for i, tok in enumerate(tokens) if len(tok) >= 5 and tok.isalpha()]
    for _ in range(10):
        if not spots:
            return None
        i = rng.choice(spots)
        changed = tokens[:i] + [misspell(tokens[i], rng)] + tokens[i + 1 :]
        out = " ".join(changed)
        if out.lower() not in known:
            return out
    return None


def lower_outside_placeholders(text: str) -> str:
    parts = re.split(r"(\{\w+\})", text)
    return "".join(part if PLACEHOLDER.fullmatch(part) else part.lower() for part in parts)


def style_plan(n: int, rng: random.Random) -> list[str]:
    """``n`` styles in STYLE_SHARE proportions (largest remainder), shuffled."""
    raw = {s: STYLE_SHARE[s] * n for s in STYLES}
    counts = {s: int(v) for s, v in raw.items()}
    for s in sorted(STYLES, key=lambda s: -(raw[s] - counts[s]))[: n - sum(counts.values())]:
        counts[s] += 1
    plan = [s for s in STYLES for _ in range(counts[s])]
    rng.shuffle(plan)
    return plan


def base_templates(style: str, pool: list[Template]) -> list[Template]:
    if style in ("question", "command", "name_first", "name_last", "paraphrase"):
        code = {v: k for k, v in BASE_STYLE.items()}[style]
        return [t for t in pool if t.style == code]
    if style == "no_qmark":
        return [t for t in pool if t.style in ("Q", "P") and t.text.endswith("?")]
    return [t for t in pool if t.style in ("Q", "P", "C")]


# -------------------------------------------------------------------------------------------
# Constraints
# -------------------------------------------------------------------------------------------


def _kept(kb: Kb, films: set[str], parts: list[str], option: tuple[str, ...]) -> set[str]:
    conditions = parse_constraint(";".join([*parts, *option]))
    return {t for t in films if film_passes(kb, t, conditions)}


def _prefer_strict(
    kb: Kb, films: set[str], parts: list[str], options: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """Options that keep some films, those that also drop some first. A year option must keep
    a film with a single release year: one kept only through a merged same-titled film would
    read as nonsense ("films X starred in since 1980" for an actor who died in 1958)."""
    kept = {option: _kept(kb, films, parts, option) for option in options}
    viable = [
        o
        for o in options
        if kept[o]
        and (not o[0].startswith("year") or any(len(kb.title_years.get(t, ())) == 1 for t in kept[o]))
    ]
    strict = [o for o in viable if len(kept[o]) < len(films)]
    return strict or viable


def year_options(kind: str, years: list[int]) -> list[tuple[str, ...]]:
    nice = list(range(1920, 2016, 5))  # people say "after 1985", rarely "after 1987"
    if kind == "exact":
        return [(f"year={y}",) for y in years]
    if kind == "after":
        return [(f"year>={y + 1}",) for y in nice]
    if kind == "before":
        return [(f"year<={y - 1}",) for y in nice]
    if kind == "since":
        return [(f"year>={y}",) for y in nice]
    if kind == "decade":
        return [(f"year>={d}", f"year<={d + 9}") for d in sorted({y // 10 * 10 for y in years})]
    return [(f"year>={a}", f"year<={a + span}") for a in nice for span in (5, 10, 15, 20)]


def year_fills(kind: str, choice: tuple[str, ...]) -> dict[str, str]:
    bounds = [int(re.sub(r"\D", "", part)) for part in choice]
    if kind in ("exact", "since"):
        return {"year": str(bounds[0])}
    if kind == "after":
        return {"year": str(bounds[0] - 1)}
    if kind == "before":
        return {"year": str(bounds[0] + 1)}
    if kind == "decade":
        return {"decade": f"{bounds[0]}s", "decade_short": f"{bounds[0] % 100:02d}s"}
    return {"year_from": str(bounds[0]), "year_to": str(bounds[1])}


def ambiguous_decade(template: str, fills: dict[str, str]) -> bool:
    """Whether a short decade ("the 10s") would name a decade of this century as well."""
    return "{decade_short}" in template and fills.get("decade") in ("1900s", "1910s")


def choose_constraint(
    kb: Kb, needs: tuple[str, ...], films: set[str], rng: random.Random
) -> Optional[tuple[str, dict[str, str]]]:
    """Constraint values that keep part of ``films``: (constraint text, placeholder values)."""
    parts: list[str] = []
    fills: dict[str, str] = {}
    current = set(films)
    for need in needs:
        if need in ("genre", "language"):
            relation = "has_genre" if need == "genre" else "in_language"
            values = sorted({v for t in current for v in kb.values(relation, t)})
            if need == "genre":
                values = [v for v in values if v in GENRE_FORMS]
            options = _prefer_strict(kb, current, parts, [(f"{need}={v}",) for v in values])
            if not options:
                return None
            choice = rng.choice(options)
            value = choice[0].split("=", 1)[1]
            if need == "genre":
                fills["genre"], fills["genres"] = GENRE_FORMS[value]
            else:
                fills["language"] = value
        else:
            kind = need.split(":", 1)[1]
            years = sorted({y for t in current for y in kb.title_years.get(t, ())})
            options = _prefer_strict(kb, current, parts, year_options(kind, years))
            if not options:
                return None
            choice = rng.choice(options)
            fills.update(year_fills(kind, choice))
        current = _kept(kb, current, parts, choice)
        parts.extend(choice)
    return ";".join(parts), fills


# -------------------------------------------------------------------------------------------
# Generation
# -------------------------------------------------------------------------------------------


@dataclass
class Row:
    split: str
    path: str
    style: str
    template: str
    question: str
    topic: str
    constraint: str
    gold: list[str]
    id: str = ""

    def fields(self) -> list[str]:
        hops = str(len(self.path.split(">")))
        values = [self.id, self.split, self.path, hops, self.style, self.template, self.question]
        values += [self.topic, self.constraint, "|".join(self.gold)]
        for value in values:
            if "\t" in value or "\n" in value:
                raise ValueError(f"tab or newline in {value!r}")
        return values


class TopicPool:
    """Candidates of one kind for one split: least used first, then best known first."""

    def __init__(self, names: list[str]):
        self.names = names
        self.rank = {name: i for i, name in enumerate(names)}
        self.uses: Counter[str] = Counter()

    def ordered(self) -> list[str]:
        return sorted(self.names, key=lambda n: (self.uses[n], self.rank[n]))


def genre_forms(genre: str) -> tuple[str, str]:
    return GENRE_FORMS.get(genre) or DEV2_GENRE_FORMS[genre]


def fill(text: str, values: dict[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise KeyError(f"no value for {match.group(0)} in {text!r}")
        return values[match.group(1)]

    return PLACEHOLDER.sub(sub, text)


class Generator:
    def __init__(self, kb: Kb, seed: int):
        self.kb = kb
        self.rng = random.Random(seed)
        # dev2, dev3 and dev4 have their own generators, so adding them leaves the validation and
        # test draws (and each the draws of the tuning splits made before it) as they were.
        self.dev2_rng = random.Random(seed + DEV2_SEED_OFFSET)
        self.dev3_rng = random.Random(seed + DEV3_SEED_OFFSET)
        self.dev4_rng = random.Random(seed + DEV4_SEED_OFFSET)
        pools = eligible_topics(kb)
        self.eligible = pools
        self.counts = {
            "film": len(pools.films),
            "person": len(pools.people),
            "tag": len(pools.tags),
        }
        self.pools: dict[str, dict[str, TopicPool]] = {}
        for kind, names in (
            ("film", pools.films),
            ("person", pools.people),
            ("tag", pools.tags),
            ("year", pools.years),
            ("language", pools.languages),
            ("genre", pools.genres),
        ):
            parts = partition(names, self.rng)
            self.pools[kind] = {split: TopicPool(parts[split]) for split in MAIN_SPLITS}
        self.training = training_wordings()
        self.dropped: list[str] = []
        self.known_names = {n.lower() for n in kb.titles}
        for rel in PERSON_RELATIONS:
            self.known_names |= {p.lower() for p in kb.back[rel]}
        self.questions: set[str] = set()
        self.styles: dict[str, list[str]] = {}
        self.template_use: Counter[str] = Counter()

    def rng_for(self, split: str) -> random.Random:
        return {"dev2": self.dev2_rng, "dev3": self.dev3_rng, "dev4": self.dev4_rng}.get(split, self.rng)

    def person_ok(self, family: Family, person: str) -> bool:
        role = family.path.split(">")[0]
        count = len(self.kb.films_of(role[1:], person))
        return ROLE_RANGE[0] <= count <= ROLE_RANGE[1]

    def pool_templates(self, family: Family, split: str) -> list[Template]:
        out = []
        for template in templates_for(family, split):
            if normalise_template(template.text) in self.training:
                self.dropped.append(f"{family.key} [{split}]: {template.text}")
                continue
            out.append(template)
        return out

    def make(self, family: Family, split: str, n: int) -> list[Row]:
        rng = self.rng_for(split)
        templates = self.pool_templates(family, split)
        plain = [t for t in templates if not t.constraints]
        constrained = [t for t in templates if t.constraints]
        rows = []
        for wanted in [self.styles[split].pop() for _ in range(n)]:
            use_constraint = bool(constrained) and (not plain or rng.random() < family.constrained_share)
            pool = constrained if use_constraint else plain
            # A family without a wording of the wanted style asks it as a plain question.
            style, choices = next(
                (s, base_templates(s, pool))
                for s in (wanted, "question", "paraphrase", "command", "name_first")
                if base_templates(s, pool)
            )
            least = min(self.template_use[f"{split}|{t.text}"] for t in choices)
            choices = [t for t in choices if self.template_use[f"{split}|{t.text}"] == least]
            template = rng.choice(choices)
            row = self.realise(family, split, style, template)
            if row is None:
                print(f"  no topic found for {family.key} [{split}] {template.text!r}", file=sys.stderr)
                continue
            self.template_use[f"{split}|{template.text}"] += 1
            rows.append(row)
        return rows

    def realise(self, family: Family, split: str, style: str, template: Template) -> Optional[Row]:
        pool = self.pools[family.topic][split]
        fallbacks: list[tuple[str, str, dict[str, str], set[str]]] = []
        tries = 0
        for topic in pool.ordered():
            if family.topic == "person" and not self.person_ok(family, topic):
                continue
            tries += 1
            if tries > 300:
                break
            for _ in range(6 if template.constraints else 1):
                constraint, fills = "", {}
                if template.constraints:
                    films = walk(self.kb, family.path, topic, stop_at_last_films=True)
                    chosen = choose_constraint(self.kb, template.constraints, films, self.rng_for(split))
                    if chosen is None:
                        break
                    constraint, fills = chosen
                    if split in CLEAR_SHORT_DECADES and ambiguous_decade(template.text, fills):
                        continue
                gold = walk(self.kb, family.path, topic, constraint)
                if not gold:
                    continue
                if len(gold) > GOLD_SOFT_CAP:
                    fallbacks.append((topic, constraint, fills, gold))
                    continue
                row = self.finish(family, split, style, template, topic, constraint, fills, gold)
                if row is not None:
                    return row
        for topic, constraint, fills, gold in sorted(fallbacks, key=lambda f: len(f[3])):
            row = self.finish(family, split, style, template, topic, constraint, fills, gold)
            if row is not None:
                return row
        return None

    def finish(
        self,
        family: Family,
        split: str,
        style: str,
        template: Template,
        topic: str,
        constraint: str,
        fills: dict[str, str],
        gold: set[str],
    ) -> Optional[Row]:
        rng = self.rng_for(split)
        values = dict(fills)
        if family.topic == "genre":
            values["genre"], values["genres"] = genre_forms(topic)
        else:
            values[family.topic] = topic
        text = template.text
        name = topic
        if style == "no_qmark":
            text = text[:-1].rstrip()
        elif style == "lowercase":
            text = lower_outside_placeholders(text)
        elif style == "typo" and split in FUNCTION_WORD_TYPOS:
            text = typo_in_template(text, rng, FUNCTION_WORDS) or typo_in_template(text, rng) or text
        elif style == "typo":
            misspelt = None
            if family.topic in ("film", "person", "tag") and rng.random() < 0.5:
                misspelt = typo_in_name(topic, rng, self.known_names)
            if misspelt:
                name = misspelt
            else:
                text = typo_in_template(text, rng) or text
        if family.topic == "genre":
            question = fill(text, values)
        else:
            question = fill(text, {**values, family.topic: name})
        if style == "lowercase":
            question = question.lower()
        if question.endswith("..") and not question.endswith("..."):
            question = question[:-1]  # a title ending in "." before the wording's own full stop
        if question in self.questions:
            return None
        self.questions.add(question)
        self.pools[family.topic][split].uses[topic] += 1
        return Row(split, family.path, style, text, question, topic, constraint, sort_gold(gold))

    def run(self) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {split: [] for split in MAIN_SPLITS}
        plan = [(family, round(family.count * VALIDATION_SHARE)) for family in families()]
        # One shuffled style plan per split, dealt out family by family: every style gets its
        # share overall even though a family has only a handful of questions per split.
        totals = {"validation": sum(n for _, n in plan), "test": sum(f.count - n for f, n in plan)}
        self.styles = {split: style_plan(total, self.rng) for split, total in totals.items()}
        for family, n_val in plan:
            for split, n in (("validation", n_val), ("test", family.count - n_val)):
                out[split].extend(self.make(family, split, n))
        for split, rows in out.items():
            self.rng.shuffle(rows)
            prefix = split[0]
            for i, row in enumerate(rows, start=1):
                row.id = f"{prefix}{i:04d}"
        out["dev2"] = self.run_dev2(out)
        out["dev3"] = self.run_dev3(out)
        out["dev4"] = self.run_dev4(out)
        return out

    def run_after(self, split: str, fixed: dict[str, list[Row]]) -> list[Row]:
        """The tuning split ``split`` alone, made after the splits in ``fixed`` (as read from
        their files): what ``run`` would make from them."""
        return {"dev2": self.run_dev2, "dev3": self.run_dev3, "dev4": self.run_dev4}[split](fixed)

    def run_dev2(self, fixed: dict[str, list[Row]]) -> list[Row]:
        """The second tuning split, made once validation and test are final: its topics are the
        eligible names those two splits did not use, its wordings its own, its draws from
        ``dev2_rng``."""
        genres = sorted(DEV2_GENRE_FORMS, key=lambda g: (-len(self.kb.back["has_genre"].get(g, ())), g))
        return self.run_tuning("dev2", fixed, [*self.eligible.genres, *genres], DEV2_SHARE)

    def run_dev3(self, fixed: dict[str, list[Row]]) -> list[Row]:
        """The third tuning split, made once validation, test and dev2 are final: topics none of
        them asked about, wordings of its own (as users type to a chat bot), draws from
        ``dev3_rng``. The KB has no genre left (validation and test use up ``GENRE_FORMS``, dev2
        ``DEV2_GENRE_FORMS``; Music and Sci-Fi stay out), so its genre topics are the genres the
        other tuning splits (validation, dev2) ask about, never a test one."""
        tuning_genres = {
            row.topic
            for split in ("validation", "dev2")
            for row in fixed[split]
            if topic_kind(row.path) == "genre"
        }
        genres = sorted(tuning_genres, key=lambda g: (-len(self.kb.back["has_genre"].get(g, ())), g))
        return self.run_tuning("dev3", fixed, genres, DEV3_SHARE)

    def run_dev4(self, fixed: dict[str, list[Row]]) -> list[Row]:
        """The fourth tuning split, made once validation, test, dev2 and dev3 are final: topics
        none of them asked about, wordings of its own (awkward, terse, polite, as typed in a
        hurry), draws from ``dev4_rng``. Genres as for dev3: the ones the tuning splits
        (validation, dev2, dev3) ask about, never a test one."""
        tuning_genres = {
            row.topic
            for split in ("validation", "dev2", "dev3")
            for row in fixed[split]
            if topic_kind(row.path) == "genre"
        }
        genres = sorted(tuning_genres, key=lambda g: (-len(self.kb.back["has_genre"].get(g, ())), g))
        return self.run_tuning("dev4", fixed, genres, DEV4_SHARE)

    def run_tuning(
        self, split: str, fixed: dict[str, list[Row]], genres: list[str], share: float
    ) -> list[Row]:
        """A tuning split made after the splits in ``fixed``: topics they did not use (but for
        the kinds of ``TUNING_SHARED_TOPICS``), ``share`` of each family's count, draws from the
        split's own generator only."""
        rng = self.rng_for(split)
        used = {row.topic.lower() for rows in fixed.values() for row in rows}
        # A question of an earlier split is never asked again (a no-op when run made them all).
        self.questions |= {row.question for rows in fixed.values() for row in rows}
        shared_kinds = TUNING_SHARED_TOPICS.get(split, frozenset())
        for kind, names in (
            ("film", self.eligible.films),
            ("person", self.eligible.people),
            ("tag", self.eligible.tags),
            ("year", self.eligible.years),
            ("language", self.eligible.languages),
            ("genre", genres),
        ):
            keep = names if kind in shared_kinds else [n for n in names if n.lower() not in used]
            self.pools[kind][split] = TopicPool(keep)
        plan = [(family, round(family.count * share)) for family in families()]
        self.styles[split] = style_plan(sum(n for _, n in plan), rng)
        rows: list[Row] = []
        for family, n in plan:
            rows.extend(self.make(family, split, n))
        rng.shuffle(rows)
        for i, row in enumerate(rows, start=1):
            row.id = f"{ID_PREFIX[split]}{i:04d}"
        return rows


def topic_kind(path: str) -> str:
    first = path.split(">")[0]
    kinds = {"~has_tags": "tag", "~release_year": "year", "~in_language": "language", "~has_genre": "genre"}
    if first in kinds:
        return kinds[first]
    return "person" if first.startswith("~") else "film"


def may_share_topics(first: str, second: str) -> frozenset[str]:
    """Topic kinds two splits may share: a kind of TUNING_SHARED_TOPICS between tuning splits."""
    if "test" in (first, second):
        return frozenset()
    return TUNING_SHARED_TOPICS.get(first, frozenset()) | TUNING_SHARED_TOPICS.get(second, frozenset())


def check_disjoint(splits: dict[str, list[Row]]) -> None:
    names = list(splits)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            allowed = may_share_topics(first, second)
            for what, get in (
                ("question", lambda r: r.question),
                ("template", lambda r: normalise_template(r.template)),
                ("topic", lambda r: r.topic.lower()),
            ):
                skip = allowed if what == "topic" else frozenset()

                def values(split: str, get: Callable[[Row], str] = get, skip: frozenset = skip) -> set[str]:
                    return {get(r) for r in splits[split] if topic_kind(r.path) not in skip}

                shared = values(first) & values(second)
                if shared:
                    raise SystemExit(f"{first} and {second} share {what}s: {sorted(shared)[:5]}")


def when_free(split: str, wording: str) -> str:
    """A normalised wording with the split's year phrases as one token: "{when}" in a bank line
    expands into one template per phrase, and those count as one wording."""
    phrases = sorted({normalise_template(p) for _, p in WHEN[split]}, key=len, reverse=True)
    for phrase in phrases:
        wording = re.sub(rf"\b{phrase}\b", "slotwhen", wording)
    return wording


def check_tuning_banks(training: Optional[set[str]] = None, least: int = 3) -> None:
    """dev2, dev3 and dev4 wordings are banks of their own: none normalises to a wording of a
    split made before it (dev2: validation, test; dev3: validation, test, dev2; dev4: those and
    dev3). Every family has at least ``least`` wordings of each split of SEVERAL_WORDINGS that
    are not training wordings."""
    seen: dict[str, set[str]] = {split: set() for split in SPLITS}
    for family in families():
        for split in SPLITS:
            seen[split] |= {normalise_template(t.text) for t in templates_for(family, split)}
    for split in TUNING_EXTRA:
        earlier = SPLITS[: SPLITS.index(split)]
        shared = seen[split] & set().union(*(seen[s] for s in earlier))
        if shared:
            raise SystemExit(f"{split} wordings also in {', '.join(earlier)}: {sorted(shared)[:5]}")
    unknown = set(COMPOSED_EXTRA) - {family.key for family in families() if family.key not in HAND}
    if unknown:
        raise SystemExit(f"COMPOSED_EXTRA names no composed family: {sorted(unknown)}")
    for split in SEVERAL_WORDINGS:
        thin = {}
        for family in families():
            wordings = {normalise_template(t.text) for t in templates_for(family, split)}
            wordings -= training or set()
            if len({when_free(split, w) for w in wordings}) < least:
                thin[family.key] = sorted(wordings)
        if thin:
            raise SystemExit(f"{split} families with fewer than {least} wordings: {thin}")


def read_rows(path: Path) -> list[Row]:
    """The rows of a split file written by ``write``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if tuple(lines[0].split("\t")) != COLUMNS:
        raise SystemExit(f"{path}: not a QA split file")
    rows = []
    for line in lines[1:]:
        values = dict(zip(COLUMNS, line.split("\t")))
        rows.append(
            Row(
                values["split"],
                values["path"],
                values["style"],
                values["template"],
                values["question"],
                values["topic"],
                values["constraint"],
                values["gold"].split("|"),
                values["id"],
            )
        )
    return rows


def write(rows: list[Row], path: Path) -> None:
    lines = ["\t".join(COLUMNS)] + ["\t".join(row.fields()) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Optional[list[str]] = None) -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--kb", type=Path, help="triple file; default: ENCORE_KB")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument(
        "--only",
        choices=TUNING_EXTRA,
        help="write this tuning split alone; the splits made before it are read from their files in "
        "--out and left as they are",
    )
    args = parser.parse_args(argv)
    kb = load_kb(args.kb or load_settings().kb_path)
    generator = Generator(kb, args.seed)
    check_tuning_banks(generator.training)
    if args.only:
        earlier = SPLITS[: SPLITS.index(args.only)]
        splits = {split: read_rows(args.out / f"qa_{split}.tsv") for split in earlier}
        splits[args.only] = generator.run_after(args.only, splits)
    else:
        splits = generator.run()
    check_disjoint(splits)
    args.out.mkdir(parents=True, exist_ok=True)
    for split, rows in splits.items():
        if args.only in (None, split):
            write(rows, args.out / f"qa_{split}.tsv")
    print(f"topic candidates: {generator.counts}")
    if generator.dropped:
        print(f"{len(generator.dropped)} wordings dropped because the parser is trained on them:")
        for line in generator.dropped:
            print(f"  {line}")
    for split, rows in splits.items():
        hops = Counter(row.path.count(">") + 1 for row in rows)
        styles = Counter(row.style for row in rows)
        print(f"{split}: {len(rows)} questions; hops {dict(sorted(hops.items()))}; styles {dict(styles)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
