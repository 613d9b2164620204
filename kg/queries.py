"""Every Cypher statement Encore runs, as constant strings with ``$parameters``.

User text only ever reaches Neo4j as a parameter value. Where a relationship type has to vary
(one query per fact type), the variants are spelled out here, keyed by a fixed name.
"""

# --- schema ---------------------------------------------------------------------------------

SCHEMA = (
    "CREATE CONSTRAINT movie_title IF NOT EXISTS FOR (m:Movie) REQUIRE m.title IS UNIQUE",
    "CREATE CONSTRAINT person_name IF NOT EXISTS FOR (p:Person) REQUIRE p.name IS UNIQUE",
    "CREATE CONSTRAINT genre_name IF NOT EXISTS FOR (g:Genre) REQUIRE g.name IS UNIQUE",
    "CREATE CONSTRAINT language_name IF NOT EXISTS FOR (l:Language) REQUIRE l.name IS UNIQUE",
    "CREATE CONSTRAINT tag_name IF NOT EXISTS FOR (t:Tag) REQUIRE t.name IS UNIQUE",
    "CREATE CONSTRAINT year_value IF NOT EXISTS FOR (y:Year) REQUIRE y.value IS UNIQUE",
    "CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (d:Dataset) REQUIRE d.name IS UNIQUE",
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Movie|Person) ON EACH [n.title, n.name]",
)

# --- import (batched, idempotent) -----------------------------------------------------------

MERGE_MOVIES = """
UNWIND $rows AS row
MERGE (m:Movie {title: row.title})
SET m.years = row.years, m.imdb_rating = row.imdb_rating, m.imdb_votes = row.imdb_votes
"""

# Person -> Movie relationships; keyed by the KB relation name.
MERGE_PERSON_LINKS = {
    "directed_by": """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (p:Person {name: row.value})
MERGE (p)-[:DIRECTED]->(m)
""",
    "written_by": """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (p:Person {name: row.value})
MERGE (p)-[:WROTE]->(m)
""",
    "starred_actors": """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (p:Person {name: row.value})
MERGE (p)-[:ACTED_IN]->(m)
""",
}

# Movie -> attribute relationships; keyed by the KB relation name.
MERGE_ATTRIBUTE_LINKS = {
    "has_genre": """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (x:Genre {name: row.value})
MERGE (m)-[:HAS_GENRE]->(x)
""",
    "in_language": """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (x:Language {name: row.value})
MERGE (m)-[:IN_LANGUAGE]->(x)
""",
    "has_tags": """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (x:Tag {name: row.value})
MERGE (m)-[:HAS_TAG]->(x)
""",
    "release_year": """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (x:Year {value: row.value})
MERGE (m)-[:RELEASED_IN]->(x)
""",
}

GET_DATASET = "MATCH (d:Dataset {name: $name}) RETURN d.sha256 AS sha256, d.triples AS triples"
SET_DATASET = """
MERGE (d:Dataset {name: $name})
SET d.sha256 = $sha256, d.triples = $triples, d.loaded_at = datetime()
"""

COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"
COUNT_BY_LABEL = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
COUNT_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"

# --- entity-linking vocabularies ------------------------------------------------------------

ALL_MOVIE_TITLES = "MATCH (m:Movie) RETURN m.title AS name, COUNT { (m)--() } AS weight"
ALL_PERSON_NAMES = "MATCH (p:Person) RETURN p.name AS name, COUNT { (p)--() } AS weight"
ALL_GENRES = "MATCH (g:Genre) RETURN g.name AS name, COUNT { (g)--() } AS weight"
ALL_LANGUAGES = "MATCH (l:Language) RETURN l.name AS name, COUNT { (l)--() } AS weight"
ALL_TAGS = "MATCH (t:Tag) RETURN t.name AS name, COUNT { (t)--() } AS weight"
MERGED_TITLES = "MATCH (m:Movie) WHERE size(m.years) > 1 RETURN m.title AS title, m.years AS years"

FULLTEXT_NAMES = """
CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
RETURN coalesce(node.title, node.name) AS name, labels(node)[0] AS label, score
LIMIT $limit
"""

# --- questions ------------------------------------------------------------------------------

# One film's facts of one kind; keyed by fact name. Returns no row when the film is unknown,
# and an empty ``values`` list when the graph holds no such fact for it.
FILM_FACTS = {
    "directors": """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)<-[:DIRECTED]-(x:Person)
RETURN m.title AS title, m.years AS years, collect(DISTINCT x.name) AS values
""",
    "writers": """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)<-[:WROTE]-(x:Person)
RETURN m.title AS title, m.years AS years, collect(DISTINCT x.name) AS values
""",
    "cast": """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)<-[:ACTED_IN]-(x:Person)
RETURN m.title AS title, m.years AS years, collect(DISTINCT x.name) AS values
""",
    "genres": """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)-[:HAS_GENRE]->(x:Genre)
RETURN m.title AS title, m.years AS years, collect(DISTINCT x.name) AS values
""",
    "languages": """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)-[:IN_LANGUAGE]->(x:Language)
RETURN m.title AS title, m.years AS years, collect(DISTINCT x.name) AS values
""",
    # Tags that only repeat the film's title or the name of one of its people say nothing.
    "tags": """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)-[:HAS_TAG]->(x:Tag)
WHERE x.name <> toLower(m.title)
  AND NOT EXISTS { MATCH (m)<-[]-(p:Person) WHERE toLower(p.name) = x.name }
RETURN m.title AS title, m.years AS years, collect(DISTINCT x.name) AS values
""",
    "years": """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)-[:RELEASED_IN]->(x:Year)
WITH m, x ORDER BY x.value
RETURN m.title AS title, m.years AS years, collect(DISTINCT x.value) AS values
""",
}

# Everything about one film in one round trip ("tell me about Inception"); no row when it is
# unknown. Names are sorted by the caller; tags that repeat the title or a person's name are left out.
FILM_OVERVIEW = """
MATCH (m:Movie {title: $title})
RETURN m.title AS title, m.years AS years, m.imdb_rating AS rating,
       [(m)<-[:DIRECTED]-(p:Person) | p.name] AS directors,
       [(m)<-[:WROTE]-(p:Person) | p.name] AS writers,
       [(m)<-[:ACTED_IN]-(p:Person) | p.name] AS cast,
       [(m)-[:HAS_GENRE]->(g:Genre) | g.name] AS genres,
       [(m)-[:IN_LANGUAGE]->(l:Language) | l.name] AS languages,
       [(m)-[:HAS_TAG]->(t:Tag) WHERE t.name <> toLower(m.title)
          AND NOT EXISTS { MATCH (m)<-[]-(p:Person) WHERE toLower(p.name) = t.name } | t.name] AS tags
"""

# How many films a person directed, wrote and acted in; no row when the person is unknown.
PERSON_ROLE_COUNTS = """
MATCH (p:Person {name: $name})
RETURN COUNT { (p)-[:DIRECTED]->(:Movie) } AS directed_by, COUNT { (p)-[:WROTE]->(:Movie) } AS written_by,
       COUNT { (p)-[:ACTED_IN]->(:Movie) } AS starred_actors
"""

# One person's films of one kind; keyed by role. No row when the person is unknown.
PERSON_FILMS = {
    "acted": """
MATCH (p:Person {name: $name})
OPTIONAL MATCH (p)-[:ACTED_IN]->(m:Movie)
WITH p, m ORDER BY m.years[0], m.title
RETURN p.name AS name, collect(m {.title, .years}) AS films
""",
    "directed": """
MATCH (p:Person {name: $name})
OPTIONAL MATCH (p)-[:DIRECTED]->(m:Movie)
WITH p, m ORDER BY m.years[0], m.title
RETURN p.name AS name, collect(m {.title, .years}) AS films
""",
    "wrote": """
MATCH (p:Person {name: $name})
OPTIONAL MATCH (p)-[:WROTE]->(m:Movie)
WITH p, m ORDER BY m.years[0], m.title
RETURN p.name AS name, collect(m {.title, .years}) AS films
""",
}

# Two hops: the other films of the film's directors, grouped by director.
FILMS_BY_DIRECTORS_OF = """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (m)<-[:DIRECTED]-(d:Person)
OPTIONAL MATCH (d)-[:DIRECTED]->(o:Movie) WHERE o <> m
WITH m, d, o ORDER BY o.years[0], o.title
WITH m, d, collect(o {.title, .years}) AS films
RETURN m.title AS title, collect(CASE WHEN d IS NULL THEN NULL
                                      ELSE {director: d.name, films: films} END) AS directors
"""

# Two hops: people who acted in a film with the person, most shared films first.
COSTARS = """
MATCH (p:Person {name: $name})
OPTIONAL MATCH (p)-[:ACTED_IN]->(m:Movie)<-[:ACTED_IN]-(c:Person) WHERE c <> p
WITH p, c, collect(DISTINCT m.title) AS shared
ORDER BY size(shared) DESC, c.name
WITH p, collect(CASE WHEN c IS NULL THEN NULL ELSE {name: c.name, films: shared} END) AS costars
RETURN p.name AS name, costars[..$limit] AS costars, size(costars) AS total
"""

# Films by optional genre, year and language; the best-documented films (most facts) first.
# The candidates come from the given filters' own nodes (a missing filter's branch matches
# nothing), so no query scans every film.
FILMS_FILTERED = """
CALL {
  MATCH (:Year {value: $year})<-[:RELEASED_IN]-(m:Movie) RETURN m
  UNION
  MATCH (:Language {name: $language})<-[:IN_LANGUAGE]-(m:Movie) RETURN m
  UNION
  MATCH (:Genre {name: $genre})<-[:HAS_GENRE]-(m:Movie) RETURN m
}
WITH m
WHERE ($genre IS NULL OR EXISTS { (m)-[:HAS_GENRE]->(:Genre {name: $genre}) })
  AND ($year IS NULL OR EXISTS { (m)-[:RELEASED_IN]->(:Year {value: $year}) })
  AND ($language IS NULL OR EXISTS { (m)-[:IN_LANGUAGE]->(:Language {name: $language}) })
WITH m, COUNT { (m)--() } AS facts
ORDER BY facts DESC, m.title
WITH collect(m {.title, .years}) AS films
RETURN films[..$limit] AS films, size(films) AS total
"""

# -- MovieLens ratings (kg/ratings.py) -------------------------------------------------------

RATINGS_SCHEMA = ("CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",)
SET_MOVIELENS_IDS = """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
SET m.movielens_ids = row.movielens_ids
"""
MERGE_RATINGS = """
UNWIND $rows AS row
MATCH (m:Movie {title: row.title})
MERGE (u:User {id: row.user})
MERGE (u)-[r:RATED]->(m)
SET r.rating = row.rating, r.timestamp = row.timestamp
"""
COUNT_RATINGS = "MATCH (:User)-[r:RATED]->(:Movie) RETURN count(r) AS n"
# How many MovieLens users rated a film and their mean rating (0 and null when none did).
FILM_AUDIENCE = """
MATCH (m:Movie {title: $title})
OPTIONAL MATCH (:User)-[r:RATED]->(m)
RETURN count(r) AS n, avg(r.rating) AS mean
"""
# One MovieLens user's ratings (a returning user, ``movielens:<id>`` senders), newest first.
USER_RATINGS = """
MATCH (u:User {id: $user})-[r:RATED]->(m:Movie)
RETURN m.title AS title, r.rating AS rating
ORDER BY r.timestamp DESC, m.title
"""
