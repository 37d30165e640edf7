"""app.py under Streamlit's AppTest: the whole script on real CSV files, without a browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from components.data import DATA_DIR_ENV, read_journey
from components.route_map import stage_center
from components.state import ROUTE_KEY, STAGE_KEY
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


def map_args(at: AppTest) -> dict[str, Any]:
    args: dict[str, Any] = json.loads(at.get("component_instance")[0].proto.json_args)
    return args


def map_id(at: AppTest) -> str:
    return str(at.get("component_instance")[0].proto.id)


def test_runs_on_the_shipped_data() -> None:
    at = run_app()
    assert not at.exception
    assert not at.error
    first = JOURNEY.routes[0]
    assert at.sidebar.selectbox(key=ROUTE_KEY).value == first.route_id
    assert at.sidebar.selectbox(key=STAGE_KEY).value == 1
    page = html_of(at)
    assert "Stage 1 of" in page
    assert first.leg(1).stage in page
    assert "The whole route" in page
    args = map_args(at)
    assert args["center"] == list(stage_center(first, 1))
    assert all("/app/static/" in url for url in args["js_links"]), args["js_links"]
    assert url(at, "route") == first.route_id
    assert url(at, "stage") == "1"


@pytest.mark.parametrize(("route", "step"), [("southern", 7), ("mongolia", 5), ("sea", 1)])
def test_deep_link_selects_its_stage(route: str, step: int) -> None:
    at = run_app(route=route, stage=str(step))
    assert not at.exception
    assert at.sidebar.selectbox(key=ROUTE_KEY).value == route
    assert at.sidebar.selectbox(key=STAGE_KEY).value == step
    selected = JOURNEY.route(route)
    assert selected is not None
    assert f"Stage {step} of {len(selected.legs)}" in html_of(at)
    assert map_args(at)["center"] == list(stage_center(selected, step))
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
    assert at.sidebar.selectbox(key=STAGE_KEY).value == 1
    assert len(at.warning) == 1
    assert words in at.warning[0].value
    at.sidebar.button[1].click().run()  # choosing something else clears the notice
    assert not at.warning


def test_previous_and_next_step_through_the_route_and_update_the_url() -> None:
    route = JOURNEY.routes[0]
    at = run_app()
    previous, following = at.sidebar.button[:2]
    assert previous.disabled
    following.click().run()
    assert at.sidebar.selectbox(key=STAGE_KEY).value == 2
    assert url(at, "stage") == "2"
    assert route.leg(2).stage in html_of(at)
    while not at.sidebar.button[1].disabled:
        at.sidebar.button[1].click().run()
    assert at.sidebar.selectbox(key=STAGE_KEY).value == len(route.legs)
    assert at.sidebar.button[1].disabled
    at.sidebar.button[0].click().run()
    assert at.sidebar.selectbox(key=STAGE_KEY).value == len(route.legs) - 1


def test_stage_change_keeps_the_map_mounted_and_moves_it() -> None:
    at = run_app()
    before_id, before = map_id(at), map_args(at)
    at.sidebar.selectbox(key=STAGE_KEY).set_value(4).run()
    after = map_args(at)
    assert map_id(at) == before_id  # same component identity: streamlit-folium does not remount
    assert after["center"] != before["center"]
    assert "stage-4|" in after["feature_group"]
    assert "stage-4|" not in before["feature_group"]


def test_route_change_starts_at_its_first_stage() -> None:
    at = run_app(route="southern", stage="5")
    before_id = map_id(at)
    at.sidebar.selectbox(key=ROUTE_KEY).set_value("mongolia").run()
    assert at.sidebar.selectbox(key=STAGE_KEY).value == 1
    assert url(at, "route") == "mongolia"
    assert url(at, "stage") == "1"
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


def test_context_charts_and_text_version_are_on_the_page() -> None:
    at = run_app()
    assert not at.exception
    assert [t.label for t in at.tabs] == [
        "Arrivals in South Korea",
        "Share of women",
        "Broker fees",
        "How long stages take",
    ]
    assert len(at.get("vega_lite_chart")) >= 3
    assert 'class="erm-journey-text"' in html_of(at)
    assert html_of(at).count('class="erm-stage"') >= len(JOURNEY.routes[0].legs)


def test_korean_link_translates_the_page() -> None:
    at = run_app(route="southern", stage="2", lang="ko")
    assert not at.exception
    route = JOURNEY.route("southern")
    assert route is not None
    assert route.leg(2).translations["stage_ko"] in html_of(at)
    assert url(at, "lang") == "ko"
    assert at.tabs[0].label == "한국 입국자 수"


def test_presenter_link_hides_the_text_version_and_keeps_stepping() -> None:
    at = run_app(route="southern", stage="2", present="1")
    assert not at.exception
    assert not at.tabs
    assert url(at, "present") == "1"
    at.button(key="erm_next_main").click().run()
    assert at.session_state[STAGE_KEY] == 3
