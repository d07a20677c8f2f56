"""Chinese names of the audit trail's action codes, for people reading the log.

Pure: no Django. A service writes `<app>.<what>`; the admin's generic edits write
`<app>.<model>_create|update|delete`, named here from the model's Chinese name. A code with
no entry (an app added later) reads as 其他操作 with the code beside it, never as bare English.
"""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    # Organisations and people
    "accounts.government_create": "创建本级政府",
    "accounts.agency_create": "新增机关",
    "accounts.agency_update": "修改机关信息",
    "accounts.department_create": "新增科室",
    "accounts.user_create": "新增用户",
    "accounts.role_grant": "授予角色",
    "accounts.role_revoke": "撤销角色",
    # Working-day calendar
    "workdays.schedule_seed": "载入内置节假日安排",
    "workdays.schedule_load": "录入年度节假日安排",
    "workdays.schedule_replace": "替换年度节假日安排",
    "workdays.schedule_update": "修改年度节假日安排",
    # Applications (依申请公开)
    "info_requests.register": "登记申请",
    "info_requests.assign": "分办申请",
    "info_requests.accept": "开始办理",
    "info_requests.correction_notice": "发出补正告知",
    "info_requests.correction_received": "收到补正",
    "info_requests.correction_lapse": "逾期未补正",
    "info_requests.consult": "征求第三方意见",
    "info_requests.consultation_answer": "收到第三方意见",
    "info_requests.extend": "延期答复",
    "info_requests.fee_notice": "发出收费通知",
    "info_requests.fee_paid": "登记缴费",
    "info_requests.fee_lapse": "逾期未缴费",
    "info_requests.reply": "作出答复",
    "info_requests.withdraw": "申请人撤回申请",
    "info_requests.appeal_record": "登记复议或诉讼",
    "info_requests.appeal_decide": "登记复议或诉讼结果",
    "info_requests.ledger_import": "导入登记台账",
    "info_requests.letter_templates_seed": "载入内置文书模板",
    "info_requests.disclosed_file_add": "上传提供的政府信息文件",
    "info_requests.disclosed_file_checked": "提供的文件检查完成",
    "info_requests.disclosed_file_remove": "删除提供的政府信息文件",
    "info_requests.delivery_record": "登记提供情况",
    # Proactive disclosure (主动公开)
    "catalogue.item_create": "新建公开条目",
    "catalogue.item_update": "修改公开条目",
    "catalogue.attachment_add": "上传附件",
    "catalogue.attachment_checked": "附件检查完成",
    "catalogue.attachment_refused": "附件未通过检查",
    "catalogue.attachment_remove": "删除附件",
    "catalogue.finding_mask": "个人信息去标识化",
    "catalogue.finding_justify": "个人信息依法保留",
    "catalogue.item_submit": "送保密审查",
    "catalogue.secrecy_review": "保密审查",
    "catalogue.approval_return": "审批退回",
    "catalogue.item_publish": "发布公开条目",
    "catalogue.item_amended": "标记为已修改",
    "catalogue.item_repealed": "标记为已废止",
    "catalogue.item_withdraw": "撤回公开条目",
    "catalogue.import": "导入公开目录",
    "catalogue.demo_load": "载入演示公开目录",
    # Messages and enquiries (留言、咨询)
    "interaction.receive": "收到留言",
    "interaction.assign": "交办留言",
    "interaction.transfer": "转办留言",
    "interaction.reply": "答复留言",
    "interaction.mark_invalid": "标记为无效留言",
    "interaction.rate": "留言人评价",
    "interaction.close": "办结留言",
    "interaction.publish": "公开留言",
    "interaction.hide": "留言不予公开",
    "interaction.convert": "申请转为留言",
    "interaction.messages_import": "导入留言记录",
    "interaction.enquiry_register": "登记咨询",
    "interaction.enquiries_import": "导入咨询记录",
    # Search
    "search.vocabulary_load": "载入内置检索词表",
    "search.term_create": "新增检索词",
    "search.term_update": "修改检索词",
    "search.term_delete": "删除检索词",
    # Annual reports
    "reports.sections_save": "保存年度报告章节",
    "reports.other_figures_save": "录入其他系统数据",
    "reports.publish": "发布年度报告",
    "reports.correction_start": "开始更正年度报告",
    "reports.correction_publish": "发布更正后的年度报告",
    # The system
    "core.backup_restore": "从备份恢复数据",
    # Comment calls (征求意见)
    "participation.call_create": "新建征求意见",
    "participation.call_update": "修改征求意见",
    "participation.call_open": "发布征求意见",
    "participation.call_close": "截止征求意见",
    "participation.call_withdraw": "撤回征求意见",
    "participation.call_link_final": "关联正式文件",
    "participation.attachment_add": "上传征求意见附件",
    "participation.attachment_remove": "删除征求意见附件",
    "participation.comment_submit": "收到意见",
    "participation.comment_record": "录入信函或电子邮件意见",
    "participation.comment_publish": "公开意见",
    "participation.comment_hide": "意见不予公开",
    "participation.comment_merge": "合并重复意见",
    "participation.opinion_save": "保存意见采纳情况",
    "participation.opinion_delete": "删除意见归纳",
    "participation.summary_publish": "发布意见采纳情况反馈",
    # Supervision (监督考核)
    "supervision.nudge_send": "发出督办提醒",
    "supervision.nudge_acknowledge": "确认督办提醒",
    "supervision.circular_draft": "起草通报",
    "supervision.circular_update": "修改通报",
    "supervision.circular_delete": "删除通报草稿",
    "supervision.circular_issue": "印发通报",
    "supervision.circular_publish": "在门户网站公布通报",
    "supervision.assessment_publish": "公布考核结果",
    "supervision.assessment_scheme_update": "修改考核方案",
    # Site inspection, standard catalogue and self-check
    "inspection.run_start": "发起网站检查",
    "inspection.run": "完成网站检查",
    "inspection.standards_import": "导入标准目录",
    "inspection.disclosure_matter_save": "编辑标准目录事项",
    "inspection.selfcheck_start": "开始年度自查",
    "inspection.withheld_decide": "复核不予公开信息",
    "inspection.frequent_propose": "建议依申请较多信息转主动公开",
    "inspection.selfcheck_finish": "完成年度自查",
}

GENERIC_VERBS = {"create": "新增", "update": "修改", "delete": "删除"}


def action_label(code: str, model_names: dict[str, str] | None = None) -> str:
    """The Chinese name of an action code. `model_names` maps "app.model" to the model's
    Chinese name, for the admin's generic create/update/delete codes."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    model, _, verb = code.rpartition("_")
    if verb in GENERIC_VERBS and model_names and model in model_names:
        return f"{GENERIC_VERBS[verb]}{model_names[model]}（系统管理）"
    return f"其他操作（{code}）"
