import { Alert, Descriptions, Flex, Steps, Tag, Typography } from 'antd';
import type { Journey } from '../api/get-journey';
import { daysUntil, dateTime, number } from '../lib/format';
import { PATH, reachedIndex } from '../lib/due-steps';
import { useJourneyText } from '../lib/text';

const ENDED = ['rejected', 'withdrawn', 'cancelled'] as const;

/** The enterprise, its round and body, the stages as a stepper, the deadline and whether it passed. */
export function JourneySummary({
  journey,
  roundName,
  bodyName,
}: {
  journey: Journey;
  roundName: string | undefined;
  bodyName: string | undefined;
}) {
  const { t, l, locale } = useJourneyText();
  const e = journey.enterprise;
  const section = /^[A-T]/.test(e.industryCode) ? e.industryCode[0] : undefined;
  const industry = section
    ? `${(l.industrySections as Record<string, string>)[section]}（${e.industryCode}）`
    : e.industryCode;
  const ended = (ENDED as readonly string[]).includes(journey.stage);
  const reached = reachedIndex(journey);
  const current = journey.stage === 'completed' ? PATH.length : reached;
  const days = journey.deadline ? daysUntil(journey.deadline) : null;
  const overdue = journey.stalled || (days !== null && days < 0);
  const endRecord = journey.withdrawal ?? journey.cancellation ?? null;

  return (
    <Flex vertical gap="large">
      <section aria-labelledby="journey-stage">
        <Typography.Title level={2} id="journey-stage" className="uplift-visually-hidden">
          {t.stage}
        </Typography.Title>
        <Steps
          responsive
          current={current}
          status={ended ? 'error' : journey.stage === 'completed' ? 'finish' : 'process'}
          items={PATH.map((stage, i) => ({
            title:
              ended && i === reached ? `${l.stages[stage]} · ${l.stages[journey.stage]}` : l.stages[stage],
          }))}
        />
      </section>
      {ended && (
        <Alert
          type="error"
          showIcon
          title={`${t.ended}：${l.stages[journey.stage]}`}
          description={
            journey.stage === 'rejected'
              ? journey.screening?.reason
              : endRecord
                ? `${endRecord.reason}（${t.endedBy(endRecord.by.name, dateTime(endRecord.at, locale))}）`
                : undefined
          }
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
        items={[
          {
            key: 'stage',
            label: t.stage,
            children: <Tag color={ended ? 'red' : 'blue'}>{l.stages[journey.stage]}</Tag>,
          },
          {
            key: 'deadline',
            label: t.deadline,
            children: journey.deadline ? (
              <Flex gap="small" wrap>
                <span>{dateTime(journey.deadline, locale)}</span>
                {overdue ? (
                  <Tag color="error">{t.overdue(Math.max(1, -(days ?? 0)))}</Tag>
                ) : (
                  days !== null && <Tag>{t.dueIn(days)}</Tag>
                )}
                {journey.reminders.escalated && <Tag color="warning">{t.escalated}</Tag>}
              </Flex>
            ) : (
              t.noDeadline
            ),
          },
          {
            key: 'body',
            label: t.certificationBody,
            children: bodyName ?? (journey.certificationBodyId ? '—' : t.notAssigned),
          },
          ...(roundName ? [{ key: 'round', label: t.round, children: roundName }] : []),
        ]}
      />
      <section aria-labelledby="journey-enterprise">
        <Typography.Title level={2} id="journey-enterprise">
          {t.enterprise}
        </Typography.Title>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
          items={[
            { key: 'name', label: t.name, children: e.name },
            { key: 'uscc', label: t.uscc, children: <span className="uplift-code">{e.uscc}</span> },
            {
              key: 'region',
              label: t.region,
              children: journey.regionName ? `${journey.regionName}（${e.regionCode}）` : e.regionCode,
            },
            { key: 'industry', label: t.industry, children: industry },
            { key: 'contact', label: t.contact, children: e.contactName ?? '—' },
            { key: 'email', label: t.email, children: e.email },
            ...(e.employees !== undefined
              ? [
                  {
                    key: 'employees',
                    label: t.employees,
                    children: `${number(e.employees, locale)} ${t.employeesUnit}`,
                  },
                ]
              : []),
            ...(e.annualRevenue !== undefined
              ? [
                  {
                    key: 'revenue',
                    label: t.annualRevenue,
                    children: `${number(e.annualRevenue, locale)} ${l.units.revenue}`,
                  },
                ]
              : []),
          ]}
        />
      </section>
    </Flex>
  );
}
