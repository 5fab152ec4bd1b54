"""The express lane: a whole API request is answered inside `data_received`, as it is read.

aiohttp gives every request a queue slot, a waiter, a task, and a response written through
`prepare` and `write_eof`: about 40 % of what a customer create costs here. A request that
needs none of that takes this lane instead: the connection idle (aiohttp's loop parked,
waiting, nothing queued), the whole request in the bytes read, body included, HTTP/1.1
keep-alive, GET, POST or DELETE under `/v1/`, no `Expect` and no upgrade. It still meets the
same pipeline with a real `web.Request`; only the way there and back is shorter. A plain
`web.Response` is written in one `transport.write`, with the headers aiohttp would have sent;
any other response goes through aiohttp's `finish_response`.

The pipeline's coroutine is run at once and almost always ends without waiting. Should it wait
(a durable store's commit, an idempotency key in use on another connection), it goes on in a
task of its own context, and every later byte of the connection is held until it has
answered, so answers keep their order. Whatever does not qualify, and whatever follows it,
takes aiohttp's usual way, in order.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import types
from collections.abc import Coroutine, Generator
from typing import Any

from aiohttp import hdrs, web, web_protocol
from aiohttp.helpers import rfc822_formatted_time
from aiohttp.http import SERVER_SOFTWARE, HttpVersion11
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.http_writer import StreamWriter, _serialize_headers
from aiohttp.streams import EMPTY_PAYLOAD

from .responses import JSONResponse

log = logging.getLogger("stripe_emulator.http")

_ERROR = web_protocol._ErrInfo  # what aiohttp queues for a request it could not parse
EXPRESS_METHODS = frozenset({"GET", "POST", "DELETE"})
API_PREFIX = "/v1/"


@types.coroutine
def _resumed(coro: Coroutine, waiting: Any) -> Generator[Any, Any, Any]:
    """Go on with `coro`, which has already yielded `waiting` to whoever ran it: the task
    running this waits on it instead, and what it sends or throws goes on through."""
    while True:
        try:
            sent = yield waiting
        except BaseException as exc:  # a cancellation, thrown into the task
            try:
                waiting = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                waiting = coro.send(sent)
            except StopIteration as stop:
                return stop.value


def _plain(response: web.StreamResponse) -> bool:
    """A response this lane writes itself: a bytes body, nothing aiohttp must work out."""
    if type(response) is JSONResponse:  # the API's own: made so (responses.py)
        return response._keep_alive is not False
    return (type(response) is web.Response and type(response._body) is bytes
            and response._keep_alive is not False and not response._cookies
            and not response._compression and not response._chunked
            and response._status >= 200 and response._status not in (204, 304))


class ExpressRequestHandler(web_protocol.RequestHandler):
    __slots__ = ("_held", "_held_messages", "_waiting")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # While a request is being answered here, what the connection reads waits (re-entrant
        # reads included: reading a body resumes the parser with `data_received(b"")`), and
        # so do requests parsed behind it, should it wait.
        self._held: list[bytes] | None = None
        self._held_messages: list = []
        self._waiting: asyncio.Task | None = None  # (a task is only weakly kept by asyncio)

    def resume_reading(self, resume_parser: bool = True) -> None:
        # Reading a body resumes the protocol, paused or not: aiohttp then passes no bytes
        # through `data_received` to resume its parser, once per request. Only a pause
        # (`pause_reading`) leaves the parser anything to resume; a full queue resumes itself.
        if self._reading_paused:
            super().resume_reading(resume_parser)

    def data_received(self, data: bytes) -> None:
        if self._force_close or self._close:
            return
        if self._held is not None:
            self._held.append(data)
            return
        waiter = self._waiter
        if (waiter is None or waiter.done() or self._messages or self._upgraded
                or self._payload_parser is not None):
            super().data_received(data)  # aiohttp's loop is busy, or this is no API traffic
            return
        try:
            messages, upgraded, tail = self._parser.feed_data(data)
        except HttpProcessingError as exc:  # answered aiohttp's way (edge.py's error shape)
            messages = [(_ERROR(status=400, exc=exc, message=exc.message),
                         EMPTY_PAYLOAD)]
            upgraded, tail = False, b""
        if not messages:
            return
        self._request_count += len(messages)
        if upgraded:
            self._upgraded = True
            self._message_tail = tail
            self._queue(list(messages))
        else:
            self._dispatch(list(messages), [])

    def _dispatch(self, messages: list, held: list[bytes]) -> None:
        """Each request in order, answered here while they qualify, then queued for aiohttp's
        loop; then what was read meanwhile (`held`, and what arrives as they are answered)."""
        for at, (message, payload) in enumerate(messages):
            if self._force_close or self._close:  # an answer closed the connection
                return
            if not self._qualifies(message, payload):
                self._queue(messages[at:])
                break
            self._parser.message_consumed()
            self._held = held
            if not self._answer(message, payload):  # it waits, and the rest behind it
                self._held_messages = messages[at + 1:]
                return
            self._held = None
        if held and not (self._force_close or self._close):
            self.data_received(b"".join(held))

    def _queue(self, messages: list) -> None:
        """Requests for aiohttp's own loop, as its `data_received` would queue them."""
        if not messages:
            return
        self._messages.extend(messages)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        if not self._buffer_paused and len(self._messages) >= self._max_msg_queue_size:
            self._pause_reading_for_buffer()

    @staticmethod
    def _qualifies(message: Any, payload: Any) -> bool:
        return (type(message) is not _ERROR
                and message.method in EXPRESS_METHODS and message.path.startswith(API_PREFIX)
                and message.version == HttpVersion11 and not message.should_close
                and not message.upgrade and payload.is_eof()
                and hdrs.EXPECT not in message.headers)

    def _answer(self, message: Any, payload: Any) -> bool:
        """Answer one request; False if it waits for something (and goes on in a task)."""
        assert self._manager is not None and self._request_factory is not None
        self._manager.requests_count += 1
        request = self._request_factory(message, payload, self, StreamWriter(self, self._loop),
                                        self._task_handler)
        coro = self._serve(request)
        context = contextvars.copy_context()  # where it goes on, should it wait
        try:
            waiting = context.run(coro.send, None)
        except StopIteration:
            return True
        except Exception:  # `_serve` answers every failure: a bug, yet one connection's
            log.exception("unexpected error answering %s %s", message.method, message.path)
            self.force_close()
            return True
        # In progress, as aiohttp marks its own: a graceful shutdown waits for the answer, and
        # no keep-alive timer closes the connection under it (`_serve` sets the next).
        self._request_in_progress = True
        if self._keepalive_handle is not None:
            self._keepalive_handle.cancel()
            self._keepalive_handle = None
        self._waiting = self._loop.create_task(self._finish(coro, waiting), context=context)
        return False

    async def _finish(self, coro: Coroutine, waiting: Any) -> None:
        try:
            await _resumed(coro, waiting)
        except Exception:
            log.exception("unexpected error answering a request")
            self.force_close()
        finally:
            self._waiting = None
            self._request_in_progress = False
            if self._handler_waiter is not None:
                self._handler_waiter.set_result(None)
            held, messages = self._held or [], self._held_messages
            self._held, self._held_messages = None, []
            if not (self._force_close or self._close):
                self._dispatch(messages, held)

    async def _serve(self, request: web.Request) -> None:
        """One request, answered: what `start` and `finish_response` do, for this lane."""
        assert self._request_handler is not None
        try:
            try:
                response = await self._request_handler(request)
            except Exception as exc:  # the pipeline answers every error itself; a safety net
                response = self.handle_error(request, 500, exc)
            if _plain(response):  # (no form data was read as `post()`: nothing to release)
                self._write(response)
            else:
                response, lost = await self.finish_response(request, response, None)
                if lost:
                    return
                if not response.keep_alive:
                    self.force_close()
                    return
        except ConnectionError:  # the client went away
            self.force_close()
            return
        if self._close or self._force_close:  # (a close asked for while it was answered)
            self.force_close()
            return
        self._keepalive = True
        close_time = self._loop.time() + self._keepalive_timeout
        self._next_keepalive_close_time = close_time
        if self._keepalive_handle is None:
            self._keepalive_handle = self._loop.call_at(close_time, self._process_keepalive)

    def _write(self, response: web.Response) -> None:
        """Status line, headers and body in one write: the headers `Response.prepare` sets
        for a keep-alive HTTP/1.1 answer with a known length."""
        body = response._body
        headers = response._headers
        if type(response) is JSONResponse:  # its type set, and none of these
            headers[hdrs.CONTENT_LENGTH] = str(len(body))
            headers[hdrs.DATE] = rfc822_formatted_time()
            headers[hdrs.SERVER] = SERVER_SOFTWARE
        else:
            if hdrs.CONTENT_LENGTH not in headers:
                headers[hdrs.CONTENT_LENGTH] = str(len(body))
            if body:
                headers.setdefault(hdrs.CONTENT_TYPE, "application/octet-stream")
            if hdrs.DATE not in headers:
                headers[hdrs.DATE] = rfc822_formatted_time()
            headers.setdefault(hdrs.SERVER, SERVER_SOFTWARE)
        response._keep_alive = True
        transport = self.transport
        if transport is None:
            raise ConnectionResetError("Connection lost")
        transport.write(_serialize_headers(
            f"HTTP/1.1 {response._status} {response._reason}", headers) + body)
