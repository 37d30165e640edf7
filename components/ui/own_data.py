"""Bring your own data: upload, template and downloads, a page of its own (renders with st.*)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import streamlit as st

from components.builders.assets import LEAFLET_DIR, LEAFLET_VERSION, STATIC_DIR
from components.builders.markup import escape_markdown
from components.domain.journey import Journey, Route
from components.export.standalone import data_zip, standalone_map_html, template_zip
from components.schema.data import MAX_FILE_BYTES, MAX_ROWS
from components.schema.uploads import MAX_FILES, shown_name
from components.texts.en import Texts
from components.ui import state
from components.ui.page import render_problems

UPLOAD_LIMIT_MB = MAX_FILE_BYTES // 1_000_000


def render_own_data(
    journey: Journey,
    route: Route,
    step: int,
    texts: Texts,
    shipped: dict[str, bytes],
    *,
    offline: bool,
    basemap: Path,
) -> None:
    st.header(texts("own_data"))
    with st.container(key="erm_own_data"):
        st.caption(texts("own_data_intro", mb=UPLOAD_LIMIT_MB, rows=f"{MAX_ROWS:,}"))
        st.file_uploader(
            texts("own_data_files"),
            type=["csv"],
            accept_multiple_files=True,
            key=state.UPLOAD_KEY,
            on_change=state.drop_refused_uploads,
            max_upload_size=UPLOAD_LIMIT_MB,
        )
        received = state.uploaded_names()
        if received:  # what "Show this data" will check: a file still uploading is not listed yet
            # At most one line of names: the refused ones are dropped by the next run (drop_refused_uploads).
            names = [escape_markdown(shown_name(name)) for name in received[:MAX_FILES]]
            st.caption(texts("own_data_received", names=", ".join(names) + ("…" if len(received) > MAX_FILES else "")))
        st.button(texts("own_data_use"), on_click=state.use_uploaded_files, key="erm_use_upload", type="primary")
        render_problems(state.upload_problems(), texts, heading="own_data_problems")
        mine = state.own_data()
        if mine is not None:
            st.success(texts("own_data_active"))
            render_problems(state.upload_left_out(), texts, heading="own_data_left_out", warn=True)
            st.button(texts("own_data_forget"), on_click=state.forget_uploaded_files, key="erm_forget_upload")
        render_download(texts("download_template"), template_zip, "escape-route-map-template.zip", "erm_dl_template")
        render_download(
            texts("download_data"),
            partial(data_zip, mine if mine is not None else shipped),
            "escape-route-map-data.zip",
            "erm_dl_data",
        )
        map_html = partial(
            standalone_map_html,
            route,
            step,
            texts,
            journey.stances,
            offline=offline,
            leaflet_dir=STATIC_DIR / f"{LEAFLET_DIR}-{LEAFLET_VERSION}",
            basemap=basemap,
        )
        render_download(
            texts("download_map"), map_html, f"escape-route-map-{route.route_id}-stage-{step}.html", "erm_dl_map"
        )


def render_download(label: str, data: Callable[[], str | bytes], file_name: str, key: str, **options: Any) -> None:
    """A download button whose file is built only when pressed, and that does not rerun the app.

    Its type follows its file name; `options` are Streamlit's (`help`, `icon`).
    """
    mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    st.download_button(label, data=data, file_name=file_name, mime=mime, on_click="ignore", key=key, **options)
