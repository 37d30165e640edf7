"""Korean UI strings (one place per language). Keys mirror components.texts.EN."""

from __future__ import annotations

from collections.abc import Mapping

KO: Mapping[str, str] = {
    "language": "언어",
    "present": "발표 모드",
    "present_exit": "발표 모드 끝내기",
    "share": "공유",
    "share_intro": "지금 보는 화면(경로, 구간, 언어)으로 바로 가는 링크입니다. 복사하거나 QR 코드를 스캔하게 하세요.",
    "share_qr_caption": "스캔하면 이 구간이 열립니다",
    "content_note": (
        "주의: 이 지도는 폭력, 인신매매와 성 착취, 구금, 탈출 도중의 죽음을 다룹니다. 여기 나오는 사람들은 실제 인물입니다."
    ),
    "content_note_hide": "이 안내 숨기기",
    "text_version": "전체 여정 텍스트로 보기",
    "text_version_intro": "이 경로의 모든 구간과 사실, 출처를 지도 없이 읽을 수 있도록 정리했습니다.",
    "page_title": "탈북 경로 지도",
    "title": "탈북 경로 지도",
    "tagline": (
        "탈북민이 자유를 찾아가는 여정을 단계별로 보여 줍니다. 앤 신(Ann Shin) 감독의 다큐멘터리 "
        "《*The Defector: Escape From North Korea*》(2012)를 바탕으로 했습니다. "
        "장소는 도시 또는 지방 행정구역 단위로만 표시합니다."
    ),
    "how_to": "지도에서 번호가 붙은 장소나 선을 클릭하거나 사이드바를 이용하면, 단계마다 어떤 위험이 있는지 볼 수 있습니다.",
    "route": "경로",
    "stage": "단계",
    "previous": "← 이전",
    "next": "다음 →",
    "stage_option": "{step}. {stage}",
    "stage_of": "{count}단계 중 {step}단계",
    "from_to": "{origin} → {destination}",
    "how": "이동 수단",
    "distance": "거리",
    "distance_value": "직선거리 약 {km}km",
    "risk": "위험도",
    "risk_value": "{word}(5단계 중 {level}단계)",
    "what_can_go_wrong": "이 단계의 위험",
    "countries_heading": "이 구간의 나라들이 탈북민을 대하는 방식",
    "places": "장소",
    "sources": "출처",
    "sources_differ": "출처에 관한 참고",
    "duration": "일반적인 소요 기간",
    "cost": "비용",
    "cost_value": "{amount}달러{year}",
    "cost_year": "({year}년)",
    "summary_heading": "경로 전체",
    "summary_distance": "총거리",
    "summary_distance_value": "직선거리로 약 {km}km(실제 도로는 더 깁니다)",
    "summary_legs": "구간 수",
    "summary_countries": "거치는 나라",
    "summary_duration": "소요 기간",
    "summary_duration_value": "최소 {days}일(전체 {count}개 구간 중 수치가 있는 {known}개 구간 기준)",
    "summary_duration_none": "데이터에 수치가 없습니다",
    "summary_costs": "비용",
    "summary_cost_item": "{step}단계: {cost}",
    "duration_days": "약 {days}일",
    "notice_unknown_route": "링크에 지정된 경로 “{asked}”는 이 지도에 없습니다. 대신 “{route}”의 첫 단계를 보여 줍니다.",
    "notice_unknown_stage": "링크에 지정된 단계 “{asked}”는 경로 “{route}”에 없습니다. 대신 이 경로의 첫 단계를 보여 줍니다.",
    "data_problems": (
        "지도를 그릴 수 없습니다. 데이터에 문제가 {count}건 있습니다. 아래 파일에서 문제를 고친 뒤 페이지를 "
        "새로 고쳐 주십시오."
    ),
    "data_problem_line": "{location}: {message}",
    "map_label": "경로 지도입니다. 같은 정보를 사이드바에서 단계별로 볼 수 있습니다.",
    "legend": "범례",
    "legend_risk": "위험도(색과 굵기)",
    "legend_mode": "이동 수단(선 모양)",
    "legend_places": "이동 순서대로 번호를 붙인 장소",
    "legend_selected": "선택한 단계",
    "place_tooltip": "{number}. {name}",
    "leg_tooltip": "{step}. {stage}",
    "safety_caption": (
        "은신처, 국경을 넘는 지점, 브로커의 위치는 표시하지 않습니다. 거리는 도시 사이의 직선거리이며, "
        "실제 여정은 더 깁니다."
    ),
    "mode.foot": "도보로",
    "mode.river": "강을 건너",
    "mode.road": "도로로(버스·차량)",
    "mode.rail": "기차로",
    "mode.motorbike": "오토바이로",
    "mode.boat": "배로",
    "mode.air": "비행기로",
    "risk.1": "낮음",
    "risk.2": "보통",
    "risk.3": "상당함",
    "risk.4": "높음",
    "risk.5": "극도로 높음",
    "legend_stance": "각 나라가 탈북민을 대하는 방식",
    "stance.origin": "떠나온 나라: 떠나는 것 자체가 범죄",
    "stance.repatriates": "북한으로 돌려보냄",
    "stance.detains_then_deports": "구금한 뒤 한국으로 보냄",
    "stance.lets_travel_on": "계속 이동하도록 허용",
    "stance.destination": "도착지: 도착하면 시민권 부여",
    "kind.origin": "여정의 출발지",
    "kind.crossing": "국경 지대",
    "kind.transit": "경유지",
    "kind.hiding": "은신 지역",
    "kind.detention": "구금",
    "kind.destination": "도착지",
}
