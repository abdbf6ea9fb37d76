"""Baseline: bulk-loads already-built documents with elasticsearch.helpers alone.

Run as its own process (no Django): python raw_bulk.py HOST SOURCE_ALIAS DOCS.jsonl
Creates `<alias>_raw` with the source index's settings and mapping, loads the
documents the way our rebuild does (chunks of 500, no refresh, no replicas
while loading), prints `{"docs": N, "seconds": S}`.
"""
import json
import sys
import time

from elasticsearch import Elasticsearch, helpers

CHUNK_SIZE = 500


def main(host, alias, path):
    es = Elasticsearch(host, request_timeout=120)
    source = next(iter(es.indices.get(index=alias).values()))
    index_settings = source["settings"]["index"]
    target = f"{alias}_raw"
    es.indices.delete(index=target, ignore_unavailable=True)
    es.indices.create(
        index=target,
        settings={
            "number_of_shards": index_settings["number_of_shards"],
            "number_of_replicas": 0,
            "refresh_interval": "-1",
            "analysis": index_settings["analysis"],
        },
        mappings=source["mappings"],
    )

    def actions():
        with open(path) as lines:
            for line in lines:
                document = json.loads(line)
                yield {"_index": target, "_id": document["id"], "_source": document}

    started = time.perf_counter()
    count = 0
    for ok, _ in helpers.streaming_bulk(es, actions(), chunk_size=CHUNK_SIZE, raise_on_error=True):
        count += ok
    es.indices.put_settings(index=target, settings={"refresh_interval": None})
    es.indices.refresh(index=target)
    seconds = time.perf_counter() - started
    es.indices.delete(index=target)
    print(json.dumps({"docs": count, "seconds": seconds}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
