import { useLocale, type Locale } from '../../../lib/i18n';

/** The principals page's words: Chinese first. */
const ZH = {
  nav: '账号',
  title: '账号管理',
  intro:
    '监管部门、认证机构和系统管理员的账号。新账号创建后发送邀请，本人通过邮件链接设置密码后即可登录控制台；API 密钥只在创建或轮换时显示一次。',
  create: '新建账号',
  name: '名称',
  email: '邮箱',
  nameAndEmail: '名称 / 邮箱',
  role: '角色',
  scope: '认证机构 / 辖区',
  status: '状态',
  active: '有效',
  revoked: '已吊销',
  bootstrap: '初始管理员',
  createdAt: '创建时间（北京时间）',
  key: 'API 密钥前缀',
  actions: '操作',
  empty: '还没有账号',
  regionCode: '辖区（行政区划代码）',
  regionHelp: (name: string | null) => (name ? `辖区：${name}` : '6 位行政区划代码，如 330000（浙江省）'),
  certificationBody: '认证机构',
  pickBody: '选择认证机构',
  pickRole: '选择角色',
  submit: '创建',
  cancel: '取消',
  ok: '确定',
  created: (name: string) => `已创建账号：${name}`,
  invite: '发送邀请',
  inviteLabel: (name: string) => `发送邀请：${name}`,
  invited: (email: string) => `邀请邮件已发送至 ${email}（72 小时内有效）`,
  revoke: '吊销',
  revokeLabel: (name: string) => `吊销：${name}`,
  revokeConfirm: (name: string) =>
    `吊销 ${name} 的账号？其 API 密钥和登录会话立即失效，且不能恢复。此操作会记录在审计日志中。`,
  revokedDone: (name: string) => `已吊销：${name}`,
  rotate: '轮换密钥',
  rotateLabel: (name: string) => `轮换密钥：${name}`,
  rotateConfirm: (name: string) => `为 ${name} 生成新的 API 密钥？旧密钥立即失效。`,
  keyTitle: (name: string) => `${name} 的 API 密钥`,
  keyOnce: '密钥只显示这一次，Uplift 只保存其摘要。请立即复制并妥善保存；关闭后无法再次查看。',
  keyCopied: '已复制',
  copy: '复制密钥',
  close: '我已保存，关闭',
  failed: '操作失败',
};

type Text = typeof ZH;

const EN: Text = {
  nav: 'People',
  title: 'People and keys',
  intro:
    'Accounts of regulators, certification bodies and admins. Invite a new account: the person sets a password from the emailed link and signs in to the console. An API key is shown once, when it is created or rotated.',
  create: 'New account',
  name: 'Name',
  email: 'Email',
  nameAndEmail: 'Name / email',
  role: 'Role',
  scope: 'Body / division',
  status: 'Status',
  active: 'Active',
  revoked: 'Revoked',
  bootstrap: 'Bootstrap admin',
  createdAt: 'Created (Beijing time)',
  key: 'API key prefix',
  actions: 'Actions',
  empty: 'No accounts yet',
  regionCode: 'Division (code)',
  regionHelp: (name) => (name ? `Division: ${name}` : 'A 6-digit division code, e.g. 330000 (Zhejiang)'),
  certificationBody: 'Certification body',
  pickBody: 'Choose a certification body',
  pickRole: 'Choose a role',
  submit: 'Create',
  cancel: 'Cancel',
  ok: 'OK',
  created: (name) => `Account created: ${name}`,
  invite: 'Invite',
  inviteLabel: (name) => `Invite: ${name}`,
  invited: (email) => `Invitation sent to ${email} (valid 72 h)`,
  revoke: 'Revoke',
  revokeLabel: (name) => `Revoke: ${name}`,
  revokeConfirm: (name) =>
    `Revoke ${name}? Their API key and console sessions stop working at once, for good. The audit log records it.`,
  revokedDone: (name) => `Revoked: ${name}`,
  rotate: 'Rotate key',
  rotateLabel: (name) => `Rotate key: ${name}`,
  rotateConfirm: (name) => `Give ${name} a new API key? The old key stops working at once.`,
  keyTitle: (name) => `API key of ${name}`,
  keyOnce:
    'The key is shown this once; Uplift keeps only its hash. Copy it now and store it safely: it cannot be shown again.',
  keyCopied: 'Copied',
  copy: 'Copy key',
  close: 'I have stored it, close',
  failed: 'Failed',
};

const TEXT: Record<Locale, Text> = { 'zh-CN': ZH, en: EN };

export function usePrincipalsText(): Text {
  return TEXT[useLocale().locale];
}
