#!/usr/bin/env python3
"""A realistic help center for the search evaluation (stdlib only).

    helpcenter.py --out DIR [--force]

Writes the help center of a *fictional* wallet app ("Example Wallet") in
Simplified Chinese and English, the same articles in both languages: about
330 articles per language, written the way a support team writes them
(formal terms, steps, causes, notes that repeat across a category, a
"still need help" ending), so that known-item queries written the way
readers type them (bench/eval/queries.tsv) have exactly one right article.

Unlike bench/gen_corpus.py (word salad for speed and size), every article
here is about one thing a reader may look for: an asset's deposit or
withdrawal, an error code, a release, a card, an account problem, a scam.
Families of near-duplicates (six assets, four platforms, twenty error
codes) are deliberate: real help centers have them, and they are where
ranking is hard.

The output is deterministic (no clock, no unseeded randomness). The
site's book.toml is the sample site's with this site's categories (so its
[search] synonyms and pins and its contact registry), and the sample's
theme folders are copied, so the evaluation measures what the sample site
ships.
"""

import argparse
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# --------------------------------------------------------------------------
# Shared text: notes that repeat across a category, and the endings.
# --------------------------------------------------------------------------

GENERIC = {
    "zh": [
        "操作前请确认 App 已更新到最新版本，旧版本可能缺少部分功能。",
        "官方客服不会向你索要登录密码、支付密码、短信验证码或助记词。",
        "如果页面长时间没有响应，可以下拉刷新，或退出 App 后重新打开。",
        "网络不稳定时请求可能超时，建议切换到稳定的 Wi-Fi 或移动网络后重试。",
        "部分功能在维护期间暂停使用，维护公告会提前在 App 首页发布。",
        "为了保护你的资金安全，系统可能会对异常操作进行人工复核。",
        "同一账户在短时间内多次失败操作后，相关功能会被临时限制。",
        "如需提交截图，请先遮挡住卡号、地址之外的敏感信息。",
    ],
    "en": [
        "Before you start, make sure the app is updated to the latest version; older versions may lack some features.",
        "Official support will never ask for your login password, payment password, SMS code or recovery phrase.",
        "If a page does not respond for a long time, pull down to refresh, or close the app and open it again.",
        "On an unstable network a request may time out; switch to a stable Wi-Fi or mobile connection and try again.",
        "Some features pause during maintenance; maintenance notices are posted on the app's home screen in advance.",
        "To keep your funds safe, unusual activity may be reviewed manually.",
        "After several failed attempts in a short time, the feature is temporarily limited for your account.",
        "If you send screenshots, hide sensitive details other than the card number or address we ask for.",
    ],
}

CATEGORY_NOTES = {
    "crypto": {
        "zh": [
            "链上转账一旦广播就无法撤回，请仔细核对地址和网络。",
            "到账时间取决于区块确认数，网络拥堵时可能比平时更久。",
            "交易哈希（TxID）可以在区块浏览器中查询转账状态。",
            "充值和提现必须使用同一网络，网络选错可能导致资产丢失。",
            "部分代币需要填写 Memo 或标签，漏填会导致无法自动入账。",
        ],
        "en": [
            "An on-chain transfer cannot be reversed once it is broadcast; check the address and network carefully.",
            "Arrival time depends on block confirmations and may be longer than usual when the network is congested.",
            "You can look up a transfer's status with its transaction hash (TxID) in a block explorer.",
            "Deposits and withdrawals must use the same network; choosing the wrong network can lose the assets.",
            "Some tokens need a memo or tag; without it the deposit cannot be credited automatically.",
        ],
    },
    "fiat": {
        "zh": [
            "银行处理时间以银行公布为准，节假日可能顺延。",
            "银行卡持卡人姓名必须与实名认证的姓名一致。",
            "单笔和每日限额由银行和账户等级共同决定。",
            "银行退回的款项会原路返回到你的钱包余额。",
        ],
        "en": [
            "Bank processing times are set by the bank and may be longer on public holidays.",
            "The name on the bank card must match the name on your verified identity.",
            "Per-transaction and daily limits depend on both the bank and your account level.",
            "Money returned by the bank goes back to your wallet balance.",
        ],
    },
    "account": {
        "zh": [
            "账户信息修改后，部分功能会有 24 小时的安全限制期。",
            "登录设备变化时，系统会要求额外的身份验证。",
            "请使用只有你自己能接收的手机号和邮箱。",
            "长时间未登录的设备会被自动移出登录设备列表。",
        ],
        "en": [
            "After you change account details, some features are restricted for 24 hours for your safety.",
            "When you sign in on a new device, extra verification is required.",
            "Use a phone number and email address that only you can receive.",
            "Devices that have not signed in for a long time are removed from the device list automatically.",
        ],
    },
    "security": {
        "zh": [
            "不要把验证码、密码或助记词告诉任何人，包括自称官方的人员。",
            "只从官方网站和正规应用商店下载示例钱包 App。",
            "发现可疑情况时，先冻结账户，再联系官方渠道处理。",
            "定期检查登录设备和授权记录，移除不认识的设备。",
        ],
        "en": [
            "Never share verification codes, passwords or your recovery phrase with anyone, including people who say they are staff.",
            "Only download the Example Wallet app from the official website and the official app stores.",
            "If something looks suspicious, freeze your account first, then contact an official channel.",
            "Check your signed-in devices and approvals regularly and remove anything you do not recognise.",
        ],
    },
    "card": {
        "zh": [
            "卡片消费时会实时从钱包余额中扣款，请保持余额充足。",
            "境外消费可能产生货币转换费用，以账单显示为准。",
            "卡片信息请妥善保管，不要在不明网站上填写。",
        ],
        "en": [
            "Card payments are taken from your wallet balance in real time; keep enough balance.",
            "Payments abroad may include a currency conversion fee, shown on your statement.",
            "Keep your card details private and never enter them on sites you do not trust.",
        ],
    },
    "app": {
        "zh": [
            "请保留足够的手机存储空间，空间不足会导致安装或更新失败。",
            "系统版本过低时部分功能无法使用，请先升级手机系统。",
            "清除缓存不会删除你的资产，资产保存在你的账户中。",
        ],
        "en": [
            "Keep enough free storage on your phone; too little space makes installs and updates fail.",
            "Some features do not work on old system versions; update your phone's system first.",
            "Clearing the cache does not delete your assets: they are kept in your account.",
        ],
    },
    "earn": {
        "zh": [
            "收益率会随市场变化调整，以产品页面显示为准。",
            "理财产品不等同于银行存款，请根据自身情况谨慎参与。",
            "收益按日计算，通常在次日发放到钱包余额。",
        ],
        "en": [
            "Rates change with the market; the product page shows the current rate.",
            "Earn products are not bank deposits; take part only as far as suits your situation.",
            "Rewards accrue daily and are usually paid to your wallet balance the next day.",
        ],
    },
    "notice": {
        "zh": [
            "公告内容以 App 内和帮助中心发布的最新版本为准。",
            "如对公告有疑问，可以通过在线客服咨询。",
        ],
        "en": [
            "The latest notice in the app and in the help center is the one that applies.",
            "If you have questions about a notice, ask through in-app chat.",
        ],
    },
}

STILL = {
    "zh": (
        "仍需帮助？",
        "如果按以上步骤操作后问题仍未解决，请通过 App「我的 › 帮助与客服」联系在线客服，并说明你遇到的情况。"
        "所有官方联系方式见[联系我们](../contact/contact-us.md)。",
    ),
    "en": (
        "Still need help?",
        "If the steps above did not solve it, contact in-app chat under Me › Help and support and describe what happened. "
        "Every official channel is listed on [Contact us](../contact/contact-us.md).",
    ),
}

HEAD = {
    "zh": {"steps": "操作步骤", "causes": "常见原因", "notes": "注意事项", "what": "说明", "changes": "更新内容", "fixes": "问题修复"},
    "en": {"steps": "Steps", "causes": "Common causes", "notes": "Good to know", "what": "Details", "changes": "What's new", "fixes": "Fixes"},
}

CATEGORIES = [
    ("crypto", "数字资产充提", "Crypto deposits and withdrawals"),
    ("fiat", "银行卡与法币", "Bank cards and fiat"),
    ("transfer", "转账与收款", "Transfers and payments"),
    ("account", "账户与登录", "Account and sign-in"),
    ("verification", "实名认证", "Identity verification"),
    ("security", "账户安全", "Account security"),
    ("fraud", "防范诈骗", "Fraud prevention"),
    ("card", "钱包卡", "Wallet card"),
    ("app", "客户端", "Apps"),
    ("earn", "理财与奖励", "Earn and rewards"),
    ("fees", "费用与限额", "Fees and limits"),
    ("errors", "错误代码", "Error codes"),
    ("notice", "公告", "Notices"),
    ("support", "官方支持", "Official support"),
    ("merchant", "商户服务", "Merchant services"),
]


class Article:
    """One article in both languages."""

    def __init__(self, slug, kind, category, zh, en, tags_zh=(), tags_en=(), steps=None,
                 causes=None, notes=None, extra=None, release=None, promoted=False, order=None):
        self.slug = slug
        self.kind = kind
        self.category = category
        self.title = {"zh": zh[0], "en": en[0]}
        self.summary = {"zh": zh[1], "en": en[1]}
        self.tags = {"zh": list(tags_zh), "en": list(tags_en)}
        # Each of these is {"zh": [...], "en": [...]} or None.
        self.steps = steps
        self.causes = causes
        self.notes = notes
        self.extra = extra  # [(heading zh, heading en, text zh, text en)]
        self.release = release
        self.promoted = promoted
        self.order = order


def pair(zh, en):
    return {"zh": zh, "en": en}


ARTICLES = []


def add(*args, **kwargs):
    ARTICLES.append(Article(*args, **kwargs))


# --------------------------------------------------------------------------
# Family: crypto assets × (deposit, withdraw, deposit missing, withdrawal
# pending, fees, networks).
# --------------------------------------------------------------------------

ASSETS = [
    # code, zh name, en name, networks, min withdrawal, fee, confirmations
    ("usdt", "USDT（泰达币）", "USDT (Tether)", ["TRC20", "ERC20", "BEP20"], "10 USDT", "TRC20 网络 1 USDT，ERC20 网络 5 USDT",
     "1 USDT on TRC20, 5 USDT on ERC20", "TRC20 网络 20 个区块确认，ERC20 网络 12 个", "20 confirmations on TRC20, 12 on ERC20"),
    ("btc", "BTC（比特币）", "BTC (Bitcoin)", ["Bitcoin"], "0.001 BTC", "0.0002 BTC", "0.0002 BTC",
     "2 个区块确认，通常 20–60 分钟", "2 confirmations, usually 20–60 minutes"),
    ("eth", "ETH（以太坊）", "ETH (Ether)", ["ERC20", "Arbitrum"], "0.01 ETH", "ERC20 网络 0.002 ETH，Arbitrum 网络 0.0003 ETH",
     "0.002 ETH on ERC20, 0.0003 ETH on Arbitrum", "12 个区块确认", "12 confirmations"),
    ("usdc", "USDC", "USDC", ["ERC20", "Solana", "BEP20"], "10 USDC", "ERC20 网络 4 USDC，Solana 网络 1 USDC",
     "4 USDC on ERC20, 1 USDC on Solana", "ERC20 网络 12 个区块确认，Solana 网络约 1 分钟", "12 confirmations on ERC20, about a minute on Solana"),
    ("trx", "TRX（波场币）", "TRX (Tron)", ["TRC20"], "10 TRX", "1 TRX", "1 TRX", "20 个区块确认，约 1 分钟", "20 confirmations, about a minute"),
    ("bnb", "BNB", "BNB", ["BEP20"], "0.02 BNB", "0.0005 BNB", "0.0005 BNB", "15 个区块确认", "15 confirmations"),
    ("sol", "SOL（Solana）", "SOL (Solana)", ["Solana"], "0.1 SOL", "0.01 SOL", "0.01 SOL", "约 1 分钟", "about a minute"),
    ("doge", "DOGE（狗狗币）", "DOGE (Dogecoin)", ["Dogecoin"], "50 DOGE", "5 DOGE", "5 DOGE", "20 个区块确认，约 20 分钟", "20 confirmations, about 20 minutes"),
    ("ltc", "LTC（莱特币）", "LTC (Litecoin)", ["Litecoin"], "0.01 LTC", "0.001 LTC", "0.001 LTC", "6 个区块确认，约 15 分钟", "6 confirmations, about 15 minutes"),
]

for code, zname, ename, nets, minimum, fee_zh, fee_en, conf_zh, conf_en in ASSETS:
    up = code.upper()
    netlist = "、".join(nets)
    netlist_en = ", ".join(nets)
    add(f"deposit-{code}", "faq", "crypto",
        (f"如何充值 {up}", f"从外部钱包或交易所把 {zname}转入示例钱包的步骤。"),
        (f"How to deposit {up}", f"How to move {ename} into Example Wallet from another wallet or an exchange."),
        [f"{up}", "充值", "转入"], [up, "deposit"],
        steps=pair([f"打开 App，点击「资产 › 充值」，选择 {up}。", f"选择充值网络（支持 {netlist}），复制显示的充值地址或保存二维码。",
                    "在转出方的钱包或交易所粘贴地址，选择相同的网络后提交转账。", f"等待区块确认（{conf_zh}）后资产自动入账。"],
                   [f"Open the app, tap Assets › Deposit and choose {up}.", f"Choose the network ({netlist_en}) and copy the deposit address or save the QR code.",
                    "Paste the address in the sending wallet or exchange, choose the same network and submit.", f"The deposit is credited after the confirmations ({conf_en})."]))
    add(f"withdraw-{code}", "faq", "crypto",
        (f"如何提现 {up}", f"把 {zname}从示例钱包提到外部地址的步骤和到账时间。"),
        (f"How to withdraw {up}", f"How to send {ename} from Example Wallet to an external address, and when it arrives."),
        [up, "提现", "提币", "转出"], [up, "withdrawal", "send"],
        steps=pair([f"打开 App，点击「资产 › 提现」，选择 {up}。", f"粘贴收款地址并选择网络（{netlist}），网络必须与收款方一致。",
                    f"输入提现数量（最低 {minimum}），确认手续费后提交。", "输入支付密码和验证码完成提现，提现记录中可以查看进度。"],
                   [f"Open the app, tap Assets › Withdraw and choose {up}.", f"Paste the receiving address and choose the network ({netlist_en}); it must match the receiver's.",
                    f"Enter the amount (at least {minimum}), check the fee and submit.", "Enter your payment password and the code to finish; follow the progress in the withdrawal history."]))
    add(f"deposit-missing-{code}", "faq", "crypto",
        (f"{up} 充值未到账怎么办", f"{zname}已经转出但钱包余额没有增加时，如何排查。"),
        (f"{up} deposit not credited", f"What to check when you sent {ename} but your balance has not changed."),
        [up, "充值", "未到账"], [up, "deposit", "missing"],
        steps=pair([f"在转出方找到这笔转账的交易哈希（TxID）。", "在区块浏览器中查询确认数是否已经足够。",
                    "核对充值地址和网络是否与 App 中显示的一致。", "确认无误仍未入账时，在「充值记录 › 申诉」中提交 TxID。"],
                   ["Find the transaction hash (TxID) in the sending wallet.", "Check in a block explorer whether it has enough confirmations.",
                    "Compare the address and network with the ones shown in the app.", "If all is right and it is still missing, submit the TxID under Deposit history › Appeal."]),
        causes=pair([f"区块确认数还不够（{conf_zh}）。", "转账时选错了网络。", "需要 Memo 的代币漏填了 Memo。", "转出方的交易还在排队或已失败。"],
                    [f"Not enough confirmations yet ({conf_en}).", "The wrong network was chosen when sending.", "A token that needs a memo was sent without one.", "The sender's transaction is still queued or failed."]))
    add(f"withdraw-pending-{code}", "faq", "crypto",
        (f"{up} 提现一直处理中", f"{zname}提现长时间显示「处理中」或「审核中」的原因。"),
        (f"{up} withdrawal still pending", f"Why a {ename} withdrawal stays pending or under review for a long time."),
        [up, "提现", "处理中", "审核"], [up, "withdrawal", "pending"],
        causes=pair(["大额提现需要人工审核，一般不超过 2 小时。", "目标网络拥堵，链上确认变慢。", "账户近期修改过密码或手机号，处于 24 小时安全限制期。", "收款地址被风控系统标记，需要补充信息。"],
                    ["Large withdrawals are reviewed by hand, usually within 2 hours.", "The network is congested and confirmations are slow.", "You recently changed your password or phone number and are in the 24-hour safety period.", "The receiving address was flagged by risk control and we need more information."]),
        steps=pair(["在「提现记录」中查看当前状态和预计时间。", "状态为「已完成」时，用交易哈希在区块浏览器查询。", "超过 2 小时仍为审核中，请联系在线客服并提供提现记录截图。"],
                   ["Check the status and the estimate in the withdrawal history.", "Once it shows Completed, look up its transaction hash in a block explorer.", "If it is still under review after 2 hours, contact in-app chat with a screenshot of the record."]))
    add(f"fees-{code}", "faq", "fees",
        (f"{up} 提现手续费和最低提现数量", f"{zname}各网络的提现手续费、最低提现数量和到账时间。"),
        (f"{up} withdrawal fees and minimum amount", f"Withdrawal fees, minimum amounts and arrival times of {ename} on each network."),
        [up, "手续费", "最低提现"], [up, "fees", "minimum"],
        extra=[("费用标准", "Fee schedule", f"{up} 的提现手续费为 {fee_zh}，最低提现数量为 {minimum}。充值免费。手续费会随网络费用调整，以提现页面显示为准。",
                f"The withdrawal fee for {up} is {fee_en}; the minimum withdrawal is {minimum}. Deposits are free. Fees follow network costs; the withdrawal screen shows the current one."),
               ("到账时间", "Arrival time", f"提现通过审核后广播到链上，需要 {conf_zh}。", f"After review, the withdrawal is broadcast and needs {conf_en}.")])
    add(f"networks-{code}", "faq", "crypto",
        (f"{up} 支持哪些网络", f"{zname}支持的充值和提现网络（{netlist}），以及如何选择。"),
        (f"Which networks support {up}", f"The networks {ename} can be deposited and withdrawn on ({netlist_en}) and how to choose one."),
        [up, "网络", "链"] + nets, [up, "network", "chain"] + nets,
        extra=[("支持的网络", "Supported networks", f"{up} 目前支持 {netlist} 网络。不同网络的地址格式不同，不能混用。", f"{up} currently supports {netlist_en}. Address formats differ between networks and cannot be mixed."),
               ("如何选择", "How to choose", "优先选择手续费低、确认快的网络，但必须与对方支持的网络一致。", "Prefer a network with low fees and fast confirmations, but it must be one the other side supports.")])

# Networks and wrong-network recovery.
for net, zdesc, edesc in [
    ("trc20", "波场（TRON）网络，地址以 T 开头", "the TRON network; addresses start with T"),
    ("erc20", "以太坊网络，地址以 0x 开头，手续费较高", "the Ethereum network; addresses start with 0x and fees are higher"),
    ("bep20", "BNB Smart Chain 网络，地址以 0x 开头，与 ERC20 地址格式相同但不是同一条链", "BNB Smart Chain; addresses start with 0x like ERC20 but it is a different chain"),
]:
    up = net.upper()
    add(f"wrong-network-{net}", "faq", "crypto",
        (f"充值时选错网络（{up}）能找回吗", f"把资产通过 {up} 转到了不支持该网络的地址时的找回申请。"),
        (f"Sent on the wrong network ({up}): can it be recovered", f"How to ask for recovery when assets were sent over {up} to an address that does not support it."),
        [up, "选错网络", "找回"], [up, "wrong network", "recovery"],
        extra=[("关于该网络", "About this network", f"{up} 是{zdesc}。", f"{up} is {edesc}."),
               ("找回申请", "Recovery request", "部分情况下可以找回，需要提交交易哈希、币种和数量，处理时间约 7–14 个工作日，并收取找回服务费。",
                "Some cases can be recovered: submit the transaction hash, the asset and the amount. It takes about 7–14 working days and a recovery fee applies.")])

# --------------------------------------------------------------------------
# Family: fiat currencies × (bank deposit, bank withdrawal, arrival time).
# --------------------------------------------------------------------------

FIAT = [("usd", "美元", "US dollars", "USD"), ("eur", "欧元", "euros", "EUR"), ("gbp", "英镑", "pounds", "GBP"), ("hkd", "港币", "Hong Kong dollars", "HKD")]
for code, zname, ename, up in FIAT:
    add(f"bank-deposit-{code}", "faq", "fiat",
        (f"用银行转账充值{zname}（{up}）", f"通过银行转账把{zname}充值到钱包余额的步骤和所需信息。"),
        (f"Deposit {ename} ({up}) by bank transfer", f"How to add {ename} to your wallet balance by bank transfer, and what the transfer needs."),
        [up, zname, "银行转账", "充值"], [up, "bank transfer", "deposit"],
        steps=pair([f"在「资产 › 充值 › 法币」中选择 {up}。", "复制页面显示的收款账户、户名和附言码。", "在网银或手机银行中转账，附言中只填写附言码。", "银行到账后余额自动增加。"],
                   [f"Under Assets › Deposit › Fiat, choose {up}.", "Copy the account, the account name and the reference code shown.", "Send the transfer from your bank with only the reference code as the message.", "Your balance goes up when the bank transfer arrives."]))
    add(f"bank-withdraw-{code}", "faq", "fiat",
        (f"把{zname}（{up}）提现到银行卡", f"把{zname}余额提现到本人银行卡的步骤、手续费和限额。"),
        (f"Withdraw {ename} ({up}) to a bank account", f"How to withdraw your {ename} balance to your own bank account, with fees and limits."),
        [up, zname, "提现", "银行卡"], [up, "withdrawal", "bank account"],
        steps=pair([f"在「资产 › 提现 › 法币」中选择 {up}。", "选择已绑定的本人银行卡。", "输入金额，确认手续费后提交。"],
                   [f"Under Assets › Withdraw › Fiat, choose {up}.", "Choose one of your linked bank accounts.", "Enter the amount, check the fee and submit."]))
    add(f"bank-arrival-{code}", "faq", "fiat",
        (f"{zname}（{up}）银行转账多久到账", f"{zname}充值和提现在银行端的处理时间，以及节假日的影响。"),
        (f"How long {ename} ({up}) bank transfers take", f"How long {ename} deposits and withdrawals take at the bank, and how holidays affect them."),
        [up, zname, "到账时间"], [up, "arrival time", "bank transfer"],
        extra=[("处理时间", "Processing time", f"{up} 银行转账通常 1–3 个工作日到账，周末和银行假日顺延。", f"{up} bank transfers usually arrive in 1–3 working days; weekends and bank holidays add time.")])

# --------------------------------------------------------------------------
# Family: platforms × (install, crashes, update).
# --------------------------------------------------------------------------

PLATFORMS = [
    ("ios", "iOS 手机", "iOS", "官方应用商店", "the official app store", "iOS 15"),
    ("android", "安卓手机", "Android", "官方网站下载安装包或应用商店", "the official website's installer or the app stores", "Android 9"),
    ("desktop", "电脑桌面版", "the desktop app", "官方网站", "the official website", "64 位操作系统"),
    ("extension", "浏览器插件", "the browser extension", "浏览器的官方扩展商店", "the browser's official extension store", "浏览器最新版"),
]
for code, zname, ename, zstore, estore, minimum in PLATFORMS:
    add(f"install-{code}", "faq", "app",
        (f"在{zname}上下载安装示例钱包", f"{zname}版本的官方下载渠道、系统要求和安装步骤。"),
        (f"Install Example Wallet on {ename}", f"Where to download Example Wallet for {ename}, what it needs and how to install it."),
        ["下载", "安装", code], ["download", "install", code],
        steps=pair([f"只从{zstore}下载，认准开发者名称「示例钱包」。", f"确认系统版本不低于 {minimum}。", "安装完成后打开 App，登录或注册账户。"],
                   [f"Download only from {estore}; check that the developer is Example Wallet.", f"Make sure your system is at least {minimum}.", "Open the app after installing and sign in or sign up."]))
    add(f"crash-{code}", "faq", "app",
        (f"{zname}打开闪退或白屏", f"{zname}版本启动后闪退、卡在白屏或加载不出来时的处理方法。"),
        (f"App crashes or shows a blank screen on {ename}", f"What to do when Example Wallet on {ename} closes on start, stays blank or does not load."),
        ["闪退", "白屏", "打不开", code], ["crash", "blank screen", "won't open", code],
        steps=pair(["彻底关闭 App 后重新打开。", "检查是否有新版本，更新后再试。", "清除缓存，或卸载后重新安装（资产不会丢失）。", f"确认系统版本不低于 {minimum}。"],
                   ["Close the app completely and open it again.", "Check for a new version and update.", "Clear the cache, or uninstall and reinstall (your assets are safe).", f"Make sure your system is at least {minimum}."]))
    add(f"update-{code}", "faq", "app",
        (f"如何更新{zname}上的示例钱包", f"把{zname}版本更新到最新版，以及自动更新的设置。"),
        (f"How to update Example Wallet on {ename}", f"How to update Example Wallet on {ename} to the latest version, and automatic updates."),
        ["更新", "升级", "版本", code], ["update", "upgrade", "version", code],
        steps=pair([f"打开{zstore}，找到示例钱包。", "点击「更新」，等待下载完成。", "在设置中开启自动更新，以后会自动安装新版本。"],
                   [f"Open {estore} and find Example Wallet.", "Tap Update and wait for the download.", "Turn on automatic updates so new versions install by themselves."]))

# --------------------------------------------------------------------------
# Family: error codes.
# --------------------------------------------------------------------------

ERRORS = [
    ("e1001", "登录", "sign-in", "密码错误次数过多，账户已临时锁定", "too many wrong passwords; the account is locked for a while", "等待 2 小时后重试，或通过「忘记密码」重置", "wait 2 hours and try again, or reset it with Forgot password"),
    ("e1002", "登录", "sign-in", "登录会话已过期", "the sign-in session expired", "重新登录即可", "sign in again"),
    ("e1003", "登录", "sign-in", "新设备需要验证", "a new device needs verification", "按提示完成短信或邮箱验证", "complete the SMS or email check shown"),
    ("e1004", "登录", "sign-in", "账户已被冻结", "the account is frozen", "按解冻流程提交申请", "follow the unfreeze steps"),
    ("e2001", "提现", "withdrawal", "余额不足以支付提现数量和手续费", "the balance does not cover the amount and the fee", "减少数量或先充值", "lower the amount or deposit first"),
    ("e2002", "提现", "withdrawal", "收款地址格式不正确", "the receiving address format is invalid", "检查地址是否完整，是否与所选网络匹配", "check that the address is complete and matches the network"),
    ("e2003", "提现", "withdrawal", "超过每日提现限额", "the daily withdrawal limit is exceeded", "次日再试，或完成高级认证提高限额", "try tomorrow, or complete advanced verification for a higher limit"),
    ("e2004", "提现", "withdrawal", "账户处于 24 小时安全限制期", "the account is in the 24-hour safety period", "等待限制期结束后再提现", "wait until the safety period ends"),
    ("e2005", "提现", "withdrawal", "收款地址不在提现白名单中", "the address is not on the withdrawal allowlist", "先把地址加入白名单，24 小时后生效", "add it to the allowlist; it takes effect after 24 hours"),
    ("e3001", "充值", "deposit", "充值金额低于最低充值数量", "the deposit is below the minimum", "补足到最低数量后会一起入账", "top it up to the minimum and both are credited"),
    ("e3002", "充值", "deposit", "充值网络暂停维护", "the deposit network is under maintenance", "等待维护结束，或改用其他网络", "wait for maintenance to end or use another network"),
    ("e3003", "充值", "deposit", "银行卡充值被银行拒绝", "the bank declined the card top-up", "联系发卡行确认是否开通线上支付", "ask your bank whether online payments are enabled"),
    ("e4001", "转账", "transfer", "收款人账户不存在", "the recipient's account does not exist", "核对对方的手机号或钱包 ID", "check the recipient's phone number or wallet ID"),
    ("e4002", "转账", "transfer", "对方账户暂时无法收款", "the recipient cannot receive right now", "请对方检查账户状态", "ask the recipient to check their account"),
    ("e4003", "转账", "transfer", "支付密码错误", "wrong payment password", "重新输入，或重置支付密码", "enter it again or reset the payment password"),
    ("e5001", "实名认证", "identity verification", "证件照片不清晰", "the document photo is not clear", "在光线充足处重新拍摄，避免反光", "retake it in good light without glare"),
    ("e5002", "实名认证", "identity verification", "人脸识别未通过", "face verification failed", "摘下眼镜和帽子，按提示转动头部", "remove glasses and hat and follow the head movements"),
    ("e5003", "实名认证", "identity verification", "证件已被其他账户使用", "the document is used by another account", "一个证件只能认证一个账户，请联系客服", "one document verifies one account; contact support"),
    ("e6001", "钱包卡", "card", "卡片余额不足", "the card balance is too low", "先向钱包余额充值", "add money to your wallet balance"),
    ("e6002", "钱包卡", "card", "商户不支持该卡", "the merchant does not accept this card", "改用其他付款方式", "use another payment method"),
    ("e6003", "钱包卡", "card", "卡片已冻结", "the card is frozen", "在卡片页面解冻", "unfreeze it on the card screen"),
    ("e9001", "系统", "system", "系统繁忙", "the system is busy", "稍后重试", "try again a little later"),
    ("e9002", "系统", "system", "网络连接超时", "the network connection timed out", "检查网络后重试", "check your connection and retry"),
    ("e9003", "系统", "system", "App 版本过低", "the app version is too old", "更新到最新版本", "update to the latest version"),
    ("e1005", "登录", "sign-in", "两步验证动态码错误", "the two-step code is wrong", "检查手机时间是否准确后重新输入", "check your phone clock and enter a new code"),
    ("e2006", "提现", "withdrawal", "提现数量低于最低提现数量", "the amount is below the minimum withdrawal", "提高提现数量", "raise the amount"),
    ("e2007", "提现", "withdrawal", "该币种提现暂停", "withdrawals of this asset are paused", "查看维护公告，稍后再试", "check the maintenance notice and try later"),
    ("e2008", "提现", "withdrawal", "需要填写 Memo 或标签", "a memo or tag is required", "向收款方索取 Memo 后填写", "ask the receiver for the memo and enter it"),
    ("e3004", "充值", "deposit", "充值地址已过期", "the deposit address expired", "重新获取充值地址", "get a new deposit address"),
    ("e4004", "转账", "transfer", "超过今日转账限额", "today's transfer limit is exceeded", "明天再试或提高账户等级", "try tomorrow or raise your account level"),
    ("e4005", "转账", "transfer", "转账金额格式错误", "the transfer amount is not valid", "检查小数位数", "check the number of decimals"),
    ("e6004", "钱包卡", "card", "卡片已过期", "the card has expired", "申请换发新卡", "order a replacement card"),
    ("e7001", "兑换", "swap", "报价已过期", "the quote has expired", "刷新报价后重新提交", "refresh the quote and submit again"),
    ("e7002", "兑换", "swap", "滑点超出设置", "slippage is above your setting", "提高滑点容忍度或减少数量", "raise the slippage tolerance or lower the amount"),
]
for code, zarea, earea, zmean, emean, zfix, efix in ERRORS:
    up = code.upper()
    add(f"error-{code}", "faq", "errors",
        (f"错误代码 {up}：{zmean}", f"{zarea}时出现错误代码 {up} 的含义和解决方法。"),
        (f"Error code {up}: {emean[0].upper() + emean[1:]}", f"What error code {up} means during {earea} and how to fix it."),
        [up, "错误代码", zarea], [up, "error code", earea],
        extra=[("含义", "What it means", f"错误代码 {up} 表示{zmean}。", f"Error code {up} means {emean}."),
               ("解决方法", "How to fix it", f"{zfix}。", f"{efix[0].upper() + efix[1:]}.")])

# --------------------------------------------------------------------------
# Family: release notes.
# --------------------------------------------------------------------------

RELEASES = [
    ("1.6.0", "2024-06-18", ["支持 BNB 充提", "新增英文界面"], ["BNB deposits and withdrawals", "An English interface"], ["修复注册时验证码倒计时错误"], ["Fixed the code countdown when signing up"]),
    ("1.7.0", "2024-08-06", ["新增邀请好友奖励", "转账支持扫码"], ["Invite friends rewards", "Scan to transfer"], ["修复部分安卓机型无法扫码"], ["Fixed scanning on some Android phones"]),
    ("1.8.0", "2024-10-15", ["新增银行卡绑定", "法币充值"], ["Link bank cards", "Fiat deposits"], ["修复余额刷新延迟"], ["Fixed delayed balance updates"]),
    ("1.9.0", "2024-12-03", ["两步验证支持验证器 App", "登录设备列表"], ["Two-step verification with authenticator apps", "A list of signed-in devices"], ["修复退出登录后通知仍然推送"], ["Fixed notifications after signing out"]),
    ("2.0.0", "2025-01-14", ["全新首页设计，资产总览一目了然", "支持深色模式"], ["A new home screen with an overview of your assets", "Dark mode"], ["修复部分安卓机型启动慢的问题"], ["Fixed slow start on some Android phones"]),
    ("2.1.0", "2025-02-25", ["新增 TRC20 网络 USDT 充值", "交易记录支持按币种筛选"], ["USDT deposits on TRC20", "Filter the transaction history by asset"], ["修复提现记录偶尔显示两次的问题"], ["Fixed withdrawals sometimes listed twice"]),
    ("2.2.0", "2025-04-08", ["支持面容 ID 和指纹登录", "新增地址簿"], ["Sign in with Face ID and fingerprint", "Address book"], ["修复切换语言后部分页面未翻译"], ["Fixed untranslated screens after changing the language"]),
    ("2.3.0", "2025-05-20", ["新增防钓鱼码", "登录提醒支持邮件通知"], ["Anti-phishing code", "Sign-in alerts by email"], ["修复二维码扫描在暗光下失败"], ["Fixed QR scanning in low light"]),
    ("2.4.0", "2025-07-01", ["上线钱包卡（虚拟卡）", "钱包卡支持添加到手机钱包"], ["Wallet card (virtual card) launches", "Add the card to your phone's wallet"], ["修复通知重复推送"], ["Fixed duplicate notifications"]),
    ("2.5.0", "2025-08-12", ["新增活期理财", "收益明细页面"], ["Flexible savings", "An earnings details screen"], ["修复部分 iOS 手机上余额显示错位"], ["Fixed the balance layout on some iOS phones"]),
    ("2.6.0", "2025-09-23", ["提现白名单", "大额提现二次确认"], ["Withdrawal allowlist", "A second confirmation for large withdrawals"], ["修复邮箱验证码发送延迟"], ["Fixed delayed email codes"]),
    ("2.7.0", "2025-11-04", ["新增 Arbitrum 网络 ETH 充提", "兑换功能支持限价单"], ["ETH deposits and withdrawals on Arbitrum", "Limit orders in Swap"], ["修复兑换页面报价刷新过快"], ["Fixed quotes refreshing too fast in Swap"]),
    ("2.8.0", "2025-12-16", ["桌面版上线", "支持导出交易记录为 CSV"], ["The desktop app", "Export the transaction history as CSV"], ["修复桌面版窗口缩放问题"], ["Fixed window scaling in the desktop app"]),
    ("2.9.0", "2026-01-27", ["新增 ETH 质押", "邀请奖励页面改版"], ["ETH staking", "A redesigned referral rewards screen"], ["修复质押收益计算精度"], ["Fixed staking reward rounding"]),
    ("2.10.0", "2026-03-10", ["实体卡申请", "卡片消费实时通知"], ["Physical card applications", "Real-time card payment notifications"], ["修复卡片页面加载慢"], ["Fixed the slow card screen"]),
    ("2.11.0", "2026-04-21", ["支持 USDC Solana 网络", "转账支持添加备注"], ["USDC on Solana", "Notes on transfers"], ["修复 Solana 地址校验"], ["Fixed Solana address validation"]),
    ("3.0.0", "2026-06-02", ["全新安全中心", "账户一键冻结"], ["A new security center", "Freeze your account in one tap"], ["修复安全中心在平板上的布局"], ["Fixed the security center layout on tablets"]),
    ("3.1.0", "2026-07-14", ["浏览器插件上线", "DApp 授权管理"], ["The browser extension", "DApp approval management"], ["修复插件在无痕窗口无法打开"], ["Fixed the extension in private windows"]),
    ("3.2.0", "2026-08-25", ["新增港币账户", "汇率提醒"], ["Hong Kong dollar accounts", "Exchange rate alerts"], ["修复汇率提醒重复触发"], ["Fixed repeated rate alerts"]),
    ("3.3.0", "2026-10-06", ["批量转账", "商户收款码"], ["Batch transfers", "Merchant payment QR codes"], ["修复批量转账模板导入失败"], ["Fixed batch transfer template imports"]),
    ("3.4.0", "2026-11-17", ["登录设备管理支持远程退出", "语音验证码"], ["Sign out remote devices from device management", "Voice verification codes"], ["修复语音验证码在部分地区无法接听"], ["Fixed voice codes in some regions"]),
]
for version, date, new_zh, new_en, fix_zh, fix_en in RELEASES:
    add(f"release-{version.replace('.', '-')}", "release", "app",
        (f"{version} 版本更新说明", f"示例钱包 {version}：" + "，".join(new_zh) + "。"),
        (f"Example Wallet {version} release notes", f"Example Wallet {version}: " + "; ".join(new_en) + "."),
        ["版本更新"], ["release"],
        extra=[("更新内容", "What's new", "\n".join(f"- {x}" for x in new_zh), "\n".join(f"- {x}" for x in new_en)),
               ("问题修复", "Fixes", "\n".join(f"- {x}" for x in fix_zh), "\n".join(f"- {x}" for x in fix_en))],
        release=(version, date))

# --------------------------------------------------------------------------
# Family: maintenance and policy notices.
# --------------------------------------------------------------------------

NOTICES = [
    ("maintenance-2026-03", "2026 年 3 月系统升级维护公告", "System upgrade maintenance, March 2026", "3 月 15 日 02:00–06:00（UTC+8）暂停充值、提现和兑换。", "Deposits, withdrawals and swaps pause on 15 March, 02:00–06:00 (UTC+8)."),
    ("maintenance-2026-06", "2026 年 6 月数据库迁移维护公告", "Database migration maintenance, June 2026", "6 月 8 日 01:00–05:00（UTC+8）App 无法登录。", "The app cannot be signed in to on 8 June, 01:00–05:00 (UTC+8)."),
    ("maintenance-2026-09", "2026 年 9 月银行通道维护公告", "Bank channel maintenance, September 2026", "9 月 20 日银行卡充值和法币提现暂停 4 小时。", "Bank card top-ups and fiat withdrawals pause for 4 hours on 20 September."),
    ("maintenance-eth-upgrade", "以太坊网络升级期间暂停 ETH 充提", "ETH deposits and withdrawals pause for the Ethereum upgrade", "以太坊网络升级前后约 2 小时暂停 ETH 和 ERC20 代币的充值和提现。", "ETH and ERC20 token deposits and withdrawals pause for about 2 hours around the Ethereum network upgrade."),
    ("delist-old-tokens", "部分代币下架公告", "Some tokens are being delisted", "下架代币将于 30 天后停止充值，请在期限内提现。", "Delisted tokens stop accepting deposits in 30 days; withdraw them before then."),
    ("terms-update-2026", "用户服务协议更新公告", "Terms of service update", "新的用户服务协议自 2026 年 7 月 1 日起生效，主要变化是理财产品条款。", "The new terms apply from 1 July 2026; the main change is the earn product terms."),
    ("privacy-update-2026", "隐私政策更新公告", "Privacy policy update", "更新后的隐私政策说明了我们如何保存设备信息和登录记录。", "The updated privacy policy explains how we keep device information and sign-in records."),
    ("fee-change-2026", "提现手续费调整公告", "Withdrawal fee changes", "自 2026 年 10 月 1 日起，ERC20 网络提现手续费下调，TRC20 不变。", "From 1 October 2026, ERC20 withdrawal fees go down; TRC20 stays the same."),
    ("holiday-service-2026", "春节期间客服服务时间调整", "Support hours during the Spring Festival", "春节期间客服热线服务时间调整为每天 10:00–18:00，在线客服照常 24 小时。", "During the Spring Festival the hotline answers 10:00–18:00 every day; in-app chat stays 24/7."),
    ("scam-warning-airdrop", "警惕冒充官方的空投活动", "Beware of fake official airdrops", "近期有人冒充示例钱包发放空投，要求连接钱包并授权，这是诈骗。", "People posing as Example Wallet offer airdrops that ask you to connect and approve; it is a scam."),
]
for slug, zt, et, zx, ex in NOTICES:
    add(slug, "faq", "notice", (zt, zx), (et, ex), ["公告"], ["notice"],
        extra=[("公告内容", "Notice", zx + "给你带来的不便敬请谅解。", ex + " We are sorry for the inconvenience.")])

# --------------------------------------------------------------------------
# Family: cards (virtual, physical) and earn products.
# --------------------------------------------------------------------------

for code, zname, ename in [("virtual", "虚拟卡", "virtual card"), ("physical", "实体卡", "physical card")]:
    add(f"card-apply-{code}", "faq", "card", (f"如何申请钱包{zname}", f"申请示例钱包{zname}的条件、费用和步骤。"), (f"How to apply for the {ename}", f"Who can get the Example Wallet {ename}, what it costs and how to apply."),
        [zname, "申请", "钱包卡"], [ename, "apply", "wallet card"],
        steps=pair(["完成实名认证。", f"在「卡片」页面选择{zname}，确认费用。", "设置卡片密码（PIN）后提交申请。"] + (["填写邮寄地址，卡片 7–10 个工作日寄到。"] if code == "physical" else ["审核通过后即可在线使用。"]),
                   ["Complete identity verification.", f"On the Cards screen choose the {ename} and check the fee.", "Set the card PIN and submit."] + (["Enter a delivery address; the card arrives in 7–10 working days."] if code == "physical" else ["Once approved you can use it online at once."])))
    add(f"card-activate-{code}", "faq", "card", (f"如何激活{zname}", f"收到{zname}后激活并开始使用。"), (f"How to activate the {ename}", f"Activate the {ename} and start using it."),
        [zname, "激活"], [ename, "activate"],
        steps=pair(["打开「卡片」页面，点击「激活」。", "输入卡片背面的 3 位安全码。", "激活后即可消费。"], ["Open the Cards screen and tap Activate.", "Enter the 3-digit security code on the back.", "You can pay with it once it is active."]))
    add(f"card-lost-{code}", "faq", "card", (f"{zname}丢失或被盗刷怎么办", f"{zname}丢失、被盗或出现不认识的消费时立即冻结并补卡。"), (f"Lost {ename} or unknown payments", f"Freeze and replace the {ename} when it is lost, stolen or shows payments you do not recognise."),
        [zname, "挂失", "盗刷", "冻结"], [ename, "lost", "stolen", "freeze"],
        steps=pair(["在「卡片」页面点击「冻结」，冻结立即生效。", "对不认识的消费点击「申诉」。", "申请补卡，新卡号与旧卡不同。"], ["Tap Freeze on the Cards screen; it works at once.", "Tap Dispute on each payment you do not recognise.", "Order a replacement; it has a new card number."]))
    add(f"card-close-{code}", "faq", "card", (f"如何注销{zname}", f"不再使用{zname}时注销卡片，余额会退回钱包。"), (f"How to close the {ename}", f"Close the {ename} when you no longer need it; its balance returns to your wallet."),
        [zname, "注销"], [ename, "close", "cancel"],
        steps=pair(["确认没有未完成的消费和退款。", "在卡片设置中点击「注销卡片」。", "卡内余额自动退回钱包余额。"], ["Make sure no payments or refunds are pending.", "In card settings, tap Close card.", "The remaining balance returns to your wallet."]))

EARN = [
    ("flexible", "活期理财", "flexible savings", "随存随取，收益按日计算", "withdraw any time; rewards accrue daily"),
    ("fixed-30", "30 天定期理财", "30-day fixed savings", "锁定 30 天，到期自动赎回", "locked for 30 days and redeemed automatically at the end"),
    ("fixed-90", "90 天定期理财", "90-day fixed savings", "锁定 90 天，收益率高于活期", "locked for 90 days at a higher rate than flexible"),
    ("eth-staking", "ETH 质押", "ETH staking", "参与以太坊网络质押获得奖励，赎回需要排队", "earn rewards from Ethereum staking; unstaking has a queue"),
    ("sol-staking", "SOL 质押", "SOL staking", "委托质押 SOL 获得奖励，每个周期约 2 天", "delegate SOL for rewards; each epoch is about 2 days"),
]
for code, zname, ename, zdesc, edesc in EARN:
    add(f"earn-{code}", "faq", "earn", (f"{zname}产品规则", f"{zname}：{zdesc}。"), (f"{ename[0].upper() + ename[1:]}: how it works", f"{ename[0].upper() + ename[1:]}: {edesc}."),
        [zname, "理财", "收益"], [ename, "earn", "rewards"],
        extra=[("产品规则", "How it works", f"{zname}{zdesc}。", f"{ename[0].upper() + ename[1:]}: {edesc}.")])
    add(f"redeem-{code}", "faq", "earn", (f"如何赎回 {zname}", f"赎回{zname}的步骤和资金到账时间。"), (f"How to redeem {ename}", f"How to redeem {ename} and when the money is back."),
        [zname, "赎回"], [ename, "redeem"],
        steps=pair([f"在「理财 › 我的持仓」中找到{zname}。", "点击「赎回」，输入数量。", "赎回的资金到账后可以提现或转账。"], [f"Find {ename} under Earn › My holdings.", "Tap Redeem and enter the amount.", "Once redeemed, the money can be withdrawn or transferred."]))

# --------------------------------------------------------------------------
# Single articles: (slug, kind, category, zh title, zh summary, en title,
# en summary, zh tags, en tags, zh points, en points, what the points are).
# --------------------------------------------------------------------------


def one(slug, kind, category, zt, zs, et, es, ztags, etags, zpoints, epoints, shape="steps", promoted=False):
    points = pair(zpoints, epoints)
    if shape == "steps":
        add(slug, kind, category, (zt, zs), (et, es), ztags, etags, steps=points, promoted=promoted)
    elif shape == "causes":
        add(slug, kind, category, (zt, zs), (et, es), ztags, etags, causes=points, promoted=promoted)
    else:
        add(slug, kind, category, (zt, zs), (et, es), ztags, etags, notes=points, promoted=promoted)


# Account and sign-in.
one("sign-up", "faq", "account", "如何注册示例钱包账户", "用手机号或邮箱注册账户并设置登录密码。", "How to sign up", "Create an account with your phone number or email and set a login password.",
    ["注册", "开户"], ["sign up", "register", "create account"],
    ["打开 App，点击「注册」。", "输入手机号或邮箱，填写收到的验证码。", "设置登录密码，至少 8 位并包含字母和数字。", "阅读并同意用户协议后完成注册。"],
    ["Open the app and tap Sign up.", "Enter your phone number or email and the code you receive.", "Set a login password of at least 8 characters with letters and digits.", "Read and accept the terms to finish."])
one("cannot-sign-in", "faq", "account", "无法登录怎么办", "输入密码后提示错误、一直转圈或收不到登录验证码时的排查方法。", "I can't sign in", "What to check when sign-in says the password is wrong, keeps loading, or the code never arrives.",
    ["登录", "登不上", "登录失败"], ["sign in", "login", "can't log in"],
    ["密码错误：注意大小写，确认输入法没有切换到全角。", "账户被临时锁定：多次输错密码后需要等待 2 小时。", "收不到验证码：见「收不到短信验证码」。", "新设备登录：需要完成额外的身份验证。"],
    ["Wrong password: check capital letters and that the keyboard is not in full-width mode.", "Locked for a while: after several wrong passwords, wait 2 hours.", "No code: see SMS code not received.", "New device: complete the extra verification."], shape="causes")
one("forgot-login-password", "faq", "account", "忘记登录密码怎么办", "忘记登录密码时，可以通过手机号或邮箱验证自助重置。", "Forgot your login password", "Reset a forgotten login password yourself with your phone number or email.",
    ["忘记密码", "登录密码", "重置密码", "找回密码"], ["forgot password", "reset password", "login password"],
    ["在登录页点击「忘记密码」。", "输入注册时的手机号或邮箱，填写验证码。", "设置新的登录密码。", "重置后 24 小时内不能提现，这是为了保护你的资金。"],
    ["On the sign-in screen tap Forgot password.", "Enter the phone number or email you signed up with and the code.", "Set a new login password.", "For 24 hours after a reset you cannot withdraw; this protects your funds."], promoted=True)
one("change-login-password", "faq", "account", "如何修改登录密码", "记得旧密码时，在安全设置中修改登录密码。", "How to change your login password", "Change your login password in security settings when you know the current one.",
    ["修改密码", "登录密码"], ["change password", "login password"],
    ["进入「我的 › 安全设置 › 登录密码」。", "输入当前密码和新密码。", "完成短信验证后生效。"],
    ["Go to Me › Security settings › Login password.", "Enter the current and the new password.", "Confirm with the SMS code."])
one("set-payment-password", "faq", "account", "如何设置支付密码", "支付密码用于提现、转账和付款时确认身份，与登录密码不同。", "How to set a payment password", "The payment password confirms withdrawals, transfers and payments; it is not your login password.",
    ["支付密码", "交易密码", "设置"], ["payment password", "PIN", "set up"],
    ["进入「我的 › 安全设置 › 支付密码」。", "输入 6 位数字作为支付密码，不要使用生日或连续数字。", "再次输入确认。"],
    ["Go to Me › Security settings › Payment password.", "Enter 6 digits; avoid birthdays and sequences.", "Enter them again to confirm."])
one("reset-payment-password", "faq", "account", "忘记支付密码怎么重置", "忘记支付密码时，通过身份验证重新设置。", "Reset a forgotten payment password", "Set a new payment password after verifying it is you.",
    ["支付密码", "忘记", "重置"], ["payment password", "forgot", "reset"],
    ["进入「安全设置 › 支付密码 › 忘记支付密码」。", "完成短信验证和人脸识别。", "设置新的 6 位支付密码。", "重置后 24 小时内提现会受到限制。"],
    ["Go to Security settings › Payment password › Forgot.", "Complete the SMS check and face verification.", "Set a new 6-digit payment password.", "Withdrawals are limited for 24 hours afterwards."])
one("change-phone", "faq", "account", "如何更换绑定手机号", "旧手机号还能用或已经停用时，分别如何更换绑定手机号。", "How to change your phone number", "Change the phone number on your account, whether or not the old number still works.",
    ["手机号", "换手机号", "绑定"], ["phone number", "change number"],
    ["旧号码能收短信：在「安全设置 › 手机号」中验证旧号码和新号码。", "旧号码已停用：选择「旧号码无法使用」，完成人脸识别后提交。", "人工审核 1–3 个工作日。"],
    ["Old number still works: in Security settings › Phone number, verify the old and the new number.", "Old number is gone: choose Old number unavailable and complete face verification.", "A review takes 1–3 working days."])
one("bind-email", "faq", "account", "如何绑定或更换邮箱", "绑定邮箱后可以接收登录提醒，也可以用邮箱找回密码。", "Add or change your email address", "With an email address you get sign-in alerts and can recover your password.",
    ["邮箱", "绑定邮箱", "更换邮箱"], ["email", "change email"],
    ["进入「安全设置 › 邮箱」。", "输入邮箱地址并填写邮件中的验证码。", "更换邮箱需要先验证旧邮箱。"],
    ["Go to Security settings › Email.", "Enter the address and the code from the email.", "To change it, verify the old address first."])
one("sms-code-not-received", "faq", "account", "收不到短信验证码", "短信验证码一直收不到时，检查拦截设置，或改用语音验证码。", "SMS code not received", "When the SMS code never arrives, check your blocking settings or use a voice code.",
    ["验证码", "短信", "收不到"], ["verification code", "SMS", "not received"],
    ["确认手机号填写正确，没有欠费停机。", "检查短信是否被安全软件拦截，或在垃圾短信里。", "60 秒后点击重新发送，或选择「语音验证码」。", "海外号码请确认选择了正确的国家区号。"],
    ["Check the number is right and the line is active.", "Look in blocked or spam messages.", "After 60 seconds tap Resend, or choose Voice code.", "For numbers abroad, pick the right country code."], shape="causes")
one("email-code-not-received", "faq", "account", "收不到邮箱验证码", "邮件验证码没有收到时的检查方法。", "Email code not received", "What to check when the email code does not arrive.",
    ["邮箱验证码", "收不到"], ["email code", "not received"],
    ["查看垃圾邮件和广告邮件文件夹。", "把发件地址加入通讯录或白名单。", "确认邮箱没有写错，也没有满。"],
    ["Check the spam and promotions folders.", "Add our sending address to your contacts.", "Make sure the address is right and the mailbox is not full."], shape="causes")
one("freeze-account", "faq", "account", "如何冻结账户", "怀疑账户被盗或手机丢失时，立即冻结账户阻止资金转出。", "How to freeze your account", "Freeze your account at once when you think it was taken over or your phone is lost.",
    ["冻结", "账户冻结", "紧急"], ["freeze account", "emergency"],
    ["在 App「安全中心 › 冻结账户」一键冻结。", "无法登录时，拨打挂失与冻结专线 +1 202 555 0123（24 小时）。", "冻结后无法提现、转账和付款，资产仍在账户中。"],
    ["In the app, tap Security center › Freeze account.", "If you cannot sign in, call the lost phone and freeze line +1 202 555 0123 (24 hours).", "A frozen account cannot withdraw, transfer or pay; your assets stay in it."])
one("unfreeze-account", "faq", "account", "账户被冻结了如何解冻", "自己冻结或被风控冻结的账户，如何申请解冻。", "How to unfreeze your account", "How to unfreeze an account you froze or that risk control froze.",
    ["解冻", "账户冻结"], ["unfreeze", "frozen account"],
    ["自己冻结的账户：登录后在安全中心申请解冻，完成人脸识别。", "被风控冻结的账户：按通知补充资料，审核 1–3 个工作日。", "解冻后 24 小时内提现受限。"],
    ["If you froze it: sign in and ask to unfreeze in the security center, with face verification.", "If risk control froze it: send the documents the notice asks for; review takes 1–3 working days.", "Withdrawals are limited for 24 hours after unfreezing."])
one("close-account", "faq", "account", "如何注销账户", "注销前需要清空余额并结束理财，注销后无法恢复。", "How to close your account", "Empty your balance and end earn products before closing; a closed account cannot be restored.",
    ["注销", "删除账户"], ["close account", "delete account"],
    ["提现或转出全部资产，赎回理财产品。", "注销钱包卡。", "在「我的 › 设置 › 注销账户」提交申请。", "7 天冷静期后正式注销。"],
    ["Withdraw or transfer everything and redeem earn products.", "Close your wallet card.", "Submit under Me › Settings › Close account.", "It closes after a 7-day cooling-off period."])
one("account-hacked", "security", "security", "账户被盗怎么办", "发现不认识的登录、提现或密码被改时，按顺序处理。", "My account was hacked", "What to do, in order, when you see sign-ins, withdrawals or password changes you did not make.",
    ["被盗", "盗号", "异常登录"], ["hacked", "stolen account", "unauthorised"],
    ["立即冻结账户：App 安全中心或挂失专线 +1 202 555 0123。", "修改登录密码和支付密码。", "检查并移除不认识的登录设备。", "联系在线客服说明情况，提供异常记录。"],
    ["Freeze the account now: security center or the freeze line +1 202 555 0123.", "Change your login and payment passwords.", "Remove devices you do not recognise.", "Contact in-app chat with the suspicious records."], promoted=True)
one("device-management", "security", "security", "登录设备管理", "查看登录过账户的设备，移除不认识的设备。", "Manage signed-in devices", "See which devices are signed in and remove the ones you do not know.",
    ["登录设备", "设备管理"], ["devices", "device management"],
    ["进入「安全中心 › 登录设备」。", "查看每台设备的型号、地点和最近登录时间。", "点击不认识的设备，选择「退出登录」。"],
    ["Go to Security center › Devices.", "Check each device's model, place and last sign-in.", "Tap a device you do not know and choose Sign out."])
one("login-alerts", "security", "security", "登录提醒设置", "新设备登录时通过短信、邮件或推送提醒你。", "Sign-in alerts", "Get an SMS, email or push alert when a new device signs in.",
    ["登录提醒", "通知"], ["sign-in alerts", "notifications"],
    ["进入「安全中心 › 登录提醒」。", "选择提醒方式：推送、短信或邮件。", "收到不是你本人的登录提醒时立即冻结账户。"],
    ["Go to Security center › Sign-in alerts.", "Choose push, SMS or email.", "If an alert is not you, freeze the account at once."])
one("biometric-login", "faq", "account", "开启面容或指纹登录", "用面容 ID 或指纹代替密码登录和确认付款。", "Sign in with Face ID or fingerprint", "Use Face ID or a fingerprint instead of your password to sign in and confirm payments.",
    ["面容", "指纹", "生物识别"], ["Face ID", "fingerprint", "biometric"],
    ["进入「安全设置 › 生物识别」。", "开启面容或指纹登录，验证支付密码。", "更换手机后需要重新开启。"],
    ["Go to Security settings › Biometrics.", "Turn on Face ID or fingerprint and confirm with your payment password.", "Turn it on again after you change phones."])
one("nickname-avatar", "faq", "account", "修改昵称和头像", "在个人资料中修改昵称和头像。", "Change your nickname and avatar", "Change your nickname and picture in your profile.",
    ["昵称", "头像", "个人资料"], ["nickname", "avatar", "profile"],
    ["进入「我的 › 个人资料」。", "点击头像或昵称修改。", "昵称每 30 天可以修改一次。"],
    ["Go to Me › Profile.", "Tap the picture or the nickname.", "The nickname can change once every 30 days."])
one("multiple-accounts", "faq", "account", "一个人可以注册多个账户吗", "一个身份只能实名认证一个账户。", "Can I have more than one account", "One identity can verify only one account.",
    ["多个账户", "小号"], ["multiple accounts", "second account"],
    ["每个手机号和邮箱只能注册一个账户。", "一个证件只能认证一个账户。", "未认证的账户功能受限。"],
    ["Each phone number and email can register one account.", "One document verifies one account.", "Unverified accounts have limited features."], shape="notes")
one("account-levels", "faq", "fees", "账户等级与限额", "不同认证等级的充值、提现和转账限额。", "Account levels and limits", "Deposit, withdrawal and transfer limits at each verification level.",
    ["账户等级", "限额", "认证等级"], ["account level", "limits"],
    ["未认证：只能充值，不能提现。", "基础认证：每日提现 2,000 USDT 等值。", "高级认证：每日提现 100,000 USDT 等值。"],
    ["Unverified: deposits only, no withdrawals.", "Basic: withdraw up to 2,000 USDT a day.", "Advanced: withdraw up to 100,000 USDT a day."], shape="notes")
one("raise-limits", "faq", "fees", "如何提高提现限额", "完成高级认证或申请临时额度来提高每日提现限额。", "How to raise your withdrawal limit", "Raise your daily withdrawal limit with advanced verification or a temporary increase.",
    ["提高限额", "提现限额", "额度"], ["raise limit", "withdrawal limit"],
    ["完成高级认证：上传地址证明。", "临时提额：在「限额」页面申请，说明用途。", "审核 1 个工作日内完成。"],
    ["Complete advanced verification: upload proof of address.", "Temporary increase: ask on the Limits screen and say what it is for.", "Reviewed within 1 working day."])
one("daily-limits", "faq", "fees", "每日和单笔限额说明", "提现、转账和卡片消费的单笔和每日限额。", "Daily and per-transaction limits", "Per-transaction and daily limits for withdrawals, transfers and card payments.",
    ["限额", "每日限额", "单笔限额"], ["limits", "daily limit"],
    ["提现单笔限额以币种页面为准。", "转账每日限额与账户等级有关。", "限额每天 00:00（UTC+8）重置。"],
    ["Per-withdrawal limits are shown on each asset's screen.", "Daily transfer limits depend on your level.", "Limits reset at 00:00 (UTC+8)."], shape="notes")

# Identity verification.
one("identity-verification", "faq", "verification", "如何完成实名认证", "上传身份证件并完成人脸识别，通常 10 分钟内完成审核。", "How to verify your identity", "Upload an ID document and complete face verification; review usually takes 10 minutes.",
    ["实名认证", "KYC", "身份认证"], ["identity verification", "KYC"],
    ["进入「我的 › 实名认证」。", "选择证件类型并拍摄正反面。", "按提示完成人脸识别。", "等待审核结果通知。"],
    ["Go to Me › Identity verification.", "Choose the document type and photograph both sides.", "Complete face verification as prompted.", "Wait for the result."], promoted=True)
one("verification-failed", "faq", "verification", "实名认证失败的原因", "实名认证被拒绝的常见原因和重新提交的方法。", "Why identity verification failed", "Common reasons a verification is rejected and how to submit again.",
    ["实名认证", "认证失败", "被拒"], ["verification failed", "rejected", "KYC"],
    ["证件照片模糊、反光或被遮挡。", "证件已过期。", "填写的姓名与证件不一致。", "人脸识别时光线太暗。"],
    ["The document photo is blurry, has glare or is covered.", "The document has expired.", "The name entered differs from the document.", "The light was too dark for face verification."], shape="causes")
one("verification-documents", "faq", "verification", "实名认证支持哪些证件", "身份证、护照和驾照等支持的证件类型。", "Which documents are accepted", "Accepted document types: national ID card, passport, driving licence.",
    ["证件", "身份证", "护照"], ["documents", "ID card", "passport"],
    ["中国大陆用户：居民身份证。", "其他地区用户：护照或本国身份证。", "部分地区支持驾照。"],
    ["Mainland China: resident ID card.", "Elsewhere: passport or national ID card.", "Some regions accept a driving licence."], shape="notes")
one("verification-time", "faq", "verification", "实名认证审核要多久", "实名认证的审核时间和加急办法。", "How long verification takes", "How long identity review takes, and what speeds it up.",
    ["审核时间", "实名认证"], ["review time", "verification"],
    ["自动审核通常 10 分钟内完成。", "人工审核最长 24 小时。", "资料清晰完整可以减少人工审核。"],
    ["Automatic review is usually done in 10 minutes.", "A manual review takes up to 24 hours.", "Clear, complete documents avoid manual review."], shape="notes")
one("update-identity", "faq", "verification", "修改实名认证信息", "证件更换或姓名变更后，如何更新实名信息。", "Update your verified identity", "Update your identity after a new document or a name change.",
    ["修改实名", "更换证件"], ["update identity", "name change"],
    ["在「实名认证 › 更新信息」中上传新证件。", "姓名变更需要上传证明文件。", "审核期间部分功能受限。"],
    ["Upload the new document under Identity verification › Update.", "A name change needs a supporting document.", "Some features are limited during review."])
one("face-verification-failed", "faq", "verification", "人脸识别一直失败", "人脸识别多次失败时的拍摄建议。", "Face verification keeps failing", "Tips when face verification fails again and again.",
    ["人脸识别", "刷脸", "失败"], ["face verification", "selfie", "failed"],
    ["在光线均匀的地方进行，避免背光。", "摘下眼镜、帽子和口罩。", "按提示缓慢眨眼或转头。", "允许 App 使用相机权限。"],
    ["Use even light and avoid a window behind you.", "Take off glasses, hat and mask.", "Blink or turn your head slowly as prompted.", "Allow the app to use the camera."], shape="causes")
one("advanced-verification", "faq", "verification", "高级认证（地址证明）", "上传地址证明完成高级认证，提高限额。", "Advanced verification (proof of address)", "Upload proof of address for advanced verification and higher limits.",
    ["高级认证", "地址证明"], ["advanced verification", "proof of address"],
    ["准备 3 个月内的水电账单或银行对账单。", "在「实名认证 › 高级认证」中上传。", "审核通过后限额自动提高。"],
    ["Prepare a utility bill or bank statement from the last 3 months.", "Upload it under Identity verification › Advanced.", "Limits go up once it is approved."])
one("minors", "faq", "verification", "未满 18 岁可以使用吗", "示例钱包只向年满 18 岁的用户提供服务。", "Can under-18s use it", "Example Wallet is only for people aged 18 or over.",
    ["未成年", "年龄"], ["under 18", "age"],
    ["实名认证时会核对年龄。", "未满 18 岁无法完成认证。"], ["Age is checked during verification.", "Under-18s cannot complete verification."], shape="notes")

# Security.
one("two-step-verification", "security", "security", "开启两步验证", "登录和提现时除了密码，还需要验证器 App 生成的动态码。", "Turn on two-step verification", "Besides your password, sign-ins and withdrawals need a code from an authenticator app.",
    ["两步验证", "谷歌验证器", "动态码", "安全"], ["two-step verification", "authenticator", "security"],
    ["安装验证器 App。", "进入「安全中心 › 两步验证」，扫描二维码。", "输入验证器显示的 6 位动态码完成绑定。", "抄写并离线保存备用密钥。"],
    ["Install an authenticator app.", "Go to Security center › Two-step verification and scan the QR code.", "Enter the 6-digit code it shows.", "Write down the backup key and keep it offline."], promoted=True)
one("lost-authenticator", "security", "security", "验证器丢失或换手机了怎么办", "手机丢失或换新手机后无法获取动态码时，如何重置两步验证。", "Lost your authenticator or changed phones", "Reset two-step verification when you can no longer get codes after losing or changing your phone.",
    ["两步验证", "验证器", "换手机", "重置"], ["authenticator", "new phone", "reset two-step"],
    ["有备用密钥：在新手机的验证器中输入备用密钥恢复。", "没有备用密钥：在登录页选择「无法获取动态码」，完成人脸识别后提交重置。", "重置审核 1–3 个工作日，期间无法提现。"],
    ["With the backup key: enter it in the authenticator on the new phone.", "Without it: choose Can't get a code on the sign-in screen and complete face verification.", "Review takes 1–3 working days; withdrawals pause meanwhile."])
one("disable-two-step", "security", "security", "如何关闭两步验证", "关闭两步验证会降低账户安全性，需要验证身份。", "How to turn off two-step verification", "Turning off two-step verification lowers your account security and needs identity checks.",
    ["两步验证", "关闭"], ["two-step verification", "turn off"],
    ["进入「安全中心 › 两步验证 › 关闭」。", "输入动态码和短信验证码。", "关闭后 24 小时内不能提现。"],
    ["Go to Security center › Two-step verification › Turn off.", "Enter the authenticator code and the SMS code.", "Withdrawals pause for 24 hours."])
one("code-time-sync", "security", "security", "动态码总是提示错误", "验证器的动态码提示错误，多半是手机时间不准。", "Authenticator codes are rejected", "Rejected authenticator codes are usually caused by a wrong phone clock.",
    ["动态码", "时间同步", "验证码错误"], ["authenticator code", "time sync", "invalid code"],
    ["手机时间与网络时间不一致。", "动态码已过期（每 30 秒更新）。", "绑定的是另一个账户的验证器条目。"],
    ["The phone clock differs from network time.", "The code expired (it changes every 30 seconds).", "You used the entry of another account."], shape="causes")
one("recovery-phrase-backup", "security", "security", "如何备份助记词", "助记词是恢复钱包的唯一凭证，请抄在纸上离线保存。", "Back up your recovery phrase", "The recovery phrase is the only way to restore your wallet; write it on paper and keep it offline.",
    ["助记词", "备份", "恢复"], ["recovery phrase", "seed phrase", "backup"],
    ["进入「钱包 › 备份助记词」，验证支付密码。", "按顺序抄写 12 个单词，不要截图或拍照。", "按提示核对顺序完成备份。", "把纸条保存在安全的地方。"],
    ["Go to Wallet › Back up recovery phrase and confirm with your payment password.", "Write the 12 words in order; no screenshots or photos.", "Confirm the order as prompted.", "Keep the paper somewhere safe."])
one("recovery-phrase-lost", "security", "security", "助记词丢失了怎么办", "助记词丢失后如何保护资产，以及为什么官方无法找回。", "Lost your recovery phrase", "How to protect your assets after losing the recovery phrase, and why we cannot recover it.",
    ["助记词", "丢失", "找回"], ["recovery phrase", "lost", "seed phrase"],
    ["只要还能登录，立即把资产转到新钱包并重新备份。", "官方不保存助记词，任何声称能找回助记词的人都是骗子。", "已无法登录且没有助记词时，资产无法恢复。"],
    ["If you can still sign in, move your assets to a new wallet and back it up at once.", "We never store recovery phrases; anyone who offers to recover one is a scammer.", "Without sign-in and without the phrase, the assets cannot be restored."], shape="notes")
one("export-private-key", "security", "security", "如何导出私钥", "导出私钥的风险和步骤，私钥泄露等于资产被盗。", "How to export a private key", "The risks and steps of exporting a private key; a leaked key means stolen assets.",
    ["私钥", "导出"], ["private key", "export"],
    ["进入「钱包 › 管理 › 导出私钥」。", "验证支付密码和两步验证。", "确认周围无人、没有录屏后查看私钥。"],
    ["Go to Wallet › Manage › Export private key.", "Confirm with your payment password and two-step code.", "Make sure nobody is watching and no screen recording runs."])
one("private-key-leaked", "security", "security", "私钥或助记词泄露了怎么办", "私钥或助记词被别人看到后，马上转移资产。", "Private key or recovery phrase leaked", "Move your assets at once when someone has seen your private key or recovery phrase.",
    ["私钥", "助记词", "泄露"], ["private key", "recovery phrase", "leaked"],
    ["立即创建新钱包并备份新的助记词。", "把全部资产转到新钱包。", "撤销旧地址的所有授权。"],
    ["Create a new wallet and back up its new phrase now.", "Move all assets to it.", "Revoke every approval of the old address."])
one("withdrawal-allowlist", "security", "security", "提现地址白名单", "开启白名单后，只能向名单中的地址提现。", "Withdrawal address allowlist", "With the allowlist on, withdrawals can only go to addresses on it.",
    ["白名单", "提现地址"], ["allowlist", "whitelist", "withdrawal address"],
    ["进入「安全中心 › 提现白名单」并开启。", "添加常用地址并备注。", "新添加的地址 24 小时后才能使用。"],
    ["Go to Security center › Withdrawal allowlist and turn it on.", "Add the addresses you use, with a label.", "A new address can be used after 24 hours."])
one("anti-phishing-code", "security", "fraud", "设置防钓鱼码", "防钓鱼码会出现在官方邮件中，帮你识别假邮件。", "Set an anti-phishing code", "Your anti-phishing code appears in our real emails so you can spot fake ones.",
    ["防钓鱼码", "钓鱼邮件"], ["anti-phishing code", "phishing email"],
    ["进入「安全中心 › 防钓鱼码」。", "设置一个只有你知道的词。", "以后所有官方邮件都会显示这个词，没有就是假邮件。"],
    ["Go to Security center › Anti-phishing code.", "Set a word only you know.", "Every real email from us shows it; an email without it is fake."])
one("revoke-approvals", "security", "security", "如何撤销 DApp 授权", "连接过的 DApp 可能保留代币授权，不用时应当撤销。", "Revoke DApp approvals", "DApps you connected may keep token approvals; revoke them when you are done.",
    ["授权", "DApp", "撤销"], ["approvals", "DApp", "revoke"],
    ["进入「安全中心 › 授权管理」。", "查看每个授权的代币和额度。", "对不认识或不再使用的授权点击「撤销」。"],
    ["Go to Security center › Approvals.", "Check each approval's token and amount.", "Tap Revoke on the ones you do not know or use."])
one("password-tips", "security", "security", "如何设置安全的密码", "设置不容易被猜到的登录密码和支付密码。", "Choosing strong passwords", "How to choose login and payment passwords that are hard to guess.",
    ["密码", "安全", "强密码"], ["password", "strong password"],
    ["登录密码至少 12 位，混合大小写字母、数字和符号。", "不要在其他网站重复使用。", "支付密码不要用生日、手机号或连续数字。"],
    ["Use at least 12 characters mixing cases, digits and symbols.", "Never reuse it on other sites.", "Avoid birthdays, phone numbers and sequences in the payment password."], shape="notes")
one("public-wifi", "security", "security", "在公共 Wi-Fi 下使用钱包安全吗", "公共网络下的风险和防护建议。", "Is public Wi-Fi safe for the wallet", "The risks of public networks and how to stay safe.",
    ["公共 Wi-Fi", "网络安全"], ["public Wi-Fi", "network security"],
    ["尽量使用移动网络进行转账和提现。", "不要连接没有密码的热点。", "不要在公共电脑上登录。"],
    ["Use mobile data for transfers and withdrawals when you can.", "Do not join open hotspots.", "Never sign in on a public computer."], shape="notes")
one("sim-swap", "security", "fraud", "手机号被盗用（SIM 卡劫持）", "手机突然没信号、收到补卡短信时，可能是 SIM 卡被劫持。", "SIM swap: your number was taken over", "Sudden loss of signal or a SIM replacement message can mean your number was hijacked.",
    ["SIM 卡", "手机号被盗", "补卡"], ["SIM swap", "phone number hijack"],
    ["立即拨打挂失与冻结专线冻结账户。", "联系运营商恢复号码。", "改用验证器 App 做两步验证，不只依赖短信。"],
    ["Call the freeze line to freeze your account at once.", "Ask your carrier to restore your number.", "Use an authenticator app for two-step verification, not just SMS."])
one("security-center", "security", "security", "安全中心功能介绍", "安全中心集中了冻结账户、登录设备、两步验证等安全功能。", "The security center", "The security center has account freezing, devices, two-step verification and more in one place.",
    ["安全中心"], ["security center"],
    ["安全评分：根据已开启的功能打分。", "一键冻结：紧急情况下冻结账户。", "登录设备、授权管理、提现白名单。"],
    ["Security score: based on the features you turned on.", "One-tap freeze for emergencies.", "Devices, approvals and the withdrawal allowlist."], shape="notes")

# Fraud.
one("fake-support", "security", "fraud", "如何识别冒充客服的骗局", "骗子冒充示例钱包客服，以「账户异常」「提现被冻结」为由索要验证码或让你转账。", "How to recognise fake support", "Scammers pose as Example Wallet support with stories like 'your account is at risk' to get your codes or money.",
    ["冒充客服", "诈骗", "假客服", "客服电话"], ["fake support", "scam", "impersonation", "support number"],
    ["官方客服不会主动打电话要求你转账或提供验证码。", "不要相信搜索结果或聊天群里的「客服电话」，只认官方联系方式。", "对方让你下载屏幕共享软件时立即挂断。", "遇到可疑来电，用核实页面检查号码。"],
    ["Official support never calls to ask you to move money or share codes.", "Do not trust 'support numbers' from search results or chat groups; trust only the official channels.", "Hang up if you are asked to install screen-sharing software.", "Check a suspicious number on the verification page."], shape="notes", promoted=True)
one("phishing-sites", "security", "fraud", "识别钓鱼网站和钓鱼链接", "仿冒官网的钓鱼网站会骗取你的密码和助记词。", "Spot phishing sites and links", "Fake copies of our website try to steal your password and recovery phrase.",
    ["钓鱼网站", "假网站", "链接"], ["phishing", "fake website", "link"],
    ["只通过书签或手动输入访问官网。", "仔细检查域名拼写，注意多一个字母或换了后缀的网址。", "任何网页要求输入助记词都是钓鱼。"],
    ["Visit our site from a bookmark or by typing it.", "Check the domain's spelling: one extra letter or another ending means a fake.", "Any page asking for your recovery phrase is phishing."], shape="notes")
one("fake-app", "security", "fraud", "如何识别假冒的示例钱包 App", "假 App 会窃取助记词，只从官方渠道下载。", "Spot a fake Example Wallet app", "Fake apps steal recovery phrases; download only from official sources.",
    ["假 App", "山寨", "下载"], ["fake app", "counterfeit", "download"],
    ["核对开发者名称和下载量。", "不要安装别人发来的安装包。", "在官网核对最新版本号。"],
    ["Check the developer name and download count.", "Never install a file someone sends you.", "Compare the version number with our website."], shape="notes")
one("investment-scam", "security", "fraud", "警惕高收益投资骗局", "承诺高额回报、拉你进群「带单」的都是骗局。", "Beware of high-return investment scams", "Promises of big returns and 'trading groups' that guide you are scams.",
    ["投资诈骗", "带单", "杀猪盘"], ["investment scam", "trading group", "romance scam"],
    ["保证收益、稳赚不赔的都是骗局。", "陌生人引导你在不知名平台充值。", "先让你小额获利，再诱导大额投入。"],
    ["Guaranteed returns are always a scam.", "A stranger steers you to deposit on an unknown platform.", "Small early wins lead to a large deposit."], shape="notes")
one("screen-sharing-scam", "security", "fraud", "屏幕共享诈骗", "骗子以「协助操作」为名让你开启屏幕共享，从而看到验证码。", "Screen-sharing scams", "Scammers ask you to share your screen 'to help', and then see your codes.",
    ["屏幕共享", "远程控制", "诈骗"], ["screen sharing", "remote control", "scam"],
    ["官方客服不会要求屏幕共享或远程控制。", "立即结束共享并修改密码。", "检查是否有未授权的转账。"],
    ["Official support never asks to share your screen or control your phone.", "Stop sharing and change your passwords.", "Check for transfers you did not make."])
one("qr-code-scam", "security", "fraud", "扫码付款的骗局", "骗子把「收款码」说成「退款码」，扫码后钱被转走。", "QR code payment scams", "Scammers call a payment code a 'refund code'; scanning it sends your money.",
    ["二维码", "扫码", "退款骗局"], ["QR code", "scan", "refund scam"],
    ["扫码后确认页面显示的是付款还是收款。", "退款不需要你扫码或输入支付密码。", "陌生人发来的二维码不要扫。"],
    ["After scanning, check whether the screen says pay or receive.", "A refund never needs you to scan or enter your payment password.", "Do not scan codes from strangers."], shape="notes")
one("report-scam", "security", "fraud", "如何举报诈骗", "把诈骗号码、网站或账户报告给我们。", "How to report a scam", "Report scam numbers, websites or accounts to us.",
    ["举报", "诈骗", "报告"], ["report", "scam"],
    ["发邮件到 security@example.com，附上截图和号码。", "在 App「安全中心 › 举报」中提交。", "如已损失资金，同时向当地警方报案。"],
    ["Email security@example.com with screenshots and the number.", "Or submit under Security center › Report.", "If you lost money, report it to the police too."])
one("verify-contact", "security", "fraud", "如何核实一个号码是不是官方的", "在核实页面输入电话、邮箱或网址，离线判断是否为官方渠道。", "Check whether a contact is official", "Enter a phone number, email or website on the verification page to see if it is ours.",
    ["核实", "官方号码", "真假"], ["verify", "official number", "check contact"],
    ["打开「联系我们 › 核实联系方式」。", "粘贴号码、邮箱、网址或账号。", "页面会告诉你是否为官方渠道。"],
    ["Open Contact us › Check a contact.", "Paste the number, email, website or handle.", "The page tells you whether it is official."])

# Transfers and payments.
one("send-to-friend", "faq", "transfer", "如何给好友转账", "通过手机号、钱包 ID 或扫码给其他示例钱包用户转账，免手续费。", "Send money to a friend", "Send money to another Example Wallet user by phone number, wallet ID or QR code, with no fee.",
    ["转账", "好友", "内部转账"], ["send money", "transfer", "friend"],
    ["在首页点击「转账」。", "输入对方手机号或钱包 ID，或扫描对方收款码。", "输入金额并用支付密码确认。"],
    ["Tap Send on the home screen.", "Enter their phone number or wallet ID, or scan their QR code.", "Enter the amount and confirm with your payment password."])
one("receive-money", "faq", "transfer", "如何收款", "出示收款码或分享钱包 ID 收款。", "How to receive money", "Show your QR code or share your wallet ID to get paid.",
    ["收款", "收款码"], ["receive", "QR code"],
    ["点击首页「收款」。", "出示收款码，或复制钱包 ID 发给对方。", "收款成功后会收到通知。"],
    ["Tap Receive on the home screen.", "Show your QR code or copy your wallet ID.", "You get a notification when it arrives."])
one("cancel-transfer", "faq", "transfer", "转账能撤回吗", "已完成的转账无法撤回；对方未领取的转账 24 小时后自动退回。", "Can I cancel a transfer", "A completed transfer cannot be cancelled; an unclaimed one comes back after 24 hours.",
    ["撤回", "取消转账", "退回"], ["cancel transfer", "undo", "reverse"],
    ["内部转账到账后无法撤回，只能联系对方退还。", "对方未注册时，转账 24 小时未领取会自动退回。", "链上转账一旦广播无法撤回。"],
    ["An internal transfer cannot be undone once received; ask the recipient to send it back.", "If the recipient has no account, an unclaimed transfer returns after 24 hours.", "An on-chain transfer cannot be cancelled once broadcast."], shape="notes")
one("wrong-address", "faq", "transfer", "转账转错地址了怎么办", "填错地址或转给了错误的人时能做什么。", "Sent to the wrong address", "What you can do after sending to a wrong address or person.",
    ["转错", "地址错误", "找回"], ["wrong address", "sent by mistake"],
    ["转给了其他示例钱包用户：联系客服协助联系对方。", "转到了外部地址：链上转账无法撤回，只能联系收款方。", "转到了不存在的地址：资产通常无法找回。"],
    ["To another Example Wallet user: support can help contact them.", "To an external address: it cannot be reversed; contact the receiver.", "To an address nobody owns: the assets usually cannot be recovered."], shape="notes")
one("transfer-note", "faq", "transfer", "转账备注怎么填", "转账时可以添加备注，方便双方对账。", "Add a note to a transfer", "Add a note to a transfer so both sides know what it was for.",
    ["备注", "转账"], ["note", "memo", "transfer"],
    ["在转账金额下方点击「添加备注」。", "备注最多 50 个字。", "备注会显示在双方的交易记录中。"],
    ["Tap Add note under the amount.", "Up to 50 characters.", "The note shows in both histories."])
one("batch-transfer", "faq", "transfer", "批量转账", "上传模板一次给多人转账，适合发工资和报销。", "Batch transfers", "Pay many people at once from a template, for payroll or expenses.",
    ["批量转账", "模板"], ["batch transfer", "bulk payment", "template"],
    ["在「转账 › 批量转账」下载模板。", "填写收款人和金额后上传。", "核对汇总后一次确认。"],
    ["Download the template under Transfer › Batch.", "Fill in recipients and amounts and upload it.", "Check the summary and confirm once."])
one("address-book", "faq", "transfer", "地址簿的使用", "保存常用收款地址，避免每次复制粘贴出错。", "Using the address book", "Save addresses you use so you do not paste a wrong one.",
    ["地址簿", "常用地址"], ["address book", "saved addresses"],
    ["进入「我的 › 地址簿」，点击添加。", "选择币种和网络，粘贴地址并备注。", "提现时直接从地址簿选择。"],
    ["Go to Me › Address book and tap Add.", "Choose the asset and network, paste the address and label it.", "Pick it from the book when you withdraw."])
one("transaction-history", "faq", "transfer", "查询交易记录", "查看充值、提现、转账和消费记录，按币种和时间筛选。", "View your transaction history", "See deposits, withdrawals, transfers and payments, filtered by asset and date.",
    ["交易记录", "账单", "明细"], ["transaction history", "statement", "records"],
    ["点击「资产 › 交易记录」。", "用顶部筛选选择币种、类型和时间。", "点击一条记录查看详情和交易哈希。"],
    ["Tap Assets › History.", "Filter by asset, type and date at the top.", "Tap a record for details and its hash."])
one("export-statement", "faq", "transfer", "导出账单和交易记录", "把交易记录导出为 CSV 或 PDF 对账单。", "Export statements", "Export your history as CSV or a PDF statement.",
    ["导出", "账单", "对账单", "CSV"], ["export", "statement", "CSV"],
    ["在交易记录页面点击右上角「导出」。", "选择时间范围和格式。", "文件会发送到绑定邮箱。"],
    ["On the history screen tap Export.", "Choose the dates and the format.", "The file is sent to your email."])
one("refund-status", "faq", "transfer", "退款多久到账", "商户退款和失败交易退款的到账时间。", "When refunds arrive", "How long merchant refunds and failed-payment refunds take.",
    ["退款", "到账", "退回"], ["refund", "money back"],
    ["余额付款的退款：商户发起后即时到账。", "钱包卡消费的退款：3–7 个工作日。", "失败交易：款项自动退回，通常 10 分钟内。"],
    ["Paid from balance: instant once the merchant refunds.", "Paid by wallet card: 3–7 working days.", "Failed payments: returned automatically, usually within 10 minutes."], shape="notes")
one("swap", "faq", "transfer", "如何兑换币种", "在钱包内把一种资产兑换成另一种，例如 USDT 换 BTC。", "How to swap assets", "Swap one asset for another inside the wallet, for example USDT to BTC.",
    ["兑换", "闪兑", "换币"], ["swap", "convert", "exchange"],
    ["点击首页「兑换」。", "选择要卖出和买入的币种，输入数量。", "确认报价和滑点后提交。"],
    ["Tap Swap on the home screen.", "Choose what to sell and buy and enter the amount.", "Check the quote and slippage and submit."])
one("swap-failed", "faq", "transfer", "兑换失败或价格变化", "兑换时提示失败、报价过期或滑点过大。", "Swap failed or the price changed", "When a swap fails, the quote expires or slippage is too high.",
    ["兑换失败", "滑点", "报价"], ["swap failed", "slippage", "quote"],
    ["报价有效期 15 秒，过期后需要重新获取。", "市场波动大时滑点超过设置，交易会被取消。", "余额不足以支付数量和费用。"],
    ["A quote lasts 15 seconds; get a new one when it expires.", "In a fast market, slippage beyond your setting cancels the swap.", "The balance does not cover the amount and fees."], shape="causes")
one("exchange-rates", "faq", "fees", "汇率是怎么计算的", "法币兑换和卡片境外消费使用的汇率来源和更新频率。", "How exchange rates are set", "Where the rates for fiat conversion and card payments abroad come from, and how often they change.",
    ["汇率", "换汇"], ["exchange rate", "conversion"],
    ["汇率每分钟更新，来自多家报价的加权平均。", "兑换时显示的汇率已包含服务费。", "卡片境外消费按卡组织当日汇率结算。"],
    ["Rates update every minute from a weighted average of quotes.", "The rate shown for a conversion includes the service fee.", "Card payments abroad settle at the card network's daily rate."], shape="notes")
one("pay-merchant", "faq", "transfer", "扫码向商户付款", "在支持示例钱包的商户扫码付款。", "Pay a merchant by QR code", "Pay at a shop that accepts Example Wallet by scanning its code.",
    ["付款", "扫码付款", "商户"], ["pay", "scan to pay", "merchant"],
    ["点击首页「扫一扫」。", "扫描商户的收款码，输入金额。", "用支付密码或面容确认。"],
    ["Tap Scan on the home screen.", "Scan the merchant's code and enter the amount.", "Confirm with your payment password or Face ID."])
one("payment-code", "faq", "transfer", "出示付款码", "在门店出示付款码，由收银员扫描收款。", "Show your payment code", "Show your payment code at a till for the cashier to scan.",
    ["付款码", "付钱"], ["payment code", "pay in store"],
    ["点击首页「付款码」。", "把付款码给收银员扫描。", "付款码每分钟刷新，不要截图发给别人。"],
    ["Tap Pay code on the home screen.", "Let the cashier scan it.", "It refreshes every minute; never send a screenshot of it."])
one("recurring-payments", "faq", "transfer", "自动扣款和定期转账", "设置每月定期转账，或管理商户的自动扣款。", "Automatic payments and standing orders", "Set up monthly transfers or manage merchants' automatic payments.",
    ["自动扣款", "定期转账", "免密支付"], ["automatic payments", "recurring", "standing order"],
    ["进入「我的 › 自动扣款」查看已授权的商户。", "点击商户可以关闭自动扣款。", "在「转账 › 定期转账」设置每月转账。"],
    ["Go to Me › Automatic payments to see merchants.", "Tap one to turn it off.", "Set monthly transfers under Transfer › Scheduled."])
one("cross-border", "faq", "fiat", "跨境汇款", "把余额汇款到其他国家或地区的银行账户。", "Send money abroad", "Send your balance to a bank account in another country or region.",
    ["跨境汇款", "国际汇款", "境外"], ["international transfer", "send abroad", "remittance"],
    ["在「转账 › 跨境汇款」选择目的国家和币种。", "填写收款人姓名、银行和账号（IBAN 或 SWIFT）。", "确认汇率和手续费后提交，通常 1–3 个工作日到账。"],
    ["Choose the country and currency under Transfer › International.", "Enter the recipient's name, bank and account (IBAN or SWIFT).", "Check the rate and fee; it usually arrives in 1–3 working days."])

# Bank cards and fiat.
one("link-bank-card", "faq", "fiat", "如何绑定银行卡", "绑定本人银行卡后可以充值和提现。", "Link a bank card", "Link a bank card in your name to top up and withdraw.",
    ["银行卡", "绑卡", "绑定"], ["bank card", "link card", "add card"],
    ["进入「我的 › 银行卡 › 添加」。", "输入本人银行卡号和银行预留手机号。", "填写银行发送的验证码。"],
    ["Go to Me › Bank cards › Add.", "Enter the card number and the phone number your bank has on file.", "Enter the code your bank sends."])
one("unlink-bank-card", "faq", "fiat", "如何解绑银行卡", "不再使用的银行卡可以随时解绑。", "Remove a bank card", "Remove a bank card you no longer use at any time.",
    ["银行卡", "解绑", "删除"], ["bank card", "remove card", "unlink"],
    ["进入「我的 › 银行卡」。", "选择要解绑的卡，点击「解除绑定」。", "输入支付密码确认。"],
    ["Go to Me › Bank cards.", "Choose the card and tap Remove.", "Confirm with your payment password."])
one("bank-card-failed", "faq", "fiat", "银行卡充值失败", "用银行卡充值时提示失败或被拒绝的原因。", "Bank card top-up failed", "Why a top-up with a bank card fails or is declined.",
    ["银行卡", "充值失败", "被拒"], ["card top-up", "declined", "failed"],
    ["银行卡没有开通线上支付。", "超过银行的单笔或每日限额。", "银行预留手机号已更换。", "余额不足。"],
    ["Online payments are not enabled on the card.", "It exceeds the bank's per-payment or daily limit.", "The phone number at the bank has changed.", "Insufficient funds."], shape="causes")
one("bank-withdrawal-failed", "faq", "fiat", "提现到银行卡失败", "提现到银行卡被退回或显示失败时的处理。", "Withdrawal to a bank card failed", "What to do when a withdrawal to your bank card fails or comes back.",
    ["提现失败", "银行卡", "退回"], ["withdrawal failed", "bank card", "returned"],
    ["持卡人姓名与实名信息不一致。", "银行卡已注销或冻结。", "银行系统维护。"],
    ["The cardholder name does not match your verified name.", "The card is closed or frozen.", "The bank's system is under maintenance."], shape="causes")
one("bank-phone-changed", "faq", "fiat", "银行预留手机号变了怎么办", "银行预留手机号更换后需要重新绑定银行卡。", "Your bank's phone number changed", "Link the card again after the phone number at your bank changes.",
    ["预留手机号", "银行卡"], ["bank phone number", "card"],
    ["先解绑原银行卡。", "用新的预留手机号重新绑定。"], ["Remove the card.", "Link it again with the new number."])
one("credit-card-topup", "faq", "fiat", "可以用信用卡充值吗", "信用卡充值的支持情况和费用。", "Can I top up with a credit card", "Which credit cards can top up and what it costs.",
    ["信用卡", "充值"], ["credit card", "top up"],
    ["支持主流卡组织的信用卡。", "信用卡充值收取 2% 手续费。", "部分银行会把充值视为取现并收取利息。"],
    ["Credit cards of the major card networks are accepted.", "Credit card top-ups have a 2% fee.", "Some banks treat it as a cash advance and charge interest."], shape="notes")
one("topup-not-arrived", "faq", "fiat", "银行卡充值扣款了但余额没到", "银行已扣款但钱包余额没有增加。", "Charged by the bank but no balance", "The bank took the money but your wallet balance did not change.",
    ["充值", "扣款", "没到账"], ["top-up", "charged", "not credited"],
    ["银行处理有延迟，请等待 30 分钟。", "充值失败时款项会原路退回，1–7 个工作日。", "超过 7 个工作日请提供银行流水联系客服。"],
    ["Banks can be slow; wait 30 minutes.", "A failed top-up is refunded to the card in 1–7 working days.", "After 7 working days, contact support with your bank statement."], shape="notes")

# Fees.
one("fee-overview", "faq", "fees", "费用总览", "充值、提现、转账、兑换和钱包卡的全部收费项目。", "Fees at a glance", "Every fee: deposits, withdrawals, transfers, swaps and the wallet card.",
    ["手续费", "收费", "费用"], ["fees", "charges", "pricing"],
    ["数字资产充值免费，提现收取网络费。", "示例钱包用户之间转账免费。", "兑换收取 0.1% 服务费。", "钱包卡年费免费，境外消费收取 1% 货币转换费。"],
    ["Crypto deposits are free; withdrawals pay a network fee.", "Transfers between Example Wallet users are free.", "Swaps have a 0.1% fee.", "The card has no annual fee; payments abroad have a 1% conversion fee."], shape="notes")
one("network-fee", "faq", "fees", "什么是网络费（矿工费）", "提现时收取的网络费付给区块链网络，而不是示例钱包。", "What is the network fee (gas)", "The network fee on withdrawals goes to the blockchain network, not to Example Wallet.",
    ["网络费", "矿工费", "Gas"], ["network fee", "gas", "miner fee"],
    ["网络费随链上拥堵程度变化。", "不同网络的费用差别很大，TRC20 通常最低。", "提现页面会显示实时费用。"],
    ["Network fees rise and fall with congestion.", "Fees differ a lot between networks; TRC20 is usually cheapest.", "The withdrawal screen shows the current fee."], shape="notes")
one("fee-free-promo", "faq", "fees", "免手续费活动规则", "新用户首月提现免手续费活动的规则。", "Free withdrawal offer", "The rules of the first-month free withdrawal offer for new users.",
    ["免手续费", "活动", "新用户"], ["free withdrawals", "promotion", "new user"],
    ["注册 30 天内每月 3 次免网络费提现。", "仅限 USDT TRC20 网络。", "活动额度用完后恢复正常收费。"],
    ["3 free withdrawals a month in the first 30 days.", "USDT on TRC20 only.", "Normal fees apply afterwards."], shape="notes")

# App.
one("notifications", "faq", "app", "通知设置", "打开或关闭交易、安全和活动通知。", "Notification settings", "Turn transaction, security and promotion notifications on or off.",
    ["通知", "推送", "消息"], ["notifications", "push", "alerts"],
    ["进入「我的 › 设置 › 通知」。", "安全通知无法关闭。", "收不到推送时，检查手机系统的通知权限。"],
    ["Go to Me › Settings › Notifications.", "Security notifications cannot be turned off.", "No pushes? Check your phone's notification permission."])
one("change-language", "faq", "app", "切换 App 语言", "把 App 切换为中文、英文或其他语言。", "Change the app language", "Switch the app to Chinese, English or another language.",
    ["语言", "切换语言", "英文"], ["language", "change language", "Chinese"],
    ["进入「我的 › 设置 › 语言」。", "选择语言后 App 会重新加载。"], ["Go to Me › Settings › Language.", "The app reloads in the new language."])
one("dark-mode", "faq", "app", "深色模式", "开启深色模式或跟随系统设置。", "Dark mode", "Turn on dark mode or follow the system setting.",
    ["深色模式", "夜间模式", "主题"], ["dark mode", "night mode", "theme"],
    ["进入「我的 › 设置 › 外观」。", "选择浅色、深色或跟随系统。"], ["Go to Me › Settings › Appearance.", "Choose light, dark or system."])
one("clear-cache", "faq", "app", "如何清除缓存", "App 运行变慢或显示异常时清除缓存。", "Clear the cache", "Clear the cache when the app gets slow or shows things wrongly.",
    ["缓存", "清理", "卡顿"], ["cache", "clear", "slow"],
    ["进入「我的 › 设置 › 清除缓存」。", "清除缓存不会影响资产和账户。"], ["Go to Me › Settings › Clear cache.", "Your assets and account are not affected."])
one("app-slow", "faq", "app", "App 运行很慢或卡顿", "App 反应慢、加载时间长的常见原因。", "The app is slow", "Common reasons the app responds slowly or loads for a long time.",
    ["卡顿", "慢", "加载"], ["slow", "lag", "loading"],
    ["网络信号差。", "手机存储空间不足。", "App 缓存过多。", "后台运行的应用太多。"],
    ["Weak network signal.", "Too little storage.", "A large cache.", "Too many apps in the background."], shape="causes")
one("system-requirements", "faq", "app", "支持的手机系统版本", "各平台支持的最低系统版本。", "Supported system versions", "The minimum system version on each platform.",
    ["系统版本", "兼容", "手机型号"], ["system requirements", "compatibility"],
    ["iOS 15 及以上。", "Android 9 及以上。", "桌面版需要 64 位操作系统。"], ["iOS 15 or later.", "Android 9 or later.", "The desktop app needs a 64-bit system."], shape="notes")
one("network-error", "faq", "app", "提示网络异常或连接失败", "App 提示网络异常时的检查步骤。", "Network error or connection failed", "What to check when the app says there is a network error.",
    ["网络异常", "连接失败", "断网"], ["network error", "connection failed", "offline"],
    ["切换 Wi-Fi 和移动网络试试。", "关闭 VPN 或代理。", "检查是否给 App 开启了网络权限。"],
    ["Switch between Wi-Fi and mobile data.", "Turn off VPNs and proxies.", "Check the app has network permission."])
one("camera-permission", "faq", "app", "无法扫码（相机权限）", "扫一扫打不开相机时，开启相机权限。", "Can't scan (camera permission)", "When Scan cannot open the camera, allow camera access.",
    ["扫码", "相机", "权限"], ["scan", "camera", "permission"],
    ["在手机「设置 › 隐私 › 相机」中允许示例钱包使用相机。", "重新打开 App 后再扫码。"], ["Allow Example Wallet in your phone's Settings › Privacy › Camera.", "Open the app again and scan."])

# Rewards.
one("referral", "faq", "earn", "邀请好友奖励", "邀请好友注册并完成首笔交易，双方各得奖励。", "Invite friends and earn", "Invite a friend; when they sign up and make a first trade you both get a reward.",
    ["邀请", "推荐", "奖励", "返佣"], ["referral", "invite", "reward"],
    ["在「我的 › 邀请好友」复制邀请链接。", "好友注册时填写你的邀请码。", "好友完成首笔交易后，奖励在 7 天内发放。"],
    ["Copy your link under Me › Invite friends.", "Your friend enters your code when signing up.", "After their first trade, rewards arrive within 7 days."])
one("coupons", "faq", "earn", "优惠券的使用", "手续费抵扣券和理财加息券的使用方法。", "Using coupons", "How to use fee vouchers and earn rate boosts.",
    ["优惠券", "抵扣券", "加息券"], ["coupons", "vouchers", "rate boost"],
    ["在「我的 › 卡券」查看可用优惠券。", "提现时自动使用手续费抵扣券。", "加息券在购买理财时选择。"],
    ["See coupons under Me › Vouchers.", "Fee vouchers apply automatically on withdrawals.", "Choose a rate boost when you buy an earn product."])
one("points", "faq", "earn", "积分规则", "积分的获得方式和兑换。", "Points", "How you earn points and what you can exchange them for.",
    ["积分", "兑换"], ["points", "loyalty"],
    ["每次钱包卡消费获得积分。", "积分可以兑换手续费抵扣券。", "积分有效期 12 个月。"],
    ["Card payments earn points.", "Exchange points for fee vouchers.", "Points last 12 months."], shape="notes")
one("earn-taxes", "faq", "earn", "理财收益需要交税吗", "理财收益的税务说明和年度收益报表。", "Are earn rewards taxed", "Tax on earn rewards, and the yearly rewards report.",
    ["税", "收益报表"], ["tax", "rewards report"],
    ["税务规则因国家和地区而异，请咨询当地税务顾问。", "每年 1 月可以在 App 中下载上一年的收益报表。"],
    ["Tax rules depend on where you live; ask a local tax adviser.", "Each January you can download last year's rewards report in the app."], shape="notes")

# Official support.
one("contact-us", "contact", "support", "联系我们", "示例钱包的全部官方联系方式和服务时间。", "Contact us", "Every official Example Wallet contact channel and its hours.",
    ["客服", "联系方式", "客服热线", "在线客服", "客服邮箱"], ["support", "contact", "hotline", "live chat", "email"],
    ["App 内在线客服：「我的 › 帮助与客服」，24 小时。", "客服热线 +1 202 555 0100，每天 09:00–21:00（UTC+8）。", "挂失与冻结专线 +1 202 555 0123，24 小时。", "客服邮箱 support@example.com，1 个工作日内回复。"],
    ["In-app chat: Me › Help and support, 24/7.", "Support hotline +1 202 555 0100, daily 09:00–21:00 (UTC+8).", "Lost phone and freeze line +1 202 555 0123, 24/7.", "Support email support@example.com, reply within 1 working day."], shape="notes", promoted=True)
one("live-chat", "contact", "support", "如何使用在线客服", "在 App 内和人工客服聊天，上传截图。", "Using in-app chat", "Chat with a support agent in the app and send screenshots.",
    ["在线客服", "人工客服", "聊天"], ["live chat", "chat with an agent"],
    ["进入「我的 › 帮助与客服」，点击「在线客服」。", "先描述问题，机器人无法解决时输入「转人工」。", "聊天记录保存在 App 中，方便后续跟进。"],
    ["Go to Me › Help and support › Chat.", "Describe the problem; type 'agent' if the bot cannot help.", "The conversation is kept in the app for follow-up."])
one("complaints", "contact", "support", "投诉与建议", "对服务不满意时如何投诉，以及处理时间。", "Complaints and feedback", "How to complain about our service and how long it takes.",
    ["投诉", "建议", "反馈"], ["complaint", "feedback", "suggestion"],
    ["在「帮助与客服 › 投诉建议」提交。", "也可以发邮件到 support@example.com，标题注明「投诉」。", "我们会在 3 个工作日内回复。"],
    ["Submit under Help and support › Feedback.", "Or email support@example.com with 'Complaint' in the subject.", "We reply within 3 working days."])
one("support-hours", "contact", "support", "客服服务时间", "在线客服、热线和邮箱的服务时间。", "Support hours", "When in-app chat, the hotline and email answer.",
    ["服务时间", "客服", "工作时间"], ["support hours", "opening hours"],
    ["在线客服：24 小时。", "客服热线：每天 09:00–21:00（UTC+8）。", "挂失与冻结专线：24 小时。", "邮箱：1 个工作日内回复。"],
    ["In-app chat: 24/7.", "Hotline: daily 09:00–21:00 (UTC+8).", "Freeze line: 24/7.", "Email: reply within 1 working day."], shape="notes")
one("report-vulnerability", "contact", "support", "报告安全漏洞", "发现安全漏洞时如何负责任地报告。", "Report a security vulnerability", "How to report a security vulnerability responsibly.",
    ["漏洞", "安全报告"], ["vulnerability", "security report", "bug bounty"],
    ["发送详细说明到 security@example.com。", "请勿公开漏洞细节，我们会在 2 个工作日内确认。"],
    ["Email the details to security@example.com.", "Do not publish them; we confirm within 2 working days."])
one("report-lost-phone", "contact", "support", "手机丢失或被盗怎么办", "手机丢失后先冻结账户，再找回账户。", "Lost or stolen phone", "Freeze your account first when your phone is lost, then recover it.",
    ["手机丢失", "挂失", "被盗"], ["lost phone", "stolen phone"],
    ["拨打挂失与冻结专线 +1 202 555 0123 冻结账户。", "补办手机卡后在新手机上登录。", "重新绑定两步验证并检查登录设备。"],
    ["Call the freeze line +1 202 555 0123.", "Get a new SIM and sign in on the new phone.", "Set up two-step verification again and check your devices."])

# Merchant services.
one("merchant-signup", "faq", "merchant", "商户入驻申请", "企业如何申请成为示例钱包商户。", "Become a merchant", "How a business applies to accept Example Wallet.",
    ["商户", "入驻", "企业"], ["merchant", "business", "apply"],
    ["准备营业执照和法人证件。", "在商户中心提交申请。", "审核 3–5 个工作日。"],
    ["Prepare your business registration and the legal representative's ID.", "Apply in the merchant center.", "Review takes 3–5 working days."])
one("merchant-qr", "faq", "merchant", "商户收款码申请和使用", "申请商户收款码，顾客扫码付款。", "Merchant payment QR code", "Get a merchant QR code customers can scan to pay.",
    ["收款码", "商户"], ["merchant QR code", "accept payments"],
    ["在商户中心下载收款码。", "打印后放在收银台。", "每笔收款实时通知。"], ["Download the code in the merchant center.", "Print it for the till.", "Each payment is notified at once."])
one("merchant-settlement", "faq", "merchant", "商户结算周期", "商户收款的结算时间和费率。", "Merchant settlement", "When merchant payments settle and what they cost.",
    ["结算", "商户", "费率"], ["settlement", "merchant fees"],
    ["T+1 结算到商户余额。", "费率 0.6%。", "可以设置自动提现到对公账户。"], ["Settles to the merchant balance next day (T+1).", "The rate is 0.6%.", "Set automatic withdrawals to the business account."], shape="notes")
one("merchant-refund", "faq", "merchant", "商户如何给顾客退款", "在商户中心对订单发起全额或部分退款。", "Refund a customer", "Refund an order fully or in part from the merchant center.",
    ["退款", "商户", "订单"], ["refund", "merchant", "order"],
    ["在商户中心找到订单。", "点击「退款」，输入金额。", "退款原路返回顾客。"], ["Find the order in the merchant center.", "Tap Refund and enter the amount.", "The money returns the way it was paid."])
one("merchant-api", "faq", "merchant", "商户支付接口（API）", "开发者如何接入示例钱包支付接口。", "Merchant payment API", "How developers integrate the Example Wallet payment API.",
    ["API", "接口", "开发者"], ["API", "integration", "developers"],
    ["在商户中心创建 API 密钥。", "使用沙箱环境测试。", "上线前完成安全审核。"], ["Create an API key in the merchant center.", "Test in the sandbox.", "Pass the security review before going live."])

# Wallet card, both card types.
one("card-limits", "faq", "card", "钱包卡消费限额", "钱包卡的单笔、每日和每月消费限额。", "Wallet card spending limits", "Per-payment, daily and monthly limits of the wallet card.",
    ["钱包卡", "限额", "消费"], ["card limits", "spending limit"],
    ["单笔消费上限 5,000 美元等值。", "每日上限 10,000 美元等值。", "ATM 取现每日上限 1,000 美元等值。"], ["Up to 5,000 USD per payment.", "Up to 10,000 USD a day.", "ATM cash up to 1,000 USD a day."], shape="notes")
one("card-declined", "faq", "card", "钱包卡付款被拒绝", "刷卡或网购时提示付款失败、交易被拒的原因。", "Wallet card payment declined", "Why a card payment in a shop or online is declined.",
    ["钱包卡", "被拒", "付款失败", "刷卡"], ["card declined", "payment failed"],
    ["钱包余额不足。", "卡片已冻结或未激活。", "超过消费限额。", "商户所在地区不支持。", "网购时账单地址填写错误。"],
    ["Not enough wallet balance.", "The card is frozen or not activated.", "Over the spending limit.", "The merchant's region is not supported.", "A wrong billing address online."], shape="causes")
one("card-fees", "faq", "card", "钱包卡收费标准", "钱包卡的开卡费、年费、境外消费和 ATM 取现费用。", "Wallet card fees", "Issue, annual, foreign payment and ATM fees of the wallet card.",
    ["钱包卡", "费用", "年费", "取现"], ["card fees", "annual fee", "ATM fee"],
    ["虚拟卡免费，实体卡开卡费 10 美元。", "无年费。", "境外消费 1% 货币转换费。", "ATM 取现每笔 2 美元。"], ["Virtual card free; physical card 10 USD.", "No annual fee.", "1% conversion fee abroad.", "2 USD per ATM withdrawal."], shape="notes")
one("card-pin", "faq", "card", "修改钱包卡密码（PIN）", "修改或重置实体卡的 PIN 码。", "Change the card PIN", "Change or reset the physical card's PIN.",
    ["PIN", "卡密码", "钱包卡"], ["PIN", "card PIN"],
    ["在「卡片 › 设置 › 修改 PIN」。", "验证支付密码后输入新 PIN。", "忘记 PIN 时可以直接重置。"], ["Go to Cards › Settings › Change PIN.", "Confirm with your payment password and enter the new PIN.", "Forgot it? Reset it there."])
one("card-mobile-pay", "faq", "card", "把钱包卡添加到手机钱包", "把钱包卡加入手机自带的钱包，用手机感应付款。", "Add the card to your phone's wallet", "Add the wallet card to your phone's built-in wallet and pay by tapping your phone.",
    ["手机钱包", "NFC", "手机支付"], ["phone wallet", "NFC", "mobile pay"],
    ["在「卡片」页面点击「添加到手机钱包」。", "按提示完成验证。", "之后可以在支持非接触支付的商户使用手机付款。"], ["On the Cards screen tap Add to phone wallet.", "Complete the verification.", "Pay by phone wherever contactless works."])
one("card-atm", "faq", "card", "用钱包卡在 ATM 取现", "实体卡在 ATM 取现的方法、限额和费用。", "Withdraw cash at an ATM", "How to take cash from an ATM with the physical card, with limits and fees.",
    ["ATM", "取现", "取钱"], ["ATM", "cash withdrawal"],
    ["插入实体卡，输入 PIN。", "选择取现金额。", "每笔收取 2 美元，当地 ATM 可能另收费用。"], ["Insert the physical card and enter the PIN.", "Choose the amount.", "2 USD per withdrawal; the ATM may charge too."])
one("card-abroad", "faq", "card", "出国旅行时使用钱包卡", "在境外刷卡消费的注意事项和汇率。", "Using the card abroad", "What to know about paying abroad and the exchange rate.",
    ["境外消费", "出国", "旅行"], ["abroad", "travel", "foreign payments"],
    ["出发前确认卡片已激活。", "境外消费按卡组织汇率结算，另收 1% 转换费。", "选择以当地货币结算，避免动态货币转换。"], ["Activate the card before you travel.", "Payments abroad use the network rate plus a 1% fee.", "Pay in the local currency to avoid dynamic currency conversion."], shape="notes")

# Basics.
one("what-is-address", "faq", "crypto", "什么是钱包地址", "钱包地址是接收数字资产的一串字符，不同网络的地址不同。", "What is a wallet address", "A wallet address is the string that receives crypto; each network has its own.",
    ["地址", "钱包地址", "新手"], ["address", "wallet address", "beginner"],
    ["地址可以公开给别人，用于收款。", "同一个币种在不同网络上的地址不同。", "地址区分大小写，请复制粘贴，不要手抄。"], ["You can share your address to get paid.", "The same asset has a different address on each network.", "Addresses are case-sensitive; copy and paste them."], shape="notes")
one("what-is-memo", "faq", "crypto", "什么是 Memo / 标签", "部分币种充值时除了地址还需要填写 Memo（标签）。", "What is a memo or tag", "Some assets need a memo (tag) as well as the address to deposit.",
    ["Memo", "标签", "备注"], ["memo", "tag", "destination tag"],
    ["Memo 用来区分同一地址下的不同用户。", "漏填 Memo 的充值需要提交申诉找回。", "提现到交易所时请向交易所索取 Memo。"], ["The memo tells users of one address apart.", "A deposit without a memo needs an appeal to recover.", "When withdrawing to an exchange, ask it for the memo."], shape="notes")
one("what-is-txid", "faq", "crypto", "什么是交易哈希（TxID）", "交易哈希是链上转账的唯一编号，可以用来查询进度。", "What is a transaction hash (TxID)", "A transaction hash identifies an on-chain transfer and lets you track it.",
    ["TxID", "交易哈希", "区块浏览器"], ["TxID", "transaction hash", "block explorer"],
    ["在充提记录详情中点击复制交易哈希。", "在对应网络的区块浏览器中搜索。", "可以看到确认数和到账地址。"], ["Copy the hash from the record's details.", "Search it in that network's block explorer.", "You see the confirmations and the receiving address."])
one("confirmations", "faq", "crypto", "什么是区块确认", "区块确认数决定充值何时入账、提现何时完成。", "What are block confirmations", "Confirmations decide when a deposit is credited and a withdrawal done.",
    ["区块确认", "确认数"], ["confirmations", "blocks"],
    ["每产生一个新区块，确认数加一。", "不同网络要求的确认数不同。", "网络拥堵时确认变慢。"], ["Each new block adds a confirmation.", "Each network needs a different number.", "Congestion slows them down."], shape="notes")
one("stablecoins", "faq", "crypto", "什么是稳定币", "USDT、USDC 等稳定币与美元挂钩，价格相对稳定。", "What are stablecoins", "Stablecoins such as USDT and USDC track the US dollar, so their price stays steady.",
    ["稳定币", "USDT", "USDC"], ["stablecoin", "USDT", "USDC"],
    ["稳定币 1 枚约等于 1 美元。", "适合转账和作为交易的计价单位。", "不同发行方的稳定币风险不同。"], ["One stablecoin is about one US dollar.", "Useful for transfers and as a unit for trading.", "Issuers carry different risks."], shape="notes")
one("custodial-wallet", "faq", "crypto", "托管钱包和自托管钱包的区别", "示例钱包同时提供托管账户和自托管钱包，区别在于谁保管私钥。", "Custodial and self-custody wallets", "Example Wallet offers both; the difference is who keeps the private key.",
    ["托管", "自托管", "私钥"], ["custodial", "self-custody", "private key"],
    ["托管账户：私钥由示例钱包保管，忘记密码可以找回。", "自托管钱包：私钥和助记词只在你手中，丢失无法找回。"], ["Custodial: we keep the key and you can recover a forgotten password.", "Self-custody: only you hold the key and phrase; losing them loses the wallet."], shape="notes")
one("getting-started", "faq", "account", "新手入门：第一次使用示例钱包", "注册、认证、充值和转账的入门指南。", "Getting started", "A first guide: sign up, verify, deposit and send.",
    ["新手", "入门", "教程"], ["getting started", "beginner", "guide"],
    ["注册账户并设置登录密码。", "完成实名认证。", "开启两步验证。", "充值后就可以转账、兑换和消费。"], ["Sign up and set a login password.", "Verify your identity.", "Turn on two-step verification.", "Deposit, then send, swap and spend."], promoted=True)

# More transfers, security, app, support.
one("request-money", "faq", "transfer", "发起收款请求", "向好友发起收款请求，对方确认后付款。", "Request money", "Ask a friend to pay you; they pay once they accept.",
    ["收款请求", "要钱", "AA"], ["request money", "payment request"],
    ["在「收款 › 发起请求」中选择好友。", "填写金额和事由。", "对方在通知中确认付款。"], ["Under Receive › Request choose a friend.", "Enter the amount and what it is for.", "They confirm from the notification."])
one("split-bill", "faq", "transfer", "AA 分账", "和朋友平摊账单，自动计算每人金额。", "Split a bill", "Share a bill with friends; each share is worked out for you.",
    ["分账", "AA", "平摊"], ["split bill", "share costs"],
    ["在「转账 › 分账」中输入总金额。", "选择参与的好友。", "每人会收到收款请求。"], ["Enter the total under Transfer › Split.", "Choose the friends.", "Each gets a payment request."])
one("red-packet", "faq", "transfer", "发红包", "在节日给好友或群发送红包。", "Send a red packet", "Send festive red packets to friends or groups.",
    ["红包", "节日"], ["red packet", "gift"],
    ["点击「转账 › 红包」。", "选择普通红包或拼手气红包，输入金额和个数。", "24 小时未领取的红包自动退回。"], ["Tap Transfer › Red packet.", "Choose fixed or lucky, with amount and count.", "Unclaimed packets return after 24 hours."])
one("suspicious-login-email", "security", "fraud", "收到可疑的登录提醒邮件", "收到登录提醒但不是本人操作，或怀疑邮件本身是假的。", "A suspicious sign-in email", "A sign-in alert that was not you, or an alert email that may be fake.",
    ["登录提醒", "可疑邮件"], ["sign-in alert", "suspicious email"],
    ["检查邮件中是否有你设置的防钓鱼码。", "不要点击邮件里的链接，直接打开 App 查看。", "不是本人登录时立即冻结账户。"], ["Check the email shows your anti-phishing code.", "Do not click its links; open the app instead.", "If it was not you, freeze the account."])
one("login-abroad", "security", "security", "在国外无法登录", "出国旅行时登录被拦截，需要额外验证。", "Can't sign in while abroad", "Sign-ins from abroad are blocked until you verify.",
    ["国外", "出国", "登录异常"], ["abroad", "travel", "sign-in blocked"],
    ["系统检测到异地登录，会要求短信或邮箱验证。", "出国前开启国际漫游或设置邮箱验证。", "使用验证器 App 不受漫游影响。"], ["A sign-in from a new country asks for an SMS or email check.", "Turn on roaming or email checks before you travel.", "An authenticator app works without roaming."], shape="notes")
one("app-lock", "faq", "app", "应用锁", "打开 App 时需要验证面容、指纹或手势密码。", "App lock", "Require Face ID, fingerprint or a pattern to open the app.",
    ["应用锁", "手势密码"], ["app lock", "pattern lock"],
    ["进入「安全设置 › 应用锁」。", "选择面容、指纹或手势。", "设置自动锁定的时间。"], ["Go to Security settings › App lock.", "Choose Face ID, fingerprint or a pattern.", "Set when it locks."])
one("font-size", "faq", "app", "调整字体大小", "放大 App 中的文字，方便阅读。", "Change the text size", "Make the app's text larger for easier reading.",
    ["字体", "大字", "无障碍"], ["text size", "font", "accessibility"],
    ["App 跟随手机系统的字体大小设置。", "在手机「设置 › 显示 › 字体大小」中调整。"], ["The app follows your phone's text size.", "Change it in your phone's Settings › Display › Text size."])
one("screenshot-blocked", "faq", "app", "为什么有些页面不能截图", "为保护安全，助记词和私钥页面禁止截图。", "Why some screens block screenshots", "For safety, screenshots are blocked on recovery phrase and key screens.",
    ["截图", "黑屏"], ["screenshot", "black screen"],
    ["助记词、私钥和付款码页面禁止截图和录屏。", "这是为了防止恶意软件读取你的敏感信息。"], ["Recovery phrase, key and payment code screens block screenshots and recording.", "This stops malware from reading them."], shape="notes")
one("business-cooperation", "contact", "support", "商务合作", "媒体、商务合作和上币申请的联系方式。", "Business enquiries", "How to reach us for media, partnerships and token listings.",
    ["商务合作", "媒体", "上币"], ["business", "partnership", "media"],
    ["商务合作请发邮件到 support@example.com，标题注明「商务合作」。", "我们会在 5 个工作日内回复。"], ["Email support@example.com with 'Business' in the subject.", "We reply within 5 working days."])
one("account-appeal", "contact", "support", "账户申诉", "账户被限制或认为处理有误时提交申诉。", "Appeal a decision on your account", "Appeal when your account is restricted or you think we got it wrong.",
    ["申诉", "限制", "风控"], ["appeal", "restricted", "risk control"],
    ["在「帮助与客服 › 申诉」中提交。", "说明情况并上传证明材料。", "申诉 3–5 个工作日内处理。"], ["Submit under Help and support › Appeal.", "Explain and upload evidence.", "Appeals are handled in 3–5 working days."])
one("auto-invest", "faq", "earn", "定投计划", "每周或每月自动买入指定数字资产。", "Recurring buys", "Buy an asset automatically every week or month.",
    ["定投", "自动买入"], ["recurring buy", "auto-invest", "DCA"],
    ["在「理财 › 定投」中选择币种。", "设置金额和周期。", "余额不足时本期自动跳过。"], ["Choose the asset under Earn › Recurring buy.", "Set the amount and how often.", "A period is skipped when the balance is too low."])
one("inheritance", "faq", "account", "账户持有人去世后资产如何处理", "家属申请继承账户资产需要的材料和流程。", "When an account holder dies", "What family members need to claim the assets of an account.",
    ["继承", "去世", "家属"], ["inheritance", "deceased", "family"],
    ["准备死亡证明、继承关系证明和继承人证件。", "发送到 support@example.com。", "审核通过后资产转到继承人账户。"], ["Prepare the death certificate, proof of inheritance and the heir's ID.", "Send them to support@example.com.", "Once approved, the assets move to the heir's account."])
one("login-history", "security", "security", "查看登录记录", "查看最近 90 天的登录时间、地点和设备。", "View sign-in history", "See the time, place and device of each sign-in in the last 90 days.",
    ["登录记录", "登录历史"], ["sign-in history", "login history"],
    ["进入「安全中心 › 登录记录」。", "发现不认识的记录时立即修改密码。"], ["Go to Security center › Sign-in history.", "If you do not recognise one, change your password."])
one("change-region", "faq", "account", "修改国家或地区", "搬到其他国家后修改账户所在地区。", "Change your country or region", "Change your account's country after you move.",
    ["国家", "地区", "搬家"], ["country", "region", "move abroad"],
    ["地区与实名认证绑定，需要重新提交高级认证。", "新地区支持的功能可能不同。"], ["The region is tied to your verification; submit advanced verification again.", "Features may differ in the new region."], shape="notes")
one("business-account", "faq", "merchant", "企业账户", "企业开设示例钱包账户的条件和材料。", "Business accounts", "What a company needs to open an Example Wallet account.",
    ["企业账户", "公司"], ["business account", "company"],
    ["准备营业执照、公司章程和受益人信息。", "在官网提交企业开户申请。", "审核 5–7 个工作日。"], ["Prepare the registration certificate, articles and beneficial owner details.", "Apply on the website.", "Review takes 5–7 working days."])
one("merchant-chargeback", "faq", "merchant", "顾客拒付（退单）怎么处理", "顾客向发卡行申请拒付时商户需要提交的材料。", "Handling chargebacks", "What a merchant sends when a customer disputes a card payment.",
    ["拒付", "退单", "争议"], ["chargeback", "dispute"],
    ["在 7 天内上传订单和发货证明。", "处理结果以卡组织裁决为准。"], ["Upload the order and proof of delivery within 7 days.", "The card network decides."])
one("merchant-invoice", "faq", "merchant", "商户如何开具发票", "为顾客的订单开具电子发票。", "Issue invoices", "Issue electronic invoices for customers' orders.",
    ["发票", "电子发票"], ["invoice", "e-invoice"],
    ["在商户中心打开订单详情。", "点击「开具发票」并填写抬头。", "发票会发送到顾客邮箱。"], ["Open the order in the merchant center.", "Tap Issue invoice and enter the billing name.", "It is emailed to the customer."])
one("salary-deposit", "faq", "fiat", "用钱包收工资", "把工资直接发到钱包的美元或欧元账户。", "Get your salary paid into the wallet", "Have your salary paid into your wallet's US dollar or euro account.",
    ["工资", "收款账户"], ["salary", "payroll", "account details"],
    ["在「资产 › 法币 › 账户信息」中复制收款账户。", "把账户信息提供给雇主。"], ["Copy your account details under Assets › Fiat › Account details.", "Give them to your employer."])
one("fiat-balance-interest", "faq", "fiat", "法币余额有利息吗", "法币余额不计利息，可以转入活期理财。", "Does the fiat balance earn interest", "The fiat balance earns no interest; move it to flexible savings to earn.",
    ["利息", "余额"], ["interest", "balance"],
    ["法币余额不计息。", "可以转入活期理财获得收益。"], ["No interest on the fiat balance.", "Move it to flexible savings to earn."], shape="notes")
one("inactive-account", "faq", "account", "长期不用的账户会怎样", "长期未登录的账户会进入休眠状态。", "Inactive accounts", "Accounts that do not sign in for a long time become dormant.",
    ["休眠", "长期未登录"], ["dormant", "inactive"],
    ["12 个月未登录的账户进入休眠。", "登录并完成验证后即可恢复。", "休眠期间资产安全保存。"], ["After 12 months without signing in, an account goes dormant.", "Sign in and verify to reactivate it.", "Assets stay safe meanwhile."], shape="notes")
one("withdrawal-cancel", "faq", "crypto", "如何取消提现", "提现在审核中时可以取消，广播后无法取消。", "Cancel a withdrawal", "A withdrawal can be cancelled under review, not once it is broadcast.",
    ["取消提现", "撤销"], ["cancel withdrawal"],
    ["在「提现记录」中找到审核中的提现。", "点击「取消」，资产和手续费退回余额。"], ["Find the withdrawal under review in the history.", "Tap Cancel; the amount and fee return to your balance."])
one("deposit-to-contract", "faq", "crypto", "充值到了合约地址", "把资产转到合约地址或不支持的代币时的处理。", "Deposited to a contract address", "What happens when assets were sent to a contract address or as an unsupported token.",
    ["合约地址", "不支持的代币"], ["contract address", "unsupported token"],
    ["不支持的代币不会自动入账。", "可以提交找回申请，审核 7–14 个工作日。"], ["Unsupported tokens are not credited automatically.", "Submit a recovery request; review takes 7–14 working days."], shape="notes")
one("tax-report", "faq", "transfer", "年度交易报告", "下载用于报税的年度交易报告。", "Yearly transaction report", "Download a yearly transaction report for your taxes.",
    ["年度报告", "报税"], ["annual report", "tax report"],
    ["每年 1 月起可以下载上一年的报告。", "在「交易记录 › 年度报告」中选择年份。"], ["From each January, download last year's report.", "Choose the year under History › Yearly report."])
one("security-questions", "security", "security", "安全问题已停用", "安全问题（密保问题）已停用，请改用两步验证。", "Security questions are retired", "Security questions are no longer used; use two-step verification instead.",
    ["密保问题", "安全问题"], ["security questions"],
    ["旧的密保问题不再用于找回账户。", "请开启两步验证和登录提醒。"], ["Old security questions no longer recover accounts.", "Turn on two-step verification and sign-in alerts."], shape="notes")
one("fake-sms", "security", "fraud", "识别冒充官方的短信", "冒充示例钱包的短信通常带有链接，要求你登录或验证。", "Spot fake text messages", "Fake texts in our name usually carry a link asking you to sign in or verify.",
    ["短信诈骗", "假短信", "链接"], ["fake SMS", "smishing", "text message"],
    ["官方短信只包含验证码，不包含链接。", "不要点击短信中的链接。", "收到可疑短信请举报。"], ["Our texts only carry codes, never links.", "Do not tap links in texts.", "Report suspicious texts."], shape="notes")
one("airdrop-scam", "security", "fraud", "空投和领奖骗局", "「恭喜中奖」「免费空投」要求你授权或支付手续费的都是骗局。", "Airdrop and prize scams", "'You won' or 'free airdrop' offers that ask you to approve or pay a fee are scams.",
    ["空投", "中奖", "诈骗"], ["airdrop", "prize", "scam"],
    ["官方活动只在 App 内发布。", "领奖不需要支付任何费用。", "不要授权陌生合约。"], ["Our promotions are only in the app.", "A prize never needs a fee.", "Never approve unknown contracts."], shape="notes")
one("maintenance-2026-12", "faq", "notice", "2026 年 12 月年终系统维护公告", "12 月 28 日 00:00–04:00（UTC+8）暂停全部服务。", "Year-end maintenance, December 2026", "All services pause on 28 December, 00:00–04:00 (UTC+8).",
    ["公告"], ["notice"], ["维护期间无法登录、充值和提现。", "维护结束后自动恢复。"], ["You cannot sign in, deposit or withdraw during maintenance.", "Service resumes automatically."], shape="notes")
one("new-asset-listing", "faq", "notice", "新增币种上线公告", "新增 SOL、DOGE、LTC 充值和提现。", "New assets: SOL, DOGE and LTC", "SOL, DOGE and LTC deposits and withdrawals are now available.",
    ["公告", "上线"], ["notice", "listing"], ["即日起支持 SOL、DOGE、LTC 充值和提现。", "兑换功能同步上线。"], ["SOL, DOGE and LTC can be deposited and withdrawn from today.", "Swaps are available too."], shape="notes")
one("card-program-change", "faq", "notice", "钱包卡权益调整公告", "自 2026 年 12 月 1 日起，实体卡开卡费调整。", "Wallet card changes", "From 1 December 2026 the physical card issue fee changes.",
    ["公告", "钱包卡"], ["notice", "card"], ["实体卡开卡费由 15 美元调整为 10 美元。", "虚拟卡保持免费。"], ["The physical card fee goes from 15 USD to 10 USD.", "The virtual card stays free."], shape="notes")
one("earn-rate-change", "faq", "notice", "活期理财收益率调整公告", "活期理财的年化收益率自下月起调整。", "Flexible savings rate change", "The flexible savings rate changes from next month.",
    ["公告", "收益率"], ["notice", "rate"], ["USDT 活期年化收益率调整为 4%。", "已持有的定期产品不受影响。"], ["The USDT flexible rate becomes 4% a year.", "Fixed products you hold are not affected."], shape="notes")
one("app-sunset-old", "faq", "notice", "旧版本 App 停止服务公告", "2.0 以下版本将停止服务，请尽快更新。", "Old app versions stop working", "Versions below 2.0 stop working; update soon.",
    ["公告", "旧版本"], ["notice", "old version"], ["2.0 以下版本无法登录。", "请在应用商店更新。"], ["Versions below 2.0 cannot sign in.", "Update from your app store."], shape="notes")


# --------------------------------------------------------------------------
# Writing the site.
# --------------------------------------------------------------------------

LANGS = {"zh": "zh-CN", "en": "en"}
NOTE_POOL = {"fiat": "fiat", "transfer": "fiat", "crypto": "crypto", "fees": "crypto", "errors": "account",
             "account": "account", "verification": "account", "security": "security", "fraud": "security",
             "card": "card", "app": "app", "earn": "earn", "notice": "notice", "support": "security", "merchant": "fiat"}


def yaml_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(article, lang):
    rng = random.Random(f"{article.slug}/{lang}")
    head = HEAD[lang]
    out = ["---", f"title: {yaml_str(article.title[lang])}", f"summary: {yaml_str(article.summary[lang])}",
           f"category: {article.category}"]
    if article.tags[lang]:
        out.append("tags: [" + ", ".join(yaml_str(t) for t in article.tags[lang]) + "]")
    out.append("updated: 2026-11-20")
    if article.kind in ("contact", "security"):
        out.append("verified: 2026-11-20")
    if article.release:
        version, date = article.release
        out += [f"version: {version}", f"date: {date}"]
    if article.promoted:
        out.append("promoted: true")
    out += ["---", ""]
    out.append(article.summary[lang])
    out.append("")
    sections = []
    if article.causes:
        sections.append((head["causes"], "\n".join(f"- {c}" for c in article.causes[lang])))
    if article.steps:
        sections.append((head["steps"], "\n".join(f"{i}. {s}" for i, s in enumerate(article.steps[lang], 1))))
    if article.notes:
        sections.append((head["what"], "\n".join(f"- {c}" for c in article.notes[lang])))
    for zh_heading, en_heading, zh_text, en_text in article.extra or []:
        sections.append((zh_heading if lang == "zh" else en_heading, zh_text if lang == "zh" else en_text))
    for heading, text in sections:
        out += [f"## {heading}", "", text, ""]
    if article.kind != "release":
        pool = CATEGORY_NOTES[NOTE_POOL[article.category]][lang]
        notes = rng.sample(pool, min(2, len(pool))) + rng.sample(GENERIC[lang], 2)
        out += [f"## {head['notes']}", ""] + [f"- {n}" for n in notes] + [""]
        if article.kind != "contact":
            title, text = STILL[lang]
            out += [f"## {title}", "", text, ""]
    return "\n".join(out)


def book_toml():
    """The sample site's book.toml with this site's categories."""
    with open(os.path.join(REPO, "book.toml"), encoding="utf-8") as f:
        source = f.read()
    # Drop the sample's [categories] table; keep everything else.
    source = re.sub(r"\n\[categories\]\n(?:[^\[\n][^\n]*\n|\n)*", "\n", source)
    lines = ["", "[categories]"]
    for slug, zh, en in CATEGORIES:
        lines.append(f'{slug} = {{ zh-CN = "{zh}", en = "{en}" }}')
    return source.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--force", action="store_true", help="replace DIR if it exists")
    args = parser.parse_args()
    if os.path.exists(args.out):
        if not args.force:
            sys.exit(f"{args.out} exists (use --force to replace it)")
        shutil.rmtree(args.out)
    for article in ARTICLES:
        for short, code in LANGS.items():
            folder = os.path.join(args.out, "content", code, article.kind)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, article.slug + ".md"), "w", encoding="utf-8") as f:
                f.write(render(article, short))
    with open(os.path.join(args.out, "book.toml"), "w", encoding="utf-8") as f:
        f.write(book_toml())
    # The sample's own theme folders (its book.toml may name one).
    themes = os.path.join(REPO, "themes")
    for name in sorted(os.listdir(themes)):
        if name != "default" and os.path.isdir(os.path.join(themes, name)):
            shutil.copytree(os.path.join(themes, name), os.path.join(args.out, "themes", name))
    print(f"wrote {len(ARTICLES)} articles per language to {args.out}")


if __name__ == "__main__":
    main()
