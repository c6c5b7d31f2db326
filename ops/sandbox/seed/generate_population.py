#!/usr/bin/env python3
"""Regenerates population.json: the adults and enterprises seeded into the sandbox's shared register.

Deterministic (fixed seed), so the file only changes when this script changes. Every ID number carries a
valid GB 11643 check character, every credit code a valid GB 32100 check character, every bank card a
valid Luhn digit. Run: python3 ops/sandbox/seed/generate_population.py > ops/sandbox/seed/population.json
"""
import json
import random

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
DISTRICTS = [
    ("430102", "湖南省长沙市芙蓉区"), ("430103", "湖南省长沙市天心区"), ("430104", "湖南省长沙市岳麓区"),
    ("430105", "湖南省长沙市开福区"), ("430111", "湖南省长沙市雨花区"),
]
STREETS = ["五一大道", "芙蓉中路", "韶山北路", "解放西路", "人民东路", "麓山南路", "湘江中路", "劳动西路"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
MALE_GIVEN = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国", "志强", "海波", "国华", "建军", "卫东", "文斌", "振华"]
FEMALE_GIVEN = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "玲", "秀英", "桂兰", "玉梅", "晓燕", "春花", "丽华", "雪梅", "慧"]
BANKS = ["中国工商银行长沙分行", "中国建设银行长沙分行", "中国农业银行长沙分行", "中国银行长沙分行", "长沙银行"]

rnd = random.Random(20250101)
used_ids = set()
used_names = set()


def id_check(body17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def make_id(region, birth, sex):
    while True:
        seq = rnd.randrange(10, 99) * 10 + rnd.choice([1, 3, 5, 7, 9] if sex == "1" else [0, 2, 4, 6, 8])
        body = region + birth.replace("-", "") + f"{seq:03d}"
        full = body + id_check(body)
        if full not in used_ids:
            used_ids.add(full)
            return full


def make_name(sex):
    while True:
        name = rnd.choice(SURNAMES) + rnd.choice(MALE_GIVEN if sex == "1" else FEMALE_GIVEN)
        if name not in used_names:
            used_names.add(name)
            return name


def luhn_card(prefix, length=19):
    body = prefix + "".join(str(rnd.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def org_code(body8):
    values = [int(c, 36) for c in body8]
    c = 11 - sum(v * w for v, w in zip(values, ORG_WEIGHTS)) % 11
    return body8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def credit_code(region, body8):
    base = "91" + region + org_code(body8)
    total = sum(CREDIT_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(base))
    return base + CREDIT_CHARS[(31 - total % 31) % 31]


def person(sex, birth, roles, **extra):
    region, area = rnd.choice(DISTRICTS)
    p = {
        "idNumber": make_id(region, birth, sex),
        "name": make_name(sex),
        "sex": sex,
        "sexLabel": "男" if sex == "1" else "女",
        "birthDate": birth,
        "address": f"{area}{rnd.choice(STREETS)}{rnd.randrange(1, 399)}号",
        "phone": "1" + rnd.choice("3578") + "".join(str(rnd.randrange(10)) for _ in range(9)),
        "roles": roles,
    }
    p.update(extra)
    return p


def date(y, m, d):
    return f"{y:04d}-{m:02d}-{d:02d}"


enterprises = []
for i, (name, kind) in enumerate([
    ("长沙湘江机械制造有限公司", "02"), ("湖南芙蓉纺织股份有限公司", "03"), ("长沙岳麓印刷有限责任公司", "02"),
]):
    region = DISTRICTS[i][0]
    body8 = "MA4" + "".join(rnd.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(5))
    enterprises.append({"creditCode": credit_code(region, body8), "name": name, "companyType": kind,
                        "address": DISTRICTS[i][1] + rnd.choice(STREETS) + f"{rnd.randrange(1, 300)}号"})

people = []
# Young couples: parents for the newborn bundle.
for _ in range(12):
    mother = person("2", date(rnd.randrange(1990, 1999), rnd.randrange(1, 13), rnd.randrange(1, 29)), ["mother"])
    father = person("1", date(rnd.randrange(1988, 1997), rnd.randrange(1, 13), rnd.randrange(1, 29)), ["father"])
    mother["spouseIdNumber"], father["spouseIdNumber"] = father["idNumber"], mother["idNumber"]
    father["address"] = mother["address"]
    people += [mother, father]


def retiree(sex, birth, person_type, years, label, only_child=True):
    employer = rnd.choice(enterprises)["creditCode"]
    return person(sex, birth, ["retiree"], retirement={
        "group": label,
        "personType": person_type,
        "personTypeLabel": "干部" if person_type == "1" else "工人",
        "contributionYears": years,
        "employerCreditCode": employer,
        "onlyChildCertificateNo": f"湘独字第{rnd.randrange(100000, 999999)}号" if only_child else None,
        "bankCardNo": luhn_card("622202"),
        "bankName": rnd.choice(BANKS),
        "providentFundBalance": round(rnd.uniform(20000, 180000), 2),
    })


# Retirees who have reached the statutory age (rule of the 2024 NPC decision) by 2026-11.
for birth in ["1964-03-12", "1964-11-02", "1965-02-20", "1965-07-15", "1966-01-08"]:
    people.append(retiree("1", birth, "2", rnd.randrange(25, 40), "male"))
for birth in ["1970-05-21", "1971-01-30"]:
    people.append(retiree("2", birth, "1", rnd.randrange(25, 35), "female-cadre"))
for birth in ["1975-03-09", "1975-10-17", "1976-02-11"]:
    people.append(retiree("2", birth, "2", rnd.randrange(20, 32), "female-worker"))
# Rejection samples: too few contribution years; far below retirement age.
people.append(retiree("1", "1963-06-18", "2", 12, "male-short-contribution"))
people.append(retiree("1", "1975-04-04", "2", 28, "male-too-young", only_child=False))

# Legal representatives for the company-setup bundle.
for _ in range(6):
    people.append(person(rnd.choice("12"), date(rnd.randrange(1975, 1996), rnd.randrange(1, 13), rnd.randrange(1, 29)),
                         ["legalRep"]))

# A minor (16 years old in 2026) to show that the register holds people who may not act alone.
people.append(person("1", "2010-06-01", ["minor"]))

print(json.dumps({
    "$comment": "Seeded adults and enterprises of the sandbox's shared register. Generated by generate_population.py; "
                "every ID and credit code carries a valid check character. roles: mother/father (newborn bundle), "
                "retiree (retirement bundle; retirement.group names the rule group, *-short-contribution and "
                "*-too-young are rejection samples), legalRep (company setup), minor.",
    "version": 1,
    "people": people,
    "enterprises": enterprises,
}, ensure_ascii=False, indent=2))
