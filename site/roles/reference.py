"""Reference data every installation needs: the official region codes and the 11 departments.

The loaders take the model classes as arguments so that data migrations can pass their
historical models. Both are idempotent: run again, they update names and add what is missing.
"""

import csv
from pathlib import Path

from .models import region_path

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "guangxi_divisions.csv"

# 附件1 探访关爱服务部门职责分工, word for word, in the order of the document.
DEPARTMENTS = [
    ("political_legal", "党委政法委", "将特殊困难老年人探访关爱工作纳入平安建设重要任务。"),
    ("civilization_office", "文明办",
     "将特殊困难老年人探访关爱作为新时代文明实践中心服务工作重要内容，丰富特殊困难老年人精神生活，"
     "倡导科学文明健康的生活方式，引导家庭成员向上向善、孝老爱亲。"),
    ("civil_affairs", "民政部门",
     "积极推动党委和政府将特殊困难老年人探访关爱工作纳入基本养老服务体系建设重点任务，提上重要议事日程，"
     "依托养老服务部门议事协调机制，整合政策资源，积极动员慈善组织提供捐赠。"),
    ("education", "教育部门", "组织动员在校学生参与特殊困难老年人探访关爱。"),
    ("finance", "财政部门",
     "统筹现有渠道资金，积极支持特殊困难老年人探访关爱服务工作，指导和监督有关部门政府购买服务工作。"),
    ("housing", "住房和城乡建设部门", "引导物业服务企业参与做好特殊困难老年人探访关爱。"),
    ("agriculture", "农业农村部门",
     "负责协同建立农村留守老年人关爱服务工作机制，纳入农业和农村规划重点任务，作为农村公共服务重要方面，"
     "推进农村养老提质升级。"),
    ("health", "卫生健康部门",
     "结合计划生育特殊家庭社会关爱工作，依托一对一联系人制度，及时沟通情况，了解需求，帮助计划生育特殊家庭"
     "老年人解决实际困难和后顾之忧，参与做好特殊困难老年人探访关爱。"),
    ("aging", "老龄工作部门",
     "将探访关爱工作纳入各级老龄委重要议事日程，充分发挥老龄工作综合协调职能，加强督促落实。"),
    ("disabled_federation", "残联组织",
     "将对残疾老年人探访关爱纳入志愿助残服务活动，切实帮助残疾老年人提高生活质量，积极参与做好残疾老年人"
     "探访关爱。"),
    ("fire_rescue", "消防救援机构",
     "协助乡镇人民政府（街道办事处）组织开展精准消防关爱行动，指导乡镇人民政府（街道办事处）工作人员深入"
     "特殊困难老年人家庭，开展消防安全宣传，帮助排查火灾隐患。"),
]


def read_divisions(csv_path=DIVISIONS_CSV):
    with open(csv_path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(region_model, rows=None):
    """Create or rename the divisions in ``rows`` (parents always precede children in the file).

    Returns (created, updated). Paths are set here rather than in ``save()`` so that the
    historical model of a data migration works too.
    """
    rows = read_divisions() if rows is None else rows
    existing = {region.code: region for region in region_model.objects.all()}
    created = updated = 0
    for row in rows:
        parent = existing.get(row["parent_code"]) if row["parent_code"] else None
        region = existing.get(row["code"])
        if region is None:
            region = region_model.objects.create(
                code=row["code"], name=row["name"], level=row["level"], parent=parent,
                path=region_path(row["code"], parent.path if parent else ""),
            )
            existing[region.code] = region
            created += 1
        elif region.name != row["name"]:
            region.name = row["name"]
            region.save(update_fields=["name"])
            updated += 1
    return created, updated


def load_departments(department_model):
    """Create the 11 departments; existing duty text (edited by administrators) is kept."""
    created = 0
    for order, (code, name, duties) in enumerate(DEPARTMENTS, start=1):
        _, was_created = department_model.objects.get_or_create(
            code=code, defaults={"name": name, "duties": duties, "sort_order": order}
        )
        created += was_created
    return created
