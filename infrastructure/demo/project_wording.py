"""What the demo's departments run as projects, and what their plans and reports say."""

# Chinese text is written with Chinese (full-width) punctuation, on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Idea:
    """A project a department proposes: its name, goals and scope."""

    name: str
    goals: str
    scope: str


IDEAS: dict[str, tuple[Idea, ...]] = {
    "it": (
        Idea(
            name="ERP 系统升级 ERP upgrade",
            goals="月结时间由 5 天缩短到 2 天",
            scope="财务、采购、库存模块升级到新版本",
        ),
        Idea(
            name="客服工单系统 Service desk ticketing",
            goals="投诉与报修统一入口，工单可追溯",
            scope="热线、网页、小程序三个渠道接入",
        ),
        Idea(
            name="数据中心迁移 Data centre move",
            goals="机房迁至新园区，停机不超过 4 小时",
            scope="服务器、存储与网络设备整体搬迁",
        ),
        Idea(
            name="供应商门户 Supplier portal",
            goals="订单、对账、发票线上协同",
            scope="前 50 家供应商上线",
        ),
        Idea(
            name="网络安全等级保护 Security compliance (MLPS 2.0)",
            goals="通过等保三级测评",
            scope="差距分析、整改与测评",
        ),
    ),
    "rnd": (
        Idea(
            name="变频洗衣机平台 Inverter washer platform",
            goals="新平台能耗降低 15%",
            scope="电机、控制板与软件的平台化设计",
        ),
        Idea(
            name="冰箱一级能效 Fridge energy label A",
            goals="三门冰箱系列取得一级能效认证",
            scope="压缩机选型、保温层优化与送检",
        ),
        Idea(
            name="智能家居 App Smart home app",
            goals="洗衣机、空调远程控制，月活 10 万",
            scope="iOS、安卓 App 与云端接口",
        ),
        Idea(
            name="低噪音压缩机 Quiet compressor",
            goals="空调室外机噪音降低 3 分贝",
            scope="压缩机减振结构设计与样机测试",
        ),
    ),
    "production": (
        Idea(
            name="总装线自动化 Assembly line automation",
            goals="总装线人均产能提升 25%",
            scope="2 号总装线引入 6 台协作机器人",
        ),
        Idea(
            name="喷涂车间改造 Paint shop retrofit",
            goals="VOC 排放达标，返工率减半",
            scope="喷涂线与废气处理设备改造",
        ),
        Idea(
            name="精益生产 5S Lean 5S rollout",
            goals="现场 5S 评分达到 85 分",
            scope="三个车间的 5S 与目视化管理",
        ),
        Idea(
            name="仓储 WMS 上线 Warehouse WMS",
            goals="库存准确率达到 99.5%",
            scope="成品仓与备件仓条码化管理",
        ),
    ),
    "marketing": (
        Idea(
            name="双十一大促 Singles' Day campaign",
            goals="线上销售额同比增长 30%",
            scope="三大电商平台的活动与直播",
        ),
        Idea(
            name="经销商门店焕新 Dealer store refresh",
            goals="100 家门店完成新形象改造",
            scope="门店设计、物料与培训",
        ),
        Idea(
            name="品牌官网改版 Brand website relaunch",
            goals="官网转化率提升到 2%",
            scope="官网与产品页面重做",
        ),
        Idea(
            name="直播带货试点 Livestream sales pilot",
            goals="试点期内直播成交 500 万元",
            scope="自有直播间与两位主播合作",
        ),
    ),
    "quality": (
        Idea(
            name="来料检验数字化 Incoming inspection digitisation",
            goals="来料检验数据全部在线，漏检率降到 0.1%",
            scope="检验标准、扫码检验与供应商质量看板",
        ),
        Idea(
            name="售后质量追溯 After-sales traceability",
            goals="任一报修可追溯到生产批次",
            scope="序列号与批次关联，售后系统对接",
        ),
        Idea(
            name="ISO 9001 复审 ISO 9001 recertification",
            goals="一次通过复审，无严重不符合项",
            scope="体系文件更新、内审与管理评审",
        ),
    ),
}

#: Milestone names by how many a plan has.
MILESTONES: dict[int, tuple[str, ...]] = {
    3: ("方案设计", "实施", "上线交付"),
    4: ("方案设计", "实施", "测试验证", "上线交付"),
    5: ("调研与需求", "方案设计", "实施", "测试验证", "上线交付"),
}

QUALITY_PLAN = "每个里程碑评审，质量管理部抽检，缺陷清零后申请验收"
RISK_PLAN = "风险登记册每周更新，前三大风险有应对人和期限"
COMMUNICATION_PLAN = "每周例会，双周向部门负责人汇报，月度向管理层汇报"
REVISED_QUALITY_PLAN = "按部门负责人意见补充：每个里程碑增加用户验收测试"

TEAM_ROLES = ("开发工程师 developer", "测试工程师 tester", "实施顾问 consultant", "设计师 designer")

RESUBMITTED = "按部门负责人意见调整里程碑和成本后重新提交"
APPROVED = "符合年度重点方向，预算在部门额度内，同意立项"
REJECTED = ("与今年重点方向不符，明年再议", "收益测算不充分，请补充后另行立项")
CHANGE = "客户新增范围：增加两个集成接口，交期与成本相应调整"
HOLD = "等待供应商交付关键设备"
RESUME = "关键设备已到货"
CANCEL = ("公司战略调整，项目终止", "合作方退出，项目无法继续")
DEFECTS = "验收发现 3 项缺陷：接口超时、报表数据不一致、操作手册缺章节"
MINOR_DEFECTS = "无严重缺陷；2 项轻微问题已记录"
REWORK = "验收缺陷整改（外协工时）"
CLOSING_SUMMARY = "目标达成，范围全部交付"
LESSONS = "需求冻结要更早；供应商交期要预留缓冲"
WEEKLY_COST = "第 {week} 周人工与外协费用"
SUPPLIER_INVOICE = "供应商发票 {number}"
