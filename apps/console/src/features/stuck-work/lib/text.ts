import { useLocale, type Locale } from '../../../lib/i18n';

/** The stuck-work page's words: Chinese first. */
const ZH = {
  title: '卡住的任务',
  nav: '卡住的任务',
  intro: (attempts: number, minutes: number) =>
    `后台任务反复失败（如邮件服务器不可用）时在此列出：已失败 ${attempts} 次以上，或持续失败 ${minutes} 分钟以上。`,
  empty: '没有卡住的任务',
  enterprise: '企业',
  round: '批次',
  activity: '任务',
  attempts: '失败次数',
  attemptsValue: (n: number) => `${n} 次`,
  since: '首次失败（北京时间）',
  lastError: '最近错误',
  actions: '操作',
  notAJourney: '（非企业帮扶流程）',
  retry: '重试',
  retryLabel: (what: string) => `立即重试：${what}`,
  retryConfirm: '立即重试此任务？（不再等待退避时间）',
  retried: '已安排立即重试',
  skip: '跳过',
  skipLabel: (what: string) => `跳过：${what}`,
  skipConfirm: '跳过这封邮件？它将不再发送，帮扶流程继续进行。此操作会记录在审计日志中。',
  skipped: '已跳过，邮件将不再发送',
  skipRequested: '已跳过',
  onlyEmails: '只能跳过邮件通知',
  ok: '确定',
  cancel: '取消',
  refresh: '刷新',
  /** Activities by their Temporal type; emails by their template. */
  activities: {
    recordJourney: '更新帮扶记录',
    launchPendingJourneys: '启动帮扶流程',
  } as Record<string, string>,
  emails: {
    assignment: '发送指派通知邮件',
    reminder: '发送提醒邮件',
    escalation: '发送上报邮件',
    evaluation_request: '发送评估邀请邮件',
  } as Record<string, string>,
  otherEmail: '发送邮件',
  otherActivity: (type: string) => `后台任务（${type}）`,
};

type Text = typeof ZH;

const EN: Text = {
  title: 'Stuck work',
  nav: 'Stuck work',
  intro: (attempts, minutes) =>
    `Background work that keeps failing (a mail server that is down, say): failed ${attempts} times or more, or failing for ${minutes} minutes or more.`,
  empty: 'Nothing is stuck',
  enterprise: 'Enterprise',
  round: 'Round',
  activity: 'Work',
  attempts: 'Failures',
  attemptsValue: (n) => `${n} ×`,
  since: 'First failed (Beijing time)',
  lastError: 'Last error',
  actions: 'Actions',
  notAJourney: '(not a journey)',
  retry: 'Retry',
  retryLabel: (what) => `Retry now: ${what}`,
  retryConfirm: 'Retry this now, without waiting for its backoff?',
  retried: 'Retry scheduled now',
  skip: 'Skip',
  skipLabel: (what) => `Skip: ${what}`,
  skipConfirm: 'Skip this email? It will never be sent, and the journey goes on. The audit log records it.',
  skipped: 'Skipped: the email will not be sent',
  skipRequested: 'Skipped',
  onlyEmails: 'Only emails can be skipped',
  ok: 'OK',
  cancel: 'Cancel',
  refresh: 'Refresh',
  activities: {
    recordJourney: 'Update the journey record',
    launchPendingJourneys: 'Launch journeys',
  },
  emails: {
    assignment: 'Send the assignment email',
    reminder: 'Send a reminder email',
    escalation: 'Send an escalation email',
    evaluation_request: 'Send an evaluation request',
  },
  otherEmail: 'Send an email',
  otherActivity: (type) => `Background work (${type})`,
};

const TEXT: Record<Locale, Text> = { 'zh-CN': ZH, en: EN };

export function useStuckWorkText(): Text {
  return TEXT[useLocale().locale];
}

/** What the activity does, in words: an email by its template, anything else by its type. */
export function activityName(
  t: Text,
  activity: { activityType: string; emailTemplate: string | null },
): string {
  if (activity.activityType === 'sendNotification')
    return (activity.emailTemplate && t.emails[activity.emailTemplate]) || t.otherEmail;
  return t.activities[activity.activityType] ?? t.otherActivity(activity.activityType);
}
