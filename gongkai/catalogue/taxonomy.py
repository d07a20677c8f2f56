"""The catalogue's fixed classifications. Pure: no Django."""

# Art. 20 categories of information to be disclosed proactively (docs/law.md §6), with Art. 21's
# additions for city, county and township governments.
STATUTORY_CATEGORIES: dict[str, str] = {
    "20-1": "（一）行政法规、规章和规范性文件",
    "20-2": "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "20-3": "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "20-4": "（四）国民经济和社会发展统计信息",
    "20-5": "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "20-6": "（六）实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定",
    "20-7": "（七）财政预算、决算信息",
    "20-8": "（八）行政事业性收费项目及其依据、标准",
    "20-9": "（九）政府集中采购项目的目录、标准及实施情况",
    "20-10": "（十）重大建设项目的批准和实施情况",
    "20-11": "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "20-12": "（十二）突发公共事件的应急预案、预警信息及应对情况",
    "20-13": "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "20-14": "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果",
    "20-15": "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    "21": "第二十一条：市、县、乡（镇）人民政府应当主动公开的信息",
}

# Genres (体裁). `rule` and `normative_document` are what the annual report counts (table 二).
GENRES: dict[str, str] = {
    "rule": "规章",
    "normative_document": "行政规范性文件",
    "other_document": "其他文件",
    "notice": "通知公告",
    "plan_report": "规划计划、工作总结",
    "statistics": "统计信息",
    "interpretation": "政策解读",
    "personnel": "人事信息",
    "finance": "财政预决算",
    "procurement": "政府采购",
    "enforcement": "行政执法（许可、处罚、强制）",
    "news": "工作动态",
    "annual_report": "政府信息公开年度报告",
}
POLICY_GENRES = frozenset({"rule", "normative_document"})

VALIDITY: dict[str, str] = {"in_force": "现行有效", "amended": "已修改", "repealed": "已废止"}

ATTRIBUTES: dict[str, str] = {
    "proactive": "主动公开",
    "on_request": "依申请公开",
    "withheld": "不予公开",
}
# The legal reason a withheld item records (Art. 14–16).
WITHHELD_REASONS: dict[str, str] = {
    "state_secret": "属于国家秘密（第十四条）",
    "prohibited": "法律、行政法规禁止公开（第十四条）",
    "security": "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）",
    "third_party": "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）",
    "internal": "人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）",
    "process": "讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）",
    "enforcement_file": "行政执法案卷信息（第十六条第二款）",
}

# Subjects (主题分类) offered by default; administrators can add their own.
DEFAULT_SUBJECTS = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]
