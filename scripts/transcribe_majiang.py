"""Transcribe the Majiang rubric (附件2 评估细则) from the seed text into rubric JSON.

Run once to produce resources/rubrics/majiang-2015.json; the JSON is the source
of truth afterwards, and tests/test_rubric_seed.py pins it against the seed.
The Chinese text is taken from the seed line by line, never retyped: a B's name
lines and its requirement lines are told apart by the counts in NAME_LINES.
English titles and texts are ours, added beside the Chinese.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "resources/rubrics/sources/majiang-2015-seed.txt"
OUT = ROOT / "resources/rubrics/majiang-2015.json"

# How many lines the B-indicator's name takes in the flattened table.
NAME_LINES = {3: 2, 4: 2, 13: 2, 16: 2, 18: 2, 20: 2, 21: 2}

AREAS = {
    "A1": ("校园环境", "Campus environment", "35"),
    "A2": ("教学资源", "Teaching resources", "20"),
    "A3": ("学校管理", "School management", "15"),
    "A4": ("教学应用", "Teaching application", "20"),
    "A5": ("信息技术应用", "Information technology application", "10"),
}
# The detail table (评估细表) names A3 differently from the summary table (评估总表).
AREA_DETAIL_TITLES = {"A3": "管理应用"}

B_EN = {
    1: "IT organisation and staff",
    2: "Dedicated funding and management rules",
    3: "Hardware and equipment",
    4: "Campus network layout",
    5: "Campus audio and video systems",
    6: "Campus security monitoring system",
    7: "Network centre",
    8: "School portal website",
    9: "Subject teaching resource library",
    10: "School-based online course resources",
    11: "Shared building of online teaching resources",
    12: "Digital resources",
    13: "Office automation and instant messaging",
    14: "\"Education card\" for everyone",
    15: "Teacher personnel and performance system",
    16: "Academic affairs system",
    17: "Comprehensive student evaluation system",
    18: "Asset management system",
    19: "Laboratory management system",
    20: "Library management system",
    21: "Smart classrooms",
    22: "Online learning spaces",
    23: "Lecture recording and IoT sensing systems",
    24: "Deep integration of resources and subject courses",
    25: "Effective educational technology research",
    26: "Regular IT training for teachers",
    27: "Summarising educational technology practice and research",
    28: "Network administrators up to standard",
    29: "Student and teacher IT innovation activities",
}

ITEM_EN = {
    "B1.1": "A smart-campus leading group headed by a school leader; regular IT work meetings, at least once a term, with minutes and process records.",
    "B1.2": "IT work is in the school's term and year plans, and there is a 13th Five-Year education IT development plan.",
    "B1.3": "A middle-management unit (e.g. an audio-visual education centre) with term work plans and summaries.",
    "B1.4": "Two full-time network administrators for a four-star senior high school, one for other schools; they hold a county-level (or higher) network security certificate or equivalent.",
    "B2.1": "Education IT infrastructure, key projects, operation and maintenance funds are budgeted and spent; accounts of IT spending and equipment acceptance lists for the last three years are provided.",
    "B2.2": "A medium- and long-term IT development plan and yearly plans; complete rules for the use, management and maintenance of IT facilities; incentives that speed up IT development and raise information literacy.",
    "B3.1": "Student : computer ratio meets Jiangsu's class-I equipment standard (primary 10:1, junior 8:1, senior 6:1); teacher : computer ratio 1:1.",
    "B3.2": "All classrooms and multi-purpose rooms have multimedia teaching equipment, and a number of interactive teaching systems.",
    "B3.3": "Computer network classrooms at least meet Jiangsu's compulsory-education school standard, serving IT lessons and the integration of IT with the curriculum.",
    "B3.4": "Compulsory-education schools have 1-2 e-reading rooms that seat a whole class, open regularly.",
    "B3.5": "Digital laboratories, digital learning classrooms, robotics laboratories and similar rooms; vocational schools have digital skills classrooms and simulation training rooms.",
    "B4.1": "Network information points cover every place on campus.",
    "B4.2": "Backbone bandwidth of 1000M or more, with 100M to the desktop.",
    "B4.3": "Connected to the education metropolitan network.",
    "B4.4": "A managed campus wireless network serving teaching, office and student activity areas.",
    "B5.1": "A separate smart broadcast system: scheduled and zoned playback, arbitrary zone grouping, wireless remote control and emergency broadcast.",
    "B5.2": "Campus CCTV (or network video) relays high-quality multi-channel TV across all teaching areas: own programmes, video conferences, teaching videos.",
    "B5.3": "A video production centre or campus TV station that regularly broadcasts teaching videos.",
    "B6.1": "A campus security system with sensible camera points, staffed (guards), linked to 110, monitored in real time and viewable on the campus network with an account.",
    "B7.1": "Servers for all applications with data exchange between them; virtualisation for efficient server use; server logs; network points in every teaching area, with a port map and maintenance records.",
    "B7.2": "Firewall, network monitoring, internet-behaviour management and anti-virus systems; an information-security emergency plan; at least 30 days of per-user access logs that can be searched.",
    "B7.3": "The network centre meets the equipment requirements of Jiangsu's compulsory-education school standard.",
    "B8.1": "An attractive, full-featured portal that integrates the school's information and serves it promptly.",
    "B8.2": "The portal integrates the school's information with unified authorisation and single sign-on to internal systems, and meets the national information-security classified-protection requirements.",
    "B8.3": "The website links to the provincial, county and county-level education websites and the provincial public service platform.",
    "B8.4": "Meets level 1 of the national information-security classified protection.",
    "B9.1": "A subject teaching resource library (bought, made, downloaded, linked) covering every grade and subject, of a fair size, usable in multimedia and network settings.",
    "B10.1": "Special-topic websites built on the school's strengths (subject study, research, activities, teacher blogs, mental health), kept up to date.",
    "B11.1": "The school is on the public education resource platform; teachers upload resources; 80% of teachers upload at least 2 resources a term to county-level or higher platforms.",
    "B12.1": "E-books and e-journals shared for teachers and students, readable on computers, all-in-one teaching machines, tablets and phones, plentiful and easy to search.",
    "B13.1": "Paperless office and home-school interaction with phones, tablets, Weibo and WeChat official accounts over the campus network and 4G.",
    "B14.1": "The education card makes identification, teaching and campus services easier for teachers and students.",
    "B15.1": "A complete, current personnel system with teachers' records: basic information, teaching, awards, papers, annual reviews, promotions.",
    "B16.1": "Online timetabling, course selection, and real-time notice of teaching changes.",
    "B17.1": "A scientific evaluation of students' overall qualities and development; kept current and easy to query.",
    "B18.1": "Efficient asset management and repair requests; kept current and easy to query.",
    "B19.1": "Digital management of experiments, results, instruments and laboratory information; kept current and easy to query.",
    "B20.1": "Library cataloguing, search, lending, statistics and new-book recommendations; the library is managed digitally.",
    "B21.1": "The smart-education cloud platform's resources are used well and give students an open learning environment.",
    "B21.2": "Digital learning such as flipped classrooms and e-schoolbags; at least one smart-classroom demonstration lesson a term.",
    "B22.1": "On the smart-education cloud platform, 80% of teachers and students have real-name online learning spaces.",
    "B23.1": "Lecture recording and IoT sensing systems, used at least weekly to share good lessons and upload them to school-level or higher resource sites.",
    "B24.1": "Deep integration of IT with subject teaching; male teachers under 50 and female teachers under 46 prepare lessons online and have electronic lesson plans.",
    "B25.1": "Subject groups hold network-based joint lesson preparation or research at least monthly; schools hold network-based joint research or pairing at least once a term.",
    "B25.2": "Takes part at least once a term in educational technology research organised by higher authorities.",
    "B25.3": "Research projects run to plan with secured funding; at least one county-level or higher educational technology project.",
    "B26.1": "1-2 targeted training sessions a term; from 2015 to 2017 every teacher takes at least 50 hours of IT application training.",
    "B27.1": "Papers and books on educational technology; award certificates, pictures, videos and web links provided.",
    "B28.1": "Network administrators hold county-level or higher network management or security certificates, and pass administrator training at least every two years.",
    "B29.1": "Technology activities through clubs and interest groups: computer art, online writing, IT and innovation.",
    "B29.2": "Takes part in IT-related competitions organised by education authorities at all levels, and wins awards.",
}


def seed_table_lines() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("三、评估细表")
    end = lines.index("附件3:")
    body = [ln.strip() for ln in lines[start + 1 : end] if ln.strip()]
    # Rejoin the ratio text the flattening broke after each colon ("10:" / "1,").
    joined: list[str] = []
    for ln in body:
        if joined and joined[-1].endswith(":"):
            joined[-1] += ln
        else:
            joined.append(ln)
    return joined


def parse() -> list[dict]:
    lines = seed_table_lines()
    a_header = re.compile(r"^A([1-5])$")
    b_header = re.compile(r"^B(\d+)$")
    indicators: list[dict] = []
    area = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        if m := a_header.match(ln):
            area = f"A{m.group(1)}"
            i += 1
            # Skip the A's title and points lines ("校园环境" "35分" / "管理应用15分").
            while i < len(lines) and not b_header.match(lines[i]):
                i += 1
            continue
        if m := b_header.match(ln):
            n = int(m.group(1))
            k = NAME_LINES.get(n, 1)
            name = "".join(lines[i + 1 : i + 1 + k])
            i += 1 + k
            items: list[dict] = []
            req: list[str] = []
            while i < len(lines) and not b_header.match(lines[i]) and not a_header.match(lines[i]):
                if re.fullmatch(r"\d+", lines[i]):
                    items.append({"lines": req, "points": lines[i]})
                    req = []
                else:
                    req.append(lines[i])
                i += 1
            assert not req, f"B{n}: requirement text without points: {req}"
            indicators.append({"area": area, "n": n, "name": name, "items": items})
            continue
        i += 1  # table headings (一级 指标 二级指标 …)
    return indicators


def build() -> dict:
    parsed = parse()
    areas = []
    for aid, (zh, en, weight) in AREAS.items():
        inds = []
        for b in (x for x in parsed if x["area"] == aid):
            bid = f"B{b['n']}"
            items = []
            for k, it in enumerate(b["items"], start=1):
                iid = f"{bid}.{k}"
                items.append(
                    {
                        "id": iid,
                        "text": {"zh": "".join(it["lines"]), "en": ITEM_EN[iid]},
                        "checklist": [{"zh": s} for s in it["lines"]],
                        "points": it["points"],
                    }
                )
            inds.append({"id": bid, "title": {"zh": b["name"], "en": B_EN[b["n"]]}, "items": items})
        area = {"id": aid, "title": {"zh": zh, "en": en}, "weight": weight, "indicators": inds}
        if aid in AREA_DETAIL_TITLES:
            area["detail_title"] = {"zh": AREA_DETAIL_TITLES[aid]}
        areas.append(area)
    return {
        "format": "workbench-rubric/1",
        "id": "majiang-2015",
        "title": {
            "zh": "麻江县中小学智慧校园评估细则",
            "en": "Majiang County Primary and Secondary School Smart Campus Evaluation Rubric",
        },
        "source": "麻江县中小学“智慧校园”建设工作计划 附件2:麻江县中小学智慧校园评估细则",
        "total_points": "100",
        "rules": {
            "score_step": "0.5",
            "grade_bands": [
                {"min_total": "85", "outcome": "demonstration",
                 "title": {"zh": "智慧校园示范校", "en": "Smart campus demonstration school"}},
                {"min_total": "75", "outcome": "qualified",
                 "title": {"zh": "智慧校园合格校", "en": "Smart campus qualified school"}},
            ],
            "below_bands_outcome": "not_awarded",
            "minimum_total": "30",
            "security_incident_not_evaluated": True,
            "self_assessment_margin": "10",
            "evidence_period_years": 2,
            "methods": [
                {"id": "report", "title": {"zh": "听取汇报", "en": "Hearing the school's report"}},
                {"id": "site_visit", "title": {"zh": "现场察看", "en": "On-site inspection"}},
                {"id": "cross_check", "title": {"zh": "查对核实", "en": "Checking and verifying"}},
                {"id": "questionnaire", "title": {"zh": "问卷调查", "en": "Questionnaire survey"}},
                {"id": "documents", "title": {"zh": "查阅资料", "en": "Reviewing documents"}},
                {"id": "interview", "title": {"zh": "座谈了解", "en": "Discussion meetings"}},
            ],
            "quotes": {
                "grade_bands": "经评估验收,总分达85分及以上的学校可被评为“智慧校园示范校”;总分达75-84分的学校可被评为“智慧校园合格校”。",
                "methods": "评估验收采取听取汇报、现场察看、查对核实、问卷调查、查阅资料、座谈了解等形式,学校上报近两年教育信息化应用的材料供评审。",
                "scoring": "评估验收采用打分办法,各项指标在规定分值内由评估小组评议打分。",
                "not_evaluated": "指标总分未达到30分或学校网络管理缺乏安全保障措施,造成校园网络安全事故的,不予评估验收。",
            },
        },
        "checks": [
            {
                "id": "student_computer_ratio",
                "item": "B3.1",
                "kind": "ratio_at_most",
                "numerator": "students",
                "denominator": "student_computers",
                "limit_by_stage": {
                    "primary": "10", "teaching-point": "10", "junior": "8",
                    "nine-year": "8", "senior": "6", "complete": "6",
                },
                "message": {
                    "zh": "生机比 {value}:1,超过 {limit}:1 的要求",
                    "en": "Students per computer {value}:1 exceeds the required {limit}:1",
                },
            },
            {
                "id": "teacher_computer_ratio",
                "item": "B3.1",
                "kind": "ratio_at_most",
                "numerator": "teachers",
                "denominator": "teacher_computers",
                "limit": "1",
                "message": {
                    "zh": "师机比 {value}:1,未达到 1:1",
                    "en": "Teachers per computer {value}:1 does not reach 1:1",
                },
            },
            {
                "id": "network_admins",
                "item": "B1.4",
                "kind": "at_least",
                "fact": "network_admins",
                "minimum": "1",
                "minimum_when": [{"stage": "senior", "four_star": True, "minimum": "2"}],
                "message": {
                    "zh": "专职网管员 {value} 名,要求至少 {limit} 名",
                    "en": "{value} full-time network administrator(s); at least {limit} required",
                },
            },
        ],
        "areas": areas,
    }


def main() -> int:
    data = build()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if "--check" in sys.argv:
        return 0 if OUT.read_text(encoding="utf-8") == text else 1
    OUT.write_text(text, encoding="utf-8")
    n_b = sum(len(a["indicators"]) for a in data["areas"])
    n_i = sum(len(b["items"]) for a in data["areas"] for b in a["indicators"])
    print(f"wrote {OUT}: {n_b} B-indicators, {n_i} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
