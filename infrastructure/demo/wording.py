"""What the demo's customers complain about and what staff write back, in Chinese or English."""

# Chinese text is written with Chinese (full-width) punctuation, on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import random

import attrs

from domain.complaint.values import Category


@attrs.frozen(kw_only=True)
class Story:
    """The words of one complaint from summary to resolution, in one language."""

    summary: str
    remedy_sought: str
    root_cause: str
    findings: str
    resolution: str
    remedy_offered: str
    better_resolution: str
    better_remedy: str


@attrs.frozen(kw_only=True)
class Phrases:
    """The words staff use whatever the complaint is about, in one language."""

    acknowledgement: str
    satisfied: str
    dissatisfied: str
    escalation: str
    second_escalation: str
    reopen: str
    close_unresolved: str
    waiting_for_customer: str
    waiting_for_third_party: str
    resumed: str
    transfer: str
    not_ours_root_cause: str
    not_ours_findings: str


_STORIES: dict[Category, tuple[tuple[Story, Story], ...]] = {
    Category.PRODUCT_QUALITY: (
        (
            Story(
                summary="滚筒洗衣机使用两周后脱水时异响严重",
                remedy_sought="更换新机",
                root_cause="滚筒轴承批次装配不良",
                findings="同批次 WF-800 共 37 台轴承间隙超差",
                resolution="上门更换轴承并延长保修一年",
                remedy_offered="免费维修 + 延保一年",
                better_resolution="整机更换为同型号新机",
                better_remedy="换新机",
            ),
            Story(
                summary="Washing machine drum grinds loudly on spin after two weeks",
                remedy_sought="replacement unit",
                root_cause="bearing assembly fault in batch WF-800/0612",
                findings="37 units of the batch have out-of-tolerance bearing play",
                resolution="replace the bearing on site and extend the warranty by a year",
                remedy_offered="free repair + 1 year extended warranty",
                better_resolution="replace the whole unit with a new one",
                better_remedy="new unit",
            ),
        ),
        (
            Story(
                summary="冰箱冷藏室不制冷，食物变质",
                remedy_sought="维修并赔偿食物损失",
                root_cause="温控传感器虚焊",
                findings="传感器焊点开裂，供应商来料检验漏检",
                resolution="更换温控模块",
                remedy_offered="免费维修",
                better_resolution="更换温控模块并赔偿食物损失",
                better_remedy="免费维修 + 300 元补偿",
            ),
            Story(
                summary="Fridge compartment stopped cooling and food spoiled",
                remedy_sought="repair and compensation for the food",
                root_cause="cold solder joint on the thermostat sensor",
                findings="incoming inspection missed cracked joints from the supplier",
                resolution="replace the thermostat module",
                remedy_offered="free repair",
                better_resolution="replace the thermostat module and pay for the spoiled food",
                better_remedy="free repair + 300 CNY",
            ),
        ),
    ),
    Category.DELIVERY: (
        (
            Story(
                summary="订单晚到五天，外箱被压坏",
                remedy_sought="退还运费",
                root_cause="中转仓分拣错误导致改道",
                findings="包裹在武汉中转仓被错发至长沙",
                resolution="退还运费并致歉",
                remedy_offered="退运费 30 元",
                better_resolution="退还运费并赠送 100 元优惠券",
                better_remedy="退运费 + 100 元券",
            ),
            Story(
                summary="Order arrived five days late with the carton crushed",
                remedy_sought="refund of the delivery fee",
                root_cause="mis-sort at the transit hub sent the parcel the wrong way",
                findings="parcel routed to Changsha instead of Hefei at the Wuhan hub",
                resolution="refund the delivery fee with an apology",
                remedy_offered="30 CNY delivery refund",
                better_resolution="refund the delivery fee and add a 100 CNY voucher",
                better_remedy="30 CNY refund + 100 CNY voucher",
            ),
        ),
    ),
    Category.BILLING: (
        (
            Story(
                summary="同一张发票被重复扣款两次",
                remedy_sought="退还重复扣款",
                root_cause="支付网关超时后重复提交",
                findings="网关重试未带幂等键，共 5 笔重复",
                resolution="原路退还重复扣款",
                remedy_offered="退款 1,299 元",
                better_resolution="原路退还重复扣款并补偿利息",
                better_remedy="退款 1,299 元 + 20 元",
            ),
            Story(
                summary="Charged twice for the same invoice",
                remedy_sought="refund of the duplicate charge",
                root_cause="payment gateway resubmitted after a timeout",
                findings="gateway retries carried no idempotency key; 5 duplicates found",
                resolution="refund the duplicate charge to the original card",
                remedy_offered="1,299 CNY refund",
                better_resolution="refund the duplicate charge and add interest",
                better_remedy="1,299 CNY refund + 20 CNY",
            ),
        ),
    ),
    Category.SERVICE: (
        (
            Story(
                summary="安装师傅两次未按约定时间上门",
                remedy_sought="尽快安装并道歉",
                root_cause="派单系统未同步师傅请假",
                findings="排班表与派单系统不同步两天",
                resolution="优先安排资深师傅上门安装",
                remedy_offered="优先上门 + 道歉",
                better_resolution="当天上门安装并免安装费",
                better_remedy="免安装费",
            ),
            Story(
                summary="Installer missed the agreed appointment twice",
                remedy_sought="installation soon and an apology",
                root_cause="dispatch system did not know the installer was on leave",
                findings="rota and dispatch were out of sync for two days",
                resolution="priority visit by a senior installer",
                remedy_offered="priority visit + apology",
                better_resolution="same-day installation with the fee waived",
                better_remedy="installation fee waived",
            ),
        ),
    ),
    Category.OTHER: (
        (
            Story(
                summary="客服热线排队四十分钟无人接听",
                remedy_sought="回电说明情况",
                root_cause="促销期间热线坐席不足",
                findings="高峰时段接通率仅 41%",
                resolution="专人回电并登记回访",
                remedy_offered="专人回电",
                better_resolution="专人回电并赠送延保服务",
                better_remedy="延保半年",
            ),
            Story(
                summary="Hotline kept me on hold for forty minutes",
                remedy_sought="a call back explaining what happened",
                root_cause="too few hotline agents during the promotion",
                findings="only 41% of calls answered at peak hours",
                resolution="a named agent calls back and books a follow-up",
                remedy_offered="call back",
                better_resolution="call back and add six months of warranty",
                better_remedy="6 months extended warranty",
            ),
        ),
    ),
}

_PHRASES = (
    Phrases(
        acknowledgement="您好，我们已收到您的投诉，将尽快处理。",
        satisfied="满意，谢谢",
        dissatisfied="方案不能接受",
        escalation="客户多次来电，升级处理",
        second_escalation="客户拒绝处理方案，升级至管理层",
        reopen="客户反映问题再次出现",
        close_unresolved="客户不接受最终方案；已告知可向消费者协会投诉",
        waiting_for_customer="等待客户提供照片和购买凭证",
        waiting_for_third_party="等待承运商/供应商的调查结果",
        resumed="已收到所需资料",
        transfer="调查发现问题不属于本部门，转交责任部门",
        not_ours_root_cause="本部门环节未发现问题",
        not_ours_findings="记录与实物检查均正常，建议转交责任部门",
    ),
    Phrases(
        acknowledgement="Thank you, we have received your complaint and are on it.",
        satisfied="happy with the outcome",
        dissatisfied="the offer is not acceptable",
        escalation="customer has called several times",
        second_escalation="customer rejected the resolution; escalated to management",
        reopen="customer reports the problem is back",
        close_unresolved="customer rejects the final offer; told about the consumer association",
        waiting_for_customer="waiting for photos and proof of purchase from the customer",
        waiting_for_third_party="waiting for the carrier's or supplier's findings",
        resumed="the information we waited for has arrived",
        transfer="investigation shows another department is responsible",
        not_ours_root_cause="no fault found in our part of the process",
        not_ours_findings="records and inspection are in order; another department should look",
    ),
)


def story_for(rng: random.Random, category: Category, *, chinese: bool) -> Story:
    """A complaint story of the category, in Chinese or English."""
    pair = rng.choice(_STORIES[category])
    return pair[0] if chinese else pair[1]


def phrases(*, chinese: bool) -> Phrases:
    """Staff wording in the complaint's language."""
    return _PHRASES[0] if chinese else _PHRASES[1]
