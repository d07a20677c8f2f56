"""Privacy guard (个人隐私去标识化, docs/law.md §6, Regulation Art. 15). Pure: no Django.

Before a catalogue item goes to review, its text and its attachments' text are scanned for
personal data; publication stays blocked until each finding is masked or justified (for
example disciplinary publicity, 惩戒公示, where the law requires the name to be shown).

Detected, each with a proposed masked form:

- resident ID numbers (居民身份证号码): 18 characters with the GB 11643 check character and a
  valid birth date, or 15 digits with a valid date (not when the words before call it a
  registration number or another code); the address code must start with a real province
  code; also grouped as on forms: 6-8-4, 6-4-4-4, and 6-6-3 for 15 digits;
- mobile numbers (手机号码): `1[3-9]` + 9 digits, grouped 3-4-4 by spaces, hyphens or dots
  (`139.1234.5678`) or not, with an optional `+86` / `86` / `0086` prefix; not the integer
  part of an amount (`13912345678.50元`, `合计13912345678元`);
- landline numbers (固定电话): with an area code (`0759-2345678`, `(0759)2345678`,
  `0759 2345678`, `+86 20 8333 4567`, `0759-2345 678`, an extension after `-` or `转`), 7–8
  digits right
  after a phone word (电话, 座机, 传真, Tel …), and further numbers listed after one
  (`0759-3181234、3181235`). An agency's own office phone is reported too: the reviewer
  justifies it, the guard does not guess whose number it is;
- bank card numbers (银行卡号): 16–19 digits, plain, in groups of four or with the 6-digit
  issuer number apart (`622848 0402564890018`), with a card-issuer prefix and a valid Luhn
  digit;
- e-mail addresses (电子邮箱);
- personal names (姓名), by their shape where a name stands. The shape: one of the ~500 most
  common surnames (both scripts; those that also begin ordinary words, 于 向 安 全 …, only
  with a delimiter after the name) and one or two given characters; parts joined by a middle
  dot or a full stop (阿依古丽·买买提, 库尔班江．吐尔逊); a Tibetan, Mongolian or Yi name written in
  the characters of its transliteration (次仁多吉, 乌兰图雅, 吉木阿呷). The place: after a role
  word (申请人, 联系人, 村民, 配偶 …), a label that names people and a colon (受送达人：,
  参会人员：, 学生：, 记录：, 签发：) or a role and spaces (受送达人 亓春生); after a title or
  before one (县长蒲建新在, 由局邝志明副局长分管); after a body at the start of a line
  (县人民医院：…); the 姓名 column of a table, whatever separates its cells; a line, or what
  follows a colon, that holds names only; right before words that follow only a person
  (，男， / （341621…） / 一家因病 / 反映 / 的父亲 / a phone number after spaces / a letter's
  salutation); and the names listed with any of these (、 和 , spaces). Names already masked
  (张某, 李**), a surname with a form of address (刘先生, 林生) and places (黄山市, 柳家湾)
  are not reported. An official named with a title is reported too: the reviewer justifies
  it.

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

_FOLD = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_FOLD["\u3000"] = " "  # ideographic space
_FOLDED = re.compile("[\uff01-\uff5e\u3000]")


def _fold_match(match: re.Match[str]) -> str:
    return _FOLD[match.group()]


def _fold(text: str) -> str:
    # A substitution touches only the full-width characters: faster than str.translate,
    # which looks up every character.
    return _FOLDED.sub(_fold_match, text)


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
    r"[0-9]{6}(?:"
    r"[0-9]{9}(?:[0-9]{2}[0-9Xx])?"  # 18 or 15 characters
    r"|(?P<sep>[ -])(?:"  # grouped as on forms:
    r"[0-9]{8}(?P=sep)[0-9]{3}[0-9Xx]"  # 6-8-4
    r"|[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{3}[0-9Xx]"  # 6-4-4-4
    r"|[0-9]{6}(?P=sep)[0-9]{3}))"  # 15 digits, 6-6-3
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
    r"(?=[+0-9(])"  # a quick first test: most characters begin no mobile number
    r"(?:(?:\+|00)?86(?:[- ]|\s?-\s?)?|\(\+?86\)\s?)?"  # +86 / 86 / 0086 / (+86)
    r"1[3-9][0-9](?P<sep>[- .]?)[0-9]{4}(?P=sep)[0-9]{4}"  # 138-0013-8000, 139.1234.5678
)
# A number followed by a counting word is a figure, not a phone number ("电话1428817次").
_COUNT_UNITS = frozenset("次件人个個元条條户戶万萬亿億%项項名位台臺")
# An 11-digit run can be the integer part of an amount: 13912345678.50元, 合计13912345678元.
_AMOUNT_BEFORE = re.compile(
    r"(?:合计|合計|共计|共計|总计|總計|收入|支出|金额|金額|余额|餘額|总额|總額|资金|資金|预算|預算"
    r"|投资|投資)[:\s]{0,2}\Z"
)


def _is_amount(text: str, start: int, end: int) -> bool:
    if end < len(text) and (
        text[end] in _COUNT_UNITS
        or (text[end] == "." and end + 1 < len(text) and _is_digit(text[end + 1]))
    ):
        return True
    return _AMOUNT_BEFORE.search(text, max(0, start - 6), start) is not None


def _scan_mobiles(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _MOBILE.finditer(text):
        start, end = match.span()
        if (
            _free_before(text, start, _PHONE_WORDS)
            and _free_after(text, end)
            and not _is_amount(text, start, end)
        ):
            found.append(("mobile", start, end))
    return found


# ---------------------------------------------------------------------------------------
# Landline numbers. Area codes: 010 and 02x have three digits, the others four (03xx–09xx);
# local numbers have 7 or 8 digits and do not start with 0 or 1.

_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
# 7 or 8 digits, perhaps split before the last 4; or 7 digits split 4-3 by a space.
_LOCAL = r"(?:[2-9][0-9]{2,3}[- ]?[0-9]{4}|[2-9][0-9]{3} [0-9]{3})"
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
    r"|[0-9]{6}[- ][0-9]{10,13}"  # the issuer's 6 digits apart: 622848 0402564890018
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
# Personal names.
#
# A name is known by its shape — a surname and one or two given characters; parts joined by
# a middle dot (阿依古丽·买买提); a Tibetan, Mongolian or Yi name written in the characters
# of its transliteration (次仁多吉, 乌兰图雅, 吉木阿呷) — standing where a name stands: after a
# role word (申请人, 受送达人：, 参会人员：), after a title (县长, 副局长), in the 姓名 column of
# a table, in a list that one of these begins, or right before words that only follow a
# person (，男， / （341602…） / 一家 / 反映 / 的父亲).

# Words (regular-expression pieces) after which a name stands.
_NAME_CONTEXTS = (
    "申请人 申請人 被申请人 被申請人 联系人 聯繫人 聯系人 户主 戶主 当事人 當事人 法定代表人 "
    "负责人 負責人 经办人 經辦人 业主 業主 承租人 户名 戶名 收款人 委托人 委託人 代理人 "
    "被处罚人 被處罰人 违法行为人 違法行為人 被执行人 被執行人 举报人 舉報人 投诉人 投訴人 "
    "收件人 签收人 簽收人 领款人 領款人 持卡人 缴款人 繳款人 承办人 承辦人 审核人 審核人 "
    "复核人 複核人 覆核人 监护人 監護人 受托人 受託人 第三人 本人 "
    # roles that name a private person, with or without a colon
    "控制人 受送达人 受送達人 被征收人 权利人 權利人 来电人 來電人 退款人 缴费人 繳費人 "
    "信访人 信訪人 诉求人 訴求人 村民 居民 学生 學生 "
    # kin: 其配偶阮秀英, 的父親溫志明 (女儿, but not the one in 妇女儿童)
    "配偶 父亲 父親 母亲 母親 丈夫 妻子 儿子 兒子 女儿(?<!妇女儿) 女兒(?<!婦女兒) 其子 其女 "
    "长子 長子 次子 长女 長女 次女 "
    # people named, listed, commended, appointed: 拟将…纳入, 授予…称号, 任命…为
    "拟将 擬將 授予 推荐 推薦 任命 免去 聘任 提名 尊敬的 "
    # people the text is about: 低保户黄德胜, 执法人员张三、李四
    "工作人员 工作人員 执法人员 執法人員 群众 群眾 低保户 低保戶 贫困户 貧困戶 困难户 困難戶 "
    "五保户 五保戶 特困户 特困戶 残疾人 殘疾人 老人 遗属 遺屬 司机 司機 驾驶员 駕駛員 驾驶人 "
    "駕駛人 民警 辅警 輔警 职工 職工 员工 員工 工人 农民 農民"
).split()
# (Any role on a form followed by a colon, 受送达人： 审批人： 见证人：, is read with the other
# labels, below. Every branch here begins with a fixed character, which lets the regular
# expression engine skip the characters that begin none.)
_NAME_CONTEXT = re.compile(
    "(?:"
    + "|".join(sorted(_NAME_CONTEXTS, key=len, reverse=True))
    + r"|姓[^\S\n]{0,4}名)"
    # a note in brackets: 申请人（签名）：, 法定代表人（负责人）：, 申请人（户主）：
    + r"(?:[(（][\u4e00-\u9fff]{1,6}[)）])?"
    + r"[^\S\n]{0,4}(?:[:：][^\S\n]{0,4}|[为為是](?=[^\S\n]{0,4}\S))?[^\S\n]{0,4}"
)
_SINGLE_SURNAMES = frozenset(
    # The most common surnames (simplified), then their traditional forms.
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔汤赖易乔邢葛温庞洪康伍牛童施包祝左殷樊兰岳柴柳齐翟倪鲁梅盛耿关宁"
    "焦欧季邬华章甘俞聂褚霍凌蒙卓岑简符路游骆裴詹涂连颜辛成卞尚邝阮柯谷舒蓝商景车冉晏滕毕"
    "張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾鐘譚陸賈韋鄒閆閻龍賀顧龔萬錢嚴湯賴喬龐蘭齊魯"
    "聶華鄔駱塗連顏關寧歐簡藍鄺畢區羅車溫"
    # The rest of the ~500 most common, and rarer ones met in local records, that seldom
    # begin an ordinary word.
    "靳庄翁蒲鲍喻祁饶牟艾穆缪麦芦娄窦戚卜瞿佟臧闵苟姬仇栾隋巫寇桑郎甄虞敖佘苑鞠荆冀郁胥"
    "栗鄢谌奚粟冼蔺仝郜阚屠禹漆卿狄晁芮扈阙浦戈邸雍辜裘亓邰赫杭逯茹嵇亢戎茅昝檀尧蒯禤訾禚"
    "鄂郗靖邴厍沃慕厉贝冒缑佴郦郏钮酆骞隗殳汲夔韶竺桓"
    "莊鮑饒繆麥蘆婁竇閔欒荊諶藺闞闕堯貝鈕騫酈厲"
)
_WORD_SURNAMES = frozenset(
    # Surnames that also begin many ordinary words ("申请人于…", "负责人向…", "姓名 单位"):
    # they make a name only when a delimiter follows it (委托代理人：向建华，), and with a
    # one-character given name only in a strong place (a 姓名 cell, a role and its colon).
    "于向和时文申单常安全应明来公支信由原国平海花强相初门云容敬普都师宣展元衣智幸富利干但"
    "居印战危银计宿鲜修况那阴位满闻盘劳楚燕南乐惠封官迟麻池荣沙宗席冷卫费党宫项司农阳解屈"
    "管苗米柏桂巴丰井祖豆朴盖练廉权区伊母乌阿羊薄鹿伏哈於呼尉冶斯束奉植衡闭谈匡班皮尤古吉"
    "曲纪巩仲查储揭暴湛勾房边楼帅诸晋占刁丛索隆玉宾瑞刑贡牧拓闾经苍从越步弘广禄东蔚融空"
    "毋养须巢后红"
    "時單應來國強門雲師銀計鮮況陰滿聞盤勞樂遲榮衛費黨宮項農陽豐權烏談紀鞏儲邊樓帥諸晉戰範"
    "叢賓貢閭經蒼從廣東紅"
)
_COMPOUND_SURNAMES = frozenset(
    "欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 慕容 司徒 夏侯 尉迟 尉遲 公孙 公孫 长孙 "
    "長孫 令狐 宇文 端木 澹台 澹臺 轩辕 軒轅 独孤 獨孤 南宫 南宮 西门 西門 呼延 申屠 万俟 "
    "闻人 聞人 公羊 赫连 赫連 宗政 濮阳 濮陽 公冶 太叔 仲孙 仲孫 钟离 鍾離 鲜于 鮮于 司空 "
    "闾丘 閭丘 亓官 司寇 巫马 巫馬 公西 拓跋 东郭 東郭 羊舌 左丘 谷梁 穀梁".split()
)
# Characters of Tibetan, Mongolian, Yi and Uyghur names written in Chinese characters
# (次仁多吉, 乌兰图雅, 吉木阿呷, 阿依古丽): three or more of them in a name's place
# make a name without a Han surname.
_ETHNIC_CHARS = frozenset(
    "次仁卓玛西扎增旦丹顿珠尼多吉拉姆嘎索朗平措普布央金格桑巴达娃瓦边白德洛益强群培贡罗曲珍"
    "庆旺堆坚参加才让宗琼米穷欧阿杰卡美拥赤列泽觉登松热确图斯绒错贵秋玉仓色永嘉"
    "特尔宝音日那苏云乌其木腾花琴雅兰朝鲁敖哈孟满都呼毕力娜萨高塔额敦包胡勒门希赛罕汗明伊查干和"
    "克牛沙依马作苦伍各比约俄海惹铁呷莫史甲石火古乃衣"
    "艾古丽吾曼买提吐洪合别迪孜托乎凯排尕牙然亚帕穆默库班麦努江祖甫素不逊肯再拜"
    "瑪紮頓爾寶蘇烏雲騰蘭魯滿畢薩額門賽鐵約麗買別遜貢羅慶堅參讓瓊窮歐擁覺絨錯貴倉熱確圖"
)
# Characters that never stand in a given name: function words, masks (某), place and
# organisation suffixes, counters.
_ENDS_NAME = frozenset(
    "的了们們这這那该該每之其者及或并並且被把等男女于於在住是系係因先称稱为為"
    "人员員数數年月日号號时時元件次个個份条條项項款第"
)
# Right after two or three characters, a place or organisation suffix (or 某, as in 黄山某公司)
# means the characters name a place or a body, not a person: 黄山市, 柳家湾, 石门坪.
_PLACE_SUFFIXES = frozenset(
    "市县縣区區省镇鎮乡鄉村街路州盟旗局厅廳委办辦部处處科室站院校司厂廠店会會公社单單某"
    "场場巷桥橋垱壋湾灣渡坪铺鋪垵亭寨屯沟溝塘坝壩岭嶺坡洼窪埠堡滩灘港矿礦馆館园園组組队隊"
    "股团團层層"
)
_NOT_GIVEN = (_ENDS_NAME - frozenset("月日元")) | _PLACE_SUFFIXES
# A dotted name's parts hold transliterations, never these (安全员格桑·旺堆 is not one name).
_NOT_IN_DOTTED = _NOT_GIVEN - _ETHNIC_CHARS
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
            "未 没 沒 有 已 将 將 为 為 为此 家 户 戶 "
            "任 现 現 各 一家 一户 一戶 夫妇 夫婦 担任 擔任 患有 去世 作出"
        ).split(),
        key=len,
        reverse=True,
    )
)
# Ordinary words that begin with a surname character and often follow a context word
# ("申请人任何费用", "负责人为成员", "当事人陈述", "姓名 金额", "姓名 单位").
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
        "东方红 東方紅 "
        # words that begin with the surnames of _WORD_SURNAMES and can stand alone in a cell or
        # after a colon
        "单位 單位 时间 時間 全体 全體 全部 全面 文件 文化 文号 文號 公告 公示 公司 公开 公開 "
        "公民 安全 安排 常务 常務 常规 常規 申报 申報 申请 申請 和谐 和諧 明确 明確 明细 明細 "
        "应当 應當 由于 由於 国家 國家 原因 原则 原則 平台 平臺 平安 信息 来源 來源 来信 來信 "
        "来电 來電 来访 來訪 支持 支出 宣传 宣傳 项目 項目 管理 农业 農業 农村 農村 司法 解决 "
        "解決 党委 黨委 党组 黨組 党员 黨員 纪检 紀檢 纪委 紀委 卫生 衛生 费用 費用 房屋 宿舍 "
        "权利 權利 区域 高速 石化 黄河 黃河 长江 長江 计划 計劃 银行 銀行 干部 幹部 危险 危險 "
        "修改 位置 劳动 勞動 查询 查詢 查阅 查閱 查看 查处 查處 查明 查实 查實 查封 查获 查獲 "
        "查验 查驗 暴雨 湛江 任组 任組 任副 任主任 任常务 任常務 楼房 樓房 母亲 母親 阿姨 "
        # titles that begin with a surname character
        "区长 區長 连长 連長 林长 林長 河长 河長 路长 路長 段长 段長 车长 車長 班长 班長 "
        "师长 師長"
    ).split()
)


# Uyghur, Tibetan, Mongolian and foreign names are written in parts joined by a middle dot; a
# full stop (．, folded to ".") also joins the parts when each looks transliterated.
_MIDDLE_DOTS = "·‧・•"
_NAME_DOTS = _MIDDLE_DOTS + "."


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))


_FOLLOW = _alternation(_FOLLOW_WORDS)
_FOLLOW_LONG = _alternation(word for word in _FOLLOW_WORDS if len(word) > 1)
_NOT_NAME = _alternation(_NOT_NAMES)
# 禹秀英三户, 东方立新两人: a count of households or people after a list of names.
_COUNT_AFTER = re.compile(r"[一二三四五六七八九十两兩0-9]{1,3}(?:户|戶|人|名|位)")


def _follow_word_at(text: str, position: int) -> bool:
    return _FOLLOW.match(text, position) is not None


def _title_at(text: str, position: int) -> bool:
    return _FOLLOW_LONG.match(text, position) is not None


def _name_ends_at(text: str, end: int) -> bool:
    if end >= len(text) or not _is_han(text[end]):
        return True
    if text.startswith("有限", end):  # 宏达贸易有限公司: 有 does not follow a name here
        return False
    if _follow_word_at(text, end):  # before the suffixes: 委托, 办理
        return True
    return text[end] in _ENDS_NAME or _COUNT_AFTER.match(text, end) is not None


def _surnames_at(text: str, start: int) -> list[tuple[int, bool]]:
    """(length, is a word surname) of each surname `text` may begin with at `start`."""
    lengths = []
    if text[start : start + 2] in _COMPOUND_SURNAMES:
        lengths.append((2, False))
    first = text[start : start + 1]
    if first in _SINGLE_SURNAMES:
        lengths.append((1, False))
    elif first in _WORD_SURNAMES:
        lengths.append((1, True))
    return lengths


def _given_ok(given: str, word_surname: bool, strong: bool) -> bool:
    if not all(_is_han(char) and char not in _NOT_GIVEN for char in given):
        return False
    if len(given) == 1:
        # 林生, 张工, 李总: a surname and a form of address, not a name.
        return given not in _ADDRESS_FORMS and (strong or not word_surname)
    return True


def _dotted_end(text: str, start: int, end: int | None = None) -> int | None:
    """End of a name in parts joined by dots that starts at `start` (and ends at `end` when
    given), followed by something a name can be followed by; None when there is none."""
    limit = len(text) if end is None else end
    parts: list[tuple[int, int]] = []
    dots = ""
    position = start
    while True:
        part_end = position
        while part_end < limit and part_end - position < 8 and _is_han(text[part_end]):
            part_end += 1
        if part_end == position:
            return None
        parts.append((position, part_end))
        if part_end + 1 < limit and text[part_end] in _NAME_DOTS and _is_han(text[part_end + 1]):
            dots += text[part_end]
            position = part_end + 1
            continue
        break
    if not 2 <= len(parts) <= 4:
        return None
    full_stop = "." in dots

    def part_ok(part_start: int, part_end: int) -> bool:
        chars = text[part_start:part_end]
        if any(char in _NOT_IN_DOTTED for char in chars):
            return False
        # a full stop joins only transliterated parts of two characters or more
        return not full_stop or (len(chars) >= 2 and all(char in _ETHNIC_CHARS for char in chars))

    if not all(part_ok(part_start, part_end) for part_start, part_end in parts[:-1]):
        return None
    last_start, last_end = parts[-1]
    if end is not None:
        return end if last_end == end and part_ok(last_start, last_end) else None
    # The last part runs on into the sentence (格桑·旺堆未履行, 阿不都为后备干部, 吐尔逊作出):
    # it ends after its transliteration characters where a name can end, or else at the
    # first place a name can end.
    ethnic_end = last_start
    while ethnic_end < last_end and text[ethnic_end] in _ETHNIC_CHARS:
        ethnic_end += 1
    for candidate in range(ethnic_end, last_start, -1):
        if _name_ends_at(text, candidate) and part_ok(last_start, candidate):
            return candidate
    if not full_stop:
        for candidate in range(last_start + 1, last_end + 1):
            if _name_ends_at(text, candidate) and part_ok(last_start, candidate):
                return candidate
    return None


def _surname_name_end(text: str, start: int, strong: bool) -> int | None:
    surnames = _surnames_at(text, start)
    if not surnames or _NOT_NAME.match(text, start) is not None:
        return None
    for surname_length, word_surname in surnames:
        for given_length in (2, 1):
            end = start + surname_length + given_length
            given = text[start + surname_length : end]
            if len(given) < given_length or not _given_ok(given, word_surname, strong):
                continue
            # "张三先生": 先生 follows 张三, 张三先 is not a name; "林小姐": no name at all;
            # "栗红三户": a count follows 栗红.
            if given_length == 2 and (
                _follow_word_at(text, end - 1)
                or _title_at(text, end - 2)
                or _COUNT_AFTER.match(text, end - 1) is not None
            ):
                continue
            if word_surname:
                if end >= len(text) or not _is_han(text[end]):
                    return end
            elif _name_ends_at(text, end):
                return end
    return None


def _ethnic_name_end(text: str, start: int) -> int | None:
    run = 0
    while start + run < len(text) and run < 6 and text[start + run] in _ETHNIC_CHARS:
        run += 1
    for length in range(run, 2, -1):
        end = start + length
        # 达瓦卓玛各300元: 各 follows the name, it does not end it.
        if text[end - 1] in _ENDS_NAME or _follow_word_at(text, end - 1):
            continue
        if _name_ends_at(text, end):
            return end
    return None


def _name_at(text: str, start: int, strong: bool = False) -> int | None:
    """End of a name starting at `start`, followed by something a name can be followed by;
    None when there is no such name. `strong`: the place (a colon after a role, a 姓名 cell)
    is sure to hold a name, so a word surname with a one-character given name counts."""
    if start >= len(text) or not _is_han(text[start]):
        return None
    dotted = _dotted_end(text, start)
    if dotted is not None:
        return dotted
    end = _surname_name_end(text, start, strong)
    if end is not None:
        return end
    return _ethnic_name_end(text, start)


def _is_name(text: str, start: int, end: int, strong: bool = False) -> bool:
    """Whether text[start:end], taken whole, is a name."""
    length = end - start
    if length < 2 or length > 20:
        return False
    if any(dot in text[start:end] for dot in _NAME_DOTS):
        return _dotted_end(text, start, end) == end
    if not all(_is_han(char) for char in text[start:end]):
        return False
    if _NOT_NAME.match(text, start) is None:
        for surname_length, word_surname in _surnames_at(text, start):
            given = text[start + surname_length : end]
            if (
                1 <= len(given) <= 2
                and _given_ok(given, word_surname, strong)
                and not (len(given) == 2 and _title_at(text, end - 2))
            ):
                return True
    return 3 <= length <= 6 and all(char in _ETHNIC_CHARS for char in text[start:end])


def _token_end(text: str, start: int) -> int:
    """End of the run of Chinese characters (dots between them included) from `start`."""
    end = start
    limit = min(len(text), start + 21)
    while end < limit:
        if _is_han(text[end]):
            end += 1
        elif text[end] in _NAME_DOTS and end > start and end + 1 < limit and _is_han(text[end + 1]):
            end += 1
        else:
            break
    return end


def _token_start(text: str, end: int) -> int:
    """Start of the run of Chinese characters (dots between them included) ending at `end`."""
    start = end
    limit = max(0, end - 21)
    while start > limit:
        if _is_han(text[start - 1]):
            start -= 1
        elif (
            text[start - 1] in _NAME_DOTS
            and start - 1 > limit
            and start < end
            and _is_han(text[start - 2])
        ):
            start -= 1
        else:
            break
    return start


# Lists: 张三、李四和王五; 韦志刚  冼丽萍  仝海峰; 周新，皇甫立军; 戚建华\t甘丽红.
_LIST_JOINERS = "、和及与與"


def _list_after(text: str, end: int) -> list[tuple[int, int]]:
    """The names listed after the name ending at `end`. After 、 和 及 与 a name is read as in
    running text; after a comma or spaces only a whole delimited word counts."""
    spans = []
    while end < len(text):
        position = end
        joined = text[position] in _LIST_JOINERS
        if joined or text[position] == ",":
            position += 1
        while position < len(text) and text[position] in " \t":
            position += 1
        if position == end or position >= len(text):
            break
        if joined:
            next_end = _name_at(text, position)
        else:
            token_end = _token_end(text, position)
            next_end = token_end if _is_name(text, position, token_end) else None
        if next_end is None:
            break
        spans.append((position, next_end))
        end = next_end
    return spans


def _list_before(text: str, start: int) -> list[tuple[int, int]]:
    """The names listed before the name starting at `start` (苗德全、瞿春兰各200元)."""
    spans = []
    while start > 1 and text[start - 1] == "、":
        token_start = _token_start(text, start - 1)
        if not _is_name(text, token_start, start - 1):
            break
        spans.append((token_start, start - 1))
        start = token_start
    return spans


def _with_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start, end), *_list_after(text, end)]


def _scan_context_names(text: str) -> list[tuple[int, int]]:
    """Names after a role word: 申请人张三, 联系人：欧阳娜娜, 户主姓名 于海, 村民韶建新."""
    found = []
    for match in _NAME_CONTEXT.finditer(text):
        start = match.end()
        context = match.group().rstrip()
        strong = context[-1:] in ":：为為是" or context.endswith("名")
        end = _name_at(text, start, strong)
        if end is not None:
            found.extend(_with_list(text, start, end))
    return found


# A label before a colon that names people (参会人员：, 记录：, 学生：, 配偶：, 拟表彰名单：);
# and a role word and spaces (受送达人 亓春生).
_PERSON_LABEL_ENDS = frozenset("人员員者主长長导導属屬偶生民录錄席持师師官士理")
_PERSON_LABELS = tuple(
    (
        "姓名 名单 名單 代表 对象 對象 原告 被告 股东 股東 户名称 戶名稱 开户名 開戶名 的有 "
        # a document's footer: 签发：  核稿：  拟稿：  制表：  审核：
        "签发 簽發 核稿 拟稿 擬稿 制表 填表 审核 審核 审批 審批 批准 复核 複核 校对 校對 编辑 "
        "編輯 撰稿 摄影 攝影 签字 簽字 签名 簽名 参加 參加 缺席 请假 請假"
    ).split()
)
_COLON = re.compile(r":[ \t]*")
_ROLE_SPACE = re.compile(r"人[ \t]+(?=[\u4e00-\u9fff])")


def _label_before(text: str, end: int) -> str:
    """The words before a colon, without a note in brackets or 为: 申请人（户主） -> 申请人."""
    position = end
    while position > 0 and text[position - 1] in " \t":
        position -= 1
    if position > 0 and text[position - 1] in "为為是":
        position -= 1
    if position > 0 and text[position - 1] == ")":
        opening = text.rfind("(", max(0, position - 10), position)
        if opening >= 0:
            position = opening
    start = position
    while start > 0 and position - start < 12 and _is_han(text[start - 1]):
        start -= 1
    return text[start:position]


def _names_only(text: str, start: int) -> list[tuple[int, int]]:
    """The names after a colon when all that follows up to the end of the sentence is two or
    more names: 同意将以下人员纳入临时救助：查文杰、阮秀琴。"""
    spans = []
    position = start
    while True:
        end = _token_end(text, position)
        if not _is_name(text, position, end):
            return []
        spans.append((position, end))
        if end >= len(text) or text[end] in "。;\n":
            return spans if len(spans) >= 2 else []
        if text[end] not in "、, \t":
            return []
        position = end + 1
        while position < len(text) and text[position] in " \t":
            position += 1


def _scan_labelled_names(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _COLON.finditer(text):
        label = _label_before(text, match.start())
        start = match.end()
        if not label or not (
            label[-1] in _PERSON_LABEL_ENDS or label.endswith(_PERSON_LABELS) or label == "致"
        ):
            found.extend(_names_only(text, start))
            continue
        if label[-1] == "人":  # a role on a form: the name may run on (审批人：张伟签字)
            end = _name_at(text, start, strong=True)
        else:  # any other label: a whole word before a delimiter
            end = _token_end(text, start)
            end = end if _is_name(text, start, end, strong=True) else None
        if end is not None:
            found.extend(_with_list(text, start, end))
    # a role and spaces: 受送达人 亓春生，
    for match in _ROLE_SPACE.finditer(text):
        start = match.end()
        end = _token_end(text, start)
        if _label_before(text, match.start() + 1) and _is_name(text, start, end):
            found.extend(_with_list(text, start, end))
    return found


# A line that begins with a body, then names (a list of people commended, by unit):
# 县第二中学：骆文杰、蓝慧敏 / 县中医院  钮志强 甄小红.
_BODY_LINE = re.compile(
    r"(?m)^[ \t]*[\u4e00-\u9fff()]{1,20}?"
    r"(?:局|院|委|会|會|校|学|學|办|辦|镇|鎮|乡|鄉|街道|村|社区|社區|中心|公司|所|站|队|隊|室|科"
    r"|厂|廠|馆|館|部|处|處|厅|廳|府)"
    r"(?:[ \t]*:[ \t]*|[ \t]{2,}|\t[ \t]*)(?=[\u4e00-\u9fff])"
)


def _scan_body_lines(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _BODY_LINE.finditer(text):
        start = match.end()
        end = _token_end(text, start)
        if _is_name(text, start, end):
            found.extend(_with_list(text, start, end))
    return found


# Titles before a name (县长蒲建新在, 项目经理骆文杰、, 负责同志任志远) and after one, right
# after the body (由局邝志明副局长分管). 主任 stands after a name only: before one it is more
# often a grade (主任科员, 主任医师).
_TITLES = (
    "副县长 县长 縣長 副市长 市长 市長 副区长 区长 區長 副镇长 镇长 鎮長 副乡长 乡长 鄉長 副局长 "
    "局长 局長 副书记 书记 書記 副处长 处长 處長 副科长 科长 科長 股长 股長 所长 "
    "所長 站长 站長 副院长 院长 院長 副校长 校长 校長 经理 經理 副组长 组长 組長 队长 隊長 "
    "村长 村長 支书 支書 副主席 主席 委员 委員 安全员 安全員 调研员 調研員 负责同志 負責同志"
).split()
_TITLE = _alternation(_TITLES)
_TITLE_AFTER = _alternation(
    prefix + title
    for prefix in ("", "副")
    for title in (
        "局长 局長 县长 縣長 市长 市長 区长 區長 镇长 鎮長 乡长 鄉長 主任 书记 書記 院长 院長 校长 "
        "校長 处长 處長 科长 科長"
    ).split()
)
_BODY_SUFFIXES = frozenset("局委办辦院府镇鎮乡鄉所站厅廳处處科部会會校司由")


def _scan_titled_names(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _TITLE.finditer(text):
        start = match.end()
        end = _name_at(text, start)
        if end is not None:
            found.extend(_with_list(text, start, end))
    for match in _TITLE_AFTER.finditer(text):
        end = match.start()
        for length in (3, 2, 4, 5, 6):
            start = end - length
            if start > 0 and text[start - 1] in _BODY_SUFFIXES and _is_name(text, start, end):
                found.append((start, end))
                break
    return found


# Words that follow only a person: 巫志坚，男，; 龚建明  男  45岁; 罗桂英（350203720418015）;
# 向丽（烈士遗属）; 贝德明一家因灾致贫; 缪志强 13912345678; a letter's salutation
# (郦小红：↵    你于…). With these a word surname and a one-character given name count.
_STRONG_AFTER = re.compile(
    r"[,( \t](?:"
    r"(?<=[ \t])[ \t]*[男女](?=[ \t\n]|$)"  # a column of a list: 龚建明  男  45岁
    r"|(?<=[,(])(?:[男女](?=[,)、;])"  # ，男， （女，
    r"|身份证|身份證|公民身份|证件号|證件號"
    r"|[0-9]{1,3}(?:岁|歲|周岁|週歲)"
    r"|(?<=\()[0-9]{6}"
    # a note in brackets saying what the person is: （烈士遗属，…）, （信访人）
    r"|(?<=\()(?=[^()\n]{0,20}?(?:军人|軍人|遗属|遺屬|家属|家屬|岁|歲|族|身份|证件|證件"
    r"|[\u4e00-\u9fff]人\)))))"
)
# 贝德明一家因灾致贫, 温秀英一家共4口人, 覃立新一家五口 (not 黄山一家旅游公司).
_ONE_HOUSEHOLD = re.compile(
    r"一(?:家|户|戶)(?=[人因共均的老0-9一二三四五六七八九十两兩几幾]|生活|居住|住在|现|現|系|是)"
)
_SPACE_PHONE = re.compile(
    r"[ \t]+(?:\+?86[- ]?)?"
    r"(?:1[3-9][0-9](?:[- .]?[0-9]{4}){2}|0[1-9][0-9]{1,2}[- ]?[2-9][0-9]{2,3}[- ]?[0-9]{3,4})"
    r"(?![0-9])"
)
_SALUTATION = re.compile(r":[ \t]*\n[ \t]*[^\n]{0,20}?[你您]")
# Weaker: a note in brackets saying where the person lives or works (佟建军（县财政局）,
# but also 黄石（湖北省黄石市）), a share (各100元), a count (等20名), 反映, 称其, 系本县,
# 担任, 的父亲, a phone number's label (，联系电话：), an appointment (张建军同志任…).
_AFTER = re.compile(
    r"\((?=[^()\n]{0,20}?(?:县|縣|区|區|市|局|村|镇|鎮|乡|鄉|街道|社区|社區|委|院|校|公司))"
    r"|各[0-9]|等[0-9一二三四五六七八九十]{1,3}名|同志(?:任|兼任)"
    r"|,(?:联系|聯繫|聯系)?(?:电话|電話|手机|手機)"
    r"|反映|称其|稱其|诉称|訴稱|系本|係本|系该|係該|担任|擔任"
    r"|的(?:父亲|母亲|父親|母親|配偶|丈夫|妻子|儿子|女儿|兒子|女兒)"
)
# Words that may stand right before such a name inside a run of characters: 造成邬海生（男，
# 据冀春花反映, 由韦红担任.
_BEFORE_WORDS = tuple(
    (
        "由 对 對 与 與 向 据 據 将 將 把 被 让 讓 授予 造成 导致 導致 致使 其中 包括 推荐 推薦 "
        "尊敬的 联系 聯繫 聯系"
    ).split()
)
# 与缪丽华联系: 联系 follows a name only after 与, 和 or 同.
_CONTACT = re.compile(r"联系|聯繫|聯系")
# 经查，彭浩红于2012年…: the person an inquiry found.
_INQUIRY = re.compile(
    r"(?:经|經)(?:调|調|核)?(?:查|实|實),([\u4e00-\u9fff]{2,4}?)(?=[于於][0-9]|[系係][本该該])"
)


def _name_before(text: str, end: int, strong: bool) -> int | None:
    """Start of a name ending at `end`: the whole run of characters before it, or the part of
    the run after one of _BEFORE_WORDS."""
    start = _token_start(text, end)
    if start == end:
        return None
    if _is_name(text, start, end, strong):
        return start
    for length in range(2, min(end - start, 13)):
        candidate = end - length
        if text[start:candidate].endswith(_BEFORE_WORDS) and _is_name(text, candidate, end, strong):
            return candidate
    return None


def _scan_evidenced_names(text: str) -> list[tuple[int, int]]:
    found = []
    for pattern, strong in (
        (_STRONG_AFTER, True),
        (_ONE_HOUSEHOLD, True),
        (_SPACE_PHONE, True),
        (_SALUTATION, True),
        (_AFTER, False),
    ):
        for match in pattern.finditer(text):
            end = match.start()
            if pattern is _SALUTATION:  # 阎春生（信访人）：, 鄢立新先生：
                opening = text.rfind("(", max(0, end - 10), end)
                if text[end - 1 : end] == ")" and opening >= 0:
                    end = opening
                if text[end - 2 : end] in ("先生", "女士", "同志"):
                    end -= 2
            start = _name_before(text, end, strong)
            if start is not None:
                found.append((start, end))
                found.extend(_list_before(text, start))
    for match in _CONTACT.finditer(text):
        end = match.start()
        for length in (3, 2, 4):
            start = end - length
            if start > 0 and text[start - 1] in "与與和同" and _is_name(text, start, end):
                found.append((start, end))
                break
    for match in _INQUIRY.finditer(text):
        start, end = match.span(1)
        if _is_name(text, start, end):
            found.append((start, end))
    return found


# A name in parts joined by a dot, anywhere, when every part is transliterated: 古丽娜·艾山、
# 热依拉·阿不都为后备干部人选.
_DOT_BETWEEN = re.compile(r"[·‧・•.](?<=[\u4e00-\u9fff].)(?=[\u4e00-\u9fff])")


def _scan_dotted_names(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _DOT_BETWEEN.finditer(text):
        dot = match.start()
        start = dot
        while start > 0 and dot - start < 8 and text[start - 1] in _ETHNIC_CHARS:
            start -= 1
        if dot - start < 2:
            continue
        end = _dotted_end(text, start)
        if end is not None and all(
            char in _ETHNIC_CHARS or char in _NAME_DOTS for char in text[start:end]
        ):
            found.append((start, end))
    return found


# A line that holds names only, two or more (马俊杰  邓丽君  陈文华 under 先进个人（3名）).
_LINE_SEPARATOR = re.compile(r"[ \t、,;]+")


def _scan_name_lines(text: str) -> list[tuple[int, int]]:
    found = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start = offset
        offset += len(line)
        end = start + len(line.rstrip("\r\n。. \t"))
        if end - start > 120 or not _is_han(text[start : start + 1] or "a"):
            continue
        spans = []
        position = start
        for separator in _LINE_SEPARATOR.finditer(text, start, end):
            if not _is_name(text, position, separator.start()):
                break
            spans.append((position, separator.start()))
            position = separator.end()
        else:
            if spans and _is_name(text, position, end):
                found.extend([*spans, (position, end)])
    return found


# Names in the cells of a table whose header has a 姓名 column (低保 lists, registers): cells
# are separated by tabs, commas, pipes or spaces (the ideographic space folds to a space); the
# table runs while its lines have two cells or more.
_CELL_SEPARATOR = re.compile(r"[ \t]*[\t,|][ \t]*|[ \t]+")
_NAME_HEADERS = tuple(
    (
        "姓名 户主 戶主 户名 戶名 申请人 申請人 承租人 被征收人 当事人 當事人 收款人 持卡人 领款人 "
        "領款人"
    ).split()
)
_NAME_HEADER = _alternation(_NAME_HEADERS)


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cells = []
    position = start
    for separator in _CELL_SEPARATOR.finditer(text, start, end):
        cells.append((position, separator.start()))
        position = separator.end()
    cells.append((position, end))
    return cells


def _scan_table_names(text: str) -> list[tuple[int, int]]:
    found = []
    column: int | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        if column is None and _NAME_HEADER.search(line) is None:
            continue
        cells = _cells(text, line_start, line_start + len(line.rstrip("\r\n")))
        filled = [(start, end) for start, end in cells if end > start]
        if column is None:
            headers = [
                index
                for index, (start, end) in enumerate(cells)
                if text[start:end].endswith(_NAME_HEADERS)
            ]
            if len(filled) < 3 or not headers:
                continue
            column = headers[0]
            rest = cells[column + 1 :]
        elif len(filled) < 2:
            column = None
            continue
        else:
            if column < len(cells):
                start, end = cells[column]
                if _is_name(text, start, end, strong=True):
                    found.append((start, end))
            rest = cells
        for start, end in rest:
            if 2 <= end - start <= 4 and _name_at(text, start) == end:
                found.append((start, end))
    return found


def _scan_names(text: str) -> list[tuple[str, int, int]]:
    spans = {
        span
        for scanner in (
            _scan_context_names,
            _scan_labelled_names,
            _scan_body_lines,
            _scan_titled_names,
            _scan_evidenced_names,
            _scan_dotted_names,
            _scan_table_names,
            _scan_name_lines,
        )
        for span in scanner(text)
    }
    return [("name", start, end) for start, end in spans]


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
    dots = _NAME_DOTS + "．"
    if any(dot in value for dot in dots):
        # No surname to keep: the first character stays, so does each dot.
        return value[0] + "".join(char if char in dots else "*" for char in value[1:])
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
