"""Synthetic exported records for benchmarks, tests and the README's report screenshot.

Every record is a valid :class:`~newscrawl.items.Article` as exported (it passes the schema), with
made-up Persian text from a small vocabulary and short bodies. The stream mixes several sites, skips
ids on purpose (gaps) and re-crawls recent articles with a later ``crawled_at`` (duplicates), so
merge, stats and the report have something to find. Same arguments, same records.
"""

from __future__ import annotations

import functools
import random
from collections import deque
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from newscrawl.items import Article, Image
from newscrawl.text.dates import TEHRAN, gregorian_to_jalali, to_iso_minute
from tests.mirror.jalali import PRINTED_MONTHS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from newscrawl.dataset.records import Record


@dataclass(frozen=True)
class SyntheticSite:
    """A site of the synthetic stream: its key, host and first news id."""

    key: str
    host: str
    first_id: int


SITES = (
    SyntheticSite("asrpress", "asrpress.ir", 20_000),
    SyntheticSite("asriran", "www.asriran.com", 300_000),
    SyntheticSite("tabnak", "www.tabnak.ir", 800_000),
)

SECTIONS = ("سیاسی", "اقتصادی", "اجتماعی", "فرهنگی", "ورزشی", "بین\u200cالملل", "فناوری", "استانها")
CATEGORIES = ("مجلس", "بانک و بیمه", "آموزش", "سینما", "فوتبال", "محیط زیست")
WORDS = (
    "دولت",
    "مجلس",
    "وزیر",
    "بازار",
    "قیمت",
    "مردم",
    "شهر",
    "استان",
    "تهران",
    "برنامه",
    "طرح",
    "سازمان",
    "گزارش",
    "نشست",
    "کارشناسان",
    "آموزش",
    "مدرسه",
    "دانشگاه",
    "پژوهش",
    "فناوری",
    "اینترنت",
    "شبکه",
    "ورزش",
    "تیم",
    "بازی",
    "جام",
    "سینما",
    "فیلم",
    "کتاب",
    "هنر",
    "آب",
    "برق",
    "گاز",
    "نفت",
    "صادرات",
    "واردات",
    "تورم",
    "بودجه",
    "سال",
    "امروز",
    "هفته",
    "آینده",
    "افزایش",
    "کاهش",
    "بررسی",
    "اعلام",
)
VERBS = ("گفت", "اعلام کرد", "خبر داد", "تاکید کرد", "افزود", "توضیح داد")
PEOPLE = ("وجیهه مرادی", "سارا کریمی", "مریم کاظمی", "علی رضایی", "حسن احمدی", "نرگس موسوی")
MONTHS = PRINTED_MONTHS  # the printed month names, shared with the mirror generator
HOUR_WEIGHTS = (1, 1, 0, 0, 0, 1, 2, 4, 7, 9, 10, 10, 9, 9, 8, 8, 7, 7, 8, 9, 9, 7, 4, 2)
"""Relative share of articles per hour of the day (Tehran): a newsroom's day."""

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FIELDS = tuple(field.name for field in fields(Article))
START = datetime(2021, 3, 1, tzinfo=TEHRAN)
PHRASES = 400  # per length range
ARTICLES_PER_DAY = 60
"""Per site; sets how many days a stream spans."""


def synthetic_records(
    count: int, *, seed: int = 0, duplicate_share: float = 0.03, gap_share: float = 0.02
) -> Iterator[Record]:
    """``count`` records: sites in turn, ids rising with gaps, some recent articles re-crawled."""
    rng = random.Random(seed)
    next_ids = {site.key: site.first_id for site in SITES}
    recent = {site.key: deque[int](maxlen=500) for site in SITES}
    for index in range(count):
        site = SITES[index % len(SITES)]
        if recent[site.key] and rng.random() < duplicate_share:
            yield synthetic_article(site, rng.choice(recent[site.key]), recrawl=True)
            continue
        if rng.random() < gap_share:
            next_ids[site.key] += rng.randint(1, 40)  # deleted articles: the CMS skips their ids
        news_id = next_ids[site.key]
        next_ids[site.key] += 1
        recent[site.key].append(news_id)
        yield synthetic_article(site, news_id)


def synthetic_article(site: SyntheticSite, news_id: int, *, recrawl: bool = False) -> Record:
    """The record of one article; the same ``(site, news_id)`` always gives the same article."""
    rng = random.Random(f"{site.key}:{news_id}")
    published = _published(site, news_id, rng)
    crawled = published + timedelta(hours=rng.randint(1, 48) + (24 * 30 if recrawl else 0))
    title = rng.choice(_phrases(5, 9))
    article = Article(
        site=site.key,
        news_id=news_id,
        url=f"https://{site.host}/fa/news/{news_id}/{_slug(title)}",
        title=title,
        kicker=rng.choice(_phrases(3, 6)) + ":" if rng.random() < 0.7 else None,
        lead=rng.choice(_phrases(12, 20)) + "." if rng.random() < 0.85 else None,
        body="\n\n".join(_paragraph(rng) for _ in range(rng.randint(1, 3))),
        published_at=to_iso_minute(published),
        published_at_raw=_printed_date(published),
        section=rng.choice(SECTIONS) if rng.random() < 0.9 else None,
        category=rng.choice(CATEGORIES) if rng.random() < 0.3 else None,
        tags=rng.sample(WORDS, rng.randint(1, 4)) if rng.random() < 0.4 else [],
        editor=rng.choice(PEOPLE) if rng.random() < 0.6 else None,
        authors=[rng.choice(PEOPLE)] if rng.random() < 0.1 else [],
        images=_images(rng, site, news_id),
        crawled_at=crawled.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    return {name: getattr(article, name) for name in _FIELDS}


def _published(site: SyntheticSite, news_id: int, rng: random.Random) -> datetime:
    day = START + timedelta(days=(news_id - site.first_id) // ARTICLES_PER_DAY)
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    return day.replace(hour=hour, minute=rng.randrange(60))


def _printed_date(moment: datetime) -> str:
    """The date line as IranSamaneh prints it, e.g. ``"۲۰:۰۴ - ۲۷ مهر ۱۴۰۰"``."""
    return f"{moment:%H:%M} - {_jalali_day(moment.date())}".translate(_PERSIAN_DIGITS)


@functools.lru_cache(maxsize=4096)
def _jalali_day(day: date) -> str:
    year, month, day_of_month = gregorian_to_jalali(day)
    return f"{day_of_month:02} {MONTHS[month - 1]} {year}"


@functools.cache
def _phrases(shortest: int, longest: int) -> tuple[str, ...]:
    """A fixed pool of word sequences: picking one is far cheaper than drawing each word."""
    rng = random.Random(f"{shortest}-{longest}")
    return tuple(
        " ".join(rng.choices(WORDS, k=rng.randint(shortest, longest))) for _ in range(PHRASES)
    )


@functools.cache
def _slug(title: str) -> str:
    """The CMS's slug of a title, percent-encoded: words joined by ``-``."""
    return quote(title.replace(" ", "-"))


def _paragraph(rng: random.Random) -> str:
    return f"{rng.choice(_phrases(4, 8))} {rng.choice(VERBS)}: {rng.choice(_phrases(8, 16))}."


def _images(rng: random.Random, site: SyntheticSite, news_id: int) -> list[Image]:
    if rng.random() >= 0.75:
        return []
    return [
        Image(url=f"https://{site.host}/files/fa/news/{news_id}_{n}.jpg", caption=None)
        for n in range(rng.randint(1, 2))
    ]
