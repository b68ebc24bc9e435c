"""Writes that touch several records, one module per concern; each is one transaction.

- sources: storing new articles (the admin, `import_articles`, the starter content);
- article_files: one file from disk with its sidecar, every problem checked before storing;
- corrections: a corrected text, re-segmented, with notes following their quotes;
- sentences: the desk's sentence fixes (merge, split);
- anchors: finding a quote again, re-attaching what points at sentences.
"""

from articles.forms import RECORD_KEYS
from articles.services.anchors import (
    QUOTE_CONTEXT,
    AnchorOutcome,
    QuoteNotFound,
    anchor_detach,
    anchor_reattach,
    quote_anchor_for,
    quote_anchor_models,
    sentence_for_quote,
)
from articles.services.article_files import (
    FileCheck,
    article_file_check,
    article_file_import,
    file_check_store,
    sidecar_find,
    sidecar_paths,
    sidecar_read,
)
from articles.services.corrections import CorrectionReport, article_text_correct
from articles.services.sentences import (
    SentenceEditError,
    sentence_merge,
    sentence_split,
    sentences_kind_set,
)
from articles.services.sources import (
    ArticleImportError,
    DuplicateArticle,
    article_import,
    articles_bulk_import,
    intake_store,
    sentences_store,
    unique_slug,
)

__all__ = [
    "QUOTE_CONTEXT",
    "RECORD_KEYS",
    "AnchorOutcome",
    "ArticleImportError",
    "CorrectionReport",
    "DuplicateArticle",
    "FileCheck",
    "QuoteNotFound",
    "SentenceEditError",
    "anchor_detach",
    "anchor_reattach",
    "article_file_check",
    "article_file_import",
    "article_import",
    "article_text_correct",
    "articles_bulk_import",
    "file_check_store",
    "intake_store",
    "quote_anchor_for",
    "quote_anchor_models",
    "sentence_for_quote",
    "sentence_merge",
    "sentence_split",
    "sentences_kind_set",
    "sentences_store",
    "sidecar_find",
    "sidecar_paths",
    "sidecar_read",
    "unique_slug",
]
