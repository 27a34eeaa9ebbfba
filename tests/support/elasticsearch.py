"""Elasticsearch test doubles: a local HTTP server that speaks the client's protocol
(not Elasticsearch), for the engine's request-level tests."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubCluster:
    """A local HTTP server that records each request and answers with `respond(method,
    path, body) -> (status, body)`. Answers carry the product header the client checks."""

    def __init__(self, respond):
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                stub.requests.append((self.command, self.path, raw))
                status, body = respond(self.command, self.path, raw)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("X-Elastic-Product", "Elasticsearch")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer.

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def bulk_answer(raw):
    """An answer to a _bulk request: every action succeeded (deletes: not found)."""
    lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
    items = []
    for line in lines:
        ((op, meta),) = line.items() if len(line) == 1 else [(None, None)]
        if op in {"index", "delete"}:
            status = 404 if op == "delete" else 201
            items.append({op: {"_index": meta["_index"], "_id": meta["_id"], "status": status}})
    return {"took": 1, "errors": False, "items": items}


def closed_port() -> int:
    """A local port nobody listens on: bound, read, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def holding(bodies: list[dict]):
    """A `respond` for `StubCluster` as if the cluster held these indexed bodies (`to_es`)
    and every one of them matched: searches get them all, the map's points those with a
    location (with their sort values), the map's counts their number and how many have no
    location. It does not filter: tests use it to see *where* a page reads, not how
    Elasticsearch matches."""

    def respond(method, path, raw):
        body = json.loads(raw) if raw else {}
        placed = [item for item in bodies if item.get("location")]
        total = {"value": len(bodies), "relation": "eq"}
        if body.get("size") == 0 and "unplaced" in body.get("aggs", {}):
            unplaced = {"doc_count": len(bodies) - len(placed)}
            return 200, {
                "hits": {"total": total, "hits": []},
                "aggregations": {"unplaced": unplaced},
            }
        if body.get("track_total_hits") is False:
            hits = [
                {"_source": item, "sort": [item["source"], item["object_id"]]} for item in placed
            ]
            return 200, {"hits": {"hits": hits}}
        return 200, {"hits": {"total": total, "hits": [{"_source": item} for item in bodies]}}

    return respond
