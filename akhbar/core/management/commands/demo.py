"""`akhbar demo`: load the demo news site once; `--reset` rebuilds it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site

from akhbar.core.demo.builder import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    DEFAULT_ARTICLES,
    DEFAULT_SEED,
    Progress,
    build_demo,
    ensure_admin,
    loaded_article_count,
)

# Wagtail and django-tasks log every page and task at INFO: thousands of lines here.
CHATTY_LOGGERS = ("wagtail", "django_tasks", "modelsearch")

STEP_LABELS = {
    "reset": "Deleting the old demo content",
    "images": "Drawing images",
    "articles": "Writing articles",
    "index": "Dating and indexing them",
}


class Command(BaseCommand):
    help = (
        "Load the demo news site (sections, authors, images, articles, read counts) and the "
        f"'{ADMIN_USERNAME}' superuser. Does nothing when the site already has articles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--articles",
            type=int,
            default=DEFAULT_ARTICLES,
            help=f"How many articles to write (default {DEFAULT_ARTICLES}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the text and pictures; the same seed gives the same site "
            f"(default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo content (pages under the home page, demo authors, images "
            f"and tags) and build it again; also resets the '{ADMIN_USERNAME}' password.",
        )

    def handle(self, *args, articles: int, seed: int, reset: bool, **options) -> None:
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        if not reset:
            existing = loaded_article_count()
            if existing:
                _, created = ensure_admin()
                self.stdout.write(
                    f"The demo site is already loaded ({existing} articles); nothing to do. "
                    "Use --reset to rebuild it."
                )
                self.stdout.write(f"الموقع التجريبي محمَّل مسبقاً (عدد الأخبار: {existing}).")
                self._print_login(password_known=created)
                return

        with ExitStack() as stack:
            if options["verbosity"] < 2:
                stack.enter_context(_quiet(CHATTY_LOGGERS))
            progress = self._progress(stack)
            summary = build_demo(articles=articles, seed=seed, reset=reset, progress=progress)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo site ready: {summary.articles} articles in {summary.sections} sections, "
                f"{summary.authors} authors, {summary.tags} tags, {summary.images} images "
                f"({summary.seconds:.1f} s)."
            )
        )
        self.stdout.write(
            f"الموقع التجريبي جاهز — عدد الأخبار: {summary.articles}، "
            f"الأقسام: {summary.sections}، الكتّاب: {summary.authors}."
        )
        self._print_login(password_known=summary.admin_password_is_default, site=summary.site)

    def _progress(self, stack: ExitStack) -> Progress:
        """A rich progress bar on a terminal; a few plain lines otherwise (logs, CI)."""
        if self.stdout.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import (
                Progress as RichProgress,
            )

            bar = stack.enter_context(
                RichProgress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=Console(file=self.stdout._out),
                )
            )
            tasks: dict[str, object] = {}

            def show(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(STEP_LABELS.get(step, step), total=total)
                bar.update(tasks[step], completed=done, total=total)

            return show

        every = 50

        def write(step: str, done: int, total: int) -> None:
            if done == total or (step == "articles" and done % every == 0):
                self.stdout.write(f"{STEP_LABELS.get(step, step)}: {done}/{total}")

        return write

    def _print_login(self, *, password_known: bool, site: Site | None = None) -> None:
        site = site or Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site else "http://127.0.0.1:8000"
        password = ADMIN_PASSWORD if password_known else f"{ADMIN_PASSWORD} (unless changed)"
        password_ar = ADMIN_PASSWORD if password_known else f"{ADMIN_PASSWORD} (ما لم تُغيَّر)"
        self.stdout.write(f"Site:  {base}/")
        self.stdout.write(f"Admin: {base}/admin/  login: {ADMIN_USERNAME} / {password}")
        self.stdout.write(f"الموقع: {base}/")
        self.stdout.write(
            f"لوحة التحرير: {base}/admin/ — اسم المستخدم: {ADMIN_USERNAME}، "
            f"كلمة المرور: {password_ar}"
        )


@contextmanager
def _quiet(names: tuple[str, ...]) -> Iterator[None]:
    """Raise the given loggers to WARNING for the duration, then restore their levels."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    try:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
