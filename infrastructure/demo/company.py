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


@attrs.frozen(kw_only=True)
class Company:
    """Who handles complaints: the service desk, its managers, the departments that investigate,
    and a few people who may not act on complaints at all."""

    name: str
    agents: tuple[Person, ...]
    managers: tuple[Person, ...]
    departments: dict[str, Department]
    responsible: dict[Category, str]
    sales_rep: Person
    auditor: Person

    def department_for(self, category: Category) -> Department:
        """The department that investigates complaints of this category."""
        return self.departments[self.responsible[category]]


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
            _department(
                "quality",
                "质量管理部 Quality",
                role=Role.QUALITY_INSPECTOR,
                head="孙伟",
                staff=("吴磊", "郑丽"),
            ),
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
)
