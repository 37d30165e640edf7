"""The one owner of the selection (route and stage) in session state, and of the URL's query parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from components.builders.compare import route_from_tooltip
from components.domain.journey import Journey, Route
from components.domain.navigation import (
    Fallback,
    Selection,
    View,
    neighbour,
    resolve,
    resolve_view,
    stage_from_tooltip,
    view_query,
)
from components.schema.data import COUNTRIES_FILE, PLACES_FILE, ROUTE_FACTS_FILE, ROUTES_FILE, Problem, build_journey
from components.schema.uploads import choose_uploads, left_out_and_missing, shown_name
from components.texts.en import LANGUAGES
from components.ui.memory import SessionMemory

ROUTE_KEY = "erm_route"
STAGE_KEY = "erm_stage"  # the selected stage: kept while the visitor is on another page
MAP_KEY = "erm_map"
LANG_KEY = "erm_lang"
PRESENT_KEY = "erm_present"
NOTE_KEY = "erm_content_note"
_CLICKS_SEEN = "erm_clicks_seen"
_NOTICE = "erm_notice"
UPLOAD_KEY = "erm_upload_files"
_OWN_DATA = "erm_own_data"  # {file name: bytes} of an accepted upload: this session only, never on disk
_OWN_JOURNEY = "erm_own_journey"
_OWN_PROBLEMS = "erm_own_problems"
_OWN_LEFT_OUT = "erm_own_left_out"  # problems about uploaded files not read: shown beside an accepted upload
_REFUSED = "erm_upload_refused"  # {file id: name} of uploads refused and freed (drop_refused_uploads), never bytes
_REFUSED_KEPT = 100  # names kept at most: enough to say there were too many
_SEEN = "erm_seen"  # set by the session's first run: later runs are not the first
_FOCUS = "erm_focus"  # True: the map shows the selected stage's leg; False: the whole route (a first visit)
_MAP_SHOWN = "erm_map_shown"  # the map component last drawn: a new one counts its clicks from zero


def init_view(first_run: bool) -> View:
    """Seed language, presenter mode and content note from the URL (or the browser) on the session's first run."""
    if first_run:
        seeded = resolve_view(
            st.query_params.get("lang"),
            st.query_params.get("present"),
            st.query_params.get("note"),
            st.context.locale,
            tuple(LANGUAGES),
        )
        st.session_state[LANG_KEY] = seeded.language
        st.session_state[PRESENT_KEY] = seeded.present
        st.session_state[NOTE_KEY] = seeded.content_note
    return current_view()


def first_run() -> bool:
    """Whether this is the session's first script run (True once per session)."""
    if st.session_state.get(_SEEN):
        return False
    st.session_state[_SEEN] = True
    return True


def current_view() -> View:
    return View(
        language=st.session_state.get(LANG_KEY, "en"),
        present=bool(st.session_state.get(PRESENT_KEY, False)),
        content_note=bool(st.session_state.get(NOTE_KEY, True)),
    )


def toggle_present() -> None:
    st.session_state[PRESENT_KEY] = not st.session_state.get(PRESENT_KEY, False)


def choose_language(language: str) -> None:
    if language in LANGUAGES:
        st.session_state[LANG_KEY] = language


def hide_content_note() -> None:
    st.session_state[NOTE_KEY] = False


def init_selection(journey: Journey) -> None:
    """Seed the selection from the URL once per session (and again if the data no longer has it)."""
    route = journey.route(st.session_state.get(ROUTE_KEY, ""))
    if route is not None and st.session_state.get(STAGE_KEY) in route.steps:
        return
    asked_stage = st.query_params.get("stage")
    selection = resolve(journey, st.query_params.get("route"), asked_stage)
    st.session_state[ROUTE_KEY] = selection.route_id
    st.session_state[STAGE_KEY] = selection.step
    st.session_state[_NOTICE] = selection if selection.fallback is not Fallback.NONE else None
    # A link to a stage flies there; a link to a route (or none) opens on the whole route.
    st.session_state[_FOCUS] = asked_stage is not None and selection.fallback is Fallback.NONE
    st.session_state.setdefault(_CLICKS_SEEN, 0)


def current(journey: Journey) -> tuple[Route, int]:
    route = journey.route(st.session_state.get(ROUTE_KEY, "")) or journey.routes[0]
    step = st.session_state.get(STAGE_KEY, 1)
    return route, step if step in route.steps else 1


def focused() -> bool:
    """Whether the map shows the selected stage's leg (True) or the whole route (False)."""
    return bool(st.session_state.get(_FOCUS, False))


def link_notice() -> Selection | None:
    """The deep link that could not be honoured, until the visitor chooses something else."""
    notice: Selection | None = st.session_state.get(_NOTICE)
    return notice


def choose_route(route_id: str) -> None:
    """A route from the list: its whole route in view, stage 1 selected."""
    _select_route(route_id, focus=False)


def _select_route(route_id: str, *, focus: bool) -> None:
    """The route at its first stage; `focus`: the map shows that stage's leg, else the whole route."""
    st.session_state[ROUTE_KEY] = route_id
    st.session_state[STAGE_KEY] = 1
    st.session_state[_NOTICE] = None
    st.session_state[_FOCUS] = focus


def choose_stage(journey: Journey, step: int) -> None:
    """A stage from the picker: the map flies to its leg."""
    route, _ = current(journey)
    if step in route.steps:
        _choose(step)


def step_by(journey: Journey, delta: int) -> None:
    route, step = current(journey)
    _choose(neighbour(route, step, delta))


def _choose(step: int) -> None:
    st.session_state[STAGE_KEY] = step
    st.session_state[_NOTICE] = None
    st.session_state[_FOCUS] = True


def map_drawn(map_id: str) -> None:
    """A map that differs from the last one drawn is a new component in the browser: its clicks count from 0."""
    if st.session_state.get(_MAP_SHOWN) != map_id:
        st.session_state[_MAP_SHOWN] = map_id
        st.session_state[_CLICKS_SEEN] = 0


def on_map_event(journey: Journey, value: Mapping[str, Any] | None) -> None:
    """A click on the map selects its stage. Runs before the script body, like any widget callback.

    Only a new click counts (last_object_clicked_count moves, randyzwitch/streamlit-folium#316): the
    component keeps returning its last click, which must not undo a later choice in the picker.
    """
    value = dict(value or {})
    st.session_state[MAP_KEY] = value
    count = value.get("last_object_clicked_count") or 0
    if count == st.session_state.get(_CLICKS_SEEN, 0):
        return
    st.session_state[_CLICKS_SEEN] = count
    route, _ = current(journey)
    step = stage_from_tooltip(value.get("last_object_clicked_tooltip"), route)
    if step is not None:
        _choose(step)


def link_query(route: Route, step: int, view: View) -> dict[str, str]:
    """The query of a link to share: this stage and language, never presenter mode or a hidden note."""
    return view_query(route.route_id, step if focused() else None, View(language=view.language))


def sync_url(route: Route | None, step: int | None, view: View) -> None:
    """Keep the query string equal to what is on screen, so the address bar is always a share link.

    The story page gives its route and stage (the stage only once one is chosen: until then the map
    shows the whole route); the other pages give the route they show, or nothing.
    """
    wanted = view_query(route.route_id if route else None, step if focused() else None, view)
    if dict(st.query_params.to_dict()) != wanted:
        st.query_params.from_dict(wanted)


def own_journey() -> Journey | None:
    """The journey this visitor uploaded, if any: it replaces the shipped one for this session only."""
    journey: Journey | None = st.session_state.get(_OWN_JOURNEY)
    return journey


def own_data() -> dict[str, bytes] | None:
    data: dict[str, bytes] | None = st.session_state.get(_OWN_DATA)
    return data


def upload_problems() -> tuple[Problem, ...]:
    problems: tuple[Problem, ...] = st.session_state.get(_OWN_PROBLEMS, ())
    return problems


def upload_left_out() -> tuple[Problem, ...]:
    """The uploaded files an accepted upload did not read (another name, a second copy), with why."""
    left_out: tuple[Problem, ...] = st.session_state.get(_OWN_LEFT_OUT, ())
    return left_out


def uploaded_names() -> list[str]:
    """The names of the files the uploader has received so far (a file still on its way is not among them).

    The files kept, then those refused and freed (drop_refused_uploads): "Show this data" reports those too.
    """
    files, refused = _uploads()
    chosen = choose_uploads([f.name for f in files], earlier=refused)[0]
    return [files[position].name for position in sorted(chosen.values())] + list(refused)


def _uploads() -> tuple[list[UploadedFile], tuple[str, ...]]:
    """The uploader's files not yet refused, and the names of those refused (by file id: names may repeat)."""
    refused: dict[str, str] = st.session_state.get(_REFUSED, {})
    # In a callback the value also holds a DeletedFile for each file freed while its chip is still shown.
    value = st.session_state.get(UPLOAD_KEY) or []
    files = [f for f in value if isinstance(f, UploadedFile) and f.file_id not in refused]
    return files, tuple(refused.values())


_MEMORY = "erm_session_memory"


def drop_refused_uploads() -> None:
    """Free each uploaded file this app will not read, as soon as it arrives (the uploader's on_change).

    Streamlit keeps every uploaded file's bytes in its uploaded-file manager until the session is shut
    down, however many there are (server.maxUploadSize bounds each file, nothing bounds their number).
    Removed there, a refused file is gone from the uploader's value from the next run on: only its id and
    name are kept (_REFUSED), so "Show this data" still names it, until the visitor takes it away.
    """
    if _MEMORY not in st.session_state:  # when this session is gone, so is the memory its uploads took
        st.session_state[_MEMORY] = SessionMemory()
    # A refused file is remembered while the uploader still shows it (as a DeletedFile, in a callback): the
    # visitor who takes its chip away has it forgotten, and need not start the upload over.
    shown = {f.file_id for f in st.session_state.get(UPLOAD_KEY) or []}
    st.session_state[_REFUSED] = {i: name for i, name in st.session_state.get(_REFUSED, {}).items() if i in shown}
    files, earlier = _uploads()
    kept = set(choose_uploads([f.name for f in files], earlier=earlier)[0].values())
    refused = [f for position, f in enumerate(files) if position not in kept]
    if not refused:
        return
    ctx = get_script_run_ctx()
    # remove_file is the in-memory manager's (what `streamlit run` uses), not the protocol's.
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        for file in refused:
            ctx.uploaded_file_mgr.remove_file(ctx.session_id, file.file_id)
    known: dict[str, str] = st.session_state.get(_REFUSED, {})
    more = {f.file_id: shown_name(f.name) for f in refused[: max(0, _REFUSED_KEPT - len(known))]}
    st.session_state[_REFUSED] = {**known, **more}


def use_uploaded_files() -> None:
    """Validate the uploaded files it reads; show them if they have no problem, else keep what is shown.

    The files it does not read are named either way (uploads.left_out_and_missing).
    """
    files, refused = _uploads()
    chosen, problems = choose_uploads([f.name for f in files], earlier=refused)
    # Only the chosen files are read: a refused file's bytes never reach this session's state.
    contents = {name: files[position].getvalue() for name, position in chosen.items()}
    left_out, missing = left_out_and_missing(problems)
    result = build_journey(
        contents.get(PLACES_FILE),
        contents.get(ROUTES_FILE),
        contents.get(COUNTRIES_FILE),
        route_facts_csv=contents.get(ROUTE_FACTS_FILE),
        problems=list(missing),
    )
    if result.journey is None or missing:
        st.session_state[_OWN_PROBLEMS] = (*(result.problems or missing), *left_out)
        return
    st.session_state[_OWN_DATA] = contents
    st.session_state[_OWN_JOURNEY] = result.journey
    st.session_state[_OWN_PROBLEMS] = ()
    st.session_state[_OWN_LEFT_OUT] = left_out
    st.session_state[_NOTICE] = None


def forget_uploaded_files() -> None:
    for key in (_OWN_DATA, _OWN_JOURNEY, _OWN_PROBLEMS, _OWN_LEFT_OUT):
        st.session_state.pop(key, None)


_OPEN_STORY = "erm_open_story"  # a route chosen on the compare page: open it in the story on the next run


def open_route_in_story(journey: Journey, route_id: str) -> None:
    """Select the route at its first stage and ask for the story page (the page switches on its next run)."""
    if journey.route(route_id) is None:
        return
    _select_route(route_id, focus=True)
    st.session_state[_OPEN_STORY] = True


def story_requested() -> bool:
    """Whether a route was chosen to open in the story (asked once: the request is then forgotten)."""
    return bool(st.session_state.pop(_OPEN_STORY, False))


def on_compare_map_event(journey: Journey, value: Mapping[str, Any] | None) -> None:
    """A new click on a route of the compare map opens that route in the story (see on_map_event)."""
    value = dict(value or {})
    count = value.get("last_object_clicked_count") or 0
    if count == st.session_state.get(_CLICKS_SEEN, 0):
        return
    st.session_state[_CLICKS_SEEN] = count
    route_id = route_from_tooltip(value.get("last_object_clicked_tooltip"), journey)
    if route_id is not None:
        open_route_in_story(journey, route_id)
