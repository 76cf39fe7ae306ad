"""Realistic, reproducible Chinese people for the demo: names, birth dates, family members.

Everything comes from one seeded ``random.Random`` so that loading the demo twice produces the
same people (and so creates nothing twice).
"""

import datetime
import random

# Common surnames in Guangxi (Zhuang and Han families alike).
SURNAMES = "韦黄李陆覃莫蒙梁潘卢农蓝罗廖刘陈王张杨周吴何谭苏石甘雷黎邓赵"
MALE_GIVEN = [
    "德明", "建国", "志强", "国华", "振华", "秀山", "家福", "永安", "文光", "仕林", "汉军", "树生",
    "金福", "有才", "庆祥", "世荣", "宝成", "光耀", "正清", "炳坤", "保国", "绍武", "卫东", "春生",
]
FEMALE_GIVEN = [
    "桂英", "秀兰", "玉梅", "凤英", "美兰", "桂兰", "秀珍", "月娥", "丽华", "金凤", "爱莲", "素芬",
    "玉兰", "桂芳", "淑贞", "翠萍", "彩霞", "秋菊", "冬梅", "瑞英", "巧云", "惠珍", "满妹", "银花",
]
YOUNGER_MALE_GIVEN = ["海涛", "伟", "勇", "俊杰", "志刚", "建军", "文斌", "永红", "明辉", "小军"]
YOUNGER_FEMALE_GIVEN = ["丽娟", "海燕", "红梅", "小燕", "艳芳", "春燕", "晓红", "美玲", "丽萍", "婷"]
STREETS = ["团结路", "新华街", "人民路", "解放街", "民主路", "建设路", "和平街", "文化路"]
HEALTH = ["健康", "良好", "一般", "慢性病", "高血压", "糖尿病", "行动不便"]
DISEASES = ["高血压", "糖尿病", "冠心病", "慢性支气管炎", "关节炎", "脑梗后遗症"]


class PeopleGenerator:
    def __init__(self, seed=2023):
        self.random = random.Random(seed)

    def name(self, sex, younger=False):
        given = (YOUNGER_MALE_GIVEN if younger else MALE_GIVEN) if sex == "M" else (
            YOUNGER_FEMALE_GIVEN if younger else FEMALE_GIVEN)
        return self.random.choice(SURNAMES) + self.random.choice(given)

    def child_name(self, surname, sex):
        given = YOUNGER_MALE_GIVEN if sex == "M" else YOUNGER_FEMALE_GIVEN
        return surname + self.random.choice(given)

    def birth_date(self, first_year, last_year):
        start = datetime.date(first_year, 1, 1)
        span = (datetime.date(last_year, 12, 31) - start).days
        return start + datetime.timedelta(days=self.random.randint(0, span))

    def mobile(self):
        prefix = self.random.choice(["138", "139", "135", "136", "150", "151", "177", "180", "188", "199"])
        return prefix + "".join(str(self.random.randint(0, 9)) for _ in range(8))

    def landline(self):
        return "0771-" + str(self.random.randint(2, 8)) + "".join(str(self.random.randint(0, 9)) for _ in range(6))

    def street_address(self):
        return f"{self.random.choice(STREETS)}{self.random.randint(1, 120)}号"

    def chance(self, probability):
        return self.random.random() < probability

    def pick(self, options):
        return self.random.choice(options)

    def sample(self, options, count):
        return self.random.sample(options, count)

    def integer(self, low, high):
        return self.random.randint(low, high)
