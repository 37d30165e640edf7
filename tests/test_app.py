"""app.py under Streamlit's AppTest: the whole script on real CSV files, without a browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from components.builders.route_map import stage_bounds
from components.domain.settings import DATA_DIR_ENV
from components.schema.data import read_journey
from components.ui.sidebar import route_key
from components.ui.stage_panel import NEXT_KEY, PREVIOUS_KEY, SHARE_KEY, STAGES_KEY, stage_key
from components.ui.state import ROUTE_KEY, STAGE_KEY
from tests.conftest import ROOT, SHIPPED_DATA

JOURNEY = read_journey(SHIPPED_DATA).journey
assert JOURNEY is not None


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def url(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return str(value[0] if isinstance(value, list) else value)


def html_of(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def shown_stage(at: AppTest) -> int:
    """The stage the panel shows (its card says which), checked against the selection."""
    step = int(at.session_state[STAGE_KEY])
    assert f"Stage {step} of" in html_of(at)
    return step


def shown_route(at: AppTest) -> str:
    """The route the page shows: the one marked in the sidebar's list."""
    (marked,) = [b for b in at.sidebar.button if b.proto.type == "primary"]
    assert marked.key == route_key(str(at.session_state[ROUTE_KEY]))
    return str(at.session_state[ROUTE_KEY])


def pick(at: AppTest, step: int) -> AppTest:
    """Open the list of stages and choose one (the list closes again)."""
    at.session_state[STAGES_KEY] = True
    at.run()
    at.button(key=stage_key(step)).click().run()
    assert not [b for b in at.button if b.key == stage_key(step)], "the list closes once a stage is chosen"
    return at


def map_args(at: AppTest) -> dict[str, Any]:
    args: dict[str, Any] = json.loads(at.get("component_instance")[0].proto.json_args)
    return args


def map_id(at: AppTest) -> str:
    return str(at.get("component_instance")[0].proto.id)


def flies_to(at: AppTest) -> str:
    """The view the selected stage's feature group asks the live map for (route_map.StageView)."""
    group = str(map_args(at)["feature_group"])
    return group.split("window.ermShow(", 1)[1].split(");", 1)[0]


def bounds_js(route_id: str, step: int) -> str:
    route = JOURNEY.route(route_id)
    assert route is not None
    return json.dumps([list(corner) for corner in stage_bounds(route, step)])


def test_runs_on_the_shipped_data() -> None:
    at = run_app()
    assert not at.exception
    assert not at.error
    first = JOURNEY.routes[0]
    assert shown_route(at) == first.route_id
    assert shown_stage(at) == 1
    page = html_of(at)
    assert "Stage 1 of" in page
    assert first.leg(1).stage in page
    args = map_args(at)
    assert args["center"] is None  # the map moves itself (StageView)
    assert args["zoom"] is None
    assert flies_to(at) == "null"  # a first visit shows the whole route, stage 1 selected
    assert all("/app/static/" in url for url in args["js_links"]), args["js_links"]
    assert url(at, "route") == first.route_id
    assert "stage" not in at.query_params  # the address is what is on screen: the whole route


@pytest.mark.parametrize(("route", "step"), [("southern", 7), ("mongolia", 5), ("sea", 1)])
def test_deep_link_selects_its_stage_and_flies_there(route: str, step: int) -> None:
    at = run_app(route=route, stage=str(step))
    assert not at.exception
    assert shown_route(at) == route
    assert shown_stage(at) == step
    selected = JOURNEY.route(route)
    assert selected is not None
    assert f"Stage {step} of {len(selected.legs)}" in html_of(at)
    assert flies_to(at) == bounds_js(route, step)
    assert url(at, "stage") == str(step)
    assert not at.warning


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"route": "atlantis"}, "route “atlantis”"),
        ({"route": "southern", "stage": "99"}, "stage “99”"),
        ({"route": "southern", "stage": "<b>x</b>"}, "stage “\\<b\\>x\\<\\/b\\>”"),
    ],
)
def test_unknown_link_falls_back_with_a_visible_notice(query: dict[str, str], words: str) -> None:
    at = run_app(**query)
    assert not at.exception
    assert shown_stage(at) == 1
    assert flies_to(at) == "null"
    assert len(at.warning) == 1
    assert words in at.warning[0].value
    at.button(key=NEXT_KEY).click().run()  # choosing something else clears the notice
    assert not at.warning


def test_previous_and_next_step_through_the_route_and_update_the_url() -> None:
    route = JOURNEY.routes[0]
    at = run_app()
    assert at.button(key=PREVIOUS_KEY).disabled
    at.button(key=NEXT_KEY).click().run()
    assert shown_stage(at) == 2
    assert url(at, "stage") == "2"
    assert route.leg(2).stage in html_of(at)
    assert flies_to(at) == bounds_js(route.route_id, 2)
    while not at.button(key=NEXT_KEY).disabled:
        at.button(key=NEXT_KEY).click().run()
    assert shown_stage(at) == len(route.legs)
    at.button(key=PREVIOUS_KEY).click().run()
    assert shown_stage(at) == len(route.legs) - 1
    pick(at, 1)
    assert flies_to(at) == bounds_js(route.route_id, 1)  # chosen, not the first view: fly to its leg
    assert url(at, "stage") == "1"


def test_stage_change_keeps_the_map_mounted_and_moves_it() -> None:
    at = run_app()
    before_id, before = map_id(at), map_args(at)
    pick(at, 4)
    after = map_args(at)
    assert map_id(at) == before_id  # same component identity: streamlit-folium does not remount
    assert after["key"] == before["key"]
    assert after["script"] == before["script"]
    assert "erm.highlight(map_div, feature_group_feature_group_0, 4);" in after["feature_group"]
    assert "erm.highlight(map_div, feature_group_feature_group_0, 4);" not in before["feature_group"]
    assert flies_to(at) == bounds_js("southern", 4)


def test_route_change_starts_at_its_first_stage_with_the_whole_route() -> None:
    at = run_app(route="southern", stage="5")
    before_id = map_id(at)
    at.sidebar.button(key=route_key("mongolia")).click().run()
    assert shown_stage(at) == 1
    assert url(at, "route") == "mongolia"
    assert "stage" not in at.query_params
    assert flies_to(at) == "null"
    assert map_id(at) != before_id  # a new route is a new base map


def test_bad_data_folder_shows_the_problems_and_no_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "places.csv").write_text(
        "place_id,name,country,lat,lon,kind,summary,source\na,<b>A</b>,KP,91.5,1,origin,s,src\nb,B,XX,1,1,camp,s,src\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = run_app()
    assert not at.exception
    assert len(at.error) == 1
    page = html_of(at)
    for words in (
        "places.csv row 2, column lat",
        "91.5 is not a latitude",
        "places.csv row 3, column country",
        "places.csv row 3, column kind",
        "routes.csv",
    ):
        assert words in page
    assert "<b>A</b>" not in page
    assert not at.get("component_instance")


def test_the_story_page_runs_the_story_only() -> None:
    """Charts, the text version and the upload form are pages of their own (components/ui/pages.py)."""
    at = run_app()
    assert not at.exception
    assert not at.tabs
    assert not at.get("vega_lite_chart")
    assert 'class="erm-journey-text"' not in html_of(at)
    assert html_of(at).count('class="erm-stage"') == 1
    assert not at.get("file_uploader")


def test_korean_link_translates_the_page() -> None:
    at = run_app(route="southern", stage="2", lang="ko")
    assert not at.exception
    route = JOURNEY.route("southern")
    assert route is not None
    assert route.leg(2).translations["stage_ko"] in html_of(at)
    assert url(at, "lang") == "ko"


def test_presenter_link_keeps_stepping() -> None:
    at = run_app(route="southern", stage="2", present="1")
    assert not at.exception
    assert url(at, "present") == "1"
    at.button(key=NEXT_KEY).click().run()
    assert at.session_state[STAGE_KEY] == 3


def test_the_page_styles_are_the_shared_stylesheet() -> None:
    from components.builders.palette import stylesheet

    assert stylesheet() in html_of(run_app())  # the same stylesheet as the standalone map and the static story


def test_the_share_panel_is_drawn_only_once_opened() -> None:
    """A first visit sends no link, QR code or handout: they are drawn when Share opens its dialog.

    Opening it in a browser, and what it shows then: tests/browser/test_audiences.py.
    """
    at = run_app(route="southern", stage="3")
    assert [at.get(kind) for kind in ("image", "code", "download_button")] == [[], [], []]
    at.button(key=SHARE_KEY).click().run()
    assert [len(at.get(kind)) for kind in ("image", "code", "download_button")] == [1, 1, 1]
    assert "stage=3" in at.get("code")[0].value
    assert shown_stage(at) == 3  # sharing chooses nothing


def test_the_list_of_stages_is_drawn_only_while_open() -> None:
    at = run_app(route="southern", stage="3")
    assert not [b for b in at.button if b.key and b.key.startswith("erm_stage_")]
    at.session_state[STAGES_KEY] = True
    at.run()
    listed = [b for b in at.button if b.key and b.key.startswith("erm_stage_")]
    route = JOURNEY.route("southern")
    assert route is not None
    assert [b.key for b in listed] == [stage_key(s) for s in route.steps]
    assert [b.proto.type for b in listed].count("primary") == 1
    assert at.button(key=stage_key(3)).proto.type == "primary"  # the selected stage is marked


def test_only_a_sessions_first_run_waits_for_the_wide_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """page.settle_layout: the first run waits once before any element, so the page does not jump sideways."""
    from components.ui import page

    waits: list[float] = []
    monkeypatch.setattr(page, "sleep", waits.append)
    at = run_app(route="southern")
    assert waits == [page.LAYOUT_FRAME_S]
    at.run()
    at.button(key=NEXT_KEY).click().run()
    assert waits == [page.LAYOUT_FRAME_S]  # later runs keep the layout and do not wait
