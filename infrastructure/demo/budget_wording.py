"""What the demo's budgets plan and what finance and management write about them."""

# Chinese text is written with Chinese (full-width) punctuation, on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

TRAVEL = "6601 差旅费 Travel"
OFFICE = "6602 办公费 Office"
SERVICES = "6603 外包服务 Outsourced services"
PROJECTS = "6604 项目支出 Projects"
ADVERTISING = "6605 广告宣传 Advertising"

#: What each department spends on outsourced services, month by month (a standing contract).
SERVICE_CONTRACTS: dict[str, str] = {
    "it": "云服务与运维外包",
    "rnd": "检测认证与样机外协",
    "production": "设备维保外包",
    "marketing": "代理公司服务费",
    "quality": "第三方检测服务",
    "logistics": "第三方仓储与干线运输",
    "finance": "审计与税务咨询",
    "after_sales": "外包上门服务网点",
}

TRAVEL_CLAIM = "差旅报销 {name} {number}"
OFFICE_PURCHASE = "办公用品采购 {number}"
SERVICE_ORDER = "{contract} {month} 月服务订单"
SERVICE_INVOICE = "{contract} {month} 月发票"
PROJECT_BOOKING = "{project} {month} 月项目成本入账"
BIG_CONTRACT = "系统集成外包合同（ERP 升级二期）"
CAMPAIGN = "双十一预热广告投放（头部平台）"

RETURNED = "差旅费按人均标准重新测算，外包服务请附合同报价"
REVISED = "按财务意见：差旅费下调 15%，外包服务附报价"
PASSED = "测算依据充分，与年度经营计划一致"
SELF_REVIEW = "Finance reviews its own budget"

TRANSFER_REASON = "ERP 二期外包合同超出 {month} 月外包服务额度，从 {sources} 调剂"
TRANSFER_APPROVED = "调剂不增加部门总额，同意"
INCREASE_REASON = "2 号线设备大修，需追加外包维保预算"
INCREASE_REJECTED = "年度总额不再追加；请在项目支出中调剂或推迟到明年"
RETURNED_TRANSFER_REASON = "第三方检测量上升，从 {sources} 调剂到外包服务"
SMALLER_TRANSFER_REASON = "按财务意见缩小调剂金额，只覆盖 9 月检测量"
DUPLICATE = "重新起草本年度预算"
