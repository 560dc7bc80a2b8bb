"""The kernel's stdout skips IOPub-thread round trips when it has nothing to send, and
still sends what was written (rjkernel/kernel_streams.py). Uses ipykernel's real IOPub
thread and a zmq subscriber, as the kernel process runs them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import zmq
from ipykernel.iostream import IOPubThread
from jupyter_client.session import Session

from rjkernel.kernel_streams import IdleFlushOutStream

TIMEOUT = 10.0


@pytest.fixture
def iopub() -> Iterator[tuple[IOPubThread, zmq.Socket[bytes], Session]]:
    context = zmq.Context()
    pub = context.socket(zmq.PUB)
    port = pub.bind_to_random_port("tcp://127.0.0.1")
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(f"tcp://127.0.0.1:{port}")
    thread = IOPubThread(pub)
    thread.start()
    try:
        yield thread, sub, Session(key=b"")
    finally:
        thread.stop()
        thread.close()
        sub.close(linger=0)
        context.term()


def test_written_text_is_sent_by_flush(iopub: tuple[IOPubThread, zmq.Socket[bytes], Session]
                                       ) -> None:
    thread, sub, session = iopub
    stream = IdleFlushOutStream(session, thread, "stdout", watchfd=False)
    # PUB drops messages until the subscription has arrived: write until one gets through.
    deadline = time.monotonic() + TIMEOUT
    while not sub.poll(50):
        assert time.monotonic() < deadline, "no stream message reached the subscriber"
        stream.write("hello\n")
        stream.flush()
    _, message = session.feed_identities(sub.recv_multipart())
    content = session.deserialize(message)["content"]
    assert content["name"] == "stdout" and content["text"].startswith("hello\n")


def test_flush_with_nothing_written_does_not_wait_for_the_iopub_thread(
        iopub: tuple[IOPubThread, zmq.Socket[bytes], Session]) -> None:
    thread, _, session = iopub
    stream = IdleFlushOutStream(session, thread, "stdout", watchfd=False)
    stream.flush_timeout = TIMEOUT
    busy, release = threading.Event(), threading.Event()

    def hold() -> None:  # keeps the IOPub thread from running anything else
        busy.set()
        release.wait(TIMEOUT)

    thread.schedule(hold)
    assert busy.wait(TIMEOUT)
    try:
        started = time.monotonic()
        stream.flush()  # ipykernel's OutStream would block here until ``release``
        assert time.monotonic() - started < TIMEOUT / 2
        stream.write("queued\n")
        flushing = threading.Thread(target=stream.flush)
        flushing.start()
        flushing.join(0.2)
        assert flushing.is_alive(), "a flush with text written must wait for its send"
    finally:
        release.set()
    flushing.join(TIMEOUT)
    assert not flushing.is_alive()
