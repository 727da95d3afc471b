import type { z } from 'zod';

/**
 * Every message a person or a client is told about a refused input or request, once, in each
 * language, under a stable code (API.md "Errors": every `details` entry carries one; `message`s follow
 * `Accept-Language`). The API and the console both render from here, so the same rule shows the same
 * words on a field whether the browser or the server found it.
 *
 * Pure and browser-safe: no Node import, importable on its own as `@uplift/domain/messages`.
 * Parameters are written `{name}` and given by the rule (`{max}` characters, the `{expected}` check
 * character); each locale's text uses the same ones.
 */
export const MESSAGE_LOCALES = ['zh-CN', 'en'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

type Entry = { readonly 'zh-CN': string; readonly en: string };

export const MESSAGES = {
  // ——— zod's own issue kinds, whatever schema raised them ———
  required: { 'zh-CN': '必填', en: 'is required' },
  invalid: { 'zh-CN': '无效', en: 'is not valid' },
  unknown_field: { 'zh-CN': '不是可接受的字段', en: 'is not a known field' },
  'type.string': { 'zh-CN': '应为文本', en: 'must be a string' },
  'type.number': { 'zh-CN': '应为数字', en: 'must be a number' },
  'type.integer': { 'zh-CN': '应为整数', en: 'must be an integer' },
  'type.boolean': { 'zh-CN': '应为 true 或 false', en: 'must be true or false' },
  'type.object': { 'zh-CN': '应为对象', en: 'must be an object' },
  'type.array': { 'zh-CN': '应为列表', en: 'must be a list' },
  'type.other': { 'zh-CN': '类型不正确（应为 {expected}）', en: 'must be of type {expected}' },
  'string.empty': { 'zh-CN': '不能为空', en: 'must not be empty' },
  'string.too_short': { 'zh-CN': '至少 {min} 个字符', en: 'must be at least {min} characters' },
  'string.too_long': { 'zh-CN': '最多 {max} 个字符', en: 'must be at most {max} characters' },
  'string.length': { 'zh-CN': '应为 {length} 个字符', en: 'must be exactly {length} characters' },
  'array.too_short': { 'zh-CN': '至少 {min} 项', en: 'must have at least {min} items' },
  'array.too_long': { 'zh-CN': '最多 {max} 项', en: 'must have at most {max} items' },
  'number.too_small': { 'zh-CN': '不能小于 {min}', en: 'must be {min} or more' },
  'number.not_above': { 'zh-CN': '应大于 {min}', en: 'must be more than {min}' },
  'number.too_big': { 'zh-CN': '不能大于 {max}', en: 'must be {max} or less' },
  'number.not_below': { 'zh-CN': '应小于 {max}', en: 'must be less than {max}' },
  'number.not_multiple': { 'zh-CN': '应为 {divisor} 的倍数', en: 'must be a multiple of {divisor}' },
  'format.email': { 'zh-CN': '应为有效的电子邮箱地址', en: 'must be an email address' },
  'format.uuid': { 'zh-CN': '应为 UUID', en: 'must be a UUID' },
  'format.base64': { 'zh-CN': '应为 base64 编码', en: 'must be base64' },
  'format.other': { 'zh-CN': '格式不正确（应为 {format}）', en: 'must be in the {format} format' },
  enum: { 'zh-CN': '应为以下之一：{values}', en: 'must be one of {values}' },
  too_many_items: { 'zh-CN': '项目过多（最多 {max} 项）', en: 'has more than {max} items' },

  // ——— Rules of the domain (libs/domain: schemas.ts and the check helpers) ———
  'number.percentage': { 'zh-CN': '应在 0 到 100 之间', en: 'must be between 0 and 100' },
  'number.amount_negative': { 'zh-CN': '不能为负数', en: 'must be zero or more' },
  'number.amount_too_large': { 'zh-CN': '应小于 10^15', en: 'must be less than 10^15' },
  'date.type': { 'zh-CN': '应为日期，格式为 YYYY-MM-DD', en: 'must be a date as YYYY-MM-DD' },
  'date.invalid': {
    'zh-CN': '应为实际存在的日期，格式为 YYYY-MM-DD',
    en: 'must be a date that exists, as YYYY-MM-DD',
  },
  'email.local_part_too_long': {
    'zh-CN': '@ 之前最多 {max} 个字符',
    en: 'must have at most {max} characters before the @',
  },
  'email.domain_label_too_long': {
    'zh-CN': '域名的每一段最多 {max} 个字符',
    en: 'must have at most {max} characters in each label of its domain',
  },
  'text.control_character': {
    'zh-CN': '含有控制字符（{char}）',
    en: 'contains a control character ({char})',
  },
  'text.line_break': {
    'zh-CN': '只能是一行：含有换行符或控制字符（{char}）',
    en: 'must be a single line: contains a line break or control character ({char})',
  },
  'text.invisible': {
    'zh-CN': '含有不可见的格式字符（{char}）',
    en: 'contains an invisible formatting character ({char})',
  },
  'input.control_character': { 'zh-CN': '含有控制字符', en: 'contains a control character' },
  'input.field_name_control_character': {
    'zh-CN': '字段名含有控制字符',
    en: 'is a field name with a control character',
  },
  'input.too_deep': { 'zh-CN': '嵌套超过 {max} 层', en: 'is nested deeper than {max} levels' },
  'uscc.length': {
    'zh-CN': '统一社会信用代码应为 18 位',
    en: 'is not a valid unified social credit code: must be 18 characters',
  },
  'uscc.characters': {
    'zh-CN': '统一社会信用代码含有 GB 32100-2015 以外的字符（只能是数字和除 I、O、S、V、Z 以外的大写字母）',
    en: 'is not a valid unified social credit code: has characters outside GB 32100-2015 (digits and capitals except I, O, S, V, Z)',
  },
  'uscc.check_character': {
    'zh-CN': '统一社会信用代码校验位错误，应为 {expected}',
    en: 'is not a valid unified social credit code: wrong check character: expected {expected}',
  },
  'division.format': {
    'zh-CN': '应为 6 位 GB/T 2260 行政区划代码',
    en: 'must be a 6-digit GB/T 2260 division code',
  },
  'division.unknown': {
    'zh-CN': '不是现行的 GB/T 2260 行政区划代码',
    en: 'is not a GB/T 2260 division that exists',
  },
  'division.outside_round': {
    'zh-CN': '不在本轮次的区域 {region} 内',
    en: "is outside the round's region {region}",
  },
  'division.outside_scope': {
    'zh-CN': '不在您所辖的区域 {region} 内',
    en: 'is outside your division {region}',
  },
  'industry.format': {
    'zh-CN': '应为 GB/T 4754-2017 行业代码，例如 C3511',
    en: 'must be a GB/T 4754-2017 code such as C3511',
  },
  'industry.unknown_division': {
    'zh-CN': 'GB/T 4754-2017 中没有 {division} 大类',
    en: 'division {division} does not exist in GB/T 4754-2017',
  },
  'industry.wrong_section': {
    'zh-CN': '{division} 大类属于 {section} 门类',
    en: 'division {division} belongs to section {section}',
  },
  'duration.format': {
    'zh-CN': '应为 ISO 8601 时长，例如 P14D 或 PT30S',
    en: 'must be an ISO 8601 duration such as P14D or PT30S',
  },
  'survey.area_repeated': { 'zh-CN': '每个提升方面只能选一次', en: 'each area at most once' },
  'time.format': {
    'zh-CN': '应为 HH:MM 格式的时刻，例如 09:00',
    en: 'must be a time of day as HH:MM, such as 09:00',
  },
  'time.not_after_from': { 'zh-CN': '应晚于开始时刻', en: 'must be later than from' },
  'duration.not_positive': { 'zh-CN': '应长于零', en: 'must be longer than zero' },
  'duration.too_long': { 'zh-CN': '不能超过 {max}', en: 'must be at most {max}' },
  'certificate.issued_too_early': { 'zh-CN': '不能早于 {earliest}', en: 'must be {earliest} or later' },
  'certificate.issued_too_late': {
    'zh-CN': '不能晚于 {latest}（北京时间今天之后 {days} 天）',
    en: 'must be no later than {latest} ({days} days after today in Beijing)',
  },
  'certificate.expires_before_issue': { 'zh-CN': '应晚于发证日期', en: 'must be after issuedOn' },
  'certificate.expires_too_late': {
    'zh-CN': '不能晚于 {latest}（发证日期后 {years} 年）',
    en: 'must be no later than {latest} ({years} years after issuedOn)',
  },
  'certification.required_when_certified': {
    'zh-CN': '认证结果为“获证”时必填',
    en: 'is required when the outcome is certified',
  },
  'certification.only_when_certified': {
    'zh-CN': '仅在认证结果为“获证”时填写',
    en: 'applies only when the outcome is certified',
  },
  'certification.reason_required': {
    'zh-CN': '认证结果为“未获证”时必填',
    en: 'is required when the outcome is not_certified',
  },
  'screening.reason_required': {
    'zh-CN': '决定“不予入选”时必填',
    en: 'is required when the decision is rejected',
  },

  // ——— Rules of the API (its own schemas and services) ———
  'principal.region_required': { 'zh-CN': '监管部门必须填写', en: 'is required for a regulator' },
  'principal.region_for_regulators': { 'zh-CN': '仅适用于监管部门', en: 'applies to regulators only' },
  'principal.body_required': { 'zh-CN': '认证机构必须填写', en: 'is required for a certification body' },
  'principal.body_for_certification_bodies': {
    'zh-CN': '仅适用于认证机构',
    en: 'applies to certification bodies only',
  },
  'certification_body.unknown': {
    'zh-CN': '没有此 ID 的认证机构',
    en: 'no certification body has this id',
  },
  'password.common': {
    'zh-CN': '这是常见密码，容易被猜到，请换一个',
    en: 'is a common password, easily guessed: choose another',
  },
  'password.contains_email': {
    'zh-CN': '密码不能包含邮箱用户名',
    en: 'must not contain the name of your email address',
  },
  'progress.unknown_measure': {
    'zh-CN': '不是当前帮扶方案中的措施',
    en: 'names no measure of the current assistance plan',
  },
  'plan.duplicate_title': {
    'zh-CN': '与第 {first} 项措施重名：每项措施应有自己的名称',
    en: 'repeats the title of measure {first}: each measure has its own title',
  },
  'cursor.unknown': { 'zh-CN': '不是本 API 发出的分页游标', en: 'is not a cursor this API issued' },
  'idempotency_key.format': {
    'zh-CN': '应为 1 到 255 个可见 ASCII 字符',
    en: 'must be 1 to 255 visible ASCII characters',
  },
  'body.malformed': { 'zh-CN': '请求体无法解析（{reason}）', en: '{reason}' },
  'body.not_utf8': { 'zh-CN': '不是有效的 UTF-8 编码', en: 'is not valid UTF-8' },
  'body.incomplete': { 'zh-CN': '请求体在传输完成前中断', en: 'ended before it was complete' },
  'body.length_mismatch': {
    'zh-CN': '实际 {received} 字节，与 Content-Length 声明的 {length} 字节不符',
    en: 'has {received} bytes but Content-Length says {length}',
  },
  'media_type.not_accepted': {
    'zh-CN': '不接受 {type}，请发送 {accepted}',
    en: '{type} is not accepted; send {accepted}',
  },
  'media_type.not_accepted_here': {
    'zh-CN': '此处不接受 {type}，请发送 {accepted}',
    en: '{type} is not accepted here; send {accepted}',
  },
  'media_type.missing': {
    'zh-CN': '请求体需要 Content-Type，请发送 {accepted}',
    en: 'a body needs a Content-Type; send {accepted}',
  },
  'media_type.charset': {
    'zh-CN': '不支持字符集“{charset}”，请使用 {accepted}',
    en: 'charset "{charset}" is not supported; use {accepted}',
  },
  'csv.malformed': { 'zh-CN': 'CSV 文件无法解析（{reason}）', en: '{reason}' },
  'csv.empty': {
    'zh-CN': '文件为空；第一行应为列名',
    en: 'is empty; the first line must name the columns',
  },
  'export.too_many_rows': {
    'zh-CN': '符合条件的企业超过 {max} 家，请缩小筛选范围后分批导出',
    en: 'matches more than {max} journeys; narrow the filter and export in parts',
  },
  'csv.no_header': { 'zh-CN': '没有表头行', en: 'has no header row' },
  'csv.no_rows': { 'zh-CN': '只有表头，没有数据行', en: 'has a header row but no data rows' },
  'csv.too_many_rows': {
    'zh-CN': '数据行超过 {max} 行，请分批导入',
    en: 'has more than {max} data rows; import it in parts',
  },
  'csv.not_ascii': {
    'zh-CN': '含有非 US-ASCII 字节，与 Content-Type 声明的不符',
    en: 'has bytes that are not US-ASCII, as its Content-Type declares',
  },
  'csv.bad_charset': {
    'zh-CN': '含有不是有效 {charset} 编码的字节',
    en: 'has bytes that are not valid {charset}',
  },
  'csv.undetected_charset': {
    'zh-CN': '含有既不是有效 {charset} 也不是 UTF-8 编码的字节；请在 Content-Type 中声明字符集',
    en: 'has bytes that are not valid {charset} (nor UTF-8); declare its charset in Content-Type',
  },
  'csv.unknown_column': { 'zh-CN': '不是可识别的列', en: 'is not a known column' },
  'csv.duplicate_column': {
    'zh-CN': '与列 {column} 重复（都对应 {field}）',
    en: 'fills {field}, as column {column} already does',
  },
  'csv.uscc_column_required': {
    'zh-CN': '缺少“统一社会信用代码”（uscc）列',
    en: 'a 统一社会信用代码 / uscc column is required',
  },
  'csv.cell_count': {
    'zh-CN': '该行有 {cells} 个单元格，而表头有 {headers} 列',
    en: 'has {cells} cells where the header has {headers}',
  },
  'xlsx.unreadable': {
    'zh-CN': '不是可读取的 Excel（.xlsx）文件，请在 Excel 或 WPS 中另存为 .xlsx 后重试（{reason}）',
    en: 'is not a readable Excel (.xlsx) workbook; save it again as .xlsx ({reason})',
  },
  'xlsx.too_large': {
    'zh-CN': '解压后超过 {max} MB，远大于一份企业台账；请删除多余的工作表、图片或格式后重新保存',
    en: 'unpacks to more than {max} MB, far more than a ledger; remove extra sheets, pictures or formatting and save it again',
  },
  'xlsx.number_cell': {
    'zh-CN': '“{column}”被 Excel 存成了数字（{value}），可能已丢失位数；请把该列设为“文本”格式后重新填写',
    en: 'was stored by Excel as a number ({value}) in column {column}, which may have lost digits; format the column as text and enter it again',
  },
  'csv.cell_control_character': {
    'zh-CN': '含有控制字符（列 {column}）',
    en: 'contains a control character (column {column})',
  },

  // ——— The request as a whole: an error answer's top-level `message`. English says these as it did
  // before codes, without the count (clients compare them); Chinese counts the problems. ———
  'request.invalid_body': {
    'zh-CN': '请求体校验失败（{count} 处）',
    en: 'invalid body',
  },
  'request.invalid_query': {
    'zh-CN': '查询参数校验失败（{count} 处）',
    en: 'invalid query',
  },
  'request.invalid': { 'zh-CN': '请求校验失败（{count} 处）', en: 'validation failed' },
  'request.invalid_header': { 'zh-CN': '请求头校验失败（{count} 处）', en: 'invalid header' },
  'request.malformed_csv': { 'zh-CN': 'CSV 文件有误（{count} 处）', en: 'malformed CSV' },
  'http.unauthenticated': {
    'zh-CN': '未登录：缺少、未知或已吊销的 API 密钥或会话',
    en: 'missing, unknown or revoked API key or session',
  },
  'http.forbidden_role': {
    'zh-CN': '此操作仅限{roles}，您的角色是{role}',
    en: 'this route is for {roles}, not {role}',
  },
  'http.forbidden': { 'zh-CN': '无权执行此操作', en: 'not allowed' },
  'http.not_found': { 'zh-CN': '未找到{what}', en: '{what} not found' },
  'http.route_not_found': { 'zh-CN': '没有这个地址', en: 'route not found' },
  'http.conflict': { 'zh-CN': '此操作与当前状态冲突', en: 'this conflicts with the current state' },
  'http.gone': { 'zh-CN': '已失效', en: 'gone' },
  'http.payload_too_large': { 'zh-CN': '请求体过大', en: 'the body is too large' },
  'http.uri_too_long': { 'zh-CN': '地址过长', en: 'the URL is too long' },
  'http.unsupported_media_type': { 'zh-CN': '不支持的请求体类型', en: 'unsupported media type' },
  'http.too_many_requests': {
    'zh-CN': '请求过于频繁，请在 {seconds} 秒后重试',
    en: 'too many requests; retry in {seconds} s',
  },
  'http.unavailable': {
    'zh-CN': '后台服务（{service}）暂时不可用，请稍后重试',
    en: 'the {service} is unavailable; try again shortly',
  },
  'http.internal': { 'zh-CN': '服务器内部错误', en: 'internal error' },
  'url.malformed': { 'zh-CN': '地址无法解析（{reason}）', en: '{reason}' },
  'request.malformed': { 'zh-CN': '请求无法解析（{reason}）', en: '{reason}' },
  'link.used': { 'zh-CN': '该评估链接已使用', en: 'this evaluation link has already been used' },
  'link.expired': { 'zh-CN': '该评估链接已过期', en: 'this evaluation link has expired' },
  'link.closed': {
    'zh-CN': '该评估已关闭：帮扶已结束，或评估已经填写',
    en: 'this evaluation is closed: the journey has ended or the evaluation was answered',
  },
  'link.unknown': { 'zh-CN': '未找到该评估链接', en: 'evaluation link not found' },
  'stuck_work.not_an_email': {
    'zh-CN': '只能跳过邮件通知，其他任务只能重试',
    en: 'only an email can be skipped; other work can only be retried',
  },
  'stuck_work.not_pending': {
    'zh-CN': '该任务已不在等待重试（已完成、已跳过或流程已结束）',
    en: 'this activity is no longer waiting for a retry (it finished, was skipped or its workflow ended)',
  },
  'round.closed': {
    'zh-CN': '轮次 {round} 已结束，不再接受操作',
    en: 'round {round} is closed',
  },
  'principal.bootstrap_irrevocable': {
    'zh-CN': '初始管理员不能被吊销；请用 POST /v1/principals/bootstrap/rotate 轮换其密钥',
    en: 'the bootstrap admin cannot be revoked; rotate its key with POST /v1/principals/bootstrap/rotate',
  },
  'principal.revoked_key': {
    'zh-CN': '该账号已被吊销，不能再轮换密钥',
    en: 'this principal is revoked; its key can no longer be rotated',
  },
  'certification_body.code_taken': {
    'zh-CN': '已有编号为 {bodyCode} 的认证机构',
    en: 'a certification body with code {bodyCode} exists',
  },
  'evaluation.no_longer_answerable': {
    'zh-CN': '第 {n} 次跟踪评估已不能填写（{reason}）',
    en: 'evaluation {n} can no longer be answered: {reason}',
  },
  'round.settings_empty': {
    'zh-CN': '请至少给出一项要修改的设置',
    en: 'must change at least one setting',
  },
  'calendar.beyond_data': {
    'zh-CN':
      '按工作日计算的期限将延续到 {until}，超出内置工作日历覆盖的年份（{firstYear}–{lastYear} 年）：此后的法定节假日和调休尚未收录，只按周末计算',
    en: 'deadlines counted in working days run until {until}, past the years the bundled working-day calendar covers ({firstYear}–{lastYear}): after it, only weekends count as days off',
  },
  'round.change_not_allowed': {
    'zh-CN': '只有该轮次所属地区的监管部门或系统管理员可以修改设置、暂停或恢复提醒',
    en: "only the round's own regulator or an admin may change its settings, pause or resume it",
  },
  'assignee.not_body_staff': {
    'zh-CN': '应为该企业所属认证机构的在用人员账户',
    en: "must be an active person of the journey's certification body",
  },
  'round.already_closed': {
    'zh-CN': '轮次 {round} 已经结束',
    en: 'round {round} is already closed',
  },
  'import.check_character_admin_only': {
    'zh-CN': '只有系统管理员可以接受校验位错误的统一社会信用代码',
    en: 'only an admin may accept USCCs with an invalid check character',
  },
  'round.closed_for_steps': {
    'zh-CN': '轮次 {round} 的状态为“{status}”，其中的企业不再接受步骤',
    en: 'round {round} is {status}: its journeys take no more steps',
  },
  'batch.one_selection': {
    'zh-CN': '请只给出 journeyIds 或 filter 其中之一',
    en: 'give either journeyIds or filter, exactly one of them',
  },
  'batch.journey_not_in_round': {
    'zh-CN': '不是该轮次中您可管理的企业',
    en: 'is not a journey of this round within your scope',
  },
  'batch.nothing_selected': {
    'zh-CN': '没有符合条件的企业',
    en: 'selects no journey',
  },
  'batch.too_many': {
    'zh-CN': '一次最多处理 {max} 家企业，当前条件匹配 {count} 家',
    en: 'matches {count} journeys; a batch takes at most {max}',
  },
  'batch.step_failed': {
    'zh-CN': '该企业的步骤未能执行：{reason}',
    en: 'the step could not be taken: {reason}',
  },
  'idempotency.key_reused': {
    'zh-CN': '此 Idempotency-Key 已用于另一个请求（方法、地址或请求体不同），请换一个新的',
    en: 'this Idempotency-Key was already used with a different request (method, URL or body); use a new key',
  },
  'idempotency.in_progress': {
    'zh-CN': '使用此 Idempotency-Key 的请求仍在处理中，请稍后重试',
    en: 'a request with this Idempotency-Key is still in progress; retry later',
  },
  // A step refused for the journey's stage or progress (409): `stage`, `step` and roles are codes in
  // English and their labels (labels.json) in Chinese.
  'step.wrong_stage': {
    'zh-CN': '该企业当前处于“{stage}”阶段，不能提交“{step}”',
    en: '{step} is not allowed in stage {stage}',
  },
  'step.journey_ended': {
    'zh-CN': '该企业的帮扶已结束（“{stage}”），不能再提交“{step}”',
    en: '{step} is not allowed in stage {stage}: the journey has ended',
  },
  'step.no_certification_body': {
    'zh-CN': '尚未指派认证机构（当前阶段：“{stage}”）',
    en: 'no certification body is assigned yet (current stage: {stage})',
  },
  'step.plan_already_recorded': {
    'zh-CN': '帮扶方案已经提交（当前阶段：“{stage}”）',
    en: 'the assistance plan is already recorded (current stage: {stage})',
  },
  'step.plan_first': {
    'zh-CN': '请先提交帮扶方案（当前阶段：“{stage}”）',
    en: 'record the assistance plan first (current stage: {stage})',
  },
  'step.no_such_evaluation': {
    'zh-CN': '没有第 {n} 次跟踪评估（当前阶段：“{stage}”）',
    en: 'there is no evaluation {n} (current stage: {stage})',
  },
  'step.evaluation_answered': {
    'zh-CN': '第 {n} 次跟踪评估已经填写（当前阶段：“{stage}”）',
    en: 'evaluation {n} is already answered (current stage: {stage})',
  },
  'step.evaluation_not_due': {
    'zh-CN': '第 {n} 次跟踪评估到 {dueAt} 才开始（当前阶段：“{stage}”）',
    en: 'evaluation {n} is not due until {dueAt} (current stage: {stage})',
  },
  'step.already_assigned': {
    'zh-CN': '该企业已指派给这家认证机构（当前阶段：“{stage}”）',
    en: 'the journey is already assigned to this certification body (current stage: {stage})',
  },
  'step.already_assignee': {
    'zh-CN': '该企业已由这位人员负责（当前阶段：“{stage}”）',
    en: 'the journey is already assigned to this person (current stage: {stage})',
  },
  'step.reassignment_other_body': {
    'zh-CN': '该企业当前的认证机构不是所指定的原认证机构，未作更换（当前阶段：“{stage}”）',
    en: 'the journey is not assigned to the certification body named as the one to move it from (current stage: {stage})',
  },
  'step.refused': {
    'zh-CN': '该企业当前处于“{stage}”阶段，此步骤现在不能执行',
    en: 'this step is not allowed in stage {stage}',
  },
  'step.role': {
    'zh-CN': '“{step}”由{roles}提交，您的角色是{role}',
    en: '{step} is taken by {roles}, not {role}',
  },
} as const satisfies Record<string, Entry>;

export type MessageCode = keyof typeof MESSAGES;

/** What a 404 names (`NotFoundError(what)`), in Chinese; anything else is 所请求的资源. */
export const THING_LABELS: Readonly<Record<string, string>> = {
  journey: '该企业的帮扶记录',
  round: '该轮次',
  principal: '该用户',
  'bootstrap admin': '初始管理员',
  'evaluation link': '该评估链接',
  'certification body': '该认证机构',
  batch: '该批量操作',
  'stuck activity': '该卡住的任务',
  route: '该地址',
};
export type MessageParams = Readonly<Record<string, string | number>>;

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(MESSAGES, code);
}

/** The `{name}`s a message uses, in order of first use. */
export function messageParameters(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
}

/** `code`'s message in `locale`, its parameters filled in; a missing parameter is left as `{name}`. */
export function renderMessage(code: MessageCode, locale: MessageLocale, params: MessageParams = {}): string {
  return MESSAGES[code][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The English text, which is what a rule's check helper and an Error's own `message` carry. */
export const englishMessage = (code: MessageCode, params?: MessageParams): string =>
  renderMessage(code, 'en', params);

/**
 * One problem with one field, as the API answers it in a `details` entry: `field` names it
 * (`a.0.b`, `(body)`, `query.<name>`, `header.<name>`), `code` is stable, `message` in a language.
 * Internally a detail also keeps the rule's parameters, so it can be told again in another language.
 */
export interface FieldError {
  field: string;
  code?: MessageCode;
  params?: MessageParams;
  message: string;
}

/** The answer's form of a detail: no parameters, and always a code. */
export interface ErrorDetail {
  field: string;
  code: MessageCode;
  message: string;
}

/** A detail for `field` by its rule, its message in English (re-told per request by `localiseDetail`). */
export function fieldError(field: string, code: MessageCode, params?: MessageParams): FieldError {
  return { field, code, ...(params ? { params } : {}), message: englishMessage(code, params) };
}

/** A detail in `locale`. One without a code (made elsewhere by hand) keeps its text, under `invalid`. */
export function localiseDetail(detail: FieldError, locale: MessageLocale): ErrorDetail {
  if (!detail.code) return { field: detail.field, code: 'invalid', message: detail.message };
  return {
    field: detail.field,
    code: detail.code,
    message: renderMessage(detail.code, locale, detail.params),
  };
}

/**
 * What a zod schema says for a rule of its own: custom issues carry `params: { code, ...params }`
 * (`ruleIssue`); a built-in check (`.min`, `z.number`) whose words differ from the generic ones takes
 * `{ error: ruleMessage(code) }`, a code without parameters, found again by its English text.
 */
export function ruleIssue(
  code: MessageCode,
  params: MessageParams = {},
  extra: { path?: PropertyKey[]; continue?: boolean } = {},
) {
  return {
    code: 'custom' as const,
    message: englishMessage(code, params),
    params: { ...params, code },
    ...extra,
  };
}

type Parameterless = {
  [C in MessageCode]: (typeof MESSAGES)[C]['en'] extends `${string}{${string}}${string}` ? never : C;
}[MessageCode];

const BY_ENGLISH_RULE = new Map<string, MessageCode>();

/** `{ error }` for a built-in zod check that says what the rule `code` says. */
export function ruleMessage(code: Parameterless): { error: string } {
  const text = englishMessage(code);
  BY_ENGLISH_RULE.set(text, code);
  return { error: text };
}

/** Where a field is, as `details` name it: `a.0.b`, or `(body)` for the whole. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  return [prefix, ...path.map(String)].filter((p) => p !== '').join('.') || '(body)';
}

type Issue = z.core.$ZodIssue;

function sizeOf(value: number | bigint): number | string {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** The generic code of a zod issue, by its kind, and its parameters. */
function genericCode(issue: Issue): { code: MessageCode; params?: MessageParams } {
  switch (issue.code) {
    case 'invalid_type': {
      const received = (issue as { input?: unknown }).input;
      const absent = 'input' in issue ? received === undefined : /received undefined$/.test(issue.message);
      // A field left out is required; a body left out is a body of the wrong type.
      if (absent && issue.path.length > 0) return { code: 'required' };
      switch (issue.expected) {
        case 'string':
          return { code: 'type.string' };
        case 'number':
        case 'nan':
          return { code: 'type.number' };
        case 'int':
          return { code: 'type.integer' };
        case 'boolean':
          return { code: 'type.boolean' };
        case 'object':
        case 'record':
          return { code: 'type.object' };
        case 'array':
        case 'tuple':
          return { code: 'type.array' };
        default:
          return { code: 'type.other', params: { expected: String(issue.expected) } };
      }
    }
    case 'too_small': {
      const min = sizeOf(issue.minimum);
      if (issue.origin === 'string') {
        if (issue.exact) return { code: 'string.length', params: { length: min } };
        return Number(min) <= 1 ? { code: 'string.empty' } : { code: 'string.too_short', params: { min } };
      }
      if (issue.origin === 'array' || issue.origin === 'set')
        return { code: 'array.too_short', params: { min } };
      return issue.inclusive === false
        ? { code: 'number.not_above', params: { min } }
        : { code: 'number.too_small', params: { min } };
    }
    case 'too_big': {
      const max = sizeOf(issue.maximum);
      if (issue.origin === 'string')
        return issue.exact
          ? { code: 'string.length', params: { length: max } }
          : { code: 'string.too_long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { code: 'array.too_long', params: { max } };
      return issue.inclusive === false
        ? { code: 'number.not_below', params: { max } }
        : { code: 'number.too_big', params: { max } };
    }
    case 'invalid_format':
      if (issue.format === 'email') return { code: 'format.email' };
      if (issue.format === 'uuid' || issue.format === 'guid') return { code: 'format.uuid' };
      return { code: 'format.other', params: { format: issue.format } };
    case 'invalid_value':
      return {
        code: 'enum',
        params: { values: issue.values.map((v) => (typeof v === 'string' ? v : String(v))).join(', ') },
      };
    case 'not_multiple_of':
      return { code: 'number.not_multiple', params: { divisor: sizeOf(issue.divisor) } };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    default:
      return { code: 'invalid' };
  }
}

function ownParams(params: Record<string, unknown> | undefined): MessageParams {
  const own: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {}))
    if (k !== 'code' && (typeof v === 'string' || typeof v === 'number')) own[k] = v;
  return own;
}

/**
 * The details one zod issue makes, each with its stable code, its parameters and its message in
 * `locale`. An unknown key is named one by one. A custom issue without a code (no rule of this
 * project) keeps its own words under `invalid`, so nothing said is lost.
 */
export function issueDetails(issue: Issue, prefix = '', locale: MessageLocale = 'en'): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: fieldPath([...issue.path, key], prefix),
      code: 'unknown_field' as const,
      message: renderMessage('unknown_field', locale),
    }));
  }
  const field = fieldPath(issue.path, prefix);
  if (issue.code === 'custom') {
    const code = (issue.params as { code?: unknown } | undefined)?.code;
    if (isMessageCode(code)) {
      const params = ownParams(issue.params);
      return [
        {
          field,
          code,
          ...(Object.keys(params).length > 0 ? { params } : {}),
          message: renderMessage(code, locale, params),
        },
      ];
    }
  }
  const rule = BY_ENGLISH_RULE.get(issue.message);
  if (rule) return [{ field, code: rule, message: renderMessage(rule, locale) }];
  if (issue.code === 'custom')
    return [
      { field, code: 'invalid', message: locale === 'en' ? issue.message : renderMessage('invalid', locale) },
    ];
  const { code, params } = genericCode(issue);
  return [{ field, code, ...(params ? { params } : {}), message: renderMessage(code, locale, params) }];
}

/** Every problem zod found, one entry per field and unknown key, in `locale` (English by default). */
export function zodDetails(error: z.ZodError, prefix = '', locale: MessageLocale = 'en'): FieldError[] {
  return error.issues.flatMap((issue) => issueDetails(issue, prefix, locale));
}

/** The answer's form of zod's problems: `{ field, code, message }` in `locale` (the console's form errors). */
export function zodErrorDetails(error: z.ZodError, locale: MessageLocale, prefix = ''): ErrorDetail[] {
  return zodDetails(error, prefix, locale).map((d) => localiseDetail(d, locale));
}

/**
 * The language an `Accept-Language` header asks for among those Uplift speaks: `zh`, `zh-CN`,
 * `zh-Hans`… are zh-CN, `en-*` is en; q-values rank them (q=0 refuses one), `*` takes the fallback.
 * No header, or nothing Uplift speaks, gives `fallback`.
 */
export function negotiateLocale(
  header: string | readonly string[] | null | undefined,
  fallback: MessageLocale = 'en',
): MessageLocale {
  const text = Array.isArray(header) ? header.join(',') : (header as string | null | undefined);
  if (!text) return fallback;
  let best: { locale: MessageLocale; q: number; order: number } | null = null;
  text
    .split(',')
    .slice(0, 32)
    .forEach((part, order) => {
      const [rawTag, ...attributes] = part.trim().split(';');
      const tag = rawTag.trim().toLowerCase();
      let q = 1;
      for (const attribute of attributes) {
        const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(attribute);
        if (m) q = Number(m[1]);
      }
      if (!Number.isFinite(q) || q <= 0 || q > 1) return;
      const locale: MessageLocale | null =
        tag === '*' ? fallback : /^zh(-|$)/.test(tag) ? 'zh-CN' : /^en(-|$)/.test(tag) ? 'en' : null;
      if (!locale) return;
      if (!best || q > best.q) best = { locale, q, order };
    });
  return (best as { locale: MessageLocale } | null)?.locale ?? fallback;
}
