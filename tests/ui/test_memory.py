"""components.ui.memory: a session's end gives the process's free memory back, once for a burst of them."""

from __future__ import annotations

import gc

import pytest

from components.ui import memory


def test_this_machine_can_give_memory_back() -> None:
    """glibc (Debian): malloc_trim is there, so the server's RSS can fall after sessions end."""
    assert memory.give_back()


def test_sessions_that_end_together_give_memory_back_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(memory, "_TRIM", lambda pad: calls.append(pad) or 1)
    monkeypatch.setattr(memory, "_TRIM_DELAY_S", 0.05)
    monkeypatch.setattr(memory, "_timer", None)
    markers = [memory.SessionMemory() for _ in range(10)]
    assert calls == []  # nothing while the sessions live
    del markers
    gc.collect()
    timer = memory._timer
    assert timer is not None
    timer.join(10)
    assert calls == [0]


def test_a_session_that_uploads_carries_the_marker() -> None:
    """The uploader's callback puts the marker in the session's state, so the session's end gives back."""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        import streamlit as st

        from components.ui import state
        from components.ui.memory import SessionMemory

        state.drop_refused_uploads()
        st.markdown(str(sum(isinstance(v, SessionMemory) for v in st.session_state.to_dict().values())))

    at = AppTest.from_function(page).run()
    assert [m.value for m in at.markdown] == ["1"]
    at.run()
    assert [m.value for m in at.markdown] == ["1"]  # one marker a session, however many uploads
