"""What the demo's risks are about, and what their owners, officers and management write."""

# Chinese text is written with Chinese (full-width) punctuation, on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Theme:
    """A risk a department runs: its category, title and description, what is done about it
    (and the evidence it was), and who would take it over if it were transferred."""

    category: str
    title: str
    description: str
    actions: tuple[str, ...]
    evidence: tuple[str, ...]
    counterparty: str


THEMES: dict[str, tuple[Theme, ...]] = {
    "it": (
        Theme(
            category="operational",
            title="ERP 升级切换失败 ERP cut-over failure",
            description="ERP 升级切换窗口内数据迁移失败，月结无法按期完成",
            actions=("切换前完成两轮全量演练", "制定回退方案并演练"),
            evidence=("演练报告 DR-0714，迁移差异为 0", "回退演练记录，45 分钟恢复"),
            counterparty="实施服务商 (SAP 合作伙伴) 承担切换责任",
        ),
        Theme(
            category="operational",
            title="勒索软件攻击 Ransomware attack",
            description="办公网终端感染勒索软件，核心业务系统停摆",
            actions=("核心系统离线备份每日校验", "全员钓鱼邮件演练"),
            evidence=("备份校验日志，连续 30 天通过", "演练报告：点击率由 12% 降到 3%"),
            counterparty="网络安全保险 (人保财险)",
        ),
        Theme(
            category="legal",
            title="个人信息合规 Personal data compliance",
            description="App 收集个人信息超出必要范围，面临监管处罚",
            actions=("完成个人信息影响评估", "隐私政策与授权弹窗整改"),
            evidence=("PIA 报告 v1.2 已签批", "新版隐私政策已上线，截图存档"),
            counterparty="外部律所出具合规意见并承担咨询责任",
        ),
    ),
    "rnd": (
        Theme(
            category="market",
            title="能效新标准 New energy-label standard",
            description="新能效标准提前实施，在研机型达不到一级能效",
            actions=("压缩机选型复核", "送第三方实验室预测试"),
            evidence=("选型评审纪要 RND-22", "预测试报告：能效指数 0.48"),
            counterparty="认证咨询机构承担送检延误责任",
        ),
        Theme(
            category="legal",
            title="专利侵权 Patent infringement",
            description="竞争对手主张变频控制算法侵犯其专利",
            actions=("完成专利自由实施 (FTO) 分析", "设计绕开方案"),
            evidence=("FTO 报告：无高风险专利", "绕开方案通过评审"),
            counterparty="知识产权保险 (平安产险)",
        ),
        Theme(
            category="operational",
            title="核心工程师流失 Key engineer attrition",
            description="平台项目两名核心工程师可能离职，进度受影响",
            actions=("关键岗位 AB 角配置", "项目奖金递延发放"),
            evidence=("AB 角名单已发布", "奖金递延方案已签批"),
            counterparty="外包研发服务商提供后备人员",
        ),
    ),
    "production": (
        Theme(
            category="operational",
            title="关键设备停机 Key equipment breakdown",
            description="2 号总装线注塑机老化，突发停机影响交付",
            actions=("更换液压系统关键部件", "建立备件安全库存"),
            evidence=("维修工单 MT-3301 已关闭", "备件入库单，安全库存 2 套"),
            counterparty="设备厂商全包维保合同",
        ),
        Theme(
            category="operational",
            title="安全生产事故 Workplace safety incident",
            description="喷涂车间动火作业管理不到位，存在火灾隐患",
            actions=("动火作业票制度培训", "增设可燃气体报警器"),
            evidence=("培训签到表，覆盖 100%", "报警器安装验收单"),
            counterparty="安全生产责任险 (太平洋产险)",
        ),
        Theme(
            category="financial",
            title="原材料涨价 Raw material price rise",
            description="冷轧钢板价格上涨 15%，毛利率下降",
            actions=("与两家钢厂签订季度锁价协议", "评估替代材料"),
            evidence=("锁价协议 PA-0908 已签署", "替代材料评估报告"),
            counterparty="期货套期保值由期货公司执行",
        ),
    ),
    "marketing": (
        Theme(
            category="market",
            title="大促流量不及预期 Campaign traffic shortfall",
            description="双十一平台流量分配不及预期，销售目标难以达成",
            actions=("增加站外引流预算", "与头部主播签订保量协议"),
            evidence=("引流方案已执行，UV 提升 20%", "保量协议已签署"),
            counterparty="代理公司按效果付费承担流量风险",
        ),
        Theme(
            category="legal",
            title="广告法违规 Advertising law breach",
            description="宣传物料使用“最节能”等绝对化用语",
            actions=("物料法务审核流程上线", "存量物料排查下架"),
            evidence=("审核流程截图，覆盖全部渠道", "排查清单：下架 37 项"),
            counterparty="广告代理公司合同约定合规责任",
        ),
        Theme(
            category="market",
            title="经销商价格战 Dealer price war",
            description="线下经销商低价窜货，价格体系混乱",
            actions=("上线窜货追溯码", "调整经销商返利政策"),
            evidence=("追溯码覆盖 95% 出货", "新返利政策已发文"),
            counterparty="经销商保证金协议",
        ),
    ),
    "quality": (
        Theme(
            category="operational",
            title="供应商来料质量 Supplier incoming quality",
            description="温控传感器供应商来料不良率上升，售后投诉增加",
            actions=("供应商现场审核", "来料检验加严一级"),
            evidence=("审核报告 SQA-0721，整改项已关闭", "加严检验记录，不良率 0.2%"),
            counterparty="供应商质量保证协议承担索赔",
        ),
        Theme(
            category="legal",
            title="产品召回 Product recall",
            description="洗衣机门锁缺陷可能导致监管要求召回",
            actions=("门锁失效模式分析 (FMEA)", "批次追溯演练"),
            evidence=("FMEA 报告已评审", "追溯演练：2 小时定位全部批次"),
            counterparty="产品召回保险 (人保财险)",
        ),
        Theme(
            category="operational",
            title="认证到期 Certificate expiry",
            description="ISO 9001 证书即将到期，复审准备不足",
            actions=("内审并关闭不符合项", "管理评审"),
            evidence=("内审报告：不符合项全部关闭", "管理评审纪要"),
            counterparty="认证咨询机构",
        ),
    ),
    "logistics": (
        Theme(
            category="operational",
            title="承运商延误 Carrier delays",
            description="旺季干线承运商运力不足，交付延误增加",
            actions=("新增一家备选承运商", "旺季运力提前锁定"),
            evidence=("备选承运商合同已签", "运力锁定协议"),
            counterparty="承运商合同约定延误赔偿",
        ),
        Theme(
            category="operational",
            title="仓库火灾 Warehouse fire",
            description="成品仓电气线路老化，存在火灾风险",
            actions=("电气线路检测改造", "消防演练"),
            evidence=("检测报告与改造验收单", "演练记录"),
            counterparty="财产一切险 (平安产险)",
        ),
        Theme(
            category="financial",
            title="运费上涨 Freight cost rise",
            description="油价上涨导致运费上调，物流费用超预算",
            actions=("重新招标干线运输", "优化装载率"),
            evidence=("招标结果：运价下降 6%", "装载率由 78% 提升到 86%"),
            counterparty="长期运输合同锁定运价",
        ),
    ),
    "finance": (
        Theme(
            category="financial",
            title="汇率波动 FX exposure",
            description="出口订单美元收款，人民币升值侵蚀利润",
            actions=("办理远期结汇", "出口合同增加汇率条款"),
            evidence=("远期结汇合约 FX-0815", "合同模板已更新"),
            counterparty="银行远期结汇 (中国银行)",
        ),
        Theme(
            category="financial",
            title="客户坏账 Customer bad debt",
            description="两家经销商回款逾期超过 90 天",
            actions=("逾期客户停止发货并催收", "投保信用保险"),
            evidence=("催收函与回款计划", "信用保险保单"),
            counterparty="出口信用保险 (中国信保)",
        ),
        Theme(
            category="legal",
            title="税务稽查 Tax audit",
            description="研发费用加计扣除口径可能被税务机关调整",
            actions=("聘请税务师复核口径", "补充研发项目立项资料"),
            evidence=("税务师复核意见", "资料补充清单"),
            counterparty="税务师事务所承担咨询责任",
        ),
    ),
    "after_sales": (
        Theme(
            category="operational",
            title="服务网点响应慢 Slow service network",
            description="三四线城市服务网点不足，上门超时率上升",
            actions=("新增 12 家授权网点", "上门时效考核"),
            evidence=("网点授权书", "考核方案已执行，超时率 4%"),
            counterparty="外包服务商承担超时罚则",
        ),
        Theme(
            category="market",
            title="口碑危机 Reputation crisis",
            description="社交媒体集中出现异响投诉帖子",
            actions=("舆情监测与快速响应机制", "受影响用户主动回访"),
            evidence=("舆情日报", "回访记录 320 户"),
            counterparty="公关公司危机应对合同",
        ),
    ),
    "sales": (
        Theme(
            category="market",
            title="大客户集中度 Key account concentration",
            description="前三大客户占销售额 45%，单一客户流失影响大",
            actions=("开发两家新的区域大客户", "大客户年度框架协议"),
            evidence=("新客户首单合同", "框架协议已签署"),
            counterparty="应收账款保理 (工商银行)",
        ),
        Theme(
            category="legal",
            title="合同条款风险 Contract terms",
            description="部分合同交期违约金条款过重",
            actions=("合同模板违约金上限修订", "销售合同评审培训"),
            evidence=("新模板已发布", "培训签到表"),
            counterparty="法务外包律所",
        ),
    ),
    "service": (
        Theme(
            category="operational",
            title="客服热线拥堵 Hotline congestion",
            description="大促后咨询量翻倍，接通率低于 80%",
            actions=("增加临时坐席", "上线智能客服分流"),
            evidence=("排班表：新增 10 个坐席", "智能客服分流率 35%"),
            counterparty="外包呼叫中心按接通率结算",
        ),
    ),
}

#: What a strategic risk owned by management is about (accepting it needs another manager).
STRATEGIC = Theme(
    category="market",
    title="海外市场进入 Overseas market entry",
    description="东南亚市场渠道尚未建立，首年可能亏损",
    actions=("与当地分销商签订独家协议",),
    evidence=("独家分销协议已签署",),
    counterparty="当地分销商",
)

RATIONALE = {
    "avoid": "风险不可接受，停止相关业务活动",
    "reduce": "采取控制措施降低发生概率和影响",
    "transfer": "通过合同或保险将风险转移给有能力承担的一方",
    "accept": "风险在容忍度内，保持监控",
}
#: Why a critical risk is reduced, not avoided as the policy recommends.
REDUCE_NOT_AVOID = "业务不能停，采取控制措施降低风险（政策建议规避）"
ACCEPT_HIGH = "海外布局是既定战略，首年亏损在预算内，接受风险"
REVIEW_NOTES = (
    "措施按计划执行，风险水平无变化",
    "本月无新增风险事件，继续监控",
    "指标在容忍度内，保持现有应对",
)
LATE_REVIEW = "复核逾期：负责人出差，补做复核，措施仍有效"
CLOSE_REASON = "控制措施全部落实，剩余风险可接受，关闭"
AVOID_CLOSE = "相关业务已停止，风险消除"
REOPEN_REASON = "供应商再次出现批次质量问题，风险重新打开"
ACTION_STOP = "停止相关业务并通知客户"
ACTION_STOP_EVIDENCE = "停止通知已发出，客户确认"
