import { Alert, Collapse, Skeleton, Timeline, Typography } from 'antd';
import { useJourneyHistory, type HistoryEvent } from '../api/get-history';
import { dateTime } from '../lib/format';
import { timelineEntries } from '../lib/timeline';
import { useJourneyText } from '../lib/text';

/** The journey's history in the reader's words: what happened, when (Beijing time) and by whom. */
export function JourneyTimeline({ journeyId }: { journeyId: string }) {
  const { t, l, locale } = useJourneyText();
  const history = useJourneyHistory(journeyId);
  const stage = (s: unknown) => (typeof s === 'string' ? ((l.stages as Record<string, string>)[s] ?? s) : '');
  const stepName = (s: unknown) =>
    typeof s === 'string' ? ((l.steps as Record<string, string>)[s] ?? s) : '';

  const describe = (e: HistoryEvent, version: number | null) => {
    const who = e.actor
      ? `${e.actor.name}（${(l.roles as Record<string, string>)[e.actor.role] ?? e.actor.role}）`
      : null;
    switch (e.type) {
      case 'step': {
        const n = typeof e.details.evaluation === 'number' ? ` ${t.evaluationNo(e.details.evaluation)}` : '';
        const v = version !== null ? `（${t.version(version)}）` : '';
        return { title: `${stepName(e.details.step)}${n}${v}`, who };
      }
      case 'stage_changed':
        return {
          title: `${t.historyTypes.stage_changed}：${t.stageChange(stage(e.details.from), stage(e.details.to))}`,
          who,
        };
      case 'evaluation_due':
        return {
          title: `${t.historyTypes.evaluation_due}：${t.evaluationNo(Number(e.details.evaluation))}`,
          who,
        };
      case 'email_sent':
      case 'escalation_sent':
        return {
          title: `${t.historyTypes[e.type]}${e.details.step ? `：${stepName(e.details.step)}` : ''}`,
          who,
        };
      case 'step_refused':
        return {
          title: `${t.historyTypes.step_refused}：${stepName(String(e.details.step ?? '').split('/')[0])}`,
          who,
        };
      default:
        return { title: t.historyTypes[e.type] ?? e.summary, who };
    }
  };

  if (history.isPending) return <Skeleton active />;
  if (history.isError) return <Alert type="warning" showIcon title={t.timelineFailed} />;

  const entries = timelineEntries(history.data);
  return (
    <Timeline
      items={entries.map((entry, i) => {
        if (entry.kind === 'reminders') {
          const n = entry.events.length;
          const last = entry.events[n - 1];
          return {
            key: `r${i}`,
            color: 'orange',
            title: dateTime(last.at, locale),
            content: (
              <Collapse
                size="small"
                ghost
                items={[
                  {
                    key: 'r',
                    label: t.remindersFolded(n),
                    children: (
                      <ul className="uplift-plain-list">
                        {entry.events.map((e) => (
                          <li key={e.at}>
                            {dateTime(e.at, locale)} · {stepName(e.details.step)}
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]}
              />
            ),
          };
        }
        const { title, who } = describe(entry.event, entry.version);
        const color =
          entry.event.type === 'step_refused' ||
          entry.event.type === 'stalled' ||
          entry.event.type === 'email_failed'
            ? 'red'
            : entry.event.type === 'step'
              ? 'green'
              : 'blue';
        return {
          key: `e${i}`,
          color,
          title: dateTime(entry.event.at, locale),
          content: (
            <div>
              <Typography.Text>{title}</Typography.Text>
              {who && (
                <div>
                  <Typography.Text type="secondary">{who}</Typography.Text>
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
