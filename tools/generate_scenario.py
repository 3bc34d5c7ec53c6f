#!/usr/bin/env python3
"""Deterministic scenario generator (and checker) for CommunityMatch.

    python3 tools/generate_scenario.py --scale street --seed 48 --out DIR
        [--week 2026-W48] [--name TEXT] [--street 南关街道] [--city yuanping|kunming|nanjing]
        [--encoding utf8|gb18030] [--declare-encoding] [--bom] [--crlf] [--chinese-headers]
        [--no-projects] [--no-resources]
    python3 tools/generate_scenario.py --preset nanguan-street --out DIR
    python3 tools/generate_scenario.py --check DIR [--scale street]
    python3 tools/generate_scenario.py --check-presets

The same arguments give byte-identical files on any machine: every random draw comes from a
`random.Random` seeded from the seed and a section name, everything is sorted, no hash() or set
iteration order is used, and geometry is computed in metres with +, -, *, / and sqrt only (no libm
trigonometry), then converted to degrees with fixed constants.

Python 3.11, standard library only.
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time

# --------------------------------------------------------------------------------------------------
# Columns: mirrors Sources/ScenarioIO/Columns.swift (English name, Chinese aliases, required).

COLUMNS = {
    "communities": [
        ("id", ["编号", "社区编号"], True),
        ("name", ["名称", "社区名称"], False),
        ("street", ["街道"], False),
        ("lat", ["纬度"], True),
        ("lon", ["经度"], True),
    ],
    "members": [
        ("id", ["编号", "党员编号"], True),
        ("name", ["姓名", "名称"], False),
        ("unit", ["单位", "所在单位"], True),
        ("community", ["社区", "报到社区"], True),
        ("skills", ["技能", "专长"], False),
        ("slots", ["时段", "可服务时段"], True),
        ("max_hours", ["最多小时", "每周最多小时"], False),
        ("phone", ["电话", "联系电话"], False),
    ],
    "units": [
        ("id", ["编号", "单位编号"], True),
        ("name", ["名称", "单位名称"], False),
        ("kind", ["类型", "单位类型"], False),
        ("pledge_hours", ["承诺小时", "承诺时长"], False),
        ("contact", ["联系人", "联系方式"], False),
    ],
    "resources": [
        ("id", ["编号", "资源编号"], True),
        ("unit", ["单位", "所属单位"], True),
        ("kind", ["类型", "资源类型"], True),
        ("name", ["名称", "资源名称"], False),
        ("community", ["社区", "所在社区"], False),
        ("capacity", ["容量"], False),
        ("slots", ["时段", "可用时段"], False),
        ("quantity", ["数量", "每周额度"], False),
        ("tags", ["标签"], False),
    ],
    "needs": [
        ("id", ["编号", "需求编号"], True),
        ("community", ["社区"], True),
        ("category", ["类别", "需求类别"], False),
        ("title", ["标题", "需求内容", "内容"], False),
        ("headcount", ["人数", "所需人数"], False),
        ("hours", ["小时", "时长"], True),
        ("slots", ["时段", "可接受时段"], True),
        ("skills", ["技能", "所需技能"], False),
        ("priority", ["优先级"], False),
        ("vulnerable", ["困难群体", "特殊群体"], False),
        ("resources", ["资源", "所需资源"], False),
        ("preferred_member", ["指定党员", "偏好党员"], False),
        ("max_travel", ["最远路程", "最长路程分钟"], False),
    ],
    "projects": [
        ("id", ["编号", "项目编号"], True),
        ("community", ["社区"], True),
        ("title", ["标题", "项目名称", "名称"], False),
        ("category", ["类别", "项目类别"], False),
        ("slots", ["时段", "可接受时段"], True),
        ("hours", ["小时", "时长"], True),
        ("roles", ["岗位", "角色"], True),
        ("resources", ["资源", "所需资源"], False),
        ("beneficiaries", ["受益人数", "服务人数"], True),
        ("priority", ["优先级"], False),
    ],
    "travel": [
        ("from", ["起点", "从"], True),
        ("to", ["终点", "到"], True),
        ("minutes", ["分钟", "路程分钟"], True),
    ],
    "pins": [
        ("task", ["任务", "任务编号"], True),
        ("member", ["党员", "党员编号"], True),
        ("slot", ["时段"], False),
    ],
}
FILE_ORDER = ["communities", "units", "members", "needs", "projects", "resources"]

# --------------------------------------------------------------------------------------------------
# Scales (SPEC "Scale" table), cities, presets.

SCALES = {
    #          communities streets members units needs projects resources
    "tiny": dict(communities=3, streets=1, members=10, units=3, needs=8, projects=1, resources=2),
    # One community's week and a few communities' week, the sizes street offices plan most often.
    "community": dict(communities=3, streets=1, members=30, units=6, needs=40, projects=3, resources=8),
    "small": dict(communities=4, streets=1, members=100, units=12, needs=150, projects=5, resources=10),
    "street": dict(communities=8, streets=1, members=400, units=40, needs=600, projects=20, resources=30),
    "county": dict(communities=22, streets=3, members=4200, units=300, needs=3000, projects=100, resources=210),
    "capital": dict(communities=370, streets=80, members=10000, units=1950, needs=20000, projects=800,
                    resources=1400),
}
# Balance knobs, so that about 80-90% of the needs can be covered at every scale although the source
# figures differ (county: 1.4 members per need, capital: 0.5). `occasional`: the share of members who are
# free in one slot only (most reported members of a county city serve rarely);
# `short_needs`: the share of needs cut to their shortest length and one person (a capital's many
# small requests); `skill_boost`: skill probabilities multiplied (a capital's members are more often
# professionals: two needs per member leave the skilled ones short otherwise).
KNOBS = {
    "tiny": dict(occasional=0.0, short_needs=0.0, skill_boost=1.0),
    "community": dict(occasional=0.0, short_needs=0.0, skill_boost=1.0),
    "small": dict(occasional=0.0, short_needs=0.0, skill_boost=1.0),
    "street": dict(occasional=0.0, short_needs=0.0, skill_boost=1.0),
    "county": dict(occasional=0.6, short_needs=0.0, skill_boost=1.0),
    "capital": dict(occasional=0.0, short_needs=0.65, skill_boost=1.8),
}

# lat0, lon0 in degrees; cos(lat0) as a literal so no libm call decides a coordinate.
M_PER_DEG_LAT = 111194.92664455873  # 6371 km * pi / 180, the reader's earth radius
CITIES = {
    "yuanping": dict(lat=38.7300, lon=112.7100, cos=0.7801029240842681, city="原平市",
                     districts=["原平市"]),
    "kunming": dict(lat=25.0400, lon=102.7100, cos=0.9060125229930568, city="昆明市",
                    districts=["五华区", "盘龙区", "官渡区", "西山区", "呈贡区"]),
    "nanjing": dict(lat=32.0600, lon=118.7700, cos=0.8474927011076552, city="南京市",
                    districts=["鼓楼区"]),
}
DEFAULT_CITY = {"tiny": "kunming", "community": "yuanping", "small": "yuanping", "street": "yuanping", "county": "yuanping", "capital": "kunming"}

PRESETS = {
    "nanguan-street": ["--scale", "street", "--seed", "48", "--week", "2026-W48", "--city", "yuanping",
                       "--street", "南关街道", "--name", "南关街道 2026-W48"],
    "gulou-street-gbk": ["--scale", "street", "--seed", "1127", "--week", "2026-W48", "--city", "nanjing",
                         "--street", "鼓楼街道", "--name", "鼓楼街道 2026-W48", "--encoding", "gb18030",
                         "--chinese-headers", "--crlf"],
}

# --------------------------------------------------------------------------------------------------
# Slots: Mon..Sun x AM(4 h) PM(4 h) EVE(2 h), the SPEC defaults.

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
PERIODS = ["AM", "PM", "EVE"]
PERIOD_HOURS = [4.0, 4.0, 2.0]
ALL_SLOTS = [(d, p) for d in range(7) for p in range(3)]
AM, PM, EVE = 0, 1, 2
WEEKDAYS = [0, 1, 2, 3, 4]
WEEKEND = [5, 6]
# Nobody generated is ever free on Monday or Tuesday before 18:00: in-service members work then.
NEVER_FREE = [(0, AM), (0, PM), (1, AM), (1, PM)]


def slot_label(s):
    return f"{DAYS[s[0]]}-{PERIODS[s[1]]}"


_DAY_WORDS = {
    "any": list(range(7)), "all": list(range(7)), "weekend": WEEKEND, "weekday": WEEKDAYS,
    "weekdays": WEEKDAYS, "周末": WEEKEND, "工作日": WEEKDAYS,
}
for _i, _d in enumerate(DAYS):
    _DAY_WORDS[_d.lower()] = [_i]
for _i, _d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]):
    _DAY_WORDS[_d] = [_i]
for _i, _d in enumerate(["周一", "周二", "周三", "周四", "周五", "周六", "周日"]):
    _DAY_WORDS[_d] = [_i]


def parse_slot_token(tok):
    """Mirrors SlotCalendar.parse: `Sat-AM`, `Sat`, `weekend`, `weekday-EVE`, `any`; None if invalid."""
    t = tok.strip()
    if not t:
        return None
    parts = t.split("-", 1)
    days = _DAY_WORDS.get(parts[0].lower())
    if days is None:
        return None
    periods = [0, 1, 2]
    if len(parts) == 2:
        name = parts[1].lower()
        if name not in [p.lower() for p in PERIODS]:
            return None
        periods = [[p.lower() for p in PERIODS].index(name)]
    return [(d, p) for d in days for p in periods]


# Group tokens tried in this order when writing a set of slots compactly.
_GROUPS = (
    [("any", ALL_SLOTS), ("weekday", [(d, p) for d in WEEKDAYS for p in range(3)]),
     ("weekend", [(d, p) for d in WEEKEND for p in range(3)])]
    + [(f"weekday-{PERIODS[p]}", [(d, p) for d in WEEKDAYS]) for p in range(3)]
    + [(DAYS[d], [(d, p) for p in range(3)]) for d in range(7)]
    + [(f"weekend-{PERIODS[p]}", [(d, p) for d in WEEKEND]) for p in range(3)]
)


def slots_text(slots):
    """A set of slots as `|`-separated tokens: group tokens where they cover at least two new slots."""
    want = sorted(set(slots))
    wanted = set(want)
    covered = set()
    tokens = []
    for name, group in _GROUPS:
        if all(s in wanted for s in group):
            new = [s for s in group if s not in covered]
            if len(new) >= 2:
                tokens.append((min(group), name))
                covered.update(group)
    for s in want:
        if s not in covered:
            tokens.append((s, slot_label(s)))
            covered.add(s)
    tokens.sort()
    return "|".join(name for _, name in tokens)


# --------------------------------------------------------------------------------------------------
# Name pools.

SURNAMES = [
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("赵", 23), ("黄", 22), ("周", 19),
    ("吴", 20), ("徐", 14), ("孙", 15), ("胡", 13), ("朱", 13), ("高", 12), ("林", 11), ("何", 12), ("郭", 12),
    ("马", 13), ("罗", 9), ("梁", 9), ("宋", 8), ("郑", 9), ("谢", 8), ("韩", 7), ("唐", 8), ("冯", 7),
    ("于", 5), ("董", 5), ("萧", 2), ("程", 5), ("曹", 7), ("袁", 5), ("邓", 7), ("许", 7), ("傅", 3),
    ("沈", 4), ("曾", 6), ("彭", 6), ("吕", 4), ("苏", 4), ("卢", 4), ("蒋", 5), ("蔡", 5), ("贾", 3),
    ("丁", 4), ("魏", 4), ("薛", 2), ("叶", 5), ("阎", 2), ("余", 5), ("潘", 5), ("杜", 5), ("戴", 2),
    ("夏", 3), ("钟", 3), ("汪", 3), ("田", 6), ("任", 4), ("姜", 4), ("范", 3), ("方", 3), ("石", 3),
    ("姚", 4), ("谭", 3), ("廖", 3), ("邹", 3), ("熊", 3), ("金", 3), ("陆", 3), ("郝", 2), ("孔", 2),
    ("白", 3), ("崔", 4), ("康", 2), ("毛", 2), ("邱", 3), ("秦", 3), ("江", 3), ("史", 2), ("顾", 2),
    ("侯", 2), ("邵", 2), ("孟", 3), ("龙", 2), ("万", 2), ("段", 2), ("雷", 2), ("钱", 2), ("汤", 2),
    ("尹", 3), ("黎", 2), ("易", 2), ("常", 2), ("武", 2), ("乔", 2), ("贺", 2), ("赖", 2), ("龚", 2),
    ("文", 2),
]
GIVEN_MALE = list("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳亮兵峰斌成东晨")
GIVEN_FEMALE = list("芳娜敏静丽艳娟霞燕玲丹萍红英慧婷雪琳颖倩洁佳璐晶兰梅莉华琴云")
GIVEN_DOUBLE = [
    "建国", "建华", "国强", "志强", "志明", "海涛", "文军", "晓东", "建军", "永刚", "卫东", "红军", "德明",
    "秀英", "桂英", "秀兰", "玉兰", "丽华", "春梅", "海燕", "晓燕", "淑珍", "丽娟", "雪梅", "晓丽", "文静",
    "子涵", "浩然", "宇轩", "梓萱", "欣怡", "思远", "嘉怡", "俊杰", "鹏飞", "晓明", "志刚", "红梅", "玉梅",
    "金凤", "建平", "振华", "永生", "利民", "新民", "立新", "宏伟", "晓华", "婷婷", "佳琪", "明辉", "国庆",
]
ELDER_TITLES = ["奶奶", "爷爷", "大爷", "大娘", "阿姨", "老人"]

PLACE_WORDS = [
    "南关", "北门", "东风", "西湖", "文化", "建设", "人民", "和平", "解放", "新华", "胜利", "光明", "朝阳",
    "青年", "工农", "团结", "幸福", "红旗", "前进", "民主", "春城", "翠湖", "金碧", "龙泉", "白塔", "书林",
    "桃园", "杏林", "梨园", "柳营", "松山", "桂苑", "兰亭", "梅园", "竹园", "莲花", "荷塘", "石桥", "铁路",
    "电厂", "化工", "纺织", "机械", "学府", "康宁", "安居", "宜居", "锦华", "锦绣", "瑞丰", "丰收", "汇丰",
    "金星", "银河", "星光", "晨光", "曙光", "彩云", "云锦", "青云", "龙翔", "华山", "护国", "大观", "拓东",
    "吴井", "金马", "关上", "太和", "五一", "迎宾", "永安", "长乐", "福寿", "仁和", "德胜", "钟楼", "城隍",
    "府前", "东门", "西门", "南门", "北关", "东关", "西关", "新村", "园林", "滨河", "沿河", "双塔", "古城",
    "公园", "车站", "体育", "医学", "师范", "农科", "林业", "水利", "电力", "矿机", "煤建", "商业", "百货",
    "粮食", "供销", "邮电", "航运", "云山", "凤凰", "麒麟", "福海", "宝善", "顺城", "景星", "正义", "武成",
]
PLACE_SUFFIXES = ["", "", "路", "街", "巷", "里", "苑", "园", "坊", "新村", "花园"]
OUTLYING_SUFFIXES = ["村", "新区", "郊区", "工业园"]
STREET_WORDS = [
    "南关", "北关", "鼓楼", "华山", "护国", "大观", "翠湖", "金碧", "龙翔", "青云", "莲华", "拓东", "吴井",
    "金马", "关上", "太和", "春城", "东华", "联盟", "虹山", "盘龙", "茨坝", "双龙", "官渡", "六甲", "前卫",
    "碧鸡", "马街", "永昌", "普吉", "丰宁", "西翥", "龙泉", "青年路", "南城", "北城", "东城", "西城",
    "新城", "古城", "滇池", "螺蛳湾", "海埂", "福海", "金星", "小坝", "大板桥", "阿拉", "洛龙", "吴家营",
    "雨花", "斗南", "七甸", "马金铺", "乌龙", "大渔", "上蒜", "昆阳", "晋城", "二街", "宝峰", "双河",
    "钱局街", "建新", "书林", "白马", "团结", "谷律", "棕树营", "黑林铺", "海口", "龙门", "碧鸡关",
    "金殿", "松华", "滇源", "阿子营", "官南", "矣六", "太平", "高峣", "明波", "新迎", "菊华", "东风",
    "广福", "宏仁", "春雨", "彩云北", "世纪城",
]

# Unit kinds: share of the units, size factor (members per unit relative), templates.
# A template is (name pattern, sub-weight, skill probabilities, resource template names).
# {d} a district, {p} a place word.
UNIT_KINDS = [
    ("机关", 22, 1.3),
    ("事业单位", 12, 1.0),
    ("医院", 6, 2.2),
    ("学校", 12, 1.5),
    ("国企", 12, 1.4),
    ("企业", 24, 0.7),
    ("银行", 8, 0.8),
    ("律所", 4, 1.1),
]
UNIT_TEMPLATES = {
    "机关": [
        ("{p}街道办事处", 3, {}, ["fund", "meeting-room"]),
        ("{d}财政局", 1, {}, ["meeting-room", "car"]),
        ("{d}税务局{p}税务所", 1, {}, ["meeting-room"]),
        ("{d}人力资源和社会保障局", 1, {"counseling": 0.05}, ["meeting-room"]),
        ("{d}住房和城乡建设局", 1, {"repair": 0.12, "electrician": 0.05}, ["car"]),
        ("{d}市场监督管理局{p}所", 1, {}, ["meeting-room"]),
        ("{d}司法局{p}司法所", 1, {"legal": 0.45}, ["meeting-room"]),
        ("{d}人民法院", 1, {"legal": 0.35}, ["meeting-room", "car"]),
        ("{d}人民检察院", 1, {"legal": 0.3}, ["meeting-room"]),
        ("{d}公安分局{p}派出所", 1, {"driving": 0.25}, ["car"]),
        ("{d}民政局", 1, {"counseling": 0.06}, ["car"]),
        ("{d}教育体育局", 1, {"tutoring": 0.25}, ["meeting-room"]),
        ("{d}卫生健康局", 1, {"medical": 0.12}, ["meeting-room"]),
        ("{d}自然资源局", 1, {}, ["meeting-room"]),
        ("{d}统计局", 1, {}, []),
        ("{d}应急管理局", 1, {"electrician": 0.06}, ["car"]),
    ],
    "事业单位": [
        ("{d}图书馆", 1, {"tutoring": 0.2}, ["hall"]),
        ("{d}文化馆", 1, {}, ["hall"]),
        ("{d}疾病预防控制中心", 1, {"medical": 0.35}, ["health-kit"]),
        ("{d}不动产登记中心", 1, {}, ["meeting-room"]),
        ("{d}社会保险服务中心", 1, {}, ["meeting-room"]),
        ("{d}融媒体中心", 1, {}, ["car"]),
        ("{d}住房公积金管理中心", 1, {}, ["meeting-room"]),
        ("{d}市政设施维护中心", 1, {"repair": 0.3, "electrician": 0.15}, ["repair-kit", "van"]),
        ("{d}心理援助热线中心", 1, {"counseling": 0.5}, []),
        ("{d}{p}文化站", 1, {"tutoring": 0.1}, ["meeting-room"]),
        ("{d}{p}便民服务中心", 1, {}, ["meeting-room"]),
        ("{d}{p}养老服务中心", 1, {"counseling": 0.15, "medical": 0.1}, ["meeting-room"]),
        ("{d}{p}退役军人服务站", 1, {"driving": 0.2}, []),
    ],
    "医院": [
        ("{d}人民医院", 2, {"medical": 0.45, "counseling": 0.04}, ["hospital-hall", "health-kit"]),
        ("{d}中医医院", 1, {"medical": 0.45}, ["hospital-hall", "health-kit"]),
        ("{d}妇幼保健院", 1, {"medical": 0.4, "counseling": 0.05}, ["hospital-hall"]),
        ("{p}社区卫生服务中心", 2, {"medical": 0.5}, ["health-kit"]),
        ("{d}第二人民医院", 1, {"medical": 0.4}, ["hospital-hall", "health-kit"]),
    ],
    "学校": [
        ("{d}{p}小学", 3, {"tutoring": 0.55, "counseling": 0.04}, ["classroom"]),
        ("{d}第{n}中学", 3, {"tutoring": 0.55, "counseling": 0.05}, ["classroom"]),
        ("{d}职业技术学校", 1, {"tutoring": 0.3, "repair": 0.15, "electrician": 0.12, "haircut": 0.06},
         ["classroom", "repair-kit"]),
        ("{p}幼儿园", 1, {"tutoring": 0.2}, []),
        ("{d}实验学校", 1, {"tutoring": 0.55}, ["classroom"]),
    ],
    "国企": [
        ("国网{d}供电公司", 2, {"electrician": 0.4, "repair": 0.1, "driving": 0.2}, ["van", "repair-kit"]),
        ("{d}燃气有限公司", 1, {"repair": 0.3}, ["repair-kit"]),
        ("{d}水务集团有限公司", 1, {"repair": 0.3}, ["van"]),
        ("{d}公交集团有限公司", 1, {"driving": 0.6}, ["van"]),
        ("中国移动{d}分公司", 1, {"repair": 0.05}, ["meeting-room"]),
        ("中国电信{d}分公司", 1, {"repair": 0.05}, ["meeting-room"]),
        ("中国邮政{d}分公司", 1, {"driving": 0.3}, ["van"]),
        ("{d}热力有限公司", 1, {"repair": 0.25}, ["repair-kit"]),
        ("国网{d}供电公司{p}供电所", 2, {"electrician": 0.4, "repair": 0.1}, ["repair-kit"]),
        ("中国移动{d}分公司{p}营业厅", 1, {"repair": 0.05}, []),
        ("{d}燃气有限公司{p}服务站", 1, {"repair": 0.3}, ["repair-kit"]),
        ("中国邮政{d}分公司{p}邮政所", 1, {"driving": 0.3}, ["van"]),
        ("{d}水务集团{p}供水所", 1, {"repair": 0.3}, []),
    ],
    "企业": [
        ("{p}美容美发有限公司", 2, {"haircut": 0.85}, ["haircut-kit"]),
        ("{p}物业服务有限公司", 2, {"repair": 0.4, "electrician": 0.15}, ["repair-kit"]),
        ("{p}商贸有限公司", 2, {"driving": 0.2}, ["van"]),
        ("{p}科技有限公司", 2, {"tutoring": 0.12}, ["meeting-room"]),
        ("{p}建筑工程有限公司", 1, {"repair": 0.3, "electrician": 0.2}, ["van"]),
        ("{p}物流有限公司", 1, {"driving": 0.6}, ["van"]),
        ("{p}餐饮管理有限公司", 1, {}, []),
        ("{p}连锁超市有限公司", 1, {"driving": 0.15}, ["van"]),
        ("{p}家政服务有限公司", 1, {"repair": 0.2, "haircut": 0.1}, []),
        ("{p}汽车销售服务有限公司", 1, {"driving": 0.4, "repair": 0.1}, ["van"]),
    ],
    "银行": [
        ("中国工商银行{p}支行", 1, {}, ["bank-hall"]),
        ("中国建设银行{p}支行", 1, {}, ["bank-hall", "bank-fund"]),
        ("中国农业银行{p}支行", 1, {}, ["bank-hall"]),
        ("中国银行{p}支行", 1, {}, ["bank-hall"]),
        ("{d}农村商业银行{p}支行", 1, {}, ["bank-hall", "bank-fund"]),
        ("中国邮政储蓄银行{p}支行", 1, {}, ["bank-hall"]),
    ],
    "律所": [
        ("{p}律师事务所", 1, {"legal": 0.8}, []),
    ],
}
# Skills everybody may have regardless of the unit (probabilities).
BASE_SKILLS = {"driving": 0.16, "repair": 0.06, "tutoring": 0.06, "electrician": 0.012, "counseling": 0.01,
               "haircut": 0.015, "medical": 0.008, "legal": 0.008}
SKILL_ORDER = ["driving", "repair", "tutoring", "electrician", "counseling", "haircut", "medical", "legal"]
SCARCE = ["medical", "legal", "haircut", "counseling", "electrician"]
SCARCE_SET = frozenset(SCARCE)

# Resource templates: kind, name, capacity, slots (as a set), quantity, tags, empty community.
_WEEKEND_ALL = [(d, p) for d in WEEKEND for p in range(3)]
_WEEKDAY_EVE = [(d, EVE) for d in WEEKDAYS]
_WEEKEND_DAY = [(d, p) for d in WEEKEND for p in (AM, PM)]
RESOURCE_TEMPLATES = {
    "fund": ("funds", "{p}街道社区基金", 1, [], 2000, ["community-fund"], True),
    "bank-fund": ("funds", "公益助老基金", 1, [], 1000, ["elderly"], True),
    "meeting-room": ("venue", "会议室", 40, _WEEKEND_ALL + _WEEKDAY_EVE, None, ["meeting-room"], False),
    "hall": ("venue", "报告厅", 100, _WEEKEND_DAY, None, ["hall"], False),
    "hospital-hall": ("venue", "会议厅", 60, _WEEKEND_DAY, None, ["hall", "medical"], False),
    "classroom": ("venue", "教室", 40, _WEEKEND_DAY + _WEEKDAY_EVE, None, ["classroom"], False),
    "bank-hall": ("venue", "多功能厅", 30, _WEEKEND_DAY, None, ["meeting-room"], False),
    "car": ("vehicle", "公务用车", 5, _WEEKEND_DAY, None, ["car"], False),
    "van": ("vehicle", "面包车", 7, _WEEKEND_DAY + [(4, PM)], None, ["van"], False),
    "health-kit": ("equipment", "便携体检设备", 1, _WEEKEND_ALL, None, ["health-kit"], False),
    "repair-kit": ("equipment", "维修工具箱", 1, _WEEKEND_ALL + _WEEKDAY_EVE, None, ["repair-kit"], False),
    "haircut-kit": ("equipment", "理发工具箱", 1, _WEEKEND_DAY, None, ["haircut-kit"], False),
}

# --------------------------------------------------------------------------------------------------
# Helpers


def rng_for(seed, section):
    return random.Random(f"communitymatch:{seed}:{section}")


def wchoice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def fmt_num(x):
    if float(x) == int(x):
        return str(int(x))
    return f"{x:.1f}".rstrip("0").rstrip(".")


def id_width(prefix_default, count):
    return max(prefix_default, len(str(count)))


def person_name(rng):
    s = wchoice(rng, [a for a, _ in SURNAMES], [w for _, w in SURNAMES])
    r = rng.random()
    if r < 0.35:
        g = rng.choice(GIVEN_DOUBLE)
    elif r < 0.75:
        pool = GIVEN_MALE if rng.random() < 0.5 else GIVEN_FEMALE
        g = rng.choice(pool)
    else:
        pool = GIVEN_MALE if rng.random() < 0.5 else GIVEN_FEMALE
        g = rng.choice(pool) + rng.choice(pool)
        if g[0] == g[1] and rng.random() < 0.5:
            g = g[0]
    return s + g


class Phones:
    PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189"]

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def next(self):
        while True:
            p = self.rng.choice(self.PREFIXES) + f"{self.rng.randrange(100000000):08d}"
            if p not in self.used:
                self.used.add(p)
                return p


# --------------------------------------------------------------------------------------------------
# Geometry: metres east (x) and north (y) of the city centre.

BANDS = [(1095.0, 1155.0), (2220.0, 2280.0)]  # around 15 and 30 minutes at 4.5 km/h
REACH_15 = 1125.0


def dist(a, b):
    dx = a[0] - b[0]
    dy = a[1] - b[1]
    return math.sqrt(dx * dx + dy * dy)


def hex_points(spacing, n):
    r = 1
    while 3 * r * (r + 1) + 1 < n + 6:
        r += 1
    pts = []
    for i in range(-r - 1, r + 2):
        for j in range(-r - 1, r + 2):
            x = spacing * (i + j * 0.5)
            y = spacing * (j * 0.8660254037844386)
            pts.append((round(x * x + y * y, 3), j, i, x, y))
    pts.sort()
    return [(x, y) for _, _, _, x, y in pts[:n]]


def clear_of(p, placed, min_d=430.0):
    for q in placed:
        d = dist(p, q)
        if d < min_d:
            return False
        for lo, hi in BANDS:
            if lo <= d <= hi:
                return False
    return True


def random_direction(rng):
    while True:
        ux = rng.uniform(-1.0, 1.0)
        uy = rng.uniform(-1.0, 1.0)
        r2 = ux * ux + uy * uy
        if 0.25 <= r2 <= 1.0:
            r = math.sqrt(r2)
            return ux / r, uy / r


def to_latlon(city, p):
    lat = city["lat"] + p[1] / M_PER_DEG_LAT
    lon = city["lon"] + p[0] / (M_PER_DEG_LAT * city["cos"])
    return f"{lat:.6f}", f"{lon:.6f}"


# --------------------------------------------------------------------------------------------------
# Data model of the generator


class Gen:
    def __init__(self, args):
        self.args = args
        self.scale = args.scale
        self.cfg = dict(SCALES[args.scale])
        self.knobs = KNOBS[args.scale]
        self.seed = args.seed
        self.city = CITIES[args.city or DEFAULT_CITY[args.scale]]
        self.communities = []  # dicts: id, name, street, pos, lat, lon, outlying, w_members, w_needs
        self.units = []
        self.members = []
        self.resources = []
        self.needs = []
        self.projects = []
        self.deliberate = {}  # reason -> list of need ids (filled after ids are assigned)
        self.desert = None  # the community around which nobody counsels

    # ---------------------------------------------------------------- communities
    def gen_communities(self):
        rng = rng_for(self.seed, "communities")
        n = self.cfg["communities"]
        n_streets = self.cfg["streets"]
        if n_streets == 1:
            name = self.args.street or (rng.choice(STREET_WORDS) + "街道")
            street_names = [name]
            centers = [(0.0, 0.0)]
            sizes = [n]
        else:
            words = sorted(set(STREET_WORDS))
            if self.scale == "county":
                words = ["南城", "北城", "东城"]
            else:
                rng.shuffle(words)
            street_names = [w + "街道" for w in words[:n_streets]]
            centers = hex_points(3600.0 if self.scale == "capital" else 3200.0, n_streets)
            jittered = []
            for c in centers:
                jittered.append((c[0] + rng.uniform(-450, 450), c[1] + rng.uniform(-450, 450)))
            centers = jittered
            # Sizes: 3..7 communities, summing to n.
            base = n // n_streets
            sizes = [base] * n_streets
            for i in range(n - base * n_streets):
                sizes[i] += 1
            for _ in range(n_streets * 2):
                a = rng.randrange(n_streets)
                b = rng.randrange(n_streets)
                if a != b and sizes[a] < 7 and sizes[b] > 3:
                    sizes[a] += 1
                    sizes[b] -= 1
        districts = self.city["districts"]
        self.street_district = {}
        for i, s in enumerate(street_names):
            self.street_district[s] = districts[i * len(districts) // len(street_names)]

        used_names = set()

        def community_name(outlying):
            for _ in range(200):
                w = rng.choice(PLACE_WORDS)
                suf = rng.choice(OUTLYING_SUFFIXES) if outlying else rng.choice(PLACE_SUFFIXES)
                nm = w + suf + "社区"
                if nm not in used_names:
                    used_names.add(nm)
                    return nm
            k = 2
            while f"{w}{suf}第{k}社区" in used_names:
                k += 1
            nm = f"{w}{suf}第{k}社区"
            used_names.add(nm)
            return nm

        placed = []
        plan = []  # (street index, pos, outlying)
        # Which streets get an outlying community (a village-like community far from the rest).
        outlier_streets = []
        if self.scale in ("street", "county", "capital"):
            for si in range(n_streets):
                if self.scale == "street" or (self.scale == "county" and sizes[si] >= 7) or (
                        self.scale == "capital" and rng.random() < 0.2 and sizes[si] >= 4):
                    outlier_streets.append(si)
        for si in range(n_streets):
            k_main = sizes[si] - (1 if si in outlier_streets else 0)
            spacing = 950.0
            lattice = hex_points(spacing, k_main)
            for lp in lattice:
                base = (centers[si][0] + lp[0], centers[si][1] + lp[1])
                p = base
                for attempt in range(80):
                    j = 200.0 if attempt < 60 else 320.0
                    p = (base[0] + rng.uniform(-j, j), base[1] + rng.uniform(-j, j))
                    if clear_of(p, [q for q in placed if abs(q[0] - p[0]) < 3000 and abs(q[1] - p[1]) < 3000]):
                        break
                placed.append(p)
                plan.append((si, p, False))
        for si in outlier_streets:
            p = None
            for attempt in range(120):
                ux, uy = random_direction(rng)
                d = rng.uniform(2700.0, 3300.0)
                cand = (centers[si][0] + ux * d, centers[si][1] + uy * d)
                if all(dist(cand, q) >= 2450.0 for q in placed):
                    p = cand
                    break
            if p is None:
                # No room for a far community: a normal one at the street's edge instead.
                for attempt in range(200):
                    ux, uy = random_direction(rng)
                    cand = (centers[si][0] + ux * 1400.0, centers[si][1] + uy * 1400.0)
                    if clear_of(cand, placed):
                        break
                placed.append(cand)
                plan.append((si, cand, False))
            else:
                placed.append(p)
                plan.append((si, p, True))
        # Ids in street order, then west-to-east north-to-south within a street (a list a clerk would make).
        plan.sort(key=lambda t: (t[0], t[2], -round(t[1][1]), round(t[1][0])))
        width = id_width(2, n)
        for i, (si, p, outlying) in enumerate(plan):
            lat, lon = to_latlon(self.city, p)
            self.communities.append(dict(
                id=f"C{i + 1:0{width}d}", name=community_name(outlying), street=street_names[si], street_index=si,
                pos=p, lat=lat, lon=lon, outlying=outlying,
                w_members=(0.3 if outlying else rng.uniform(0.7, 1.3)),
                w_needs=(0.8 if outlying else rng.uniform(0.7, 1.3)),
            ))
        self.street_names = street_names
        self.by_street = [[c for c in self.communities if c["street_index"] == si] for si in range(n_streets)]
        # Reach lists: communities within the 15-minute circle (and within 30 minutes).
        self.reach = {}
        self.reach30 = {}
        for c in self.communities:
            near = [o for o in self.communities
                    if abs(o["pos"][0] - c["pos"][0]) < 2500 and abs(o["pos"][1] - c["pos"][1]) < 2500]
            self.reach[c["id"]] = [o["id"] for o in near if dist(o["pos"], c["pos"]) <= REACH_15]
            self.reach30[c["id"]] = [o["id"] for o in near if dist(o["pos"], c["pos"]) <= 2 * REACH_15]

    def place_word(self, rng):
        return rng.choice(PLACE_WORDS)

    # ---------------------------------------------------------------- units
    def gen_units(self):
        rng = rng_for(self.seed, "units")
        n = self.cfg["units"]
        if self.scale == "tiny":
            kinds = ["医院", "学校", "企业"]
        else:
            total = sum(w for _, w, _ in UNIT_KINDS)
            quotas = [(k, n * w / total) for k, w, _ in UNIT_KINDS]
            counts = {k: int(q) for k, q in quotas}
            rest = n - sum(counts.values())
            order = sorted(quotas, key=lambda kq: (-(kq[1] - int(kq[1])), kq[0]))
            for k, _ in order[:rest]:
                counts[k] += 1
            kinds = []
            for k, _, _ in UNIT_KINDS:
                kinds += [k] * counts[k]
            rng.shuffle(kinds)
        size_factor = {k: f for k, _, f in UNIT_KINDS}
        width = id_width(3, n)
        used = set()
        # Streets get units in proportion to their communities; each street's first unit is its office.
        n_streets = len(self.street_names)
        street_of_unit = []
        for i in range(n):
            street_of_unit.append(i * n_streets // n)
        first_in_street = set()
        seen = set()
        for i, s in enumerate(street_of_unit):
            if s not in seen:
                seen.add(s)
                first_in_street.add(i)
        # Make each street's first unit its 街道办事处 (a 机关 that holds the community fund).
        guaranteed = {}  # per street: templates that each street should have one of, by kind
        for i in range(n):
            si = street_of_unit[i]
            street = self.street_names[si]
            district = self.street_district[street]
            kind = kinds[i]
            templates = UNIT_TEMPLATES[kind]
            if i in first_in_street and self.scale != "tiny":
                kind = "机关"
                tpl = UNIT_TEMPLATES["机关"][0]
            else:
                key = (si, kind)
                if key not in guaranteed and kind in ("医院", "企业", "国企", "律所") and self.scale != "capital":
                    guaranteed[key] = True
                    tpl = templates[0]
                else:
                    tpl = wchoice(rng, templates, [t[1] for t in templates])
                    if tpl[0] == "{p}街道办事处":
                        tpl = templates[1]
            name = None
            cand = ""
            for attempt in range(200):
                if attempt >= 4 and attempt % 4 == 0 and not tpl[0].startswith("{p}街道"):
                    # The district-wide names of this template are taken: another template of the kind.
                    others = [t for t in templates if not t[0].startswith("{p}街道")]
                    tpl = wchoice(rng, others, [t[1] for t in others])
                p = street.replace("街道", "") if tpl[0].startswith("{p}街道") else self.place_word(rng)
                cand = tpl[0].format(d=district, p=p, n="一二三四五六七八九十"[rng.randrange(10)])
                if cand not in used:
                    name = cand
                    break
            if name is None:
                k = 2
                while f"{cand}（{k}）" in used:
                    k += 1
                name = f"{cand}（{k}）"
            used.add(name)
            street_comms = [c for c in self.by_street[si] if not c["outlying"]] or self.by_street[si]
            home = rng.choice(street_comms)["id"]
            self.units.append(dict(
                id=f"U{i + 1:0{width}d}", name=name, kind=kind, street_index=si, home=home,
                skills=tpl[2], res=tpl[3], weight=size_factor[kind] * rng.uniform(0.4, 1.6),
                pledge=0,
            ))
        self.unit_by_id = {u["id"]: u for u in self.units}

    # ---------------------------------------------------------------- members
    def member_slots(self, rng, unit_kind):
        r = rng.random()
        s = set()
        eves = [(d, EVE) for d in WEEKDAYS]
        if unit_kind == "医院" and rng.random() < 0.25:
            # Shift workers: a weekday half-day off (never Monday/Tuesday daytime) and one weekend day.
            s.add(rng.choice([(2, AM), (2, PM), (3, AM), (3, PM), (4, AM), (4, PM)]))
            d = rng.choice(WEEKEND)
            s.update([(d, AM), (d, PM)])
            return s
        if r < 0.33:
            s.update(rng.sample(eves, rng.choice([1, 1, 2])))
            s.add((rng.choice(WEEKEND), rng.choice([AM, PM])))
        elif r < 0.47:
            s.update(_WEEKEND_ALL)
        elif r < 0.58:
            d = rng.choice(WEEKEND)
            s.update([(d, AM), (d, PM), (d, EVE)] if rng.random() < 0.5 else [(d, AM), (d, PM)])
        elif r < 0.70:
            s.update(rng.sample(eves, rng.choice([2, 2, 3])))
        elif r < 0.80:
            s.update([(5, AM), (6, AM)])
            if rng.random() < 0.5:
                s.add(rng.choice(eves))
        elif r < 0.88:
            s.update(eves)
            s.add((5, PM))
        elif r < 0.94:
            s.update([(4, PM), (4, EVE), (5, PM), (6, PM)])
        else:
            s.update([(5, EVE), (6, EVE)])
            s.update(rng.sample(eves, 1))
            s.add((rng.choice(WEEKEND), AM))
        s.difference_update(NEVER_FREE)
        return s

    def gen_members(self):
        rng = rng_for(self.seed, "members")
        phones = Phones(rng_for(self.seed, "phones"))
        n = self.cfg["members"]
        units = self.units
        counts = [0] * len(units)
        minimum = 2 if n >= 2 * len(units) else 1
        for i in range(len(units)):
            counts[i] = minimum
        weights = [u["weight"] for u in units]
        for i in rng.choices(range(len(units)), weights=weights, k=n - minimum * len(units)):
            counts[i] += 1
        if self.scale == "tiny":
            counts = [4, 3, 3]
        raw = []
        for ui, u in enumerate(units):
            si = u["street_index"]
            for _ in range(counts[ui]):
                if len(self.street_names) > 1 and rng.random() < 0.2:
                    si2 = rng.randrange(len(self.street_names))
                else:
                    si2 = si
                comms = self.by_street[si2]
                c = wchoice(rng, comms, [x["w_members"] for x in comms])
                skills = set()
                for sk in SKILL_ORDER:
                    p = min(0.9, (BASE_SKILLS.get(sk, 0.0) + u["skills"].get(sk, 0.0)) * self.knobs["skill_boost"])
                    if rng.random() < p:
                        skills.add(sk)
                if len(skills) > 2:
                    keep = sorted(skills, key=lambda k: (k not in SCARCE, SKILL_ORDER.index(k)))[:2]
                    skills = set(keep)
                slots = self.member_slots(rng, u["kind"])
                mh = wchoice(rng, [4, 2, 6, 8], [64, 12, 16, 8])
                if rng.random() < self.knobs["occasional"]:
                    slots = {sorted(slots)[rng.randrange(len(slots))]}
                raw.append(dict(name=person_name(rng), unit=u["id"], community=c["id"], skills=skills, slots=slots,
                                max_hours=mh, phone=phones.next(), sort=rng.random()))
        if self.scale == "tiny":
            # The one project is a Saturday-morning clinic: enough members free then, a doctor among them.
            sat = sorted(raw, key=lambda m: ("medical" not in m["skills"], m["sort"]))
            for m in sat[:4]:
                m["slots"].add((5, AM))
        if self.scale in ("street", "county"):
            # A counseling desert: the members around one community who would counsel are all elsewhere,
            # so a counseling request there has no one in reach.
            main = [c for c in self.communities if not c["outlying"]]
            by_c = {}
            for m in raw:
                by_c.setdefault(m["community"], []).append(m)
            best = min(main, key=lambda c: (sum(1 for cid in self.reach[c["id"]] for m in by_c.get(cid, [])
                                                 if "counseling" in m["skills"]), c["id"]))
            for cid in self.reach[best["id"]]:
                for m in by_c.get(cid, []):
                    m["skills"].discard("counseling")
            self.desert = best
        # Rosters are kept per community: ids run community by community.
        raw.sort(key=lambda m: (m["community"], m["sort"]))
        width = id_width(4, n)
        for i, m in enumerate(raw):
            m["id"] = f"M{i + 1:0{width}d}"
        self.members = raw
        self.members_by_comm = {}
        for m in self.members:
            self.members_by_comm.setdefault(m["community"], []).append(m)

    # ---------------------------------------------------------------- needs
    def need_templates(self):
        # category, weight, list of (title pattern, weight, skills, hours options+weights, headcount weights,
        #                            slot style, vulnerable probability, resources, preferred probability)
        return [
            ("elderly-care", 47, [
                ("上门探访独居{who}", 5, [], ([1, 1.5, 2], [4, 2, 4]), [92, 8, 0], "mixed", 0.45, [], 0.12),
                ("为{who}代购生活用品", 3, [], ([1], [1]), [100, 0, 0], "eve_or_weekend_am", 0.3, [], 0.05),
                ("陪同{who}到医院复诊", 3, [], ([3, 2], [3, 1]), [90, 10, 0], "hospital", 0.35, [], 0.06),
                ("陪同{who}到医院复诊（需用车）", 1, ["driving"], ([3], [1]), [100, 0, 0], "hospital", 0.5,
                 ["vehicle"], 0.0),
                ("为{who}送餐上门", 2, [], ([1], [1]), [100, 0, 0], "weekday_eve", 0.4, [], 0.05),
                ("为{who}打扫卫生", 2, [], ([2, 3], [2, 1]), [0, 70, 30], "weekend_day", 0.35, [], 0.0),
                ("陪{who}聊天解闷", 2, [], ([1, 2], [1, 1]), [100, 0, 0], "mixed", 0.35, [], 0.08),
                ("为{who}做心理疏导", 1, ["counseling"], ([1, 2], [1, 1]), [100, 0, 0], "mixed", 0.5, [], 0.0),
                ("帮{who}学用智能手机", 1, [], ([1], [1]), [100, 0, 0], "eve_or_weekend_am", 0.2, [], 0.0),
            ]),
            ("child-care", 12, [
                ("双职工家庭晚间看护儿童", 3, [], ([2], [1]), [100, 0, 0], "weekday_eve", 0.05, [], 0.0),
                ("周末看护儿童", 3, [], ([2, 3], [2, 1]), [85, 15, 0], "weekend_day", 0.1, [], 0.0),
                ("留守儿童陪伴", 2, [], ([2], [1]), [80, 20, 0], "weekend_day", 0.3, [], 0.0),
                ("青少年心理疏导", 1, ["counseling"], ([1, 2], [1, 1]), [100, 0, 0], "mixed", 0.1, [], 0.0),
            ]),
            ("home-repair", 12, [
                ("{who}家水管维修", 3, ["repair"], ([1, 2], [1, 1]), [90, 10, 0], "weekend", 0.25, [], 0.0),
                ("{who}家门锁更换", 1, ["repair"], ([1], [1]), [100, 0, 0], "weekend", 0.25, [], 0.0),
                ("{who}家电路检修", 2, ["electrician"], ([1, 2], [1, 1]), [100, 0, 0], "weekend", 0.25, [], 0.0),
                ("{who}家更换插座灯具", 2, ["electrician"], ([1], [1]), [100, 0, 0], "weekend", 0.2, [], 0.0),
                ("{who}家家电维修", 2, ["repair"], ([1, 2, 3], [2, 2, 1]), [100, 0, 0], "weekend", 0.2,
                 [], 0.0),
                ("{who}家冬季取暖设施检修", 1, ["repair"], ([2], [1]), [70, 30, 0], "weekend_day", 0.3,
                 ["equipment:repair-kit"], 0.0),
            ]),
            ("tutoring", 10, [
                ("小学数学作业辅导", 3, ["tutoring"], ([2], [1]), [100, 0, 0], "eve_or_weekend", 0.05, [], 0.08),
                ("初中英语辅导", 2, ["tutoring"], ([2], [1]), [100, 0, 0], "eve_or_weekend", 0.05, [], 0.05),
                ("小学语文阅读辅导", 2, ["tutoring"], ([1, 2], [1, 2]), [100, 0, 0], "eve_or_weekend", 0.05, [],
                 0.05),
            ]),
            ("health-check", 8, [
                ("为{who}上门测血压血糖", 3, ["medical"], ([1], [1]), [100, 0, 0], "weekend_am", 0.4, [], 0.1),
                ("{who}慢病随访", 2, ["medical"], ([1], [1]), [100, 0, 0], "weekend_am", 0.4, [], 0.1),
                ("为{who}做康复指导", 1, ["medical"], ([1, 2], [1, 1]), [100, 0, 0], "weekend_day", 0.35,
                 ["equipment:health-kit"], 0.0),
            ]),
            ("legal-aid", 3, [
                ("法律咨询（赡养纠纷）", 2, ["legal"], ([1, 2], [1, 1]), [100, 0, 0], "legal", 0.2, [], 0.0),
                ("法律咨询（房屋租赁合同）", 2, ["legal"], ([1], [1]), [100, 0, 0], "legal", 0.1, [], 0.0),
                ("法律咨询（劳动争议）", 1, ["legal"], ([1, 2], [1, 1]), [100, 0, 0], "legal", 0.1, [], 0.0),
                ("代写法律文书", 1, ["legal"], ([2], [1]), [100, 0, 0], "legal", 0.2, [], 0.0),
            ]),
            ("haircut", 5, [
                ("为{who}上门理发", 4, ["haircut"], ([1], [1]), [100, 0, 0], "weekend_day", 0.35, [], 0.1),
                ("为残疾人{who}上门理发", 1, ["haircut"], ([1], [1]), [100, 0, 0], "weekend_day", 1.3, [], 0.0),
            ]),
        ]

    def need_slots(self, rng, style, hours):
        long_only = hours > 2
        eves = [(d, EVE) for d in WEEKDAYS]
        s = set()
        if style == "mixed":
            if not long_only:
                s.update(rng.sample(eves, rng.choice([1, 2, 2, 3])))
            s.update(rng.sample(_WEEKEND_DAY, rng.choice([1, 2])))
            if rng.random() < 0.25:
                s.update(_WEEKEND_ALL if not long_only else _WEEKEND_DAY)
        elif style == "eve_or_weekend_am":
            if rng.random() < 0.5:
                s.update(eves if rng.random() < 0.4 else rng.sample(eves, 2))
            else:
                s.update([(5, AM), (6, AM)])
        elif style == "hospital":
            s.update(rng.sample([(5, AM), (6, AM), (4, AM), (3, AM)], rng.choice([1, 2, 2])))
            if not any(x[0] in WEEKEND for x in s):
                s.add((5, AM))
        elif style == "weekday_eve":
            s.update(eves if rng.random() < 0.5 else rng.sample(eves, 3))
        elif style == "weekend_day":
            s.update(_WEEKEND_DAY if rng.random() < 0.5 else rng.sample(_WEEKEND_DAY, 2))
        elif style == "weekend":
            if long_only:
                s.update(_WEEKEND_DAY)
            else:
                s.update(_WEEKEND_ALL if rng.random() < 0.6 else rng.sample(_WEEKEND_ALL, 3))
        elif style == "eve_or_weekend":
            if rng.random() < 0.55:
                s.update(rng.sample(eves, rng.choice([2, 3])))
            else:
                s.update([(5, PM), (6, PM)] if rng.random() < 0.5 else [(5, AM), (5, PM), (6, PM)])
        elif style == "weekend_am":
            s.update([(5, AM), (6, AM)] if rng.random() < 0.7 else [(rng.choice(WEEKEND), AM)])
        elif style == "legal":
            s.update([(5, PM), (6, PM)] if rng.random() < 0.5 else [(5, PM), (2, EVE), (4, EVE)])
        else:
            raise ValueError(style)
        if long_only:
            s = {x for x in s if PERIOD_HOURS[x[1]] >= hours}
            if not s:
                s.update(_WEEKEND_DAY)
        return s

    def who(self, rng):
        s = wchoice(rng, [a for a, _ in SURNAMES], [w for _, w in SURNAMES])
        return s + rng.choice(ELDER_TITLES)

    def gen_needs(self):
        rng = rng_for(self.seed, "needs")
        n = self.cfg["needs"]
        cats = self.need_templates()
        comms = self.communities
        # Deliberate unmet cases, counts scale with the needs (none of each in tiny except one slot case).
        d = max(1, round(n / 300))
        deliberate = []
        if self.scale == "tiny":
            plan = [("no_slot", 1)]
        else:
            plan = [("no_skill", d), ("no_slot", d + 1), ("no_resource", d), ("far", d), ("scarce", d)]
        for reason, k in plan:
            for _ in range(k):
                deliberate.append(reason)
        n_regular = n - len(deliberate)
        if self.scale == "tiny":
            # A scenario small enough to read whole: only skills its members have, slots someone can serve.
            have = set()
            for m in self.members:
                have |= m["skills"]
            cats = [(cat, w, [t for t in tpls if set(t[2]) <= have and not t[7]]) for cat, w, tpls in cats]
            cats = [c for c in cats if c[2]]
        for _ in range(n_regular):
            c = wchoice(rng, comms, [x["w_needs"] for x in comms])
            cat, _, tpls = wchoice(rng, cats, [x[1] for x in cats])
            tpl = wchoice(rng, tpls, [t[1] for t in tpls])
            nd = self.make_need(rng, c, cat, tpl)
            if self.scale == "tiny":
                for _ in range(20):
                    near = [m for cid in self.reach[c["id"]] for m in self.members_by_comm.get(cid, [])
                            if set(nd["skills"]) <= m["skills"] and m["max_hours"] >= nd["hours"]]
                    if any(m["slots"] & nd["slots"] for m in near):
                        break
                    nd = self.make_need(rng, c, cat, tpl)
            self.needs.append(nd)
        for reason in deliberate:
            nd = self.make_deliberate(rng, reason)
            if nd is not None:
                self.needs.append(nd)
        # Fill up if a deliberate case could not be placed (keeps the count exact).
        while len(self.needs) < n:
            c = wchoice(rng, comms, [x["w_needs"] for x in comms])
            cat, _, tpls = wchoice(rng, cats, [x[1] for x in cats])
            tpl = wchoice(rng, tpls, [t[1] for t in tpls])
            self.needs.append(self.make_need(rng, c, cat, tpl))
        order = [(rng.random(), i) for i in range(len(self.needs))]
        order.sort()
        self.needs = [self.needs[i] for _, i in order]
        width = id_width(4, n)
        for i, nd in enumerate(self.needs):
            nd["id"] = f"N{i + 1:0{width}d}"
            if nd.get("deliberate"):
                self.deliberate.setdefault(nd["deliberate"], []).append(nd["id"])
        self.pick_preferred(rng_for(self.seed, "preferred"))

    def priority(self, rng, vulnerable):
        if vulnerable:
            return wchoice(rng, [1, 2, 3, 4, 5], [16, 30, 40, 10, 4])
        return wchoice(rng, [1, 2, 3, 4, 5], [5, 16, 46, 20, 13])

    def make_need(self, rng, c, cat, tpl, **over):
        title, _, skills, (hopts, hw), hcw, style, vprob, res, pref = tpl
        hours = wchoice(rng, hopts, hw)
        headcount = wchoice(rng, [1, 2, 3], hcw)
        if rng.random() < self.knobs["short_needs"]:
            hours = min(hopts)
            headcount = 1
        slots = self.need_slots(rng, style, hours)
        vulnerable = rng.random() < vprob * 0.8
        nd = dict(community=c["id"], category=cat, title=title.format(who=self.who(rng)), headcount=headcount,
                  hours=hours, slots=slots, skills=list(skills), priority=self.priority(rng, vulnerable),
                  vulnerable=vulnerable, resources=list(res), preferred_member="", max_travel="",
                  pref_prob=pref, deliberate=None)
        # Scarce skills: a third of the requests allow a longer trip (a lawyer or doctor comes further).
        if any(s in ("legal", "medical") for s in skills) and rng.random() < 0.3:
            nd["max_travel"] = 30
        nd.update(over)
        return nd

    def skilled_in_reach(self, comm_id, skill, reach=None):
        reach = reach or self.reach
        return [m for cid in reach[comm_id] for m in self.members_by_comm.get(cid, []) if skill in m["skills"]]

    def make_deliberate(self, rng, reason):
        main = [c for c in self.communities if not c["outlying"]]
        if reason == "no_skill":
            c = rng.choice(main)
            who = self.who(rng)
            return dict(community=c["id"], category="elderly-care", title=f"为听障老人{who}手语陪同办事",
                        headcount=1, hours=2, slots={(5, AM), (5, PM), (6, AM)}, skills=["sign-language"],
                        priority=2, vulnerable=True, resources=[], preferred_member="", max_travel="",
                        pref_prob=0, deliberate="no_skill")
        if reason == "no_slot":
            c = rng.choice(main)
            who = self.who(rng)
            s = rng.choice([{(1, AM)}, {(0, AM)}, {(0, AM), (1, AM)}])
            return dict(community=c["id"], category="elderly-care",
                        title=f"陪同{who}到医院做检查（工作日上午专家号）", headcount=1, hours=3, slots=s,
                        skills=[], priority=rng.choice([2, 3]), vulnerable=rng.random() < 0.5, resources=[],
                        preferred_member="", max_travel="", pref_prob=0, deliberate="no_slot")
        if reason == "no_resource":
            c = rng.choice(main)
            who = self.who(rng)
            return dict(community=c["id"], category="elderly-care",
                        title=f"陪同坐轮椅的{who}复查（需无障碍车辆）", headcount=2, hours=3,
                        slots={(5, AM), (6, AM)}, skills=[], priority=2, vulnerable=True,
                        resources=["vehicle:wheelchair"], preferred_member="", max_travel="", pref_prob=0,
                        deliberate="no_resource")
        if reason == "far":
            # A far community asks for a scarce skill none of the members within 30 minutes has.
            if not hasattr(self, "far_options"):
                self.far_options = []
                for c in self.communities:
                    if not c["outlying"]:
                        continue
                    for skill, cat, title in [("legal", "legal-aid", "法律咨询（土地承包纠纷）"),
                                              ("medical", "health-check", "为{who}上门测血压血糖"),
                                              ("haircut", "haircut", "为{who}上门理发"),
                                              ("electrician", "home-repair", "{who}家电路检修"),
                                              ("counseling", "elderly-care", "为{who}做心理疏导")]:
                        if not self.skilled_in_reach(c["id"], skill, self.reach30):
                            self.far_options.append((c, skill, cat, title))
                self.far_k = rng.randrange(len(self.far_options)) if self.far_options else 0
            options = self.far_options
            if not options:
                return None
            self.far_k += 1
            c, skill, cat, title = options[self.far_k % len(options)]
            return dict(community=c["id"], category=cat, title=title.format(who=self.who(rng)),
                        headcount=1, hours=1, slots={(5, AM), (5, PM), (6, AM), (6, PM)},
                        skills=[skill], priority=3, vulnerable=rng.random() < 0.4, resources=[],
                        preferred_member="", max_travel="", pref_prob=0, deliberate="no_one_in_reach/far")
        if reason == "scarce":
            # A main community where no member within 15 minutes has a scarce skill, and a need for it.
            if not hasattr(self, "desert_options"):
                self.desert_options = [(c["id"], skill) for c in main
                                       for skill in ["counseling", "legal", "haircut", "electrician", "medical"]
                                       if not self.skilled_in_reach(c["id"], skill)]
            options = self.desert_options
            if not options:
                return None
            cid, skill = rng.choice(options)
            c = next(x for x in self.communities if x["id"] == cid)
            cat, title = {
                "counseling": ("elderly-care", "为{who}做心理疏导"),
                "legal": ("legal-aid", "法律咨询（遗产继承）"),
                "haircut": ("haircut", "为{who}上门理发"),
                "electrician": ("home-repair", "{who}家电路检修"),
                "medical": ("health-check", "{who}慢病随访"),
            }[skill]
            return dict(community=cid, category=cat, title=title.format(who=self.who(rng)), headcount=1, hours=1,
                        slots={(5, PM), (6, PM)}, skills=[skill], priority=3, vulnerable=rng.random() < 0.3,
                        resources=[], preferred_member="", max_travel="", pref_prob=0,
                        deliberate="no_one_in_reach/desert")
        raise ValueError(reason)

    def pick_preferred(self, rng):
        for nd in self.needs:
            if nd["deliberate"] or rng.random() >= nd["pref_prob"]:
                continue
            local = self.members_by_comm.get(nd["community"], [])
            fit = [m for m in local if all(s in m["skills"] for s in nd["skills"]) and m["max_hours"] >= nd["hours"]]
            good = [m for m in fit if m["slots"] & nd["slots"]]
            pool = good if good and rng.random() < 0.85 else fit
            if pool:
                nd["preferred_member"] = rng.choice(pool)["id"]

    # ---------------------------------------------------------------- projects
    PROJECT_TEMPLATES = [
        # title, category, roles, resources, beneficiaries, slot style, hours options, priority, weight
        ("周六义诊", "health-check", "medical:1-2;any:2-4", ["venue>=30"], (40, 80), "sat_am", [3], 2, 4),
        ("爱心理发日", "haircut", "haircut:2-3", ["equipment:haircut-kit"], (20, 40), "weekend_day", [3], 3, 2),
        ("法律咨询进社区", "legal-aid", "legal:1-1;any:0-1", [], (10, 30), "weekend_pm", [2], 3, 3),
        ("家电义修", "home-repair", "electrician:1-2;repair:1-2;any:0-2", ["equipment:repair-kit"], (20, 50),
         "weekend_am", [3], 3, 3),
        ("冬季用电安全检查", "home-repair", "electrician:1-2;any:1-2", [], (30, 60), "weekend_day", [3], 3, 2),
        ("周末公益课堂", "tutoring", "tutoring:2-3;any:0-2", ["venue>=40"], (15, 40), "weekend_pm", [2], 3, 3),
        ("敬老助餐", "elderly-care", "any:3-6", ["funds=300"], (30, 60), "weekend_am", [3], 3, 3),
        ("冬季送温暖走访", "elderly-care", "any:3-5", ["funds=500", "vehicle"], (20, 40), "weekend_day", [3, 4], 2, 2),
        ("防诈骗宣传", "elderly-care", "any:2-4", [], (50, 80), "weekend_am", [2], 4, 2),
        ("健康知识讲座", "health-check", "medical:1-1;any:1-2", ["venue>=30"], (30, 60), "eve_or_weekend", [2], 3, 2),
        ("亲子心理健康讲座", "child-care", "counseling:1-1;any:1-3", ["venue>=30"], (20, 50), "weekend_pm", [2], 3, 1),
        ("四点半课堂（周末班）", "child-care", "tutoring:1-2;any:1-3", ["venue>=20"], (15, 30), "weekend_pm", [3], 3, 2),
    ]

    def gen_projects(self):
        rng = rng_for(self.seed, "projects")
        n = self.cfg["projects"]
        comms = [c for c in self.communities if not c["outlying"]] or self.communities
        tpls = self.PROJECT_TEMPLATES
        chosen = []
        if self.scale == "tiny":
            chosen = [tpls[0]]
        else:
            # Each template at least once where there is room, the rest by weight.
            first = list(tpls) if n >= len(tpls) else []
            chosen = first + [wchoice(rng, tpls, [t[8] for t in tpls]) for _ in range(n - len(first))]
            rng.shuffle(chosen)
        width = id_width(3, n)
        for i, t in enumerate(chosen):
            title, cat, roles, res, (blo, bhi), style, hopts, prio, _ = t
            hours = rng.choice(hopts)
            if style == "sat_am":
                slots = {(5, AM)} if rng.random() < 0.7 else {(5, AM), (5, PM)}
            elif style == "weekend_day":
                slots = set(rng.sample(_WEEKEND_DAY, 2))
            elif style == "weekend_pm":
                slots = {(5, PM), (6, PM)}
            elif style == "weekend_am":
                slots = {(5, AM), (6, AM)}
            elif style == "eve_or_weekend":
                slots = {(5, PM)} | set(rng.sample([(d, EVE) for d in WEEKDAYS], 2))
            else:
                raise ValueError(style)
            slots = {s for s in slots if PERIOD_HOURS[s[1]] >= hours} or set(_WEEKEND_DAY)
            if self.args.no_resources:
                res = []
            # Communities organise what the members and units around them can staff: most projects are
            # placed where they can run; about one in ten is placed blindly and may not.
            blind = rng.random() < 0.1
            c = None
            for _ in range(25):
                c = wchoice(rng, comms, [x["w_needs"] for x in comms])
                if blind or self.project_ok(c["id"], roles, res, slots, hours):
                    break
            self.projects.append(dict(
                id=f"P{i + 1:0{width}d}", community=c["id"], title=f"{c['name']}{title}", category=cat,
                slots=slots, hours=hours, roles=roles, resources=list(res),
                beneficiaries=rng.randint(blo, bhi), priority=prio))

    def project_ok(self, cid, roles, res, slots, hours):
        near = [m for c in self.reach[cid] for m in self.members_by_comm.get(c, []) if m["max_hours"] >= hours]
        need = [(r.split(":")[0], int(r.split(":")[1].split("-")[0])) for r in roles.split(";")]
        for s in sorted(slots):
            free = [m for m in near if s in m["slots"]]
            if len(free) < sum(lo for _, lo in need):
                continue
            if not all(sum(1 for m in free if sk == "any" or sk in m["skills"]) >= lo for sk, lo in need):
                continue
            if all(self.resource_ok(cid, q, s) for q in res):
                return True
        return False

    def resource_ok(self, cid, req, s):
        m = REQ_RE.match(req)
        kind, tag = m.group(1).lower(), m.group(2)
        cap = float(m.group(3)) if m.group(3) else None
        amount = float(m.group(4)) if m.group(4) else None
        for r in self.resources:
            if r["kind"] != kind or (tag and tag not in r["tags"]):
                continue
            if (cap is not None and r["capacity"] < cap) or (
                    amount is not None and r["quantity"] is not None and r["quantity"] < amount):
                continue
            if r["slots"] and s not in r["slots"]:
                continue
            if r["community"] and r["community"] not in self.reach[cid]:
                continue
            return True
        return False

    # ---------------------------------------------------------------- resources
    def gen_resources(self):
        rng = rng_for(self.seed, "resources")
        target = self.cfg["resources"]
        out = []
        if self.scale == "tiny":
            u_h = self.units[0]
            u_e = self.units[2]
            picks = [(u_h, "hospital-hall"), (u_e, "van")]
        else:
            # Each street's office holds its community fund; other resources come from the units'
            # templates, drawn until the target count is reached.
            picks = []
            for u in self.units:
                if "fund" in u["res"]:
                    picks.append((u, "fund"))
            pool = []
            for u in self.units:
                for r in u["res"]:
                    if r != "fund":
                        pool.append((u, r))
            # Scarce kit (haircut, repair) first so each street has some.
            pool_sorted = [(rng.random() - (0.5 if r in ("haircut-kit", "van", "hospital-hall") else 0.0), i)
                           for i, (u, r) in enumerate(pool)]
            pool_sorted.sort()
            for _, i in pool_sorted:
                if len(picks) >= target:
                    break
                picks.append(pool[i])
        counts = {}
        width = id_width(3, max(target, len(picks)))
        for i, (u, key) in enumerate(picks):
            kind, name, cap, slots, qty, tags, anywhere = RESOURCE_TEMPLATES[key]
            counts[(u["id"], key)] = counts.get((u["id"], key), 0) + 1
            street = self.street_names[u["street_index"]].replace("街道", "")
            nm = name.format(p=street)
            if key != "fund":
                nm = u["name"] + nm
            if key == "classroom":
                cap = rng.choice([30, 40, 45])
            elif key == "meeting-room":
                cap = rng.choice([20, 30, 40, 50])
            elif key == "van":
                cap = rng.choice([7, 7, 9])
            out.append(dict(id=f"R{i + 1:0{width}d}", unit=u["id"], kind=kind, name=nm,
                            community="" if anywhere else u["home"], capacity=cap, slots=set(slots),
                            quantity=qty, tags=list(tags)))
        self.resources = out

    # ---------------------------------------------------------------- pledges
    def gen_pledges(self):
        rng = rng_for(self.seed, "pledges")
        demand = sum(nd["headcount"] * nd["hours"] for nd in self.needs)
        for p in self.projects:
            mins = sum(int(r.split(":")[1].split("-")[0]) for r in p["roles"].split(";"))
            demand += mins * p["hours"]
        f = min(1.0, 0.9 * demand / (3.0 * max(1, len(self.members))))
        f = max(f, 0.35)
        per_unit = {}
        for m in self.members:
            per_unit[m["unit"]] = per_unit.get(m["unit"], 0) + 1
        phones = Phones(rng_for(self.seed, "unit-phones"))
        for u in self.units:
            rate = rng.choice([2.0, 2.5, 3.0, 3.0, 3.5, 4.0])
            u["pledge"] = max(2, int(round(per_unit.get(u["id"], 0) * rate * f)))
            surname = wchoice(rng, [a for a, _ in SURNAMES], [w for _, w in SURNAMES])
            title = {"医院": "院长", "学校": "校长", "银行": "行长", "企业": "经理", "律所": "主任"}.get(
                u["kind"], rng.choice(["主任", "书记", "科长"]))
            u["contact"] = f"{surname}{title} {phones.next()}"

    # ---------------------------------------------------------------- run
    def generate(self):
        self.gen_communities()
        self.gen_units()
        self.gen_members()
        self.gen_needs()
        if not self.args.no_resources:
            self.gen_resources()
        else:
            # Without resources nothing asks for one (the wheelchair case is then an ordinary need).
            for nd in self.needs:
                nd["resources"] = []
            self.deliberate.pop("no_resource", None)
        if not self.args.no_projects:
            self.gen_projects()
        self.gen_pledges()

    # ---------------------------------------------------------------- write
    def rows(self):
        yes, no = ("是", "否") if self.args.chinese_headers else ("yes", "no")
        out = {}
        out["communities"] = [[c["id"], c["name"], c["street"], c["lat"], c["lon"]] for c in self.communities]
        out["units"] = [[u["id"], u["name"], u["kind"], str(u["pledge"]), u["contact"]] for u in self.units]
        out["members"] = [[m["id"], m["name"], m["unit"], m["community"], "|".join(sorted(m["skills"])),
                           slots_text(m["slots"]), str(m["max_hours"]), m["phone"]] for m in self.members]
        out["needs"] = [[n["id"], n["community"], n["category"], n["title"], str(n["headcount"]),
                         fmt_num(n["hours"]), slots_text(n["slots"]), "|".join(n["skills"]), str(n["priority"]),
                         yes if n["vulnerable"] else no, "|".join(n["resources"]), n["preferred_member"],
                         str(n["max_travel"])] for n in self.needs]
        if not self.args.no_projects:
            out["projects"] = [[p["id"], p["community"], p["title"], p["category"], slots_text(p["slots"]),
                                fmt_num(p["hours"]), p["roles"], "|".join(p["resources"]), str(p["beneficiaries"]),
                                str(p["priority"])] for p in self.projects]
        if not self.args.no_resources:
            out["resources"] = [[r["id"], r["unit"], r["kind"], r["name"], r["community"], str(r["capacity"]),
                                 slots_text(r["slots"]) if r["slots"] else "",
                                 "" if r["quantity"] is None else str(r["quantity"]), "|".join(r["tags"])]
                                for r in self.resources]
        for k in out:
            out[k].sort(key=lambda row: row[0])
        return out


def encode_csv(file, rows, args):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if args.crlf else "\n")
    cols = COLUMNS[file]
    w.writerow([c[1][0] if args.chinese_headers else c[0] for c in cols])
    for r in rows:
        assert len(r) == len(cols), (file, r)
        w.writerow(r)
    text = buf.getvalue()
    if args.encoding == "gb18030":
        return text.encode("gb18030")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if args.bom else data


def yaml_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def command_line(args):
    parts = ["python3", "tools/generate_scenario.py", "--scale", args.scale, "--seed", str(args.seed),
             "--week", args.week]
    if args.city:
        parts += ["--city", args.city]
    if args.street:
        parts += ["--street", args.street]
    if args.name:
        parts += ["--name", f'"{args.name}"']
    if args.encoding != "utf8":
        parts += ["--encoding", args.encoding]
    for flag in ["declare_encoding", "bom", "crlf", "chinese_headers", "no_projects", "no_resources"]:
        if getattr(args, flag):
            parts.append("--" + flag.replace("_", "-"))
    return " ".join(parts)


def write_files(path, files):
    os.makedirs(path, exist_ok=True)
    for name, data in files:
        tmp = os.path.join(path, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(path, name))


def generate(args):
    g = Gen(args)
    g.generate()
    rows = g.rows()
    name = args.name or f"{g.street_names[0] if len(g.street_names) == 1 else g.city['city']} {args.week}"
    yaml = ["# Generated by: " + command_line(args), f"name: {yaml_quote(name)}", f"week: {args.week}"]
    if args.declare_encoding and args.encoding == "gb18030":
        yaml.append("encoding: gb18030")
    files = [("scenario.yaml", ("\n".join(yaml) + "\n").encode("utf-8"))]
    for f in FILE_ORDER:
        if f in rows:
            files.append((f + ".csv", encode_csv(f, rows[f], args)))
    # Remove the optional files a previous run may have left when they are now disabled.
    for f, off in [("projects.csv", args.no_projects), ("resources.csv", args.no_resources)]:
        if off and os.path.exists(os.path.join(args.out, f)):
            os.remove(os.path.join(args.out, f))
    write_files(args.out, files)
    # The README states what the check finds, so it is read back from the files just written.
    sc = load_scenario(args.out)
    problems, warnings = validate(sc)
    analysis = analyse(sc)
    for reason, need_ids in sorted(g.deliberate.items()):
        for nid in need_ids:
            got = analysis["need_reason"].get(nid)
            if got != reason.split("/")[0]:
                warnings.append(f"deliberate need {nid} meant {reason}, found {got}")
    readme = readme_text(args, g, name, sc, analysis)
    write_files(args.out, [("README.md", readme.encode("utf-8"))])
    return g, sc, problems, warnings, analysis


def plural(n, one, many=None):
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def where_text(g):
    far = [c for c in g.communities if c["outlying"]]
    out = ""
    if far and len(far) <= 3:
        out += "The far " + ("community is " if len(far) == 1 else "communities are ") + ", ".join(
            f"{c['id']} {c['name']}" for c in far) + ", well outside every other's 15-minute circle. "
    elif far:
        out += f"{len(far)} far communities lie well outside every other's 15-minute circle. "
    if g.desert is not None and len(g.street_names) == 1:
        out += f"No member within 15 minutes of {g.desert['id']} {g.desert['name']} counsels. "
    return out


def readme_text(args, g, name, sc, an):
    counts = {k: len(sc[k]) for k in ["communities", "units", "members", "needs", "projects", "resources"]}
    enc = "GB18030 (as Excel on a Chinese Windows saves \"CSV\"), Chinese headers" if args.encoding == "gb18030" \
        else "UTF-8"
    if args.encoding != "gb18030" and args.chinese_headers:
        enc += ", Chinese headers"
    if args.crlf:
        enc += ", CRLF line endings"
    if args.encoding == "gb18030" and not args.declare_encoding:
        enc += "; scenario.yaml does not declare the encoding, the reader detects it"
    rs = an["reasons"]
    n_needs = counts["needs"]
    streets = len(g.street_names)
    where = f"{streets} streets of {g.city['city']}" if streets > 1 else f"{g.street_names[0]} ({g.city['city']})"
    deliberate = []
    labels = {"no_skill": "no_skill: sign language (`sign-language`), which no member has",
              "no_one_in_reach/far": "no_one_in_reach: a scarce skill asked for in the far community",
              "no_one_in_reach/desert": "no_one_in_reach: a scarce skill no member within 15 minutes has",
              "no_slot": "no_slot: a Monday/Tuesday daytime hospital visit, when no member is free",
              "no_resource": "no_resource: a wheelchair-accessible vehicle (`vehicle:wheelchair`), which no "
                             "unit owns"}
    for k in ["no_skill", "no_one_in_reach/far", "no_one_in_reach/desert", "no_slot", "no_resource"]:
        ids = g.deliberate.get(k, [])
        if ids:
            shown = ", ".join(ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")
            deliberate.append(f"{labels[k]}: {shown}")
    para = (
        f"**{name}** — a generated {args.scale}-scale week ({args.week}) in {where}: "
        f"{plural(counts['communities'], 'community', 'communities')}, {plural(counts['units'], 'unit')}, "
        f"{plural(counts['members'], 'in-service member')}, {plural(n_needs, 'resident need')}, "
        f"{plural(counts['projects'], 'project')} and {plural(counts['resources'], 'unit resource')}; "
        f"files are {enc}. "
        f"Needs lean to elderly care in evenings and at weekends; scarce skills (medical, legal, haircut, "
        f"counseling, electrician) come mainly from hospitals, law firms, salons and the power company. "
        f"Of the {n_needs} needs, {an['coverable']} ({100.0 * an['coverable'] / max(1, n_needs):.1f}%) have "
        f"enough eligible members and resources in some slot; the rest cannot be covered: "
        f"no_skill {rs.get('no_skill', 0)}, no_one_in_reach {rs.get('no_one_in_reach', 0)}, "
        f"no_slot {rs.get('no_slot', 0)}, no_resource {rs.get('no_resource', 0)}. "
        + (f"Deliberate cases: {'; '.join(deliberate)}. " if deliberate else "")
        + (f"A simple greedy plan covers {an['greedy_needs']} needs "
           f"({100.0 * an['greedy_needs'] / max(1, n_needs):.1f}%) and {an['greedy_projects']} of the "
           f"{counts['projects']} projects, so the optimal plan is worth at least as much; coverable needs it "
           f"leaves out lose scarce members, slots or resources to tasks of higher value (`outcompeted`). ")
        + where_text(g)
        + "Regenerate byte-for-byte with `" + command_line(args) + " --out DIR` "
        "(or `python3 tools/generate_scenario.py --check-presets`)."
    )
    return f"# {name}\n\n{para}\n"


# --------------------------------------------------------------------------------------------------
# Reading a scenario back (both encodings, both header languages) and checking it.


def read_csv(path, encoding=None):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
        enc = "utf-8-bom"
    elif encoding:
        text = data.decode(encoding)
        enc = encoding
    else:
        try:
            text = data.decode("utf-8")
            enc = "utf-8"
        except UnicodeDecodeError:
            text = data.decode("gb18030")
            enc = "gb18030"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows, enc


def load_scenario(path):
    sc = {"path": path, "yaml": {}, "problems": [], "warnings": [], "encodings": {}}
    yp = os.path.join(path, "scenario.yaml")
    if os.path.exists(yp):
        with open(yp, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                m = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
                if not m:
                    continue
                v = m.group(2).strip()
                if v.startswith('"') and v.endswith('"'):
                    v = v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
                sc["yaml"][m.group(1)] = v
            f.seek(0)
            first = f.readline()
            sc["generated_by"] = first[len("# Generated by: "):].strip() if first.startswith("# Generated by:") else ""
    enc = sc["yaml"].get("encoding")
    for file in FILE_ORDER + ["travel", "pins"]:
        p = os.path.join(path, file + ".csv")
        sc[file] = []
        if not os.path.exists(p):
            if file in ("communities", "members", "units", "needs"):
                sc["problems"].append(f"{file}.csv: missing")
            continue
        rows, used = read_csv(p, enc)
        sc["encodings"][file] = used
        if not rows:
            sc["problems"].append(f"{file}.csv: empty file (no header)")
            continue
        header = rows[0]
        alias = {}
        for name, zh, _ in COLUMNS[file]:
            alias[name.lower()] = name
            for z in zh:
                alias.setdefault(z, name)
        cols = []
        for i, h in enumerate(header):
            key = alias.get(h.strip().lower(), alias.get(h.strip()))
            if key is None:
                sc["warnings"].append(f"{file}.csv:1:{i + 1}: unknown column {h!r}")
            cols.append(key)
        for name, _, req in COLUMNS[file]:
            if req and name not in cols:
                sc["problems"].append(f"{file}.csv:1: required column {name} missing")
        for ln, r in enumerate(rows[1:], start=2):
            if not any(x.strip() for x in r):
                continue
            d = {"_line": ln}
            for i, key in enumerate(cols):
                if key and i < len(r):
                    d[key] = r[i].strip()
            sc[file].append(d)
    return sc


LIST_SEP = re.compile(r"[|;、]")
REQ_RE = re.compile(r"^([A-Za-z][\w-]*)(?::([\w-]+))?(?:>=(\d+(?:\.\d+)?))?(?:=(\d+(?:\.\d+)?))?$")
ROLE_RE = re.compile(r"^([A-Za-z][\w-]*):(\d+)-(\d+)$")
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否", ""}


def split_list(s):
    return [x.strip() for x in LIST_SEP.split(s or "") if x.strip()]


def parse_slots(cell):
    out = set()
    bad = []
    for tok in split_list(cell):
        r = parse_slot_token(tok)
        if r is None:
            bad.append(tok)
        else:
            out.update(r)
    return out, bad


def num(s, default=None):
    if s is None or s == "":
        return default
    return float(s)


def haversine_minutes(a, b, speed=4.5):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    km = 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
    return km / speed * 60.0


def validate(sc):
    """Everything the brief asks to check; fills sc['model'] with parsed values for the analysis."""
    P = list(sc["problems"])
    W = list(sc["warnings"])

    def where(file, row, col=""):
        return f"{file}.csv:{row['_line']}" + (f" {col}" if col else "")

    ids = {}
    for file in ["communities", "units", "members", "needs", "projects", "resources"]:
        seen = set()
        for r in sc[file]:
            i = r.get("id", "")
            if not i:
                P.append(f"{where(file, r)}: empty id")
            elif i in seen:
                P.append(f"{where(file, r)}: duplicate id {i}")
            seen.add(i)
        ids[file] = seen
    model = {"comm": {}, "members": [], "needs": [], "projects": [], "resources": [], "units": {}}
    for r in sc["communities"]:
        try:
            model["comm"][r["id"]] = (float(r["lat"]), float(r["lon"]))
        except (KeyError, ValueError):
            P.append(f"{where('communities', r)}: bad lat/lon")
    for r in sc["units"]:
        try:
            model["units"][r["id"]] = num(r.get("pledge_hours"), 0.0)
        except ValueError:
            P.append(f"{where('units', r, 'pledge_hours')}: not a number")
    for r in sc["members"]:
        if r.get("unit") not in ids["units"]:
            P.append(f"{where('members', r, 'unit')}: unknown unit {r.get('unit')}")
        if r.get("community") not in ids["communities"]:
            P.append(f"{where('members', r, 'community')}: unknown community {r.get('community')}")
        slots, bad = parse_slots(r.get("slots", ""))
        if bad:
            P.append(f"{where('members', r, 'slots')}: bad slot tokens {bad}")
        if not slots:
            W.append(f"{where('members', r, 'slots')}: never available")
        try:
            mh = num(r.get("max_hours"), 4.0)
        except ValueError:
            P.append(f"{where('members', r, 'max_hours')}: not a number")
            mh = 4.0
        ph = r.get("phone", "")
        if ph and not re.fullmatch(r"1[358]\d{9}", ph):
            W.append(f"{where('members', r, 'phone')}: unusual phone {ph}")
        model["members"].append(dict(id=r["id"], unit=r.get("unit"), community=r.get("community"),
                                     skills={s.lower() for s in split_list(r.get("skills", ""))}, slots=slots,
                                     max_hours=mh))
    member_comm = {m["id"]: m["community"] for m in model["members"]}

    def parse_reqs(file, r):
        out = []
        for item in split_list(r.get("resources", "")):
            m = REQ_RE.match(item)
            if not m:
                P.append(f"{where(file, r, 'resources')}: bad requirement {item!r}")
                continue
            out.append(dict(kind=m.group(1).lower(), tag=(m.group(2) or "").lower() or None,
                            cap=float(m.group(3)) if m.group(3) else None,
                            amount=float(m.group(4)) if m.group(4) else None))
        return out

    def task_slots(file, r, hours):
        slots, bad = parse_slots(r.get("slots", ""))
        if bad:
            P.append(f"{where(file, r, 'slots')}: bad slot tokens {bad}")
        if not slots:
            slots = set(ALL_SLOTS)
        long_enough = {s for s in slots if PERIOD_HOURS[s[1]] + 1e-9 >= hours}
        if not long_enough:
            P.append(f"{where(file, r, 'slots')}: no accepted slot is as long as {hours} h")
        elif len(long_enough) < len(slots):
            W.append(f"{where(file, r, 'slots')}: {len(slots) - len(long_enough)} slot(s) shorter than {hours} h dropped")
        return long_enough

    for r in sc["needs"]:
        if r.get("community") not in ids["communities"]:
            P.append(f"{where('needs', r, 'community')}: unknown community {r.get('community')}")
        try:
            hours = float(r["hours"])
            hc = int(num(r.get("headcount"), 1))
            prio = int(num(r.get("priority"), 3))
            mt = num(r.get("max_travel"), None)
        except (KeyError, ValueError):
            P.append(f"{where('needs', r)}: bad number")
            continue
        if hours <= 0 or hc < 1 or prio not in (1, 2, 3, 4, 5):
            P.append(f"{where('needs', r)}: hours/headcount/priority out of range")
        v = r.get("vulnerable", "").lower()
        if v not in YES and v not in NO:
            P.append(f"{where('needs', r, 'vulnerable')}: not yes/no: {v}")
        pm = r.get("preferred_member", "")
        if pm:
            if pm not in member_comm:
                P.append(f"{where('needs', r, 'preferred_member')}: unknown member {pm}")
            elif member_comm[pm] != r.get("community"):
                W.append(f"{where('needs', r, 'preferred_member')}: {pm} lives in another community")
        slots = task_slots("needs", r, hours)
        skills = {s.lower() for s in split_list(r.get("skills", ""))} - {"any"}
        model["needs"].append(dict(id=r["id"], community=r.get("community"), category=r.get("category", ""),
                                   hours=hours, headcount=hc, priority=prio, vulnerable=v in YES, slots=slots,
                                   skills=skills, reqs=parse_reqs("needs", r), preferred=pm,
                                   max_travel=mt if mt is not None else 15.0))
    for r in sc["projects"]:
        if r.get("community") not in ids["communities"]:
            P.append(f"{where('projects', r, 'community')}: unknown community {r.get('community')}")
        try:
            hours = float(r["hours"])
            ben = int(r["beneficiaries"])
            prio = int(num(r.get("priority"), 3))
        except (KeyError, ValueError):
            P.append(f"{where('projects', r)}: bad number")
            continue
        roles = []
        seen = set()
        for item in split_list(r.get("roles", "")):
            m = ROLE_RE.match(item)
            if not m:
                P.append(f"{where('projects', r, 'roles')}: bad role {item!r}")
                continue
            sk, lo, hi = m.group(1).lower(), int(m.group(2)), int(m.group(3))
            if lo > hi:
                P.append(f"{where('projects', r, 'roles')}: {item}: min > max")
            if sk in seen:
                P.append(f"{where('projects', r, 'roles')}: skill {sk} listed twice")
            seen.add(sk)
            roles.append((sk, lo, hi))
        if not roles or all(lo == 0 for _, lo, _ in roles):
            P.append(f"{where('projects', r, 'roles')}: every role minimum is 0")
        slots = task_slots("projects", r, hours)
        model["projects"].append(dict(id=r["id"], community=r.get("community"), category=r.get("category", ""),
                                      hours=hours, beneficiaries=ben, priority=prio, slots=slots, roles=roles,
                                      reqs=parse_reqs("projects", r), max_travel=15.0))
    for r in sc["resources"]:
        if r.get("unit") not in ids["units"]:
            P.append(f"{where('resources', r, 'unit')}: unknown unit {r.get('unit')}")
        c = r.get("community", "")
        if c and c not in ids["communities"]:
            P.append(f"{where('resources', r, 'community')}: unknown community {c}")
        slots, bad = parse_slots(r.get("slots", ""))
        if bad:
            P.append(f"{where('resources', r, 'slots')}: bad slot tokens {bad}")
        try:
            cap = num(r.get("capacity"), 1.0)
            qty = num(r.get("quantity"), None)
        except ValueError:
            P.append(f"{where('resources', r)}: bad number")
            continue
        model["resources"].append(dict(id=r["id"], unit=r.get("unit"), kind=r.get("kind", "").lower(),
                                       community=c or None, capacity=cap, slots=slots or set(ALL_SLOTS),
                                       quantity=qty, tags={t.lower() for t in split_list(r.get("tags", ""))}))
    sc["model"] = model
    return P, W


def analyse(sc):
    """Static reasons (the SPEC's first cause that holds, without competition) and a greedy plan."""
    model = sc["model"]
    comm = model["comm"]
    cids = sorted(comm)
    travel = {}
    for a in cids:
        for b in cids:
            travel[(a, b)] = 0.0 if a == b else haversine_minutes(comm[a], comm[b])
    by_comm = {}
    for m in model["members"]:
        by_comm.setdefault(m["community"], []).append(m)

    def fits(res, q):
        if res["kind"] != q["kind"]:
            return False
        if q["tag"] and q["tag"] not in res["tags"]:
            return False
        if q["cap"] is not None and res["capacity"] + 1e-9 < q["cap"]:
            return False
        if q["amount"] is not None and res["quantity"] is not None and res["quantity"] + 1e-9 < q["amount"]:
            return False
        return True

    reach_cache = {}

    def reach(task):
        key = (task["community"], task["max_travel"])
        if key not in reach_cache:
            cs = [c for c in cids if task["community"] in comm
                  and travel[(c, task["community"])] <= task["max_travel"] + 1e-9]
            near = sorted(((travel[(m["community"], task["community"])], m["id"], m) for c in cs
                           for m in by_comm.get(c, [])), key=lambda x: (x[0], x[1]))
            members = [m for _, _, m in near]
            by_slot = {}
            for m in members:
                for sl in m["slots"]:
                    by_slot.setdefault(sl, []).append(m)
            reach_cache[key] = (cs, members, by_slot)
        return reach_cache[key]

    res_at = {}
    for r in model["resources"]:
        res_at.setdefault((r["kind"], r["community"]), []).append(r)

    def res_options(task, q, slot):
        cs = reach(task)[0]
        out = [r for c in cs + [None] for r in res_at.get((q["kind"], c), ()) if slot in r["slots"] and fits(r, q)]
        out.sort(key=lambda r: r["id"])
        return out

    def positions(task):
        if "roles" in task:
            return [(frozenset({sk} - {"any"}), lo) for sk, lo, hi in task["roles"] if lo > 0]
        return [(frozenset(task["skills"]), task["headcount"])]

    skill_cache = {}

    def anyone_has(skills):
        if skills not in skill_cache:
            skill_cache[skills] = any(skills <= m["skills"] for m in model["members"])
        return skill_cache[skills]

    def reason(task):
        pos = positions(task)
        for skills, _ in pos:
            if not anyone_has(skills):
                return "no_skill"
        _, near, by_slot = reach(task)
        for skills, _ in pos:
            if not any(skills <= m["skills"] for m in near):
                return "no_one_in_reach"
        ok_slots = []
        for s in sorted(task["slots"]):
            free = [m for m in by_slot.get(s, ()) if m["max_hours"] + 1e-9 >= task["hours"]]
            if all(sum(1 for m in free if skills <= m["skills"]) >= k for skills, k in pos) and \
                    len(free) >= sum(k for _, k in pos):
                ok_slots.append(s)
        if not ok_slots:
            return "no_slot"
        for s in ok_slots:
            opts = [res_options(task, q, s) for q in task["reqs"]]
            if all(opts) and len({r["id"] for o in opts for r in o}) >= len(task["reqs"]):
                return None
        return "no_resource"

    reasons = {}
    need_reason = {}
    for n in model["needs"]:
        rs = reason(n)
        need_reason[n["id"]] = rs
        if rs:
            reasons[rs] = reasons.get(rs, 0) + 1
    proj_reason = {}
    for p in model["projects"]:
        proj_reason[p["id"]] = reason(p)

    # Greedy plan: tasks by value, each in its first slot that can be staffed.
    weights = {1: 1000, 2: 300, 3: 100, 4: 30, 5: 10}
    tasks = []
    for n in model["needs"]:
        v = weights.get(n["priority"], 0) * (1.5 if n["vulnerable"] else 1.0)
        tasks.append((-v, "need", n["id"], n))
    for p in model["projects"]:
        v = weights.get(p["priority"], 0) * p["beneficiaries"] / 4.0
        tasks.append((-v, "project", p["id"], p))
    tasks.sort(key=lambda t: (t[0], t[1], t[2]))
    hours_left = {m["id"]: m["max_hours"] for m in model["members"]}
    busy = set()
    res_busy = set()
    res_left = {r["id"]: r["quantity"] for r in model["resources"]}
    served = {}
    covered = {"need": [], "project": []}
    for negv, kind, tid, t in tasks:
        if (need_reason if kind == "need" else proj_reason)[tid]:
            continue
        by_slot = reach(t)[2]
        # Slots with the most spare eligible members first; within a slot the least sought-after members
        # (no scarce skill, few free slots) first, then the nearest.
        pos = sorted(positions(t), key=lambda p: (len(p[0]) == 0,))
        options = []
        for s in sorted(t["slots"]):
            free = [m for m in by_slot.get(s, ()) if (m["id"], s) not in busy
                    and hours_left[m["id"]] + 1e-9 >= t["hours"]]
            spare = len(free) - sum(k for _, k in pos)
            options.append((-spare, s, free))
        options.sort(key=lambda o: (o[0], o[1]))
        for _, s, free in options:
            free = sorted(free, key=lambda m: (len(m["skills"] & SCARCE_SET), len(m["skills"]), len(m["slots"]),
                                               travel[(m["community"], t["community"])], m["id"]))
            chosen = []
            ok = True
            for skills, k in pos:
                cands = [m for m in free if skills <= m["skills"] and m["id"] not in chosen]
                if len(cands) < k:
                    ok = False
                    break
                chosen += [m["id"] for m in cands[:k]]
            if not ok:
                continue
            picked = []
            for q in t["reqs"]:
                opts = [r for r in res_options(t, q, s) if (r["id"], s) not in res_busy and r["id"] not in picked
                        and (q["amount"] is None or res_left[r["id"]] is None or res_left[r["id"]] + 1e-9 >= q["amount"])]
                if not opts:
                    ok = False
                    break
                picked.append(opts[0]["id"])
            if not ok:
                continue
            for mid in chosen:
                busy.add((mid, s))
                hours_left[mid] -= t["hours"]
                served[mid] = served.get(mid, 0) + t["hours"]
            for q, rid in zip(t["reqs"], picked):
                res_busy.add((rid, s))
                if q["amount"] is not None and res_left[rid] is not None:
                    res_left[rid] -= q["amount"]
            covered[kind].append(tid)
            break
    unit_served = {}
    for m in model["members"]:
        unit_served[m["unit"]] = unit_served.get(m["unit"], 0) + served.get(m["id"], 0)
    short_units = sum(1 for u, pl in model["units"].items() if pl > unit_served.get(u, 0) + 1e-9)
    shortfall = sum(max(0.0, pl - unit_served.get(u, 0)) for u, pl in model["units"].items())
    got = set(covered["need"])
    unmet_cat = {}
    for n in model["needs"]:
        if n["id"] not in got:
            key = n["category"] + ("" if need_reason[n["id"]] is None else "/" + need_reason[n["id"]])
            unmet_cat[key] = unmet_cat.get(key, 0) + 1
    return dict(reasons=reasons, need_reason=need_reason, proj_reason=proj_reason, greedy_unmet=unmet_cat,
                coverable=sum(1 for v in need_reason.values() if v is None),
                greedy_needs=len(covered["need"]), greedy_projects=len(covered["project"]),
                greedy_hours=sum(served.values()), members_serving=len(served),
                short_units=short_units, shortfall=shortfall)


def distributions(sc):
    model = sc["model"]
    out = []

    def hist(name, values):
        h = {}
        for v in values:
            h[v] = h.get(v, 0) + 1
        keys = sorted(h, key=lambda k: (str(type(k)), k))
        total = max(1, len(values))
        out.append(f"  {name}: " + ", ".join(f"{k}={h[k]} ({100.0 * h[k] / total:.0f}%)" for k in keys))

    needs = model["needs"]
    hist("need category", [n["category"] for n in needs])
    hist("need hours", [fmt_num(n["hours"]) for n in needs])
    hist("need headcount", [n["headcount"] for n in needs])
    hist("need priority", [n["priority"] for n in needs])
    hist("need vulnerable", ["yes" if n["vulnerable"] else "no" for n in needs])
    hist("need skill", ["|".join(sorted(n["skills"])) or "(none)" for n in needs])
    hist("need resources", ["|".join(q["kind"] + (":" + q["tag"] if q["tag"] else "") for q in n["reqs"]) or "(none)"
                            for n in needs])
    hist("need preferred_member", ["set" if n["preferred"] else "-" for n in needs])
    hist("need max_travel", [fmt_num(n["max_travel"]) for n in needs])
    slot_use = {}
    for n in needs:
        for s in n["slots"]:
            slot_use[PERIODS[s[1]] + ("-weekend" if s[0] >= 5 else "-weekday")] = slot_use.get(
                PERIODS[s[1]] + ("-weekend" if s[0] >= 5 else "-weekday"), 0) + 1
    out.append("  need accepted slots by period: " + ", ".join(f"{k}={slot_use[k]}" for k in sorted(slot_use)))
    members = model["members"]
    hist("member max_hours", [fmt_num(m["max_hours"]) for m in members])
    sk = {}
    for m in members:
        for s in m["skills"]:
            sk[s] = sk.get(s, 0) + 1
    out.append(f"  member skills: none={sum(1 for m in members if not m['skills'])}, "
               + ", ".join(f"{k}={sk[k]}" for k in sorted(sk)))
    mslot = {}
    for m in members:
        for s in m["slots"]:
            key = PERIODS[s[1]] + ("-weekend" if s[0] >= 5 else "-weekday")
            mslot[key] = mslot.get(key, 0) + 1
    out.append("  member available slots by period: " + ", ".join(f"{k}={mslot[k]}" for k in sorted(mslot)))
    supply = sum(min(m["max_hours"], sum(PERIOD_HOURS[s[1]] for s in m["slots"])) for m in members)
    demand = sum(n["headcount"] * n["hours"] for n in needs)
    pdemand = sum(sum(lo for _, lo, _ in p["roles"]) * p["hours"] for p in model["projects"])
    out.append(f"  hours: member supply {supply:.0f}, need demand {demand:.0f}, project minimum {pdemand:.0f}, "
               f"pledged {sum(model['units'].values()):.0f}")
    return out


def check(path, scale=None, quiet=False):
    t0 = time.time()
    sc = load_scenario(path)
    P, W = validate(sc)
    if scale is None and sc.get("generated_by"):
        m = re.search(r"--scale (\w+)", sc["generated_by"])
        if m:
            scale = m.group(1)
    counts = {k: len(sc[k]) for k in ["communities", "units", "members", "needs", "projects", "resources"]}
    if scale in SCALES:
        for k in ["communities", "units", "members", "needs", "projects"]:
            want = SCALES[scale][k]
            if k == "projects" and not counts[k]:
                continue  # --no-projects
            # The tiny scale is "about": a hand-written tiny scenario may differ by a few rows.
            ok = abs(counts[k] - want) <= max(2, want // 4) if scale == "tiny" else counts[k] == want
            if not ok:
                P.append(f"{k}.csv: {counts[k]} rows, the {scale} scale has {'about ' if scale == 'tiny' else ''}{want}")
    an = analyse(sc) if not P else None
    print(f"{path}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + f"; encodings {sorted(set(sc['encodings'].values()))}")
    for p in P:
        print("  PROBLEM " + p)
    for w in W[:20]:
        print("  warning " + w)
    if len(W) > 20:
        print(f"  ... {len(W) - 20} more warnings")
    if an and not quiet:
        for line in distributions(sc):
            print(line)
        n = max(1, counts["needs"])
        print(f"  needs coverable (static): {an['coverable']}/{counts['needs']} ({100.0 * an['coverable'] / n:.1f}%);"
              f" not: " + ", ".join(f"{k} {v}" for k, v in sorted(an["reasons"].items())))
        pr = [k for k, v in an["proj_reason"].items() if v]
        print(f"  projects statically impossible: {len(pr)}"
              + (" (" + ", ".join(f"{k}:{an['proj_reason'][k]}" for k in sorted(pr)[:8])
                 + (", ..." if len(pr) > 8 else "") + ")" if pr else ""))
        print(f"  greedy plan (a lower bound): needs {an['greedy_needs']}/{counts['needs']} "
              f"({100.0 * an['greedy_needs'] / n:.1f}%), projects {an['greedy_projects']}/{counts['projects']}, "
              f"{an['greedy_hours']:.0f} member-hours by {an['members_serving']} members, "
              f"{an['short_units']}/{counts['units']} units short of pledge (total {an['shortfall']:.0f} h)")
    if an and not quiet:
        print("  greedy unmet by category[/static reason]: "
              + ", ".join(f"{k} {v}" for k, v in sorted(an["greedy_unmet"].items())))
    print(f"  checked in {time.time() - t0:.1f}s: {'OK' if not P else f'{len(P)} problem(s)'}")
    return not P


# --------------------------------------------------------------------------------------------------
# CLI


def build_parser():
    ap = argparse.ArgumentParser(description="Generate or check a CommunityMatch scenario folder.")
    ap.add_argument("--scale", choices=sorted(SCALES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="the scenario folder to write")
    ap.add_argument("--week", default="2026-W48")
    ap.add_argument("--name", help='scenario name (default "<street or city> <week>")')
    ap.add_argument("--street", help="street name for the street and tiny scales (default drawn from the seed)")
    ap.add_argument("--city", choices=sorted(CITIES), help="where the communities lie (default by scale)")
    ap.add_argument("--encoding", choices=["utf8", "gb18030"], default="utf8")
    ap.add_argument("--declare-encoding", action="store_true", help="write `encoding: gb18030` in scenario.yaml")
    ap.add_argument("--bom", action="store_true", help="UTF-8 with a byte order mark")
    ap.add_argument("--crlf", action="store_true", help="CRLF line endings, as Excel writes them")
    ap.add_argument("--chinese-headers", action="store_true", help="first Chinese alias of each column")
    ap.add_argument("--no-projects", action="store_true")
    ap.add_argument("--no-resources", action="store_true")
    ap.add_argument("--preset", choices=sorted(PRESETS), help="the arguments of a committed scenario")
    ap.add_argument("--check", metavar="DIR", help="check a scenario folder and print its statistics")
    ap.add_argument("--check-presets", action="store_true",
                    help="regenerate every committed scenario into a temporary folder and compare byte for byte")
    ap.add_argument("--quiet", action="store_true")
    return ap


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = build_parser()
    args = ap.parse_args(argv)
    if args.check:
        return 0 if check(args.check, args.scale, args.quiet) else 1
    if args.check_presets:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios")
        ok = True
        for name in sorted(PRESETS):
            tmp = tempfile.mkdtemp(prefix="cmatch-preset-")
            try:
                main(PRESETS[name] + ["--out", tmp, "--quiet"])
                a = os.path.join(root, name)
                diffs = compare_dirs(a, tmp)
                print(f"{name}: " + ("identical" if not diffs else "DIFFERS: " + ", ".join(diffs)))
                ok = ok and not diffs
            finally:
                shutil.rmtree(tmp)
        return 0 if ok else 1
    if args.preset:
        if not args.out:
            ap.error("--preset needs --out")
        return main(PRESETS[args.preset] + ["--out", args.out] + (["--quiet"] if args.quiet else []))
    if not args.scale or not args.out:
        ap.error("--scale and --out are required (or --check DIR, --preset NAME, --check-presets)")
    if not re.fullmatch(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])", args.week):
        ap.error(f"--week must look like 2026-W48, not {args.week!r}")
    if args.street and SCALES[args.scale]["streets"] != 1:
        ap.error("--street applies to the street and tiny scales only")
    t0 = time.time()
    g, sc, P, W, an = generate(args)
    dt = time.time() - t0
    if not args.quiet:
        sizes = []
        for f in sorted(os.listdir(args.out)):
            sizes.append(f"{f} {os.path.getsize(os.path.join(args.out, f))}")
        print(f"wrote {args.out} in {dt:.1f}s: " + ", ".join(sizes))
    for w in W:
        print("warning " + w, file=sys.stderr)
    if P:
        for p in P:
            print("PROBLEM " + p, file=sys.stderr)
        return 1
    return 0


def compare_dirs(a, b):
    diffs = []
    na = sorted(os.listdir(a)) if os.path.isdir(a) else []
    nb = sorted(os.listdir(b))
    for f in sorted(set(na) | set(nb)):
        if f not in na or f not in nb:
            diffs.append(f"{f} only in {'regenerated' if f not in na else 'committed'}")
            continue
        with open(os.path.join(a, f), "rb") as x, open(os.path.join(b, f), "rb") as y:
            if x.read() != y.read():
                diffs.append(f)
    return diffs


if __name__ == "__main__":
    sys.exit(main())
