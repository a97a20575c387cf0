"""The demo company: its departments, the people in them and the roles they hold."""

from __future__ import annotations

from typing import Any

import attrs

from domain.complaint.values import Category
from domain.shared.actor import Role


@attrs.frozen(kw_only=True)
class Person:
    """An employee as commands name them: id, roles and department; the name is for people."""

    id: str
    name: str
    roles: tuple[Role, ...]
    department: str

    def actor(self) -> dict[str, Any]:
        """The `actor` object of a command envelope sent by this person."""
        return {
            "id": self.id,
            "roles": [role.value for role in self.roles],
            "department": self.department,
        }


@attrs.frozen(kw_only=True)
class Department:
    """A department that complaints are assigned to: its head and the staff who investigate."""

    key: str
    name: str
    head: Person
    staff: tuple[Person, ...]


@attrs.frozen(kw_only=True)
class ProjectDepartment:
    """A department that runs projects: its head (who approves plans), the people who manage
    its projects and the people who work on them."""

    key: str
    name: str
    head: Person
    managers: tuple[Person, ...]
    members: tuple[Person, ...]


def _person(department: str, number: int, name: str, *roles: Role) -> Person:
    return Person(id=f"u-{department}-{number}", name=name, roles=roles, department=department)


def _department(
    key: str, name: str, *, role: Role, head: str, staff: tuple[str, ...]
) -> Department:
    return Department(
        key=key,
        name=name,
        head=_person(key, 1, head, Role.DEPARTMENT_HEAD, role),
        staff=tuple(
            _person(key, number, person, role) for number, person in enumerate(staff, start=2)
        ),
    )


def _project_department(
    key: str,
    name: str,
    *,
    head: Person,
    managers: tuple[str, ...],
    members: tuple[str, ...],
) -> ProjectDepartment:
    return ProjectDepartment(
        key=key,
        name=name,
        head=head,
        managers=tuple(
            _person(key, number, person, Role.PROJECT_MANAGER)
            for number, person in enumerate(managers, start=2)
        ),
        # Team members only appear as the members added: they send no commands here.
        members=tuple(
            _person(key, number, person)
            for number, person in enumerate(members, start=2 + len(managers))
        ),
    )


@attrs.frozen(kw_only=True)
class Unit:
    """A department as budgets, risks and rectifications see it: its key and name, its head
    (None where it has none) and the people in it who send commands (each holds a role)."""

    key: str
    name: str
    head: Person | None
    people: tuple[Person, ...]

    @property
    def everyone(self) -> tuple[Person, ...]:
        """The head first, then the others."""
        return self.people if self.head is None else (self.head, *self.people)


@attrs.frozen(kw_only=True)
class Company:
    """Everyone the demo's quarter needs: the service desk, its managers and the departments
    that investigate complaints; sales, contract reviewers, management, finance and operations
    for orders; the departments that run projects; and people who may not do some things."""

    name: str
    agents: tuple[Person, ...]
    managers: tuple[Person, ...]
    departments: dict[str, Department]
    responsible: dict[Category, str]
    sales_rep: Person
    auditor: Person
    #: Who sells: reps, and the sales managers who hold and cancel orders and sign them up to
    #: the signing limit. The first sales manager also sells to key accounts himself.
    sales_reps: tuple[Person, ...]
    sales_managers: tuple[Person, ...]
    management: tuple[Person, ...]
    legal: tuple[Person, ...]
    risk_officers: tuple[Person, ...]
    project_departments: dict[str, ProjectDepartment]
    #: The supervision group: it spot-checks every department's processes and issues
    #: rectification notices.
    supervisors: tuple[Person, ...] = ()

    def department_for(self, category: Category) -> Department:
        """The department that investigates complaints of this category."""
        return self.departments[self.responsible[category]]

    @property
    def finance(self) -> tuple[Person, ...]:
        """Finance staff: they review the financial aspect of contracts, invoice and book
        payments, and record project costs."""
        return self.departments["finance"].staff

    @property
    def operations(self) -> tuple[Person, ...]:
        """Logistics staff: they fulfil orders, ship and confirm deliveries."""
        return self.departments["logistics"].staff

    @property
    def inspectors(self) -> tuple[Person, ...]:
        """Quality inspectors: they record the acceptance of projects."""
        return self.departments["quality"].staff

    @property
    def key_account_manager(self) -> Person:
        """The sales manager who also sells (both roles): never the signatory of his orders."""
        return self.sales_managers[0]

    @property
    def units(self) -> dict[str, Unit]:
        """Every department with the people in it who send commands: those with a head
        (which keep a budget) first, then sales, customer service and supervision."""
        found: dict[str, Unit] = {}
        for key, projecting in self.project_departments.items():
            found[key] = Unit(
                key=key,
                name=projecting.name,
                head=projecting.head,
                people=tuple(p for p in (*projecting.managers, *projecting.members) if p.roles),
            )
        for key, department in self.departments.items():
            staff = tuple(p for p in department.staff if p.roles)
            known = found.get(key)
            people = staff if known is None else tuple(dict.fromkeys((*known.people, *staff)))
            found[key] = Unit(key=key, name=department.name, head=department.head, people=people)
        found["sales"] = Unit(
            key="sales",
            name="销售部 Sales",
            head=None,
            people=tuple(dict.fromkeys((*self.sales_managers, *self.sales_reps))),
        )
        found["service"] = Unit(
            key="service",
            name="客户服务部 Customer service",
            head=None,
            people=(*self.managers, *self.agents),
        )
        if self.supervisors:
            found["supervision"] = Unit(
                key="supervision", name="监察部 Supervision", head=None, people=self.supervisors
            )
        return found

    @property
    def budget_units(self) -> tuple[Unit, ...]:
        """The departments that keep a budget: every one with a head."""
        return tuple(unit for unit in self.units.values() if unit.head is not None)


_QUALITY = _department(
    "quality",
    "质量管理部 Quality",
    role=Role.QUALITY_INSPECTOR,
    head="孙伟",
    staff=("吴磊", "郑丽"),
)

COMPANY = Company(
    name="星海家电 Xinghai Home Appliances",
    agents=(
        _person("service", 11, "李娜 Li Na", Role.CUSTOMER_SERVICE),
        _person("service", 12, "王芳 Wang Fang", Role.CUSTOMER_SERVICE),
        _person("service", 13, "Chen Jie 陈杰", Role.CUSTOMER_SERVICE),
        _person("service", 14, "赵敏 Zhao Min", Role.CUSTOMER_SERVICE),
    ),
    managers=(
        _person("service", 1, "刘洋 Liu Yang", Role.SERVICE_MANAGER, Role.CUSTOMER_SERVICE),
        _person("service", 2, "周静 Zhou Jing", Role.SERVICE_MANAGER),
    ),
    departments={
        department.key: department
        for department in (
            _QUALITY,
            _department(
                "logistics",
                "物流部 Logistics",
                role=Role.OPERATIONS,
                head="马强",
                staff=("胡斌", "朱红"),
            ),
            _department(
                "finance", "财务部 Finance", role=Role.FINANCE, head="林涛", staff=("何雪", "高峰")
            ),
            _department(
                "after_sales",
                "售后技术部 After-sales",
                role=Role.OPERATIONS,
                head="罗军",
                staff=("梁燕",),
            ),
        )
    },
    responsible={
        Category.PRODUCT_QUALITY: "quality",
        Category.DELIVERY: "logistics",
        Category.BILLING: "finance",
        Category.SERVICE: "after_sales",
        Category.OTHER: "after_sales",
    },
    sales_rep=_person("sales", 21, "黄磊 Huang Lei", Role.SALES_REP),
    auditor=_person("audit", 31, "Audrey Xu 徐", Role.AUDITOR),
    sales_reps=(
        _person("sales", 21, "黄磊 Huang Lei", Role.SALES_REP),
        _person("sales", 22, "许婷 Xu Ting", Role.SALES_REP),
        _person("sales", 23, "Kevin Ma 马凯", Role.SALES_REP),
        _person("sales", 24, "邓佳 Deng Jia", Role.SALES_REP),
    ),
    sales_managers=(
        _person("sales", 2, "郑军 Zheng Jun", Role.SALES_MANAGER, Role.SALES_REP),
        _person("sales", 3, "唐敏 Tang Min", Role.SALES_MANAGER),
    ),
    management=(
        _person("management", 1, "张建国 Zhang Jianguo", Role.MANAGEMENT),
        _person("management", 2, "陈思远 Chen Siyuan", Role.MANAGEMENT),
    ),
    legal=(
        _person("legal", 41, "许文 Xu Wen", Role.LEGAL),
        _person("legal", 42, "Laura Bai 白露", Role.LEGAL),
    ),
    risk_officers=(
        _person("risk", 51, "宋雨 Song Yu", Role.RISK_OFFICER),
        _person("risk", 52, "韩冰 Han Bing", Role.RISK_OFFICER),
    ),
    supervisors=(
        _person("supervision", 61, "严明 Yan Ming", Role.SUPERVISOR),
        _person("supervision", 62, "白洁 Bai Jie", Role.SUPERVISOR),
        _person("supervision", 63, "Grace Qin 秦雅", Role.SUPERVISOR),
    ),
    project_departments={
        department.key: department
        for department in (
            _project_department(
                "it",
                "信息技术部 IT",
                head=_person("it", 1, "周鹏 Zhou Peng", Role.DEPARTMENT_HEAD),
                managers=("钱程 Qian Cheng", "Kevin Lu 陆凯"),
                members=("蒋涛", "潘越"),
            ),
            _project_department(
                "rnd",
                "研发部 R&D",
                # The head of R&D also manages a project himself: he may not approve its plan.
                head=_person("rnd", 1, "杜衡 Du Heng", Role.DEPARTMENT_HEAD, Role.PROJECT_MANAGER),
                managers=("叶青 Ye Qing", "沈浩 Shen Hao"),
                members=("苏明", "谢雯"),
            ),
            _project_department(
                "production",
                "生产部 Production",
                head=_person("production", 1, "曹勇 Cao Yong", Role.DEPARTMENT_HEAD),
                managers=("魏东 Wei Dong", "彭莉 Peng Li"),
                members=("任飞", "汪洋"),
            ),
            _project_department(
                "marketing",
                "市场部 Marketing",
                head=_person("marketing", 1, "袁媛 Yuan Yuan", Role.DEPARTMENT_HEAD),
                managers=("蔡琳 Cai Lin", "Leo Fang 方磊"),
                members=("田甜", "孔亮"),
            ),
            ProjectDepartment(
                key="quality",
                name=_QUALITY.name,
                head=_QUALITY.head,
                # A quality inspector manages the quality department's own projects: someone
                # else inspects them.
                managers=(_QUALITY.staff[0],),
                members=(_QUALITY.staff[1],),
            ),
        )
    },
)
