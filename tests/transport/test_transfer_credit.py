"""A transfer's credit (rjkernel/transport/agent_calls.py, protocol rule 5): the consumer
grants it back in few, large steps, and never so late that the agent must stop while the
consumer waits for data. The agent's side is played by its rule: it may send while what
it sent is within the window plus what was granted."""

from __future__ import annotations

import asyncio

from rjkernel.agent.protocol import TRANSFER_WINDOW
from rjkernel.transport.agent_calls import TransferBuffer

PIECE = 64 << 10
TOTAL = 8 * TRANSFER_WINDOW


async def _transfer() -> tuple[list[int], int]:
    grants: list[int] = []
    buffer = TransferBuffer(grants.append)
    sent = taken = starved = 0
    while taken < TOTAL:
        allowed = TRANSFER_WINDOW + sum(grants)
        while sent < TOTAL and sent + PIECE <= allowed:  # the agent sends what it may
            buffer.put(b"x" * PIECE)
            sent += PIECE
        if sent == taken:  # nothing buffered and the agent may not send: a stall
            starved += 1
            break
        piece = await buffer.get(timeout=5.0)
        assert piece is not None
        taken += len(piece)
    buffer.end()
    assert await buffer.get(timeout=5.0) is None
    return grants, starved


def test_credit_comes_back_in_half_windows_and_the_agent_never_stalls() -> None:
    grants, starved = asyncio.run(_transfer())
    assert starved == 0
    assert grants and all(grant >= TRANSFER_WINDOW // 2 for grant in grants)
    # one credit line per half window received, not per piece
    assert len(grants) <= TOTAL // (TRANSFER_WINDOW // 2)
