from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timeline"

    def ready(self) -> None:
        from notes.sentence_tools import SentenceTool, sentence_tool_add
        from timeline import pages

        pages.follow_timeline()
        # Editors add a sentence to an event from beside it on the article page.
        sentence_tool_add(
            SentenceTool(
                permission="timeline.change_event",
                control="timeline/event_from_sentence.html#control",
                dock="timeline/event_from_sentence.html#dock",
            )
        )
