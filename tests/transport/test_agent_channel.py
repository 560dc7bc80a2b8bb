"""The job agent's channel (agent_channel.py): its readers' flow control and ``read(n)``
directly, and a real channel over the suite's sshd carrying more than the readers hold."""

from __future__ import annotations

import asyncio
import hashlib

import asyncssh
import pytest

from rjkernel.transport.agent_channel import HIGH_WATER, LOW_WATER, AgentChannel, ChannelReader
from tests.fixtures.aio import run
from tests.fixtures.sshd import SshdFixture


class Switch:
    """Counts the pauses and resumes a reader asks of its channel."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def reader(self) -> ChannelReader:
        return ChannelReader(lambda: self.calls.append("pause"),
                             lambda: self.calls.append("resume"))


def test_a_reader_stops_the_channel_above_high_water_and_restarts_it_below_low() -> None:
    async def scenario() -> None:
        switch = Switch()
        reader = switch.reader()
        piece = b"x" * 32768
        for _ in range(HIGH_WATER // len(piece)):
            reader.feed(piece)
        assert switch.calls == []  # at HIGH_WATER, not above it
        reader.feed(piece)
        reader.feed(piece)
        assert switch.calls == ["pause"]  # once, however much more arrives
        taken = 0
        while switch.calls == ["pause"]:
            taken += len(await reader.read(65536))
        assert HIGH_WATER + 2 * len(piece) - taken < LOW_WATER
        assert switch.calls == ["pause", "resume"]

    run(scenario)


def test_read_splits_and_joins_pieces_in_order_then_ends() -> None:
    async def scenario() -> None:
        reader = Switch().reader()
        for piece in (b"abc", b"defg", b"h"):
            reader.feed(piece)
        reader.end()
        assert await reader.read(2) == b"ab"
        assert await reader.read(5) == b"cdefg"  # the rest of one piece and the next
        assert await reader.read(-1) == b"h"
        assert await reader.read(10) == b""

    run(scenario)


def test_a_lost_channel_raises_after_its_data_is_read() -> None:
    async def scenario() -> None:
        reader = Switch().reader()
        waiting = asyncio.ensure_future(reader.read(10))
        await asyncio.sleep(0)  # let it wait for data (a scheduling step, not a delay)
        reader.feed(b"last")
        assert await waiting == b"last"
        reader.end(ConnectionResetError("gone"))
        with pytest.raises(ConnectionResetError, match="gone"):
            await reader.read(10)

    run(scenario)


def test_more_than_the_readers_hold_arrives_whole_over_ssh(sshd: SshdFixture) -> None:
    size = 3 * HIGH_WATER
    command = f"yes 0123456789abcdef | head -c {size}; echo done >&2; exit 3"

    async def scenario() -> None:
        async with asyncssh.connect(
            "Server01", config=[str(sshd.config_path)],
            known_hosts=str(sshd.known_hosts_path),
            client_keys=[str(sshd.client_key_path)], agent_path=None,
        ) as conn:
            session, channel = await AgentChannel.open(conn, command)
            digest = hashlib.sha256()
            received = 0
            while data := await session.stdout.read(100_000):
                digest.update(data)
                received += len(data)
            assert (received, await session.stderr.read(-1)) == (size, b"done\n")
            await channel.wait_closed()
            assert channel.get_exit_status() == 3
        expected = hashlib.sha256((b"0123456789abcdef\n" * (size // 17 + 1))[:size])
        assert digest.hexdigest() == expected.hexdigest()

    run(scenario, timeout=60)
