"""What the supervision group finds in each department, and what is done to put it right."""

# Chinese text is written with Chinese (full-width) punctuation, on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Finding:
    """A spot check's finding: the process checked, what was wrong, how it is put right, what
    was done and the evidence."""

    process: str
    finding: str
    plan: str
    actions_taken: str
    evidence: str


FINDINGS: dict[str, tuple[Finding, ...]] = {
    "it": (
        Finding(
            process="系统权限管理 Access management",
            finding="3 名离职员工的 ERP 账号未及时停用",
            plan="离职流程与账号停用联动，存量账号清理",
            actions_taken="停用 3 个账号；HR 离职单触发自动停用",
            evidence="账号清单截图与流程配置记录",
        ),
        Finding(
            process="变更管理 Change management",
            finding="2 次生产环境变更无审批记录",
            plan="变更必须经变更委员会审批后实施",
            actions_taken="补录审批；发布平台增加审批卡点",
            evidence="变更单 CHG-0712、CHG-0719 审批记录",
        ),
    ),
    "rnd": (
        Finding(
            process="设计评审 Design review",
            finding="新平台设计变更未经评审即下发图纸",
            plan="图纸下发前强制评审签字",
            actions_taken="补做评审；PLM 系统增加评审节点",
            evidence="评审纪要与 PLM 配置截图",
        ),
    ),
    "production": (
        Finding(
            process="设备点检 Equipment inspection",
            finding="注塑车间点检表连续 5 天未填写",
            plan="点检纳入班组长考核，电子点检上线",
            actions_taken="补做点检；电子点检系统上线",
            evidence="电子点检记录 7 天完整",
        ),
        Finding(
            process="安全生产 Workplace safety",
            finding="喷涂车间灭火器过期 4 具",
            plan="更换过期灭火器，建立月度巡检",
            actions_taken="更换 4 具灭火器，月度巡检表发布",
            evidence="采购单与巡检表照片",
        ),
    ),
    "marketing": (
        Finding(
            process="费用报销 Expense claims",
            finding="活动费用报销缺少活动照片与签到表",
            plan="报销附件清单化，缺件不予受理",
            actions_taken="补齐附件；报销系统附件必填",
            evidence="补齐后的报销单与系统配置截图",
        ),
    ),
    "quality": (
        Finding(
            process="来料检验 Incoming inspection",
            finding="抽样数量低于 GB/T 2828.1 要求",
            plan="按标准重新制定抽样方案并培训",
            actions_taken="抽样方案更新，检验员培训考核",
            evidence="新抽样方案与培训考核记录",
        ),
    ),
    "logistics": (
        Finding(
            process="出库复核 Outbound check",
            finding="出库单与实发数量不符 3 单",
            plan="出库扫码复核，差异当日闭环",
            actions_taken="扫码复核上线；3 单差异已追回",
            evidence="扫码复核日志与差异处理单",
        ),
        Finding(
            process="承运商管理 Carrier management",
            finding="承运商资质证照过期未更新",
            plan="承运商资质年审，系统到期预警",
            actions_taken="资质全部更新；到期预警上线",
            evidence="资质证照扫描件与预警配置",
        ),
    ),
    "finance": (
        Finding(
            process="付款审批 Payment approval",
            finding="2 笔超权限付款未经总经理审批",
            plan="付款审批权限表嵌入资金系统",
            actions_taken="补签审批；资金系统按权限表控制",
            evidence="补签审批单与系统权限配置",
        ),
    ),
    "after_sales": (
        Finding(
            process="上门服务回访 Service follow-up",
            finding="上门服务回访率仅 62%，低于 90% 要求",
            plan="回访纳入网点考核，短信自动回访",
            actions_taken="短信回访上线，网点考核方案发布",
            evidence="回访率报表：92%",
        ),
    ),
    "sales": (
        Finding(
            process="合同评审 Contract review",
            finding="4 份合同在评审通过前已盖章",
            plan="用印前校验评审状态",
            actions_taken="用印系统与合同评审联动",
            evidence="用印系统配置截图与抽查记录",
        ),
    ),
    "service": (
        Finding(
            process="投诉受理 Complaint intake",
            finding="电话投诉登记平均延迟 40 分钟",
            plan="坐席系统来电即建单",
            actions_taken="来电弹屏建单上线，登记延迟降至 5 分钟",
            evidence="系统日志抽样 50 条",
        ),
    ),
    "supervision": (
        Finding(
            process="抽查记录 Spot-check records",
            finding="监察部 7 月抽查底稿归档不完整",
            plan="底稿归档清单化，季度自查",
            actions_taken="补齐底稿并建立归档清单",
            evidence="归档清单与底稿目录",
        ),
    ),
}

REJECTED = "证据不足：请补充整改后一周的运行记录"
RESUBMITTED_EVIDENCE = "补充整改后连续两周运行记录"
PASSED = "抽查复核通过，整改有效"
EXTENDED = "整改涉及系统开发，需延长两周"
