"""storyline: raw news articles from many outlets, turned into stories and storylines."""

__version__ = "0.1.0"
