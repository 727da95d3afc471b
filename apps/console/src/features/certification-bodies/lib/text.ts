import { useLocale, type Locale } from '../../../lib/i18n';

/** The certification bodies page's words: Chinese first. */
const ZH = {
  nav: '认证机构',
  title: '认证机构',
  intro:
    '经国家认监委批准的认证机构，按批准号登记。登记后，监管部门可将企业指派给它；再为它创建“认证机构”角色的账号。',
  code: '批准号',
  name: '名称',
  email: '联系邮箱',
  locale: '邮件语言',
  locales: { 'zh-CN': '中文', en: '英文' } as Record<string, string>,
  empty: '还没有认证机构',
  create: '登记认证机构',
  submit: '登记',
  cancel: '取消',
  codeHelp: '国家认监委批准号，如 CNCA-R-2002-001',
  created: (name: string) => `已登记：${name}`,
};

type Text = typeof ZH;

const EN: Text = {
  nav: 'Certification bodies',
  title: 'Certification bodies',
  intro:
    'Bodies approved by CNCA, by approval number. Once registered, regulators can assign enterprises to one; then create an account with the certification body role for it.',
  code: 'Approval number',
  name: 'Name',
  email: 'Email',
  locale: 'Email language',
  locales: { 'zh-CN': 'Chinese', en: 'English' },
  empty: 'No certification bodies yet',
  create: 'Register a body',
  submit: 'Register',
  cancel: 'Cancel',
  codeHelp: 'The CNCA approval number, e.g. CNCA-R-2002-001',
  created: (name) => `Registered: ${name}`,
};

const TEXT: Record<Locale, Text> = { 'zh-CN': ZH, en: EN };

export function useCertificationBodiesText(): Text {
  return TEXT[useLocale().locale];
}
