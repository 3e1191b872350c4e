#!/usr/bin/env python3
"""Deterministic benchmark corpus from the seeds.

Files of 5–50 KB, each a page: headlines and bylines taken from the seeds, paragraphs made by
recombining seed sentences, the digits of every number re-drawn, and about 1% of the Hanzi
swapped for others drawn from the seeds' character distribution (so the bigram vocabulary has
a long tail, as real text does). 量子计算机 and 我们的党建 never occur (the absent cases: the
second is made of common pairs; at 500 MB the swapped characters had made it three times).

usage: generate.py SEEDS_DIR OUT_DIR MEGABYTES
"""
import os, random, re, sys

def main():
    seeds, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(20261123 + mb)
    texts = [open(os.path.join(seeds, f), encoding="utf-8").read() for f in sorted(os.listdir(seeds)) if f.endswith(".txt")]
    lines = [l.strip() for t in texts for l in t.splitlines() if l.strip()]
    headings = [l for l in lines if 6 <= len(l) <= 40 and not re.search(r"[。,，;；]", l)]
    sentences = [s + "。" for l in lines for s in re.split(r"。", l) if len(s) > 8]
    bylines = ["本报讯(记者{} 通讯员{})", "□ 通讯员 {} {}", "本报讯(通讯员{})", "□ 特约记者 {}"]
    names = ["刘江林", "万佳", "余延平", "宋子怡", "李冬琴", "喻叶", "蒋海星", "车荣华", "余海艳", "黄思明", "张明金", "荆文静"]
    hanzi = [c for t in texts for c in t if "\u4e00" <= c <= "\u9fff"]
    os.makedirs(out, exist_ok=True)
    total, n = 0, 0
    target = mb * 1024 * 1024
    digits = re.compile(r"\d")
    while total < target:
        size = rng.randint(5 * 1024, 50 * 1024)
        parts = []
        while sum(len(p.encode()) for p in parts) < size:
            parts.append(rng.choice(headings))
            by = rng.choice(bylines)
            parts.append(by.format(*rng.sample(names, by.count("{}"))) if by.startswith("□") else
                         by.format(*rng.sample(names, by.count("{}"))) + "".join(rng.choice(sentences) for _ in range(2)))
            for _ in range(rng.randint(3, 12)):
                parts.append("".join(rng.choice(sentences) for _ in range(rng.randint(1, 6))))
            parts.append("")
        page = "\n\n".join(parts)
        page = digits.sub(lambda m: str(rng.randint(0, 9)), page)
        chars = list(page)
        for i in range(len(chars)):
            if "\u4e00" <= chars[i] <= "\u9fff" and rng.random() < 0.01:
                chars[i] = rng.choice(hanzi)
        page = "".join(chars).replace("量子计算机", "量子计算").replace("我们的党建", "我们党建")
        n += 1
        with open(os.path.join(out, "page-%06d.txt" % n), "w", encoding="utf-8") as f:
            f.write(page)
        total += len(page.encode())
    print("%s: %d files, %.1f MB" % (out, n, total / 1048576))

main()
