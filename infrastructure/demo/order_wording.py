"""What the demo's business customers buy, and what sales, reviewers and finance write."""

# Chinese text is written with Chinese (full-width) punctuation, on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.order.values import Aspect


@attrs.frozen(kw_only=True)
class Product:
    """A SKU the company sells, its description in both languages and its list price in CNY."""

    sku: str
    chinese: str
    english: str
    price: Decimal
    #: Commercial equipment, sold to hotels and developers in large projects.
    commercial: bool = False

    def description(self, *, chinese: bool) -> str:
        return self.chinese if chinese else self.english


@attrs.frozen(kw_only=True)
class Customer:
    """A business customer: retailer, hotel group, developer or importer."""

    id: str
    name: str
    chinese: bool
    currency: str = "CNY"


PRODUCTS = (
    Product(
        sku="WF-800",
        chinese="滚筒洗衣机 8 公斤",
        english="front-loading washer 8 kg",
        price=Decimal("2899.00"),
    ),
    Product(
        sku="WF-1000",
        chinese="滚筒洗衣机 10 公斤",
        english="front-loading washer 10 kg",
        price=Decimal("3699.00"),
    ),
    Product(
        sku="RF-520",
        chinese="对开门冰箱 520 升",
        english="side-by-side fridge 520 l",
        price=Decimal("4599.00"),
    ),
    Product(
        sku="RF-300",
        chinese="三门冰箱 300 升",
        english="three-door fridge 300 l",
        price=Decimal("2599.00"),
    ),
    Product(
        sku="AC-35",
        chinese="壁挂式空调 1.5 匹",
        english="split air conditioner 3.5 kW",
        price=Decimal("2799.00"),
    ),
    Product(
        sku="AC-72",
        chinese="柜式空调 3 匹",
        english="floor-standing air conditioner 7.2 kW",
        price=Decimal("6499.00"),
    ),
    Product(
        sku="DW-60", chinese="嵌入式洗碗机", english="built-in dishwasher", price=Decimal("3999.00")
    ),
    Product(
        sku="MW-25", chinese="微波炉 25 升", english="microwave oven 25 l", price=Decimal("599.00")
    ),
    Product(
        sku="WH-60", chinese="电热水器 60 升", english="water heater 60 l", price=Decimal("1299.00")
    ),
    Product(
        sku="CAC-120",
        chinese="中央空调主机 120 千瓦",
        english="central air-conditioning chiller 120 kW",
        price=Decimal("186000.00"),
        commercial=True,
    ),
    Product(
        sku="CF-1500",
        chinese="商用展示冷柜",
        english="commercial display freezer",
        price=Decimal("12800.00"),
        commercial=True,
    ),
    Product(
        sku="LW-25",
        chinese="商用洗衣机 25 公斤",
        english="commercial laundry washer 25 kg",
        price=Decimal("38500.00"),
        commercial=True,
    ),
)

HOUSEHOLD = tuple(product for product in PRODUCTS if not product.commercial)
COMMERCIAL = tuple(product for product in PRODUCTS if product.commercial)

CUSTOMERS = (
    Customer(id="B-10001", name="海川地产 Haichuan Property", chinese=True),
    Customer(id="B-10002", name="东方百货 Dongfang Department Store", chinese=True),
    Customer(id="B-10003", name="悦来酒店集团 Yuelai Hotel Group", chinese=True),
    Customer(id="B-10004", name="蓝湾物业 Blue Bay Property Services", chinese=True),
    Customer(id="B-10005", name="星河商场 Xinghe Mall", chinese=True),
    Customer(id="B-10006", name="金桥电器 Jinqiao Appliances", chinese=True),
    Customer(id="B-10007", name="Greenfield Apartments 绿野公寓", chinese=False),
    Customer(id="B-10008", name="Harbour Hotels 港湾酒店", chinese=False),
    Customer(id="B-10009", name="Northwind Retail", chinese=False),
    Customer(id="B-10010", name="Pacific Home Stores", chinese=False),
)

#: Importers abroad, invoiced in US dollars: no signing limit is configured for USD by
#: default, so management signs their orders.
EXPORT_CUSTOMERS = (
    Customer(id="B-20001", name="Saigon Living Co.", chinese=False, currency="USD"),
    Customer(id="B-20002", name="Manila Homes Inc.", chinese=False, currency="USD"),
)

#: CNY per US dollar in the demo's export price list.
USD_RATE = Decimal("7.10")


@attrs.frozen(kw_only=True)
class OrderWords:
    """What people write about orders, in one language."""

    usual_terms: tuple[str, ...]
    long_terms: str
    deposit_terms: str
    passed: str
    failed: dict[Aspect, str]
    amended: dict[Aspect, str]
    hold: tuple[str, ...]
    resume: str
    cancel: tuple[str, ...]
    carriers: tuple[str, ...]
    late_carrier: str


WORDS = {
    True: OrderWords(
        usual_terms=("货到后 30 天付款", "月结 60 天", "预付 20%，余款货到后 45 天内付清"),
        long_terms="货到后 120 天付款",
        deposit_terms="预付 30%，余款货到后 30 天内付清",
        passed="条款符合公司标准合同",
        failed={
            Aspect.LEGAL: "交期过紧且违约金条款对我方不利，需放宽交期",
            Aspect.FINANCIAL: "付款期限超出客户授信政策",
            Aspect.RISK: "客户近期回款逾期，需增加预付款",
        },
        amended={
            Aspect.LEGAL: "按法务意见放宽交期",
            Aspect.FINANCIAL: "按财务意见调整付款条件",
            Aspect.RISK: "按风控意见增加 30% 预付款",
        },
        hold=("客户新仓库尚未验收，要求暂缓", "客户信用额度复核中"),
        resume="客户确认可以继续",
        cancel=("客户项目取消", "客户改选其他型号，将重新下单"),
        carriers=("顺丰速运", "德邦物流", "京东物流"),
        late_carrier="德邦物流（压缩机缺货，延迟发运）",
    ),
    False: OrderWords(
        usual_terms=("net 30 days after delivery", "net 60", "20% deposit, balance net 45"),
        long_terms="net 120 days after delivery",
        deposit_terms="30% deposit, balance net 30 after delivery",
        passed="clauses match the standard contract",
        failed={
            Aspect.LEGAL: "delivery date too tight for the penalty clause; relax the date",
            Aspect.FINANCIAL: "payment terms exceed the customer's credit policy",
            Aspect.RISK: "customer paid late recently; a deposit is needed",
        },
        amended={
            Aspect.LEGAL: "delivery date relaxed as legal asked",
            Aspect.FINANCIAL: "payment terms changed as finance asked",
            Aspect.RISK: "30% deposit added as the risk review asked",
        },
        hold=(
            "customer's new warehouse is not yet approved; asked us to wait",
            "customer's credit limit is under review",
        ),
        resume="customer confirmed we can go ahead",
        cancel=(
            "customer's project was cancelled",
            "customer switched models and will order again",
        ),
        carriers=("SF Express", "Deppon Logistics", "COSCO Shipping"),
        late_carrier="Deppon Logistics (compressor shortage delayed dispatch)",
    ),
}
