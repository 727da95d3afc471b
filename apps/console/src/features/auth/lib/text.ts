import { useLocale, type Locale } from '../../../lib/i18n';

/** The words of the signed-in person's own preferences: Chinese first. */
const ZH = {
  notificationMode: '通知方式',
  modes: {
    digest: '每日汇总',
    immediate: '即时邮件',
    round: '跟随批次设置',
  },
  modeHint: '提醒与升级邮件如何发给您；企业的邮件不受影响',
  saved: '通知方式已保存',
  failed: '未能保存通知方式',
};
type Words = typeof ZH;
const EN: Words = {
  notificationMode: 'Notifications',
  modes: {
    digest: 'Daily digest',
    immediate: 'Immediate emails',
    round: "As the round's settings",
  },
  modeHint: 'How reminders and escalations reach you; enterprises’ emails are not affected',
  saved: 'Saved',
  failed: 'Could not save',
};
const WORDS: Record<Locale, Words> = { 'zh-CN': ZH, en: EN };

export function usePreferenceText(): Words {
  return WORDS[useLocale().locale];
}
