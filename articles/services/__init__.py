"""Writes that touch several records, one module per concern; each is one transaction.

- sources: storing new articles (the admin, `import_articles`, the starter content);
- corrections: a corrected text, re-segmented, with notes following their quotes;
- sentences: the desk's sentence fixes (merge, split);
- anchors: finding a quote again, re-attaching what points at sentences.
"""

from articles.services.anchors import (
    QUOTE_CONTEXT,
    AnchorOutcome,
    QuoteNotFound,
    anchor_reattach,
    quote_anchor_for,
    quote_anchor_models,
    sentence_for_quote,
)
from articles.services.corrections import CorrectionReport, article_text_correct
from articles.services.sentences import (
    SentenceEditError,
    sentence_merge,
    sentence_split,
    sentences_kind_set,
)
from articles.services.sources import (
    RECORD_KEYS,
    ArticleImportError,
    DuplicateArticle,
    article_file_import,
    article_import,
    articles_bulk_import,
    intake_store,
    sentences_store,
    sidecar_read,
    unique_slug,
)

__all__ = [
    "QUOTE_CONTEXT",
    "RECORD_KEYS",
    "AnchorOutcome",
    "ArticleImportError",
    "CorrectionReport",
    "DuplicateArticle",
    "QuoteNotFound",
    "SentenceEditError",
    "anchor_reattach",
    "article_file_import",
    "article_import",
    "article_text_correct",
    "articles_bulk_import",
    "intake_store",
    "quote_anchor_for",
    "quote_anchor_models",
    "sentence_for_quote",
    "sentence_merge",
    "sentence_split",
    "sentences_kind_set",
    "sentences_store",
    "sidecar_read",
    "unique_slug",
]
