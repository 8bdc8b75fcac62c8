#!/usr/bin/env python3
"""A realistic wallet help center for measuring `helpbook check` on real-world
content (stdlib only, deterministic).

    realistic_site.py --out DIR [--articles 500] [--seed 7] [--style new|old]

Writes DIR/book.toml and DIR/content/<lang>/<kind>/<slug>.md: half zh-CN,
half en, the way real help centers are written and exported:

- many outbound links (block explorers, exchanges, app stores, partner banks,
  news and regulators: about 60 fictional sites under reserved names such as
  `*.example.net`, `*.test`), about 900 in all;
- tables of fees and limits, code blocks (curl with IP addresses, JSON with
  GUIDs, hashes, hex dumps), order numbers, build numbers, versions, dates,
  amounts, coordinates in prose;
- the official numbers typed in the many spellings writers use, a partner
  bank's hotline, and warnings that quote reported scam numbers;
- dated announcements ("2025/05/18 维护公告").

`--style old` writes the book.toml a site had before third parties, scams
and `default_region` existed (registry and `allowed_domains` only), to
compare helpbook versions on the same articles. Every name, number and
address is invented; no real site's text is used.
"""

import argparse
import os
import random

EXPLORERS = ["explorer.example.net", "scan.chain-a.test", "blocks.chain-b.test", "tx.chain-c.test", "btc-explorer.test"]
EXCHANGES = ["exchange-a.test", "trade.exchange-b.test", "www.exchange-c.test", "otc.exchange-d.test"]
STORES = ["apps.store-a.test", "play.store-b.test", "appgallery.store-c.test", "store.store-d.test"]
BANKS = ["bank.example.net", "card.bank-b.test", "www.bank-c.test"]
NEWS = ["news.example.org", "blog.example.org", "media-a.test", "daily-b.test", "tech-c.test", "crypto-news.test"]
GOV = ["regulator.gov.test", "police-report.test", "consumer-help.test"]
DOCS = ["docs.example.org", "wiki.chain-a.test", "developer.chain-b.test", "status.example.org"]
OTHER = [f"partner-{i}.test" for i in range(1, 31)]
ALL_SITES = EXPLORERS + EXCHANGES + STORES + BANKS + NEWS + GOV + DOCS + OTHER

OFFICIAL_SPELLINGS = ["+1 202 555 0100", "+1 (202) 555-0100", "+1-202-555-0100", "+12025550100"]
FREEZE_SPELLINGS = ["+1 202 555 0123", "+1 202-555-0123"]
SCAMS = ["+86 400 555 0199", "400-555-0199"]

TOPICS_ZH = ["提现", "充值", "转账", "登录密码", "验证码", "手续费", "两步验证", "助记词", "账户冻结", "实名认证", "银行卡", "收款地址", "到账时间", "交易记录", "每日限额", "退款"]
TOPICS_EN = ["withdrawal", "top-up", "transfer", "sign-in password", "verification code", "fees", "two-step verification", "recovery phrase", "account freeze", "identity verification", "bank card", "receiving address", "arrival time", "transaction history", "daily limit", "refund"]


def link(r, text):
    site = r.choice(ALL_SITES)
    path = r.choice(["", "tx/0x" + "".join(r.choice("0123456789abcdef") for _ in range(16)), "help", "download", "news/2025/05", "en/guide", "zh/guide"])
    return f"[{text}](https://{site}/{path})"


def technical(r, zh):
    ip = ".".join(str(r.randint(1, 254)) for _ in range(4))
    guid = "-".join("".join(r.choice("0123456789abcdef") for _ in range(n)) for n in (8, 4, 4, 4, 12))
    order = r.randint(10**10, 10**11 - 1)
    amount = f"{r.randint(1, 99)},{r.randint(0, 999):03d}.{r.randint(0, 99):02d}"
    if zh:
        return r.choice([
            f"订单号 {order}，金额 ¥{amount}，请勿重复支付。",
            f"节点 {ip} 维护期间，交易可能延迟 {r.randint(5, 60)} 分钟。",
            f"版本 {r.randint(2, 6)}.{r.randint(0, 20)}.{r.randint(0, 9)}（build {r.randint(1000, 9999)}）修复了这个问题。",
            f"请求编号 {guid}，请把它提供给在线客服。",
            f"区块高度 {r.randint(10**7, 10**8)} 之后，手续费下调 {r.randint(1, 30)}%。",
            f"坐标 {r.uniform(20, 45):.4f}, {r.uniform(100, 125):.4f} 的网点营业时间为 09:00–18:00。",
        ])
    return r.choice([
        f"Order {order} for {amount} USDT was refunded; do not pay twice.",
        f"While node {ip} is under maintenance, transfers may take {r.randint(5, 60)} more minutes.",
        f"Version {r.randint(2, 6)}.{r.randint(0, 20)}.{r.randint(0, 9)} (build {r.randint(1000, 9999)}) fixes this.",
        f"Give request ID {guid} to live chat.",
        f"From block {r.randint(10**7, 10**8)}, the network fee drops by {r.randint(1, 30)}%.",
    ])


def table(r, zh):
    head = "| 方式 | 手续费 | 单笔限额 | 到账时间 |\n|---|---|---|---|\n" if zh else "| Method | Fee | Limit per transfer | Arrival |\n|---|---|---|---|\n"
    rows = "".join(f"| {r.choice(['银行卡', '数字资产', '境外账户'] if zh else ['Bank card', 'Crypto', 'International'])} | {r.randint(0, 5)}.{r.randint(0, 9)}% | {r.randint(1, 50)},000 | {r.randint(1, 72)} h |\n" for _ in range(r.randint(3, 6)))
    return head + rows


def code(r):
    ip = ".".join(str(r.randint(1, 254)) for _ in range(4))
    h = "".join(r.choice("0123456789abcdef") for _ in range(64))
    return r.choice([
        f"```sh\ncurl -H 'X-Request-Id: {r.randint(10**9, 10**10)}' https://{ip}:8443/v1/status\n```",
        f"```json\n{{\"txid\": \"0x{h}\", \"amount\": \"{r.randint(1, 999)}.{r.randint(0, 99999999):08d}\", \"fee\": 0.00021, \"height\": {r.randint(10**6, 10**7)}}}\n```",
        "```text\n" + " ".join(f"{r.randint(0, 255):02x}" for _ in range(16)) + "\n" + " ".join(f"{r.randint(0, 99):02d}" for _ in range(16)) + "\n```",
        f"```\n13800138000 is the test account's login; 2026-11-18 {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00 +0800\n```",
    ])


def body(r, zh, kind, topic, n_links):
    parts = []
    for section in range(r.randint(2, 4)):
        parts.append(f"## {topic}{'说明' if zh else ' details'} {section + 1}")
        sentences = []
        for _ in range(r.randint(3, 6)):
            if zh:
                sentences.append(r.choice([
                    f"{topic}一般会在提交后处理，遇到问题请先查看账单状态。",
                    f"如果{topic}失败，资金会原路退回，通常需要 1 到 3 个工作日。",
                    f"更多说明见{link(r, '相关公告')}。" if kind != "contact" and r.random() < 0.35 else f"{topic}的规则以 App 内显示为准。",
                    technical(r, True),
                ]))
            else:
                sentences.append(r.choice([
                    f"Your {topic} is usually processed soon after you submit it; check its status under Activity first.",
                    f"If a {topic} fails, the money goes back the way it came, usually within 1 to 3 business days.",
                    f"See {link(r, 'the announcement')}." if kind != "contact" and r.random() < 0.35 else f"The app always shows the current {topic} rules.",
                    technical(r, False),
                ]))
        parts.append(" ".join(sentences))
        if r.random() < 0.4:
            parts.append(table(r, zh))
        if r.random() < 0.3:
            parts.append(code(r))
    for _ in range(n_links):
        parts.append(("延伸阅读：" if zh else "Further reading: ") + link(r, "链接" if zh else "link"))
    if kind == "contact" or r.random() < 0.15:
        number = r.choice(OFFICIAL_SPELLINGS)
        parts.append(f"客服热线 {number}，挂失专线 {r.choice(FREEZE_SPELLINGS)}。" if zh else f"Call support on {number}, or the freeze line on {r.choice(FREEZE_SPELLINGS)}.")
    if r.random() < 0.08:
        parts.append("示例银行信用卡服务热线 +1 202 555 0142（银行的渠道）。" if zh else "Example Bank card service: +1 202 555 0142 (the bank's own line).")
    if r.random() < 0.06:
        parts.append(f"警惕冒充客服的号码 {r.choice(SCAMS)}，它不是我们。" if zh else f"Beware of calls from {r.choice(SCAMS)}: it is not us.")
    return "\n\n".join(parts)


BOOK_COMMON = '''title = "示例钱包帮助中心"
base_url = "https://help.example.com/"
default_language = "zh-CN"
languages = ["zh-CN", "en"]
{region}
[lang.en]
title = "Example Wallet Help Center"

[[contacts]]
channel = "phone"
value = "+1 202 555 0100"
label = "客服热线"

[[contacts]]
channel = "phone"
value = "+1 202 555 0123"
label = "挂失专线"

[[contacts]]
channel = "email"
value = "support@example.com"
label = "客服邮箱"

[[contacts]]
channel = "url"
value = "https://wallet.example.com"
label = "官网"
{lists}
[check]
allowed_domains = [{allowed}]
'''

NEW_LISTS = '''
[[third_parties]]
name = "示例银行"
contacts = ["+1 202 555 0142", "bank.example.net"]

[[scams]]
value = "+86 400 555 0199"
reported = 2026-10-02
description = "冒充客服"
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--style", choices=["new", "old"], default="new")
    args = ap.parse_args()
    r = random.Random(args.seed)
    links = 0
    for i in range(args.articles):
        zh = i % 2 == 0
        lang = "zh-CN" if zh else "en"
        if zh:  # the English article translates the Chinese one before it
            kind = r.choices(["faq", "security", "contact", "release"], [0.6, 0.2, 0.1, 0.1])[0]
            t = r.randrange(len(TOPICS_ZH))
        topic = TOPICS_ZH[t] if zh else TOPICS_EN[t]
        slug = f"{kind}-{i // 2:04d}"
        # Contact articles link to the official channels, not elsewhere.
        n_links = 0 if kind == "contact" else r.randint(0, 1)
        text = body(r, zh, kind, topic, n_links)
        links += text.count("](https://")
        front = [f"title: {topic}{'常见问题' if zh else ' questions'} {i // 2}", f"updated: 2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}"]
        if kind in ("contact", "security"):
            front.append("verified: 2026-11-01")
        if kind == "release":
            front.append(f"version: {2 + i // 200}.{(i // 2) % 100}.0")
            front.append("platforms: [android]")
            front.append(f"date: 2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}")
        path = os.path.join(args.out, "content", lang, kind, slug + ".md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("---\n" + "\n".join(front) + "\n---\n\n" + text + "\n")
    if args.style == "new":
        book = BOOK_COMMON.format(region='default_region = "CN"\n', lists=NEW_LISTS,
                                  allowed='"example.org", "explorer.example.net", "chain-a.test"')
    else:
        book = BOOK_COMMON.format(region="", lists="", allowed='"example.com"')
    with open(os.path.join(args.out, "book.toml"), "w", encoding="utf-8") as f:
        f.write(book)
    print(f"{args.articles} articles, {links} outbound links → {args.out}")


if __name__ == "__main__":
    main()
