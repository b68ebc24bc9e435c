"""The desk: loading articles, correcting texts and sentences, finding orphaned notes.

The admin only parses requests and renders; every write goes through articles.services,
so a text loaded here comes out exactly like the seeds and `import_articles`.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from articles import freshness
from articles.admin_forms import (
    ArticleIntakeForm,
    SentenceSplitForm,
    TextCorrectionForm,
    duplicate_message,
    kinds_from,
)
from articles.anchoring import quote_candidates
from articles.models import (
    Article,
    ArticleRevision,
    Claimant,
    Credibility,
    Evidence,
    Note,
    Outlet,
    Sentence,
    SentenceKind,
)
from articles.segmentation import segment
from articles.services import (
    ArticleImportError,
    CorrectionReport,
    DuplicateArticle,
    SentenceEditError,
    anchor_reattach,
    article_text_correct,
    intake_store,
    sentence_merge,
    sentence_split,
)
from articles.writes import write_announce

admin.site.site_header = "The Reading Room — desk"
admin.site.site_title = "Reading Room desk"
admin.site.index_title = "Sources, sentences and notes"

DESK_CSS = "css/desk.css"


def _excerpt(text: str, chars: int = 90) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


def _admin_url(obj, action: str = "change") -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk])


def _anchor_fix_url(anchor) -> str:
    """Where the desk can see to a note or link after a correction: its re-attach page, else
    its own admin page, else its parent's (event evidence is edited inline on its event)."""
    for obj, action in ((anchor, "reattach"), (anchor, "change")):
        try:
            return _admin_url(obj, action)
        except NoReverseMatch:
            continue
    parent = getattr(anchor, "event", None)
    try:
        return _admin_url(parent) if parent is not None else ""
    except NoReverseMatch:
        return ""


# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------


class ArticleRevisionInline(admin.TabularInline):
    """Earlier texts of the article, each readable on its own page."""

    model = ArticleRevision
    fields = ("number", "replaced_at", "editor", "reason", "sha256")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "earlier text"
    verbose_name_plural = "earlier texts (corrections)"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """The desk's articles: load with a preview, correct texts, edit provenance."""

    list_display = (
        "headline",
        "outlet",
        "published",
        "published_precision",
        "sentence_count",
        "note_count",
        "orphaned_count",
        "revision",
        "public_page",
    )
    list_filter = (
        "outlet",
        "published",
        "published_precision",
        "published_basis",
        "date_doubtful",
        "language",
    )
    search_fields = ("headline", "outlet__name", "text")
    date_hierarchy = "published"
    list_per_page = 50
    readonly_fields = (
        "text_excerpt",
        "sha256",
        "revision",
        "original_file",
        "sentence_links",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("headline", "slug", "summary", "outlet", "outlet_as_printed", "wire")}),
        (
            "Publication date",
            {
                "fields": (
                    "published",
                    "published_precision",
                    "published_basis",
                    "published_as_printed",
                    "date_doubtful",
                    "published_note",
                )
            },
        ),
        ("Retrieval", {"fields": ("url", "retrieval_note", "language")}),
        (
            "The verbatim record",
            {
                "description": "The text changes only through “Correct the text”, which keeps "
                "the old text as a revision and moves notes with their sentences.",
                "fields": (
                    "text_excerpt",
                    "sha256",
                    "revision",
                    "original_file",
                    "sentence_links",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )
    inlines = [ArticleRevisionInline]
    change_form_template = "admin/articles/article/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": [DESK_CSS]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return Article.objects.for_desk()

    @admin.display(description="sentences", ordering="sentence_count")
    def sentence_count(self, article: Article) -> str:
        url = reverse("admin:articles_sentence_changelist") + f"?article__id__exact={article.pk}"
        return format_html('<a href="{}">{}</a>', url, article.sentence_count)

    @admin.display(description="notes", ordering="note_count")
    def note_count(self, article: Article) -> int:
        return article.note_count

    @admin.display(description="orphaned notes", ordering="orphaned_count")
    def orphaned_count(self, article: Article) -> str:
        if not article.orphaned_count:
            return "—"
        url = reverse("admin:articles_note_changelist") + (
            f"?anchor_article__id__exact={article.pk}&orphaned=yes"
        )
        return format_html('<a href="{}">{} orphaned</a>', url, article.orphaned_count)

    @admin.display(description="on the site")
    def public_page(self, article: Article) -> str:
        return format_html(
            '<a href="{}">Read<span class="visually-hidden"> “{}” on the site</span></a>',
            article.get_absolute_url(),
            article.headline,
        )

    @admin.display(description="verbatim text")
    def text_excerpt(self, article: Article) -> str:
        return format_html(
            '<span class="desk-excerpt">{}</span><br><a href="{}">The whole record '
            "and its provenance</a> ({} characters)",
            Truncator(article.text).chars(600),
            article.get_source_url(),
            f"{len(article.text):,}",
        )

    @admin.display(description="original file")
    def original_file(self, article: Article) -> str:
        if not article.source_file:
            return "— (pasted, or loaded from the repository’s fixtures)"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_original", args=[article.pk]),
            PurePath(article.source_file.name).name,
        )

    @admin.display(description="sentences")
    def sentence_links(self, article: Article) -> str:
        changelist = reverse("admin:articles_sentence_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}">Sentences and their kinds</a> · '
            '<a href="{}?anchor_article__id__exact={}">Notes</a>',
            changelist,
            article.pk,
            reverse("admin:articles_note_changelist"),
            article.pk,
        )

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        old_slug = form.initial.get("slug", "") if change else ""
        super().save_model(request, obj, form, change)
        freshness.article_changed(article=obj, old_slug=old_slug if old_slug != obj.slug else "")

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        # Its notes stay, orphaned with their quotes; the pages that showed it refresh.
        freshness.article_changed(article=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            freshness.article_changed(article=article)
        super().delete_queryset(request, queryset)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name="articles_article_correct",
            ),
            path(
                "<int:object_id>/original/",
                self.admin_site.admin_view(self.original_view),
                name="articles_article_original",
            ),
        ]
        return own + super().get_urls()

    # --- Loading a new article: text or file → preview of the sentences → save ------------

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """Two steps: the text and its metadata, then the sentences to check before saving."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._intake_render(request, ArticleIntakeForm(), segments=None)
        form = ArticleIntakeForm(request.POST, request.FILES)
        valid = form.is_valid()
        if form.intake is None:
            return self._intake_render(request, form, segments=None)
        segments = segment(form.intake.text)
        if valid and "_save" in request.POST and form.source_field is None:
            if not form.cleaned_data["headline"].strip():
                form.add_error("headline", "Give the headline.")
            else:
                try:
                    article = intake_store(
                        intake=form.intake,
                        kinds=kinds_from(request.POST, segments),
                        **form.article_fields(),
                    )
                except ArticleImportError as error:
                    form.service_error(error)
                else:
                    return self._intake_saved(request, article)
        form.headline_suggest()
        return self._intake_render(request, form, segments=segments)

    def _intake_saved(self, request: HttpRequest, article: Article) -> HttpResponse:
        self.log_addition(request, article, [{"added": {}}])
        self.message_user(
            request,
            format_html(
                'Stored “{}” with {} sentences. <a href="{}">Read it on the site</a>.',
                article.headline,
                article.sentences.count(),
                article.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(_admin_url(article))

    def _intake_render(self, request: HttpRequest, form: ArticleIntakeForm, *, segments):
        preview = segments is not None
        meta = [
            (
                "Where it came from",
                {"fields": ("headline", "outlet", "new_outlet", "outlet_as_printed", "wire")},
            ),
            (
                "Publication date",
                {
                    "fields": (
                        "published",
                        "published_precision",
                        "published_basis",
                        "published_as_printed",
                        "date_doubtful",
                        "published_note",
                    )
                },
            ),
            ("Retrieval", {"fields": ("url", "retrieval_note", "language", "summary", "slug")}),
        ]
        source = [("The text", {"fields": ("text", "file")})]
        adminform = helpers.AdminForm(form, meta if preview else source + meta, {})
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        rows = []
        if preview:
            for seg in segments:
                chosen = request.POST.get(f"kind-{seg.position}", seg.kind.value)
                rows.append((seg, chosen if chosen in SentenceKind.values else seg.kind.value))
        context = {
            **self.admin_site.each_context(request),
            "title": "Check the sentences, then save" if preview else "Load an article",
            "opts": self.opts,
            "adminform": adminform,
            "form": form,
            "errors": helpers.AdminErrorList(form, []),
            "preview": preview,
            "rows": rows,
            # Every select is a POST field; past Django's limit the kinds are shown read-only.
            "kinds_editable": limit is None or len(rows) < limit - 100,
            "kind_choices": SentenceKind.choices,
            "state": form.state_token() if preview else "",
            "intake": form.intake,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/articles/article/intake.html", context)

    # --- Correcting the text ---------------------------------------------------------------

    def correct_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            form = TextCorrectionForm(request.POST)
            if form.is_valid():
                try:
                    report = article_text_correct(
                        article=article,
                        text=form.cleaned_data["text"],
                        reason=form.cleaned_data["reason"],
                        editor=request.user,
                    )
                except ArticleImportError as error:
                    message = error
                    if isinstance(error, DuplicateArticle):
                        message = duplicate_message(error.existing)
                    form.add_error(error.field if error.field in form.fields else None, message)
                else:
                    self.log_change(request, article, [{"changed": {"fields": ["text"]}}])
                    self._correction_report(request, report)
                    return HttpResponseRedirect(_admin_url(article))
        else:
            form = TextCorrectionForm(initial={"text": article.text})
        context = {
            **self.admin_site.each_context(request),
            "title": f"Correct the text of “{article.headline}”",
            "opts": self.opts,
            "original": article,
            "form": form,
            "adminform": helpers.AdminForm(form, [(None, {"fields": ("text", "reason")})], {}),
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/articles/article/correct.html", context)

    def _correction_report(self, request: HttpRequest, report: CorrectionReport) -> None:
        self.message_user(
            request,
            f"Revision {report.article.revision} stored ({report.sentences} sentences); the "
            f"previous text is kept as revision {report.revision.number}. "
            f"Notes and links re-anchored: {len(report.exact)} exactly, "
            f"{len(report.fuzzy)} by a close match.",
            messages.SUCCESS,
        )
        if report.fuzzy:
            self.message_user(
                request,
                format_html(
                    "Moved to a changed sentence by a close match — check them: {}",
                    format_html_join(
                        ", ",
                        '<a href="{}">{}</a> ({}% alike)',
                        (
                            (_anchor_fix_url(o.anchor), o.label, round(o.score * 100))
                            for o in report.fuzzy
                        ),
                    ),
                ),
                messages.WARNING,
            )
        if report.orphaned:
            self.message_user(
                request,
                format_html(
                    "Orphaned, kept with their old quotes — re-attach them by hand: {}",
                    format_html_join(
                        ", ",
                        '<a href="{}">{}</a> ({})',
                        ((_anchor_fix_url(o.anchor), o.label, o.reason) for o in report.orphaned),
                    ),
                ),
                messages.WARNING,
            )

    def original_view(self, request: HttpRequest, object_id: int) -> FileResponse:
        """The uploaded file, byte for byte; always a download, never rendered as a page."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if not article.source_file:
            raise Http404("No original file is kept for this article.")
        name = PurePath(article.source_file.name).name
        is_text = name.lower().endswith(".txt")
        return FileResponse(
            article.source_file.open("rb"),
            as_attachment=True,
            filename=name,
            content_type="text/plain; charset=utf-8" if is_text else "application/octet-stream",
        )


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    """Superseded texts: readable, never edited."""

    list_display = ("article", "number", "replaced_at", "editor", "reason_excerpt")
    list_filter = ("article__outlet",)
    list_select_related = ("article", "editor")
    search_fields = ("article__headline", "reason", "text")
    fields = ("article", "number", "replaced_at", "editor", "reason", "sha256", "old_text")
    readonly_fields = fields

    class Media:
        css = {"all": [DESK_CSS]}

    @admin.display(description="reason")
    def reason_excerpt(self, revision: ArticleRevision) -> str:
        return _excerpt(revision.reason)

    @admin.display(description="text as it was")
    def old_text(self, revision: ArticleRevision) -> str:
        return format_html('<pre class="desk-verbatim">{}</pre>', revision.text)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


class HasNoteFilter(admin.SimpleListFilter):
    title = "note"
    parameter_name = "has_note"

    def lookups(self, request, model_admin):
        return [("yes", "With a note"), ("no", "Without a note")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(note__isnull=self.value() == "no")
        return queryset


def _kind_action(kind: SentenceKind):
    def action(modeladmin, request, queryset):
        with transaction.atomic():  # the kinds, the stamps and the record of the change
            articles = list(Article.objects.filter(pk__in=queryset.values("article_id")))
            named = [str(sentence) for sentence in queryset.select_related("article")[:20]]
            changed = queryset.update(kind=kind.value)
            for article in articles:
                freshness.article_changed(article=article)
            if articles:
                write_announce(
                    action="sentence.kind",
                    target=articles[0],
                    summary=f"{changed} sentence(s) marked as {kind.label.lower()}: "
                    + ", ".join(named)
                    + (" …" if changed > len(named) else ""),
                )
        modeladmin.message_user(request, f"{changed} sentence(s) marked as {kind.label.lower()}.")

    action.__name__ = f"mark_{kind.value}"
    return admin.action(description=f"Mark as {kind.label.lower()}", permissions=["change"])(action)


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    """Kinds are corrected here; merge and split keep the spans tiling the text."""

    list_display = ("position", "article", "kind", "excerpt", "has_note")
    list_display_links = ("position",)
    list_editable = ("kind",)
    list_filter = ("kind", HasNoteFilter, "article__outlet")
    # Also what the timeline's evidence autocomplete searches (headline or slug).
    search_fields = ("text", "article__headline", "article__slug")
    list_select_related = ("article", "note")
    ordering = ("article", "position")
    list_per_page = 100
    fields = ("article", "position", "kind", "start", "end", "text", "note_link")
    readonly_fields = ("article", "position", "start", "end", "text", "note_link")
    actions = [_kind_action(kind) for kind in SentenceKind]
    change_form_template = "admin/articles/sentence/change_form.html"

    class Media:
        css = {"all": [DESK_CSS]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # sentences come from segmenting the text, never by hand

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a gap in the spans would break the tiling; merge instead

    def save_model(self, request: HttpRequest, obj: Sentence, form, change: bool) -> None:
        super().save_model(request, obj, form, change)  # also list_editable's kind changes
        freshness.article_changed(article=obj.article)

    @admin.display(description="sentence")
    def excerpt(self, sentence: Sentence) -> str:
        return _excerpt(sentence.text, 120)

    @admin.display(description="note", boolean=True)
    def has_note(self, sentence: Sentence) -> bool:
        return hasattr(sentence, "note")

    @admin.display(description="note")
    def note_link(self, sentence: Sentence) -> str:
        note = getattr(sentence, "note", None)
        if note is None:
            return "—"
        return format_html('<a href="{}">{}</a>', _admin_url(note), note)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="articles_sentence_merge",
            ),
            path(
                "<int:object_id>/split/",
                self.admin_site.admin_view(self.split_view),
                name="articles_sentence_split",
            ),
        ]
        return own + super().get_urls()

    def _editable(self, request: HttpRequest, object_id: int) -> Sentence:
        sentence = get_object_or_404(Sentence.objects.select_related("article"), pk=object_id)
        if not self.has_change_permission(request, sentence):
            raise PermissionDenied
        return sentence

    def _context(self, request: HttpRequest, sentence: Sentence, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": sentence,
            "media": self.media,
            "has_view_permission": True,
            **extra,
        }

    def merge_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Confirm, then merge the sentence with the next one (POST only writes)."""
        sentence = self._editable(request, object_id)
        following = Sentence.objects.filter(
            article=sentence.article, position=sentence.position + 1
        ).first()
        error = "" if following else "This is the article’s last sentence: nothing follows it."
        if request.method == "POST" and following:
            try:
                merged = sentence_merge(sentence=sentence)
            except SentenceEditError as refused:
                error = str(refused)
            else:
                self.log_change(request, merged, [{"changed": {"fields": ["end", "text"]}}])
                self.message_user(request, f"Merged into sentence #{merged.position}.")
                return HttpResponseRedirect(_admin_url(merged))
        context = self._context(
            request, sentence, "Merge with the next sentence", following=following, error=error
        )
        return TemplateResponse(request, "admin/articles/sentence/merge.html", context)

    def split_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        sentence = self._editable(request, object_id)
        if request.method == "POST":
            form = SentenceSplitForm(request.POST, sentence_text=sentence.text)
            if form.is_valid():
                try:
                    left, right = sentence_split(sentence=sentence, at=form.cleaned_data["marked"])
                except SentenceEditError as refused:
                    form.add_error("marked", str(refused))
                else:
                    self.log_change(request, left, [{"changed": {"fields": ["end", "text"]}}])
                    self.message_user(
                        request, f"Split into sentences #{left.position} and #{right.position}."
                    )
                    return HttpResponseRedirect(_admin_url(left))
        else:
            form = SentenceSplitForm(initial={"marked": sentence.text}, sentence_text=sentence.text)
        context = self._context(
            request,
            sentence,
            "Split the sentence",
            form=form,
            adminform=helpers.AdminForm(form, [(None, {"fields": ("marked",)})], {}),
            errors=helpers.AdminErrorList(form, []),
        )
        return TemplateResponse(request, "admin/articles/sentence/split.html", context)


# --------------------------------------------------------------------------------------------
# Notes and evidence: read here, written on the reading pages; orphans re-attached here
# --------------------------------------------------------------------------------------------


class OrphanedFilter(admin.SimpleListFilter):
    title = "anchoring"
    parameter_name = "orphaned"

    def lookups(self, request, model_admin):
        return [("yes", "Orphaned (quote not found)"), ("no", "Attached to a sentence")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(sentence__isnull=self.value() == "yes")
        return queryset


class GradeFilter(admin.SimpleListFilter):
    """The credibility digit of the Admiralty grade (the letter belongs to the outlet)."""

    title = "grade (information credibility)"
    parameter_name = "credibility"

    def lookups(self, request, model_admin):
        return [(str(value), f"{value} — {label}") for value, label in Credibility.choices]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(credibility=self.value())
        return queryset


class QuoteAnchorAdmin(admin.ModelAdmin):
    """Shared by everything anchored by quote: read-only lists with the orphaned filter,
    and a page to re-attach an orphan to a sentence chosen by hand.

    Notes and links are written on the reading pages (which keep their revisions), so the
    admin shows them but does not edit them; nothing anchored is ever deleted here.
    """

    change_form_template = "admin/articles/quote_anchor_change_form.html"

    class Media:
        css = {"all": [DESK_CSS]}

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"] + ["anchoring"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="quote")
    def quote(self, anchor) -> str:
        return _excerpt(anchor.quote_exact or (anchor.sentence.text if anchor.sentence else ""))

    @admin.display(description="orphaned", boolean=True)
    def orphaned(self, anchor) -> bool:
        return anchor.sentence_id is None

    @admin.display(description="anchoring")
    def anchoring(self, anchor) -> str:
        if anchor.sentence_id is None:
            return format_html(
                "<strong>Orphaned:</strong> its quote was not found after a correction. "
                '<a href="{}">Re-attach it to a sentence</a>.',
                _admin_url(anchor, "reattach"),
            )
        return format_html(
            'On <a href="{}">sentence #{}</a> · <a href="{}">move it</a>',
            anchor.sentence.get_absolute_url(),
            anchor.sentence.position,
            _admin_url(anchor, "reattach"),
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<int:object_id>/reattach/",
                self.admin_site.admin_view(self.reattach_view),
                name="{}_{}_reattach".format(*info),
            )
        ]
        return own + super().get_urls()

    def reattach_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Suggest the article's sentences most like the old quote; attach the one chosen."""
        anchor = get_object_or_404(
            self.model.objects.select_related("anchor_article", "sentence"), pk=object_id
        )
        if not self.has_change_permission(request, anchor) or anchor.anchor_article is None:
            raise PermissionDenied
        article = anchor.anchor_article
        sentences = list(Sentence.objects.for_article(article).only("position", "text"))
        error = ""
        if request.method == "POST":
            chosen = request.POST.get("position", "").strip()
            target = next((s for s in sentences if str(s.position) == chosen), None)
            if target is None:
                error = "Choose one of the suggestions or give the number of a sentence."
            else:
                target.article = article
                try:
                    anchor_reattach(anchor=anchor, sentence=target)
                except SentenceEditError as refused:
                    error = str(refused)
                else:
                    self.log_change(request, anchor, [{"changed": {"fields": ["sentence"]}}])
                    self.message_user(request, f"Attached to sentence #{target.position}.")
                    return HttpResponseRedirect(_admin_url(anchor))
        quote = anchor.quote_exact or (anchor.sentence.text if anchor.sentence else "")
        taken: set[int] = set()
        if self.model._meta.get_field("sentence").one_to_one:  # one note per sentence
            taken = set(
                self.model.objects.filter(sentence__article=article)
                .exclude(pk=anchor.pk)
                .values_list("sentence_id", flat=True)
            )
        suggestions = [
            (sentences[i], round(score * 100), sentences[i].pk in taken)
            for i, score in quote_candidates([s.text for s in sentences], quote)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Re-attach {anchor._meta.verbose_name} #{anchor.pk}",
            "opts": self.opts,
            "original": anchor,
            "article": article,
            "quote": quote,
            "suggestions": suggestions,
            "sentence_count": len(sentences),
            "error": error,
            "media": self.media,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/articles/reattach.html", context)


@admin.register(Note)
class NoteAdmin(QuoteAnchorAdmin):
    list_display = ("quote", "anchor_article", "grade_shown", "status", "orphaned", "updated_at")
    list_filter = (GradeFilter, "status", OrphanedFilter, "anchor_article__outlet")
    search_fields = ("quote_exact", "body", "anchor_article__headline")
    list_select_related = ("sentence", "anchor_article__outlet")

    @admin.display(description="grade", ordering="credibility")
    def grade_shown(self, note: Note) -> str:
        return f"{note.grade} ({note.get_credibility_display().lower()})"


@admin.register(Evidence)
class EvidenceAdmin(QuoteAnchorAdmin):
    list_display = ("quote", "relation", "note", "anchor_article", "orphaned")
    list_filter = ("relation", OrphanedFilter)
    search_fields = ("quote_exact", "anchor_article__headline")
    list_select_related = ("sentence", "anchor_article", "note__sentence__article")


# --------------------------------------------------------------------------------------------
# Outlets and claimants
# --------------------------------------------------------------------------------------------


class SiteWideAdmin(admin.ModelAdmin):
    """Records shown on every page (outlets' grades, claimants): a change refreshes them all."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        freshness.site_changed()

    def delete_model(self, request: HttpRequest, obj) -> None:
        super().delete_model(request, obj)
        freshness.site_changed()


@admin.register(Outlet)
class OutletAdmin(SiteWideAdmin):
    list_display = ("name", "reliability", "article_count")
    list_filter = ("reliability",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, outlet: Outlet) -> str:
        url = reverse("admin:articles_article_changelist") + f"?outlet__id__exact={outlet.pk}"
        return format_html('<a href="{}">{}</a>', url, outlet.article_total)


@admin.register(Claimant)
class ClaimantAdmin(SiteWideAdmin):
    list_display = ("name", "description")
    search_fields = ("name", "description")
