"""The shared crawl's protocol, step by step, with real scrapy-redis components on a real Redis.

Workers here are crawlers built in-process (no engine running): the test plays the engine, so it
can kill a worker at an exact point — after it took requests and claimed an article.
"""

from __future__ import annotations

import json
import pickle
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
import redis
from scrapy.exceptions import CloseSpider
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newscrawl.distributed.ledger import ClusterLedger
from newscrawl.distributed.scheduler import ReliableScheduler
from newscrawl.distributed.stats import ClusterStatsCollector
from newscrawl.spiders.loader import SPIDERS

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy import Request

    from newscrawl.distributed.crawl import SharedCrawl
    from newscrawl.spiders.news import NewsSpider


pytestmark = pytest.mark.requires_redis
BASE_URL = "http://127.0.0.1:9"  # never contacted: no engine runs here
AsrpressSpider = SPIDERS["asrpress"]


@dataclass
class Worker:
    """One worker as ``scrapy crawl`` builds it: spider, open scheduler, shared crawl, ledger."""

    spider: NewsSpider
    queue: ReliableScheduler
    shared: SharedCrawl
    ledger: ClusterLedger

    def seed(self, ids: list[int]) -> None:
        """Run the seeding gate: push ``ids`` if this worker seeds, else return."""
        seeding = self.shared.seed(requests_of(self.spider, ids), self.queue.enqueue_request)
        with pytest.raises(StopIteration):  # it finishes without waiting on the event loop
            seeding.send(None)

    def take(self, count: int) -> list[int]:
        """Pop ``count`` requests, as the engine does; their news ids."""
        requests = [self.queue.next_request() for _ in range(count)]
        return sorted(request.cb_kwargs["news_id"] for request in requests if request)


def worker(redis_url: str, lease: float = 30.0, ids: str = "1-3", **settings: Any) -> Worker:
    crawler = get_crawler(
        AsrpressSpider,
        {
            **get_project_settings().copy_to_dict(),
            "NEWSCRAWL_REDIS_URL": redis_url,
            "NEWSCRAWL_REDIS_LEASE": lease,
            **settings,
        },
    )
    spider = AsrpressSpider.from_crawler(crawler, ids=ids, base_url=BASE_URL)
    crawler.spider = spider
    # What LedgerCommit does when the engine builds the extensions (the settings name the class).
    assert crawler.settings["NEWSCRAWL_LEDGER_CLASS"].endswith("distributed.ledger.ClusterLedger")
    spider.ledger = ClusterLedger.from_crawler(crawler)
    queue = ReliableScheduler.from_crawler(crawler)
    queue.open(spider)
    assert spider.ledger.shared is queue.shared
    assert queue.shared.renew() == "alive"
    return Worker(spider, queue, queue.shared, spider.ledger)


async def requests_of(spider: NewsSpider, ids: list[int]) -> AsyncIterator[Request]:
    for news_id in ids:
        yield spider.article_request(news_id)


def test_without_a_redis_url_nothing_changes():
    plain = get_crawler(AsrpressSpider, get_project_settings().copy_to_dict()).settings
    assert plain["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert plain["STATS_CLASS"] == "scrapy.statscollectors.MemoryStatsCollector"
    assert "newscrawl.distributed.pipelines.ClaimArticlePipeline" not in plain["ITEM_PIPELINES"]


def test_the_redis_url_switches_to_scrapy_redis_on_the_crawls_keys(redis_url):
    one = worker(redis_url, NEWSCRAWL_CRAWL="backfill-1")
    settings = one.spider.settings
    assert settings["SCHEDULER"] == "newscrawl.distributed.scheduler.ReliableScheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST"), "no worker may flush the shared queue"
    assert one.queue.queue.key == "newscrawl:backfill-1:requests"
    assert one.queue.df.key == "newscrawl:backfill-1:dupefilter"
    assert settings["ITEM_PIPELINES"]["newscrawl.pipelines.dedupe.DropDuplicatesPipeline"] == 300
    assert settings["ITEM_PIPELINES"]["newscrawl.distributed.pipelines.ClaimArticlePipeline"] == 400
    other = worker(redis_url, NEWSCRAWL_CRAWL="backfill-1")
    assert one.spider.run_id != other.spider.run_id, "each worker's default feed has its own name"


def test_first_worker_seeds_the_rest_join_and_a_different_plan_is_refused(redis_url):
    seeder, joiner = worker(redis_url), worker(redis_url)
    seeder.seed([1, 2, 3])
    joiner.seed([1, 2, 3])
    assert len(seeder.queue) == 3, "the joiner pushed nothing"
    stranger = worker(redis_url, ids="5-9")
    with pytest.raises(CloseSpider) as refused:
        stranger.seed([5])
    assert refused.value.reason == "plan_mismatch"


def test_a_dead_workers_requests_and_claims_go_back(redis_url):
    dying, alive = worker(redis_url, lease=0.3), worker(redis_url)
    for news_id in (1, 2, 3):
        assert dying.queue.enqueue_request(dying.spider.article_request(news_id))
    assert not alive.queue.enqueue_request(alive.spider.article_request(2)), "shared dupefilter"
    assert dying.take(2) == [1, 2]
    assert dying.shared.claim(1) == (1, dying.shared.worker)
    assert alive.shared.claim(1) == (0, dying.shared.worker), "first claim wins"

    time.sleep(0.5)  # the dying worker never renews its lease: it is dead
    tick = alive.shared.tick(idle=False)
    assert (tick.evicted, tick.requeued, tick.released) == (1, 2, 1)
    assert alive.take(3) == [1, 2, 3], "what it took is back in the queue"
    assert alive.shared.claim(1)[0] == 1, "its claim was released"
    # Should it wake up, it takes, claims and publishes nothing.
    assert dying.shared.renew() == "evicted"
    assert dying.queue.next_request() is None
    assert dying.shared.claim(2) == (-1, "")


def test_drain_gap_pass_commit_and_cleanup(redis_url):
    first, second = worker(redis_url), worker(redis_url)
    first.seed([1, 2, 3])
    first.take(2)
    second.take(1)
    for news_id in (1, 2):
        first.ledger.mark_handled(news_id)
        assert first.shared.claim(news_id)[0] == 1
    assert first.shared.tick(idle=True).state == "working", "the second one is busy"
    assert second.shared.tick(idle=True).state == "gap_pass"
    assert second.ledger.unhandled_ids() == [3], "id 3 reached no callback yet"
    second.ledger.mark_handled(3)  # a gap: nothing to export
    assert second.ledger.unhandled_ids() == []
    second.shared.gap_pass_done()
    assert first.shared.tick(idle=True).state == "drained"
    first.shared.drained = second.shared.drained = True

    first.ledger.exported = {1, 2}
    first.ledger.commit(incremental=False)
    assert not first.shared.complete, "the second worker has not committed"
    second.ledger.commit(incremental=False)
    assert second.shared.complete
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    assert sorted(client.keys("newscrawl:*")) == sorted(
        [
            f"newscrawl:commit:{first.shared.worker}",  # what each worker's next run may ask
            f"newscrawl:commit:{second.shared.worker}",
            "newscrawl:finished:asrpress",
            "newscrawl:seen:asrpress@127.0.0.1_9",  # the state of the site on this host
        ]
    )
    assert client.smembers("newscrawl:seen:asrpress@127.0.0.1_9") == {"1", "2"}
    assert client.hget("newscrawl:finished:asrpress", "workers") == "2"


def test_a_worker_stopped_early_gives_back_what_it_took_but_keeps_its_exports(redis_url):
    stopped, other = worker(redis_url), worker(redis_url)
    stopped.seed([1, 2])
    stopped.take(2)
    assert stopped.shared.claim(1)[0] == 1  # exported 1; 2 still in flight at Ctrl-C
    stopped.ledger.commit(incremental=False)  # not drained
    assert other.take(2) == [1, 2]
    assert other.shared.claim(1) == (0, stopped.shared.worker), "not exported twice"


def test_stats_stay_per_worker_and_add_up_in_redis(redis_url):
    stats, other = (worker(redis_url).spider.crawler.stats for _ in range(2))
    assert isinstance(stats, ClusterStatsCollector)
    assert isinstance(other, ClusterStatsCollector)
    stats.inc_value("item_scraped_count", 5)
    stats.set_value("newscrawl/feed/published", "data/asrpress/x.jsonl")
    stats.flush()
    other.inc_value("item_scraped_count", 2)
    other.flush(stop=True)
    other.inc_value("item_scraped_count")  # after its commit: not added
    other.flush()
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    assert client.hget("newscrawl:asrpress:stats", "item_scraped_count") == "7"
    assert stats.get_value("item_scraped_count") == 5
    assert stats.get_value("newscrawl/feed/published") == "data/asrpress/x.jsonl"


def test_queued_requests_are_json_and_a_pickle_in_the_queue_runs_nothing(redis_url, tmp_path):
    one = worker(redis_url)
    assert one.spider.settings["SCHEDULER_SERIALIZER"] == "newscrawl.distributed.serializer"
    request = one.spider.article_request(7).replace(
        method="POST", body=b"\x00\xff binary", headers={b"X-Bytes": b"\xd8\xb3"}
    )
    one.queue.enqueue_request(request)
    client = redis.Redis.from_url(redis_url)
    (raw,) = client.zrange(one.queue.queue.key, 0, -1)
    assert isinstance(raw, bytes)
    assert json.loads(raw)["url"].endswith("/fa/news/7"), "the queue holds JSON, not a pickle"
    back = one.queue.next_request()
    assert back is not None
    assert (back.url, back.body, back.headers[b"X-Bytes"]) == (
        request.url,
        request.body,
        b"\xd8\xb3",
    )
    assert back.callback == one.spider.parse_article
    assert back.cb_kwargs == {"news_id": 7}
    # Someone with write access to Redis queues a pickle that would create a file when loaded.
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Pwn(str(marker)))
    client.zadd(one.queue.queue.key, {payload: -1000})
    assert one.queue.next_request() is None, "dropped, and the queue is empty after it"
    assert not marker.exists(), "the pickle was never loaded"
    assert one.spider.crawler.stats.get_value("newscrawl/distributed/undecodable_requests") == 1


class Pwn:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))
