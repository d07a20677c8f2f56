"""Privacy guard (个人隐私去标识化, LAW.md §6, Regulation Art. 15). Pure: no Django.

Before a catalogue item goes to review, its text and its attachments' text are scanned for
personal data; publication stays blocked until each finding is masked or justified (for
example disciplinary publicity, 惩戒公示, where the law requires the name to be shown).

Detected, each with a proposed masked form:

- resident ID numbers (居民身份证号码): 18 characters with the GB 11643 check character and a
  valid birth date, or 15 digits with a valid date (not when the words before call it a
  registration number or another code); the address code must start with a real province
  code; also grouped 6-8-4 as on forms;
- mobile numbers (手机号码): `1[3-9]` + 9 digits, grouped 3-4-4 or not, with an optional
  `+86` / `86` / `0086` prefix;
- landline numbers (固定电话): with an area code (`0759-2345678`, `(0759)2345678`,
  `0759 2345678`, `+86 20 8333 4567`, an extension after `-` or `转`), 7–8 digits right
  after a phone word (电话, 座机, 传真, Tel …), and further numbers listed after one
  (`0759-3181234、3181235`). An agency's own office phone is reported too: the reviewer
  justifies it, the guard does not guess whose number it is;
- bank card numbers (银行卡号): 16–19 digits, plain or in groups of four, with a card-issuer
  prefix and a valid Luhn digit;
- e-mail addresses (电子邮箱);
- personal names (姓名) only in context: a common surname (or a name in parts joined by a
  middle dot) right after a word such as 申请人, 联系人, 姓名 or 当事人 (both scripts) or any
  role on a form followed by a colon (受送达人：), ending where a name plausibly ends; and the
  cells of a table with a 姓名 column. Names already masked (张某, 李**) and a surname with a
  form of address (刘先生, 林生) are not reported.

Numbers never match inside a longer run of digits or letters, so contract numbers, unified
social credit codes and index numbers are left alone. The text is scanned after a
length-preserving fold of full-width digits, letters and signs, so offsets always point into
the original text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.accounts.orgcode import gb32100_check_char
from gongkai.core.idnumbers import birth_date, is_valid_15, is_valid_18

KIND_LABELS: dict[str, str] = {
    "id_number": "身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "name": "姓名",
}

# When two candidates overlap, the earlier kind in this order wins: an e-mail address whose
# local part is a phone number is an e-mail address; an 18-digit number that is a valid ID
# number is an ID number even if it also passes the Luhn check.
_PRIORITY = ("email", "id_number", "bank_card", "mobile", "landline", "name")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str
    masked: str
    label: str


# ---------------------------------------------------------------------------------------
# Folding: full-width forms to ASCII, one character for one, so offsets are kept.

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD_TABLE = str.maketrans(_FOLD)


def _fold(text: str) -> str:
    return text.translate(_FOLD_TABLE)


# ---------------------------------------------------------------------------------------
# Boundaries: a number must not continue a longer run of digits or letters. A few ASCII
# words may stand right before a phone number ("Tel13800138000").

_PHONE_WORDS = frozenset({"tel", "tele", "telephone", "phone", "mobile", "mob", "cell", "fax"})


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _free_before(text: str, start: int, words: frozenset[str] = frozenset()) -> bool:
    if start == 0 or not _ascii_alnum(text[start - 1]):
        return True
    if text[start - 1].isdigit():
        return False
    word_start = start
    while word_start > 0 and text[word_start - 1].isascii() and text[word_start - 1].isalpha():
        word_start -= 1
    if word_start > 0 and _ascii_alnum(text[word_start - 1]):
        return False
    return text[word_start:start].lower() in words


def _free_after(text: str, end: int) -> bool:
    return end >= len(text) or not _ascii_alnum(text[end])


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _digits(value: str) -> str:
    return "".join(char for char in _fold(value) if _is_digit(char))


# ---------------------------------------------------------------------------------------
# Resident ID numbers (GB 11643; the checksum lives in gongkai.core.idnumbers).

# First two digits of the address code: the provinces, autonomous regions, municipalities,
# Taiwan, Hong Kong and Macao (GB/T 2260).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)
_ID_CANDIDATE = re.compile(
    r"[0-9]{17}[0-9Xx]|[0-9]{15}"
    r"|[0-9]{6}(?P<sep>[ -])[0-9]{8}(?P=sep)[0-9]{3}[0-9Xx]"  # grouped 6-8-4 as on forms
)


def _is_id_number(value: str) -> bool:
    if value[:2] not in _PROVINCES:
        return False
    if len(value) == 18:
        born = birth_date(value)
        return is_valid_18(value) and born is not None and born.year >= 1900
    return is_valid_15(value)


def _looks_like_id(value: str) -> bool:
    """An 18-digit number shaped like an ID number (address code and birth date) whatever its
    check digit: never taken for a bank card."""
    born = birth_date(value)
    return value[:2] in _PROVINCES and born is not None and 1900 <= born.year <= 2099


# The old 15-digit business registration number (工商注册号) has the shape of a 15-digit ID
# number; when the words right before it name a registration or another code, it is not one.
_NOT_ID_WORDS = ("注册号", "註冊號", "编号", "編號", "执照", "執照", "代码", "代碼", "单号", "單號")


def _named_otherwise(text: str, start: int) -> bool:
    before = text[max(0, start - 10) : start]
    return "身份" not in before and any(word in before for word in _NOT_ID_WORDS)


def _scan_id_numbers(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _ID_CANDIDATE.finditer(text):
        start, end = match.span()
        if not (_free_before(text, start, frozenset({"id"})) and _free_after(text, end)):
            continue
        number = "".join(char for char in match.group() if char not in " -")
        if not _is_id_number(number):
            continue
        if len(number) == 15 and _named_otherwise(text, start):
            continue
        found.append(("id_number", start, end))
    return found


# ---------------------------------------------------------------------------------------
# Mobile numbers.

_MOBILE = re.compile(
    r"(?:(?:\+|00)?86(?:[- ]|\s?-\s?)?|\(\+?86\)\s?)?"  # +86 / 86 / 0086 / (+86)
    r"1[3-9][0-9](?P<sep>[- ]?)[0-9]{4}(?P=sep)[0-9]{4}"
)


def _scan_mobiles(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _MOBILE.finditer(text):
        start, end = match.span()
        if _free_before(text, start, _PHONE_WORDS) and _free_after(text, end):
            found.append(("mobile", start, end))
    return found


# ---------------------------------------------------------------------------------------
# Landline numbers. Area codes: 010 and 02x have three digits, the others four (03xx–09xx);
# local numbers have 7 or 8 digits and do not start with 0 or 1.

_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LOCAL = r"[2-9][0-9]{2,3}[- ]?[0-9]{4}"  # 7 or 8 digits, perhaps split before the last 4
_INTERNATIONAL = r"(?:\+|00)86[- ]?(?:10|2[0-9]|[3-9][0-9]{2})[- ]?"  # +86 20 8333 4567
_EXTENSION = r"(?:(?:-|转|轉)[0-9]{1,5})?"
_LANDLINE = re.compile(
    rf"(?:\({_AREA}\) ?|{_AREA}(?:-|—| )|{_INTERNATIONAL}){_LOCAL}(?![0-9]){_EXTENSION}",
)
_PHONE_CONTEXT = re.compile(
    r"(?:电话号码|電話號碼|电话|電話|座机|座機|固话|固話|联系方式|聯繫方式|聯系方式|传真|傳真"
    r"|(?<![a-z])tel|(?<![a-z])fax)\s{0,3}[.:]?\s{0,3}(?:为|為|是)?\s{0,3}"
    rf"(?P<number>(?:{_AREA}|\({_AREA}\))?{_LOCAL}(?![0-9]){_EXTENSION})",
    re.IGNORECASE,
)
_LANDLINE_MORE = re.compile(
    rf"[、/,或及和] ?(?P<number>(?:{_AREA}-?)?{_LOCAL}(?![0-9]){_EXTENSION})"
)
# A number followed by a counting word is a figure, not a phone number ("电话1428817次").
_COUNT_UNITS = frozenset("次件人个個元条條户戶万萬亿億%项項名位台臺")


def _scan_landlines(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _LANDLINE.finditer(text):
        start, end = match.span()
        if _free_before(text, start, _PHONE_WORDS) and _free_after(text, end):
            found.append(("landline", start, end))
    for match in _PHONE_CONTEXT.finditer(text):
        start, end = match.span("number")
        if _free_after(text, end) and (end >= len(text) or text[end] not in _COUNT_UNITS):
            found.append(("landline", start, end))
    # More numbers listed after one: 0759-3181234、3181235.
    for _, _, end in list(found):
        while (more := _LANDLINE_MORE.match(text, end)) is not None:
            start, end = more.span("number")
            if not _free_after(text, end) or (end < len(text) and text[end] in _COUNT_UNITS):
                break
            found.append(("landline", start, end))
    return found


# ---------------------------------------------------------------------------------------
# Bank card numbers.

_CARD = re.compile(
    r"[0-9]{16,19}"
    r"|[0-9]{4}(?P<sep>[- ])[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}(?:(?P=sep)[0-9]{1,3})?"
)
# Issuer prefixes seen on cards in China: UnionPay 62, Visa 4, Mastercard 51–55, JCB 35,
# American Express 37, domestic 60 and 9 (older debit cards such as 9558 / 9559).
_CARD_PREFIX = re.compile(r"62|60|4|5[1-5]|35|37|9")


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _is_credit_code(value: str) -> bool:
    """An all-digit unified social credit code (GB 32100) whose check character holds."""
    return len(value) == 18 and gb32100_check_char(value[:17]) == value[17]


def _scan_bank_cards(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _CARD.finditer(text):
        start, end = match.span()
        if not (_free_before(text, start) and _free_after(text, end)):
            continue
        digits = _digits(match.group())
        if not 16 <= len(digits) <= 19 or not _CARD_PREFIX.match(digits) or not luhn_ok(digits):
            continue
        if len(digits) == 18 and (_looks_like_id(digits) or _is_credit_code(digits)):
            continue
        found.append(("bank_card", start, end))
    return found


# ---------------------------------------------------------------------------------------
# E-mail addresses, including Chinese domain names (张三@示例.中国 is not matched: the local
# part must be ASCII).

# Matching starts from each "@" and looks at most 64 characters back and 255 forward, so a
# long run of letters or digits (an encoded blob in an attachment) costs linear time.
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_-])?\Z")
_EMAIL_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])"
    r"|(?:[\u4e00-\u9fffA-Za-z0-9-]{1,63}\.)+(?:中国|中國|公司|网络|網絡|政务|政務|公益)"
)


def _scan_emails(text: str) -> list[tuple[str, int, int]]:
    found = []
    for at in (match.start() for match in re.finditer("@", text)):
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1, min(len(text), at + 256))
        if local is None or domain is None:
            continue
        start = local.start()
        if start > 0 and (_ascii_alnum(text[start - 1]) or text[start - 1] in "._%+-"):
            continue
        found.append(("email", start, domain.end()))
    return found


# ---------------------------------------------------------------------------------------
# Personal names in context.

_NAME_CONTEXTS = (
    "申请人 申請人 被申请人 被申請人 联系人 聯繫人 聯系人 户主 戶主 当事人 當事人 法定代表人 "
    "负责人 負責人 经办人 經辦人 业主 業主 承租人 户名 戶名 收款人 委托人 委託人 代理人 "
    "被处罚人 被處罰人 违法行为人 違法行為人 被执行人 被執行人 举报人 舉報人 投诉人 投訴人 "
    "收件人 签收人 簽收人 领款人 領款人 持卡人 缴款人 繳款人 承办人 承辦人 审核人 審核人 "
    "复核人 複核人 覆核人 监护人 監護人 受托人 受託人 第三人 本人"
).split()
_NAME_CONTEXT = re.compile(
    # any role on a form, 受送达人： 审批人： 见证人：, when a colon follows
    r"(?:[\u4e00-\u9fff]{1,4}人[^\S\n]{0,4}[:：][^\S\n]{0,4}(?=\S))|"
    "(?:"
    + "|".join(sorted(_NAME_CONTEXTS, key=len, reverse=True))
    + r"|姓[^\S\n]{0,4}名)"
    # a form's signature line: 申请人（签名）：
    + r"(?:[(（](?:签名|签字|簽名|簽字|签章|簽章|盖章|蓋章)[)）])?"
    + r"[^\S\n]{0,4}(?:[:：][^\S\n]{0,4}|[为為是](?=[^\S\n]{0,4}\S))?[^\S\n]{0,4}"
)
_SINGLE_SURNAMES = frozenset(
    # The most common surnames (simplified), then their traditional forms. Left out on
    # purpose: 于 向 和 时 文 申 单 常 安 全, which begin too many ordinary words after
    # 申请人 / 负责人 ("申请人于…", "负责人向…").
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔汤赖易乔邢葛温庞洪康伍牛童施包祝左殷樊兰岳柴柳齐翟倪鲁梅盛耿关宁"
    "焦欧季邬华章甘俞聂褚霍凌蒙卓岑简符路游骆裴詹涂连颜辛成卞尚邝阮柯谷舒蓝商景车冉晏滕毕"
    "張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾鐘譚陸賈韋鄒閆閻龍賀顧龔萬錢嚴湯賴喬龐蘭齊魯"
    "聶華鄔駱塗連顏關寧歐簡藍鄺畢區"
)
_COMPOUND_SURNAMES = frozenset(
    "欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 慕容 司徒 夏侯 尉迟 尉遲 公孙 公孫 长孙 "
    "長孫 令狐 宇文 端木 澹台 澹臺 轩辕 軒轅 独孤 獨孤 南宫 南宮 西门 西門 呼延 申屠 万俟".split()
)
# Characters that never stand in a given name: function words, masks (某), place and
# organisation suffixes, counters.
_ENDS_NAME = frozenset(
    "的了们們这這那该該每之其者及或并並且被把等男女于於在住是系係因先称稱"
    "人员員数數年月日号號时時元件次个個份条條项項款第"
)
# Right after two or three characters, a place or organisation suffix (or 某, as in 黄山某公司)
# means the characters name a place or a body, not a person.
_PLACE_SUFFIXES = frozenset(
    "市县縣区區省镇鎮乡鄉村街路州盟旗局厅廳委办辦部处處科室站院校司厂廠店会會公社单單某"
)
_NOT_GIVEN = _ENDS_NAME | _PLACE_SUFFIXES
_ADDRESS_FORMS = frozenset("生工总總老姐哥叔姨伯婆嫂")
# What may follow a name: a non-Chinese character (punctuation, digit, space, end), one of
# these words, or a character of _ENDS_NAME.
_FOLLOW_WORDS = tuple(
    sorted(
        (
            "同志 先生 女士 小姐 老师 老師 师傅 師傅 主任 局长 局長 科长 科長 处长 處長 所长 所長 "
            "股长 股長 站长 站長 镇长 鎮長 乡长 鄉長 村长 村長 书记 書記 部长 部長 经理 經理 律师 "
            "律師 医生 醫生 副 本人 身份证 身份證 公民身份 性别 性別 民族 出生 年龄 年齡 "
            "电话 電話 手机 手機 联系 聯繫 聯系 现住 現住 户籍 戶籍 住址 家住 申请 申請 提出 提交 "
            "通过 通過 要求 请求 請求 反映 来电 來電 来信 來信 来访 來訪 邮寄 郵寄 签字 簽字 签名 "
            "簽名 不服 诉称 訴稱 认为 認為 表示 名下 持有 承租 购买 購買 所有 拒不 未经 未經 擅自 "
            "违反 違反 涉嫌 驾驶 駕駛 经营 經營 负责 負責 办理 辦理 领取 領取 收到 签收 簽收 委托 "
            "委託 代为 代為 就 以 向 对 對 和 与 與 同 自 从 從 经 經 由 也 都 亦 即 曾 仍 均 不 "
            "未 没 沒 有 已 将 將 为 為 为此 家 户 戶"
        ).split(),
        key=len,
        reverse=True,
    )
)
# Ordinary words that begin with a surname character and often follow a context word
# ("申请人任何费用", "负责人为成员", "当事人陈述", "姓名 金额").
_NOT_NAMES = tuple(
    (
        "任何 任务 任務 任免 任命 任职 任職 任期 任意 任用 成员 成員 成为 成為 成立 成绩 成績 "
        "成果 成本 方面 方便 方式 方可 方案 方法 方向 方能 高度 高效 高于 高於 高质量 高質量 "
        "金额 金額 金融 林业 林業 林地 林权 林權 关系 關係 关于 關於 关注 關注 关心 關心 马上 "
        "馬上 陈述 陳述 陈列 陳列 万元 萬元 谢谢 謝謝 何时 何時 何种 何種 何处 何處 何人 郑重 "
        "鄭重 许可 許可 曾经 曾經 董事 余额 餘額 杜绝 杜絕 程序 程度 陆续 陸續 范围 範圍 付款 "
        "付费 付費 严格 嚴格 严重 嚴重 严肃 嚴肅 严禁 嚴禁 施工 施行 包括 包含 周边 周邊 周期 "
        "周末 周年 洪水 洪涝 洪澇 温馨 溫馨 张贴 張貼 连续 連續 简称 簡稱 符合 齐全 齊全 章程 "
        "季度 易于 易於 凌晨 顾问 顧問 路段 夏季 游客 华侨 華僑 宁可 寧可 毛重 史料 江河 石油 "
        "田地 白天 黄金 黃金 龙头 龍頭 欧元 歐元 车辆 車輛 车牌 車牌 景区 景區 商户 商戶 商业 "
        "區域 區內 區政府 區委 區人民 "
        "商業 商品 舒适 舒適 尚未 柯式 谷物 毕业 畢業 甘肃 甘肅 宁夏 寧夏 江苏 江蘇 江西 龙江 "
        "高中 孙子 孙女 孫子 孫女 游戏 遊戲 包装 包裝 卓越 蓝色 藍色 齐心 齊心 车间 車間 冉冉 "
        "东方红 東方紅"
    ).split()
)


# Uyghur, Tibetan, Mongolian and foreign names are written in parts joined by a middle dot.
_NAME_DOTS = "·‧・•"
_DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·‧・•][\u4e00-\u9fff]{1,8}){1,3}")


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))


_FOLLOW = _alternation(_FOLLOW_WORDS)
_FOLLOW_LONG = _alternation(word for word in _FOLLOW_WORDS if len(word) > 1)
_NOT_NAME = _alternation(_NOT_NAMES)


def _follow_word_at(text: str, position: int) -> bool:
    return _FOLLOW.match(text, position) is not None


def _title_at(text: str, position: int) -> bool:
    return _FOLLOW_LONG.match(text, position) is not None


def _name_ends_at(text: str, end: int) -> bool:
    if end >= len(text) or not _is_han(text[end]):
        return True
    if _follow_word_at(text, end):  # before the suffixes: 委托, 办理
        return True
    return text[end] in _ENDS_NAME


def _surname_lengths(text: str, start: int) -> list[int]:
    lengths = []
    if text[start : start + 2] in _COMPOUND_SURNAMES:
        lengths.append(2)
    if text[start : start + 1] in _SINGLE_SURNAMES:
        lengths.append(1)
    return lengths


def _name_at(text: str, start: int) -> int | None:
    """End of a name starting at `start`: surname + one or two given characters, or a name in
    parts joined by a middle dot (阿依古丽·买买提), followed by something a name can be
    followed by; None when there is no such name."""
    dotted = _DOTTED_NAME.match(text, start)
    if dotted is not None and _name_ends_at(text, dotted.end()):
        return dotted.end()
    surname_lengths = _surname_lengths(text, start)
    if not surname_lengths or _NOT_NAME.match(text, start) is not None:
        return None
    for surname_length in surname_lengths:
        for given_length in (2, 1):
            end = start + surname_length + given_length
            given = text[start + surname_length : end]
            if len(given) < given_length or not all(
                _is_han(char) and char not in _NOT_GIVEN for char in given
            ):
                continue
            # 林生, 张工, 李总: a surname and a form of address, not a name.
            if given_length == 1 and given in _ADDRESS_FORMS:
                continue
            # "张三先生": 先生 follows 张三, 张三先 is not a name; "林小姐": no name at all.
            if given_length == 2 and (_follow_word_at(text, end - 1) or _title_at(text, end - 2)):
                continue
            if _name_ends_at(text, end):
                return end
    return None


def _scan_names(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _NAME_CONTEXT.finditer(text):
        start = match.end()
        end = _name_at(text, start) if start < len(text) else None
        # A list of names after one context word: 申请人张三、李四.
        while end is not None:
            found.append(("name", start, end))
            if end + 1 >= len(text) or text[end] not in "、和及与與":
                break
            start = end + 1
            end = _name_at(text, start)
    return found


# Names in the cells of a table whose header has a 姓名 column (低保 lists, registers):
# cells are separated by white space; the table runs while its lines have two cells or more.
_CELL = re.compile(r"[^\s|]+")


def _scan_table_names(text: str) -> list[tuple[str, int, int]]:
    found = []
    in_table = False
    offset = 0
    for line in text.splitlines(keepends=True):
        cells = [(match.start() + offset, match.end() + offset) for match in _CELL.finditer(line)]
        offset += len(line)
        if not in_table:
            headers = [index for index, (a, b) in enumerate(cells) if text[a:b].endswith("姓名")]
            in_table = len(cells) >= 3 and bool(headers)
            cells = cells[headers[0] + 1 :] if in_table else []
        elif len(cells) < 2:
            in_table = False
            continue
        for start, end in cells:
            if 2 <= end - start <= 4 and _name_at(text, start) == end:
                found.append(("name", start, end))
    return found


# ---------------------------------------------------------------------------------------
# Masking.

# An extension: after 转, or after a hyphen that follows a whole 7- or 8-digit number
# (0759-2345678-801; in 020-8333-4567 the hyphen only splits the number).
_LANDLINE_EXTENSION = re.compile(r"(?:转|轉)[0-9]{1,5}$|(?<=(?<![0-9])[0-9]{7})-[0-9]{1,5}$")
_LANDLINE_EXTENSION_8 = re.compile(r"(?<=(?<![0-9])[0-9]{8})-[0-9]{1,5}$")


def _mask_digit_positions(value: str, keep_first: int, keep_last: int) -> str:
    folded = _fold(value)
    positions = [index for index, char in enumerate(folded) if _is_digit(char)]
    hidden = set(positions[keep_first : len(positions) - keep_last])
    return "".join("*" if index in hidden else char for index, char in enumerate(value))


def _mask_id_number(value: str) -> str:
    # First 6 (address code) and last 4 kept; separators of a grouped number stay.
    folded = _fold(value)
    positions = [index for index, char in enumerate(folded) if _is_digit(char) or char in "Xx"]
    hidden = set(positions[6:-4])
    return "".join("*" if index in hidden else char for index, char in enumerate(value))


def _mask_mobile(value: str) -> str:
    # The national number is the last 11 digits; keep its first 3 and last 4.
    folded = _fold(value)
    positions = [index for index, char in enumerate(folded) if _is_digit(char)][-11:]
    hidden = set(positions[3:7])
    return "".join("*" if index in hidden else char for index, char in enumerate(value))


def _mask_landline(value: str) -> str:
    # The last 4 digits of the number are hidden; area code and extension stay.
    folded = _fold(value)
    extension = _LANDLINE_EXTENSION.search(folded) or _LANDLINE_EXTENSION_8.search(folded)
    number_end = extension.start() if extension else len(folded)
    positions = [index for index in range(number_end) if _is_digit(folded[index])]
    if len(positions) < 7:
        raise ValueError(f"not a landline number: {value!r}")
    hidden = set(positions[-4:])
    return "".join("*" if index in hidden else char for index, char in enumerate(value))


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def _mask_name(value: str) -> str:
    if any(dot in value for dot in _NAME_DOTS):
        # No surname to keep: the first character stays, so does each dot.
        return value[0] + "".join(char if char in _NAME_DOTS else "*" for char in value[1:])
    surname = 2 if value[:2] in _COMPOUND_SURNAMES and len(value) > 2 else 1
    return value[:surname] + "*" * (len(value) - surname)


def mask_value(kind: str, value: str) -> str:
    """The masked form of one value of a kind: the part that identifies is starred, the
    part that helps a reader (surname, area code, card issuer) is kept."""
    if kind == "id_number":
        return _mask_id_number(value)
    if kind == "mobile":
        return _mask_mobile(value)
    if kind == "landline":
        return _mask_landline(value)
    if kind == "bank_card":
        return _mask_digit_positions(value, 6, 4)
    if kind == "email":
        return _mask_email(value)
    if kind == "name":
        return _mask_name(value)
    raise ValueError(f"unknown kind: {kind!r}")


# ---------------------------------------------------------------------------------------
# Public entry points.

_SCANNERS = (
    _scan_emails,
    _scan_id_numbers,
    _scan_bank_cards,
    _scan_mobiles,
    _scan_landlines,
    _scan_names,
    _scan_table_names,
)


def scan(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, sorted by start, never overlapping; where two
    candidates overlap the more specific kind wins (see _PRIORITY), then the longer one."""
    folded = _fold(text)
    candidates = {span for scanner in _SCANNERS for span in scanner(folded)}
    ordered = sorted(
        candidates, key=lambda span: (_PRIORITY.index(span[0]), span[1] - span[2], span[1])
    )
    # Accepted spans never overlap, so a neighbour on each side is all there is to check.
    starts: list[int] = []
    ends: list[int] = []
    taken: list[tuple[str, int, int]] = []
    for kind, start, end in ordered:
        index = bisect.bisect_right(starts, start)
        if (index and ends[index - 1] > start) or (index < len(starts) and starts[index] < end):
            continue
        starts.insert(index, start)
        ends.insert(index, end)
        taken.append((kind, start, end))
    return [
        Finding(
            kind=kind,
            start=start,
            end=end,
            text=text[start:end],
            masked=mask_value(kind, text[start:end]),
            label=KIND_LABELS[kind],
        )
        for kind, start, end in sorted(taken, key=lambda span: span[1])
    ]


def mask(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each finding replaced by its masked form. Findings must come from this
    text (their text is checked) and must not overlap."""
    result = text
    previous_start = len(text) + 1
    for finding in sorted(findings, key=lambda item: item.start, reverse=True):
        if text[finding.start : finding.end] != finding.text:
            raise ValueError(f"finding does not match the text at {finding.start}: {finding!r}")
        if finding.end > previous_start:
            raise ValueError(f"findings overlap at {finding.start}")
        result = result[: finding.start] + finding.masked + result[finding.end :]
        previous_start = finding.start
    return result
