"""Story clustering benchmark: storyline's online story assignment against gold stories.

Data: ../shared/data/stories/{gva,ecbplus,neus}-dev.jsonl (third-party articles,
read at run time). storyline runs through the same code path as
``storyline ingest`` (the JSONL reader, cleaning, annotation on worker
processes, online grouping, a real SQLite store), articles fed in publication
order; a set without dates is fed in three fixed shuffles (mean and spread).
One parameter set serves all sets. In the same run, the offline peer: average
linkage over TF-IDF cosine with its threshold tuned on each set itself (an
optimistic ceiling for classic methods); with ``--ceiling`` also average
linkage over TF-IDF and all-MiniLM-L6-v2 similarity together, tuned the same
way. ``--ceiling-model FOLDER`` puts another sentence-transformers model in
MiniLM's place (e.g. all-mpnet-base-v2, the strongest encoder installable here,
about 8 articles/s on two cores: see the README).

Metrics: B-cubed precision, recall and F1 over articles, the adjusted Rand
index, and the share of articles a reader would have to move by hand (``storyline
move``) to reach the gold stories, at the fewest (``to move``). Under the table:
what ``storyline review`` would show a reader (the joins under its default
probability, how many of them are misplaced, and how many of all misplaced
joins they are), and where B3 F1 is lost: its value with the articles left alone
placed, with the fragments of each story joined, or with the misplaced articles
moved out (each mended alone, as an oracle would). No set has gold storylines:
storyline's storylines are scored against the gold stories too, where precision
tells how many threads join different events
(on GVA, unrelated shootings in one city) and recall how many of an event's
stories share its thread.

    .venv/bin/python bench/stories.py [--sets gva,ecbplus,neus] [--data FOLDER] [--limit N] [--no-peer]
                                      [--ceiling] [--ceiling-model FOLDER] [--workers N]

A set is a name (``gva``: ``gva-dev.jsonl`` in ``--data``; ``gva-test``: ``gva-test.jsonl``) or the path
of any JSON-lines file of the same schema, such as a held-out split kept elsewhere.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "stories"
SHUFFLE_SEEDS = (1, 2, 3)
_WORD = re.compile(r"[a-z][a-z'’-]{2,}")


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    items = [i for i in gold if i in predicted]
    gold_members, pred_members = defaultdict(set), defaultdict(set)
    for item in items:
        gold_members[gold[item]].add(item)
        pred_members[predicted[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same = len(gold_members[gold[item]] & pred_members[predicted[item]])
        precision += same / len(pred_members[predicted[item]])
        recall += same / len(gold_members[gold[item]])
    precision, recall = precision / len(items), recall / len(items)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def adjusted_rand(gold: dict[str, str], predicted: dict[str, str]) -> float:
    items = [i for i in gold if i in predicted]
    pairs = Counter((gold[i], predicted[i]) for i in items)
    combinations = lambda n: n * (n - 1) / 2  # noqa: E731
    index = sum(combinations(n) for n in pairs.values())
    gold_sum = sum(combinations(n) for n in Counter(gold[i] for i in items).values())
    pred_sum = sum(combinations(n) for n in Counter(predicted[i] for i in items).values())
    expected = gold_sum * pred_sum / combinations(len(items)) if len(items) > 1 else 0.0
    maximum = (gold_sum + pred_sum) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def moves_to_gold(gold: dict[str, str], predicted: dict[str, str]) -> int:
    """The fewest articles a reader must move (``storyline move``) to turn the predicted stories into the gold
    ones: all articles but those each gold story keeps in place, in the predicted story it is matched with (a
    predicted story serves at most one gold story; the best matching, exact, per connected group of stories)."""
    from scipy.optimize import linear_sum_assignment

    items = [i for i in gold if i in predicted]
    overlap = Counter(("g" + gold[i], "p" + predicted[i]) for i in items)
    neighbours = defaultdict(set)
    for a, b in overlap:
        neighbours[a].add(b)
        neighbours[b].add(a)
    kept, seen = 0, set()
    for start in neighbours:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in neighbours[node] - seen:
                seen.add(other)
                stack.append(other)
        golds = [n for n in group if n[0] == "g"]
        preds = [n for n in group if n[0] == "p"]
        matrix = [[overlap.get((g, q), 0) for q in preds] for g in golds]
        rows, columns = linear_sum_assignment(matrix, maximize=True)
        kept += sum(matrix[r][c] for r, c in zip(rows, columns))
    return len(items) - kept


def _tallies(pairs) -> tuple[dict[str, Counter], dict[str, str]]:
    """For (key, value) pairs, each key's counts of its values and its most common value: a predicted story's gold
    stories and its main one, or a gold story's predicted stories and the one holding most of it."""
    counts = defaultdict(Counter)
    for key, value in pairs:
        counts[key][value] += 1
    return counts, {key: tally.most_common(1)[0][0] for key, tally in counts.items()}


def where_lost(gold: dict[str, str], predicted: dict[str, str]) -> tuple[int, float, float, float]:
    """Where B3 F1 is lost, each kind mended alone: the articles left alone that belong to a larger story (how many,
    and F1 with each moved into the predicted story holding most of its event, its event's home); F1 with every
    fragment of an event (a predicted story of that event alone, not its home) joined to its home; and F1 with
    every article misplaced in another event's story moved to its home (or out into a story of its event)."""
    items = [i for i in gold if i in predicted]
    members, main = _tallies((predicted[i], gold[i]) for i in items)
    _, home = _tallies((gold[i], predicted[i]) for i in items)
    alone = {i for i in items if members[predicted[i]].total() == 1 and home[gold[i]] != predicted[i]}
    gold_of = {i: gold[i] for i in items}

    def mended(move) -> float:
        return bcubed(gold_of, {i: move(i) for i in items})[2]

    return (len(alone),
            mended(lambda i: home[gold[i]] if i in alone else predicted[i]),
            mended(lambda i: home[gold[i]] if len(members[predicted[i]]) == 1 else predicted[i]),
            mended(lambda i: predicted[i] if gold[i] == main[predicted[i]]
                   else home[gold[i]] if main[home[gold[i]]] == gold[i] else "out:" + gold[i]))


ROW_FIELDS = ("id", "story", "outlet", "url", "published", "title", "text")  # ../shared/data/README.md's schema


class SetError(Exception):
    """A story set that cannot be read: missing, not JSON lines, or a row without what scoring needs."""


def set_path(name: str, data: Path = DATA) -> Path:
    """A set by name (``gva``: ``DATA/gva-dev.jsonl``; ``gva-test``: ``DATA/gva-test.jsonl``) or any JSON-lines
    file of the same schema by its path (a held-out split kept elsewhere)."""
    tried = [Path(name), data / f"{name}-dev.jsonl", data / f"{name}.jsonl"]
    for path in tried:
        if path.suffix == ".jsonl" and path.is_file():
            return path
    raise SetError(f"{name}: no such story set (looked for {', '.join(str(p) for p in tried)})")


def set_label(name: str) -> str:
    """The set's name in tables and cache files: a path's file name without ``.jsonl``."""
    return Path(name).stem if name.endswith(".jsonl") else name


def load(name: str, limit: int = 0, data: Path = DATA) -> list[dict]:
    """The set's rows (fields of ROW_FIELDS missing from a row are None); a row that cannot be scored is an
    error naming its file and line."""
    path = set_path(name, data)
    rows, seen = [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise SetError(f"{path}:{number}: not a JSON object ({error.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(row.get("story"), str):
            raise SetError(f"{path}:{number}: a row needs a string id and a string story (the gold label)")
        if not isinstance(row.get("text"), str) and not isinstance(row.get("html"), str):
            raise SetError(f"{path}:{number}: row {row['id']} has no text (a string, \"\" when the source had none)")
        if row["id"] in seen:
            raise SetError(f"{path}:{number}: id {row['id']} appears twice")
        seen.add(row["id"])
        rows.append({**dict.fromkeys(ROW_FIELDS), **row})
    if not rows:
        raise SetError(f"{path}: no rows")
    return rows[:limit] if limit else rows


def load_sets(names: str, limit: int = 0, data: Path = DATA) -> dict[str, list[dict]]:
    """Comma-separated set names or paths -> rows by label; all are read (and checked) before any runs."""
    sets: dict[str, list[dict]] = {}
    for name in names.split(","):
        if set_label(name) in sets:
            raise SetError(f"{name}: a second set named {set_label(name)}")
        sets[set_label(name)] = load(name, limit, data)
    return sets


def add_set_options(parser, default: str) -> None:
    """``--sets`` and ``--data``, as every story benchmark takes them."""
    parser.add_argument("--sets", default=default,
                        help="names of sets in --data (gva: gva-dev.jsonl) or paths of JSON-lines files of the same "
                             "schema, comma-separated")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the named sets")


def read_sets(args, limit: int = 0) -> dict[str, list[dict]] | None:
    """The sets ``args`` name, all read before any runs; None once what is wrong is said on stderr."""
    try:
        return load_sets(args.sets, limit, args.data)
    except (SetError, OSError, UnicodeDecodeError) as error:
        print(f"{error} (see ../shared/data/README.md for the sets and their schema)", file=sys.stderr)
        return None


def orders(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """Publication order when the set has dates (file order breaks ties), else three fixed shuffles."""
    if any(r["published"] for r in rows):
        return [("publication order", sorted(rows, key=lambda r: r["published"] or "9999"))]
    shuffles = []
    for seed in SHUFFLE_SEEDS:
        order = list(rows)
        random.Random(seed).shuffle(order)
        shuffles.append((f"shuffle {seed}", order))
    return shuffles


def run_storyline(rows: list[dict], workers: int) -> tuple[dict[str, str], dict[str, str], float, dict[str, float],
                                                           dict[str, str]]:
    """Ingest the rows as one JSONL file, as a user would; return article id -> story, article id -> storyline,
    articles/s, article id -> the probability it joined its story with (joins only, as `storyline review`
    lists them), and article id -> the story it nearly joined (as `storyline review --nearly-joined` lists
    them)."""
    from storyline.pipeline import ingest
    from storyline.store import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        store = Store(f"sqlite:///{folder}/bench.db")
        start = time.perf_counter()
        ingest([str(path)], store, workers=workers)
        seconds = time.perf_counter() - start
        stored = list(store.iter_articles())
        stories = {a.external_id: a.story for a in stored if a.story}
        storyline_of = {story.id: story.storyline for story in store.list_stories()}
        joins, _ = store.uncertain_joins(1.0 + 1e-9, limit=None)
        nearly, _ = store.nearly_joined(limit=None)
        external = {a.id: a.external_id for a in stored}
        store.close()
    return (stories, {article: storyline_of[story] for article, story in stories.items()}, len(rows) / seconds,
            {external[j["article"]]: j["probability"] for j in joins},
            {external[n["article"]]: n["nearest"] for n in nearly})


def review_yield(gold: dict[str, str], predicted: dict[str, str], joins: dict[str, float],
                 below: float) -> tuple[float, float, float]:
    """What `storyline review --below` gives a reader: the share of joins it lists, how many of those are
    misplaced (not of their story's main gold story), and the share of all misplaced joins it lists."""
    _, main = _tallies((story, gold[item]) for item, story in predicted.items())
    misplaced = {item for item in joins if gold[item] != main[predicted[item]]}
    listed = {item for item, probability in joins.items() if probability < below}
    return (len(listed) / max(1, len(joins)), len(listed & misplaced) / max(1, len(listed)),
            len(listed & misplaced) / max(1, len(misplaced)))


def nearly_joined_yield(gold: dict[str, str], predicted: dict[str, str], nearly: dict[str, str]) -> tuple[float, float]:
    """What `storyline review --nearly-joined` gives a reader: the stories it lists per hundred stories, and the
    share of those that are one event with the story they nearly joined (the first article's gold story is the
    main gold story of the other)."""
    members, main = _tallies((story, gold[item]) for item, story in predicted.items())
    same = sum(1 for item, nearest in nearly.items() if nearest in main and gold[item] == main[nearest])
    return 100 * len(nearly) / max(1, len(members)), same / max(1, len(nearly))


def tfidf_similarity(rows: list[dict]):
    """Cosine similarity of the rows' TF-IDF vectors (headline and raw text, sublinear counts)."""
    import numpy
    from scipy.sparse import csr_matrix

    texts = [f"{r['title'] or ''} {r['text'] or ''}".lower() for r in rows]
    vocabulary: dict[str, int] = {}
    data, indices, pointers = [], [], [0]
    for text in texts:
        counts = Counter(_WORD.findall(text))
        for word, count in counts.items():
            data.append(1.0 + math.log(count))
            indices.append(vocabulary.setdefault(word, len(vocabulary)))
        pointers.append(len(indices))
    matrix = csr_matrix((data, indices, pointers), shape=(len(texts), len(vocabulary)))
    df = numpy.bincount(matrix.indices, minlength=len(vocabulary))
    matrix = matrix.multiply(numpy.log((1 + len(texts)) / (1 + df)) + 1).tocsr()
    norms = numpy.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    matrix = matrix.multiply(1 / norms[:, None]).tocsr()
    return (matrix @ matrix.T).toarray()


def encoder_similarity(rows: list[dict], model_folder: str | None):
    """Cosine similarity of the rows' sentence embeddings (headline and raw text, 128 tokens): all-MiniLM-L6-v2,
    or the sentence-transformers model in ``model_folder``."""
    from sentence_transformers import SentenceTransformer

    from storyline.cluster.embed import device, minilm_path

    model = SentenceTransformer(model_folder or str(minilm_path()), device=device(), local_files_only=True)
    model.max_seq_length = 128
    vectors = model.encode([f"{r['title']}. {r['text']}" if r["title"] else r["text"] for r in rows],
                           batch_size=32, normalize_embeddings=True)
    return vectors @ vectors.T


def offline_similarities(rows: list[dict], tfidf: bool, ceiling: bool, model_folder: str | None = None):
    """(peer title, similarity matrix), one at a time: a set's matrices are large (NeuS: 8,277 squared)."""
    if not (tfidf or ceiling):
        return
    lexical = tfidf_similarity(rows)
    if tfidf:
        yield "average linkage, tuned on the set", lexical
    if ceiling:
        lexical += encoder_similarity(rows, model_folder)
        lexical /= 2
        encoder = Path(model_folder).name if model_folder else "MiniLM"
        yield f"average linkage + {encoder}, tuned on the set", lexical


def offline_peer(rows: list[dict], gold: dict[str, str], similarity) -> tuple[float, dict[str, str]]:
    """Average linkage over a similarity matrix, threshold tuned on the set itself: (threshold, clusters)."""
    import numpy
    from scipy.cluster.hierarchy import fcluster, linkage

    distance = numpy.clip(1.0 - similarity, 0.0, 2.0)
    condensed = distance[numpy.triu_indices(len(rows), k=1)]
    del distance
    tree = linkage(condensed, method="average")
    ids = [r["id"] for r in rows]
    best = (-1.0, 0.0, {})
    for threshold in numpy.arange(0.30, 1.00, 0.025):
        labels = fcluster(tree, t=threshold, criterion="distance")
        clusters = {i: str(label) for i, label in zip(ids, labels, strict=True)}
        f1 = bcubed(gold, clusters)[2]
        if f1 > best[0]:
            best = (f1, float(threshold), clusters)
    return best[1], best[2]


def main() -> int:
    from storyline.model import REVIEW_BELOW
    from storyline.pipeline import default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_options(parser, "gva,ecbplus,neus")
    parser.add_argument("--limit", type=int, default=0, help="first N articles of each set")
    parser.add_argument("--no-peer", action="store_true", help="skip the offline average-linkage peer")
    parser.add_argument("--ceiling", action="store_true",
                        help="also average linkage over MiniLM and TF-IDF similarity (the strongest offline peer)")
    parser.add_argument("--ceiling-model", metavar="FOLDER",
                        help="with --ceiling: this sentence-transformers model folder in MiniLM's place")
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    if args.ceiling_model and not (Path(args.ceiling_model) / "modules.json").is_file():
        print(f"--ceiling-model {args.ceiling_model}: not a sentence-transformers model folder (no modules.json)",
              file=sys.stderr)
        return 2
    sets = read_sets(args, args.limit)  # a bad set is said now, not after an hour of the others
    if sets is None:
        return 2
    width = max(8, *(len(name) for name in sets))
    header = (f"{'set':{width}} | {'system':64} | {'B3 P':>6} | {'B3 R':>6} | {'B3 F1':>13} | {'ARI':>6} | "
              f"{'to move':>7} | {'art./s':>7}")
    lines, notes = [header, "-" * len(header)], []
    for name, rows in sets.items():
        gold = {r["id"]: r["story"] for r in rows}
        results, threads, speed, reviews, nearly_listed, losses = [], [], [], [], [], []
        for label, order in orders(rows):
            predicted, storylines, rate, joins, nearly = run_storyline(order, args.workers)
            reviews.append(review_yield(gold, predicted, joins, REVIEW_BELOW))
            nearly_listed.append(nearly_joined_yield(gold, predicted, nearly))
            losses.append(where_lost(gold, predicted))
            results.append((*bcubed(gold, predicted), adjusted_rand(gold, predicted),
                            moves_to_gold(gold, predicted) / len(predicted)))
            threads.append(bcubed(gold, storylines))
            speed.append(rate)
            print(f"  {name} {label}: B3 F1 {results[-1][2]:.3f}", file=sys.stderr)
        p, r, f, ari, to_move = (statistics.mean(x[k] for x in results) for k in range(5))
        spread = f" ± {statistics.pstdev(x[2] for x in results):.3f}" if len(results) > 1 else ""
        system = f"storyline (online, {orders(rows)[0][0].split()[0]}{' x3' if len(results) > 1 else ''})"
        lines.append(f"{name:{width}} | {system:64} | "
                     f"{p:6.3f} | {r:6.3f} | {f:6.3f}{spread:7} | {ari:6.3f} | {to_move:7.1%} | "
                     f"{statistics.mean(speed):7.1f}")
        # no dev set has gold storylines; against the gold stories, precision says how many threads join
        # different events (on GVA, unrelated shootings), recall how many follow-ups stay in their event's thread
        p, r, f = (statistics.mean(x[k] for x in threads) for k in range(3))
        listed, wrong, found = (statistics.mean(x[k] for x in reviews) for k in range(3))
        notes.append(f"{name}: `storyline review` (p < {REVIEW_BELOW:g}) lists {listed:.1%} of the joins; "
                     f"{wrong:.1%} of those are misplaced, {found:.1%} of all misplaced joins")
        per_hundred, one_event = (statistics.mean(x[k] for x in nearly_listed) for k in range(2))
        notes.append(f"{name}: `storyline review --nearly-joined` lists {per_hundred:.1f} stories per hundred; "
                     f"{one_event:.1%} of them are one event with the story they nearly joined")
        alone, placed, joined, moved = (statistics.mean(x[k] for x in losses) for k in range(4))
        notes.append(f"{name}: where B3 F1 ({statistics.mean(x[2] for x in results):.3f}) is lost, each mended "
                     f"alone: {alone:.0f} articles left alone of larger stories, placed {placed:.3f}; every fragment "
                     f"of a story joined to it {joined:.3f}; every misplaced article moved out {moved:.3f}")
        lines.append(f"{name:{width}} | {'storyline: its storylines against the gold stories':64} | "
                     f"{p:6.3f} | {r:6.3f} | {f:6.3f}{'':7} | {'':6} | {'':7} | {'':7}")
        ceiling = args.ceiling or bool(args.ceiling_model)
        for title, similarity in offline_similarities(rows, not args.no_peer, ceiling, args.ceiling_model):
            threshold, clusters = offline_peer(rows, gold, similarity)
            p, r, f = bcubed(gold, clusters)
            lines.append(f"{name:{width}} | {f'{title} (t={threshold:.3f})':64} | "
                         f"{p:6.3f} | {r:6.3f} | {f:6.3f}{'':7} | {adjusted_rand(gold, clusters):6.3f} | "
                         f"{moves_to_gold(gold, clusters) / len(clusters):7.1%} | {'':7}")
    print("\n".join(lines + [""] + notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
