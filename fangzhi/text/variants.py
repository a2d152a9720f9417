"""Variant characters (异体字) folded to their standard form (正字) for search.

OpenCC's ``t2s`` turns traditional characters into simplified ones, but it leaves most
variant forms alone: the old prints write 巻 for 卷, 竒 for 奇, 𩔖 for 類, 徳 for 德, 髙 for
高, and a reader searching 卷一 must still find 巻一. This table fills that gap. It is
applied after ``t2s``, and ``t2s`` is applied again to what it gives, so a pair may name
the standard form in either script (厯 → 歷 and 厯 → 历 fold the same).

Sources, and how the list was kept conservative:

- 《第一批异体字整理表》(1955) and the 规范字与繁体字、异体字对照表 appended to
  《通用规范汉字表》(2013): the eliminated variants that old texts still use;
- the Japanese shinjitai forms that Qing and Ming prints share (徳, 歳, 巻, 従 …), taken
  only where the form has no other reading in Chinese;
- the taboo forms with a missing stroke (缺笔避讳) of the Qing: 𤣥 for 玄 (康熙 玄烨),
  𢎞 for 弘 (乾隆 弘历);
- every candidate was checked against ``../shared/corpus/`` (the Siku texts): the
  characters that are left outside GB 2312 after ``t2s``, by frequency.

A wrong fold makes a wrong hit, so a character that is a standard character in its own
right is left out even where old prints use it as a variant: 着/著, 祐, 榖 (a tree, not
穀), 茍, 荅, 厓, 寔, 彊, 濬, 喆, 甦, 陜 (xiá, not 陝), 寗, 郤, 卲, 俛, 扺, 冡 … The office
can add its own pairs with ``fangzhi.text.fold.register_variants``; the index must then
be rebuilt (``fangzhi reindex``).
"""

from __future__ import annotations

# One line per standard form: the standard character, then its variants. Grouped by
# where the pairs come from; within a group, roughly by frequency in the corpus.
_TABLE = """
德 徳 悳
高 髙
远 逺
会 㑹
历 厯 歴 暦
关 闗 関
隶 𨽻 隷
宝 寳 寶
奇 竒
阴 隂
纤 纎 繊
弘 𢎞
堤 隄
卫 衞
吴 呉
怀 懐
寿 夀
旨 㫖
参 叅 㕘
凤 鳯
增 増
蒙 䝉
略 畧
宁 寜 寕
曾 曽
户 戸
隐 隠
盖 葢
卷 巻
玄 𤣥
廉 亷 㢘
巡 廵
征 徴
熙 熈
乘 乗
剑 劒 劔 剣
宽 寛
岁 歳
寇 冦 宼 㓂
柳 栁 桞
往 徃
夔 䕫
邛 卭
敕 勅 敇
峨 峩
明 眀 朙
壤 壌
每 毎
惠 恵
黑 黒
护 䕶
勋 勲
厅 㕔 庁
策 䇿
宾 賔
皋 臯
场 塲
密 宻
并 竝 倂
步 歩
几 㡬
微 㣲
点 㸃
发 髪
边 邉 辺
晚 晩
辄 輙
久 乆
达 逹
阔 濶
柏 栢
舍 舎
缘 縁
默 黙
游 逰 㳺
亩 畆
冤 寃
疏 疎 䟽 踈
回 囘 廻 囬
侄 姪
邻 隣
庞 厐
卯 夘
昂 昻
从 従
陷 䧟
睹 覩
冰 氷
留 畱
幼 㓜
带 帯
听 聴 聼
于 扵
坏 壊
苏 蘓
番 畨
专 専
图 圗 図
遍 徧
丧 䘮
污 汚
劫 刼 刦 刧
仙 僊
捷 㨗
统 綂
谷 糓
戟 㦸
款 欵
收 収
类 𩔖
效 効
鼓 鼔 皷
藏 蔵
刊 刋
拔 㧞 抜
考 攷
冥 㝠
构 搆
滨 濵
乃 迺 廼
联 聨 聮 聫
虔 䖍
岸 㟁
谏 諌
厂 厰
概 槩
剿 勦
斗 鬬 鬭 闘
榜 牓
恤 䘏
验 騐 験
瓜 𤓰
铁 鐡 鉄 銕
颖 颕
荫 䕃
准 凖
雁 鴈
敛 歛
鳌 鼇
涉 渉
葬 塟
协 恊
尝 甞
雠 讐
赞 賛
击 撃
赖 頼
曹 曺
第 苐
檐 簷
笺 牋
蠹 蠧
仿 倣 髣
佛 髴 仏
寻 㝷
庶 庻
窗 窻 窓
岩 嵓 嵒
屏 屛
摇 揺
辈 軰
解 觧
冢 塜
欢 懽 歓
揭 掲
妆 粧
莽 莾
世 丗
插 挿 揷
养 飬
翱 翺
携 擕
羹 羮
断 㫁
庄 荘
凡 凢
搜 捜
觅 覔
鼠 䑕
颐 頥
薰 薫
误 悮
倏 倐
汇 彚
馈 餽
创 剏 剙
迥 逈
蕊 蘂 蕋
鳖 鼈
叫 呌
羌 羗
怪 恠
遁 遯
枪 鎗
宜 宐 冝
慎 愼
鹅 鵞
奖 奨
耽 躭
惭 慙
告 吿
瑰 瓌
散 㪚
面 靣
净 浄
刃 刄
圆 圎
锁 鎻 鏁
崎 﨑
冒 冐
乡 郷 鄊
歼 殱
憩 憇
婿 壻
愧 媿
俎 爼
浸 寖
橐 槖
迫 廹
凭 慿
毡 氊
峒 峝
清 淸
缠 纒
样 様
勖 朂 勗
彝 彛 彞 彜
青 靑
棋 碁
胁 脇
戏 戯
琅 瑯
兔 兎
釜 釡
村 邨
值 値
迪 廸
漱 潄
崖 崕
僭 僣
楠 柟
算 筭
备 偹
蟆 蟇
朵 朶
递 逓
富 冨
美 羙
霸 覇
克 尅
雄 䧺
暖 煖
徇 狥
萼 蕚
悦 恱
簪 簮
煮 煑
郁 鬰
仞 仭
耀 燿
楫 檝
阶 堦
眉 睂
梦 夣
胸 胷
樽 罇
矿 鑛
叠 疉 畳
稚 穉
期 朞
野 埜
涂 凃
蛇 虵
兜 兠
研 硏
羁 羇 覊
拿 拏
渴 渇
纠 紏
筇 笻
沿 㳂
祀 禩
塔 墖
潜 濳
趁 趂
签 籖
亡 亾
昏 昬
衽 袵
泯 冺
篡 簒
淫 滛
燮 爕
焰 熖 燄
稳 穏
览 覧
启 唘 啓
让 譲
斫 斵 斲
褒 襃
绵 緜
器 噐
果 菓
写 冩
蒂 蔕
窑 窰
炯 烱
涅 湼
蜂 蠭
卮 巵
博 愽
颠 顚
艳 艶
闹 閙
杂 襍 雑
啮 囓
鉴 鍳
剩 剰
纵 縦
箸 筯
健 徤
妒 妬
翻 飜
冀 兾
囊 嚢
帮 幇
攒 攅
猿 猨
滟 灔
渎 凟
曳 曵
虚 虗
澄 澂
炼 錬
燕 鷰
球 毬
睿 叡
规 䂓
廛 㕓
骘 隲
啖 噉
欻 歘
缵 纉
筱 筿
裤 袴
粗 麤
看 㸔
栗 㮚
浣 澣
戆 戅
亵 䙝
垂 埀
粳 秔
篪 箎
氓 甿
杯 桮 盃
眷 睠
溉 漑
总 縂 総
佩 珮
毗 毘
泰 㤗
帆 㠶
审 宷
撰 譔
扃 扄
帽 㡌
罔 㒺
颓 頺
瓒 瓉
珏 玨
鬣 鬛
台 䑓
逼 偪
涧 磵
扛 摃
炮 砲
照 炤
浙 淛
莅 涖
旆 斾
阒 閴
媲 嫓
咒 呪
麻 蔴
庵 菴
哲 悊
吃 喫
线 綫
床 牀
迹 蹟 跡
昵 暱
鞋 鞵
溯 泝 遡
溪 谿 渓
梁 樑
坛 罈
它 牠
呆 獃
粽 糉
席 蓆
焊 銲
衔 啣
弦 絃
痹 痺
唇 脣
吻 脗
喂 餵
捣 擣
拐 柺
和 咊
绝 絶
泪 涙
单 単
战 戦
广 広
转 転
传 伝
县 県
驿 駅
继 継
续 続
拜 拝
经 経
轻 軽
险 険
检 検
营 営
荣 栄
泽 沢
择 択
读 読
卖 売
齿 歯
亚 亜
恶 悪
压 圧
围 囲
价 価
觉 覚
乐 楽
劝 勧
观 観
气 気
归 帰
牺 犠
据 拠
举 挙
晓 暁
驱 駆
鸡 鶏
权 権
显 顕
严 厳
碎 砕
济 済
斋 斎
剂 剤
栈 桟
儿 児
实 実
释 釈
涩 渋
兽 獣
肃 粛
处 処
烧 焼
酿 醸
粹 粋
醉 酔
髓 髄
濑 瀬
齐 斉
摄 摂
钱 銭
巢 巣
层 層
骚 騒
脏 臓
对 対
泷 滝
弹 弾
迟 遅
铸 鋳
镇 鎮
稻 稲
绳 縄
贰 弐
恼 悩
脑 脳
废 廃
满 満
译 訳
药 薬
谣 謡
龙 竜
虏 虜
两 両
猎 猟
绿 緑
垒 塁
戾 戻
灵 霊
龄 齢
劳 労
录 録
龟 亀
"""


def _parse(table: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in table.split("\n"):
        chars = line.split()
        if not chars:
            continue
        standard, *variants = chars
        for variant in variants:
            pairs[variant] = standard
    return pairs


#: Variant → standard form. Read by ``fangzhi.text.fold``; extend it through
#: ``fold.register_variants`` so the folding tables are rebuilt.
BUILTIN_VARIANTS: dict[str, str] = _parse(_TABLE)
