import { App, Button, Descriptions, Empty, Flex, List, Table, Tag, Typography } from 'antd';
import { DIMENSIONS } from '@uplift/domain/journey';
import type { ReactNode } from 'react';
import type { Journey } from '../api/get-journey';
import { useResendLink } from '../api/resend-link';
import { date, dateTime, number } from '../lib/format';
import { progressByMeasure } from '../lib/progress';
import { useJourneyText } from '../lib/text';
import { IMPROVEMENT_AREA_NAMES, OPTIONAL_METRIC_NAMES, type ImprovementArea } from '@uplift/domain/survey';
import { METRICS } from './metrics-fields';

type Metrics = Record<(typeof METRICS)[number], number> &
  Partial<Record<(typeof OPTIONAL_METRIC_NAMES)[number], number>>;

function Section({
  id,
  title,
  by,
  children,
}: {
  id: string;
  title: string;
  by?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="uplift-record">
      <Typography.Title level={3} id={id}>
        {title}
      </Typography.Title>
      {by && <Typography.Paragraph type="secondary">{by}</Typography.Paragraph>}
      {children}
    </section>
  );
}

function MetricsTable({ metrics }: { metrics: Metrics }) {
  const { l, locale } = useJourneyText();
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 2, lg: 3 }}
      items={[
        ...METRICS.map((m) => ({
          key: m,
          label: l.metrics[m],
          children: `${number(metrics[m], locale)} ${l.units[m]}`,
        })),
        // The optional figures only where given.
        ...OPTIONAL_METRIC_NAMES.filter((m) => metrics[m] !== undefined).map((m) => ({
          key: m,
          label: l.metrics[m],
          children: `${number(metrics[m]!, locale)} ${l.units[m]}`,
        })),
      ]}
    />
  );
}

/** Everything recorded on the journey, readable: what each step gave, when and by whom. */
export function JourneyRecords({ journey, canResend }: { journey: Journey; canResend: boolean }) {
  const { t, l, locale } = useJourneyText();
  const { message } = App.useApp();
  const resend = useResendLink(journey.id);
  const by = (r: { at: string; by: { name: string } }) => t.recordedBy(r.by.name, dateTime(r.at, locale));
  const progress = progressByMeasure(journey.progress);
  const nothing =
    !journey.screening &&
    !journey.diagnosis &&
    !journey.plan &&
    !journey.completion &&
    !journey.certification;

  return (
    <Flex vertical gap="large">
      {nothing && journey.evaluations.length === 0 && <Empty description={t.nothingYet} />}
      {journey.screening && (
        <Section id="record-screening" title={t.screening} by={by(journey.screening)}>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'd',
                label: t.screening,
                children: l.screeningDecisions[journey.screening.decision],
              },
              ...(journey.screening.reason
                ? [{ key: 'r', label: t.reason, children: journey.screening.reason }]
                : []),
            ]}
          />
        </Section>
      )}
      {journey.diagnosis && (
        <Section
          id="record-diagnosis"
          title={
            journey.diagnosis.version > 1
              ? `${t.diagnosis}（${t.version(journey.diagnosis.version)}）`
              : t.diagnosis
          }
          by={by(journey.diagnosis)}
        >
          <Typography.Title level={4}>{t.findings}</Typography.Title>
          {DIMENSIONS.map((d) => {
            const findings = journey.diagnosis!.findings.filter((f) => f.dimension === d);
            if (findings.length === 0) return null;
            return (
              <div key={d} className="uplift-dimension">
                <Typography.Text strong>{l.dimensions[d]}</Typography.Text>
                <List
                  size="small"
                  dataSource={findings}
                  renderItem={(f) => (
                    <List.Item>
                      <div>
                        <Typography.Text>{f.category}</Typography.Text>
                        <Typography.Paragraph type="secondary" className="uplift-pre">
                          {f.description}
                        </Typography.Paragraph>
                      </div>
                    </List.Item>
                  )}
                />
              </div>
            );
          })}
          <Typography.Title level={4}>{t.baseline}</Typography.Title>
          <MetricsTable metrics={journey.diagnosis.baseline} />
        </Section>
      )}
      {journey.plan && (
        <Section
          id="record-plan"
          title={journey.plan.version > 1 ? `${t.plan}（${t.version(journey.plan.version)}）` : t.plan}
          by={by(journey.plan)}
        >
          <Table
            size="small"
            pagination={false}
            rowKey={(m) => `${m.title}|${m.owner}|${m.dueDate}`}
            dataSource={journey.plan.measures}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'title', title: t.measure, dataIndex: 'title' },
              { key: 'owner', title: t.owner, dataIndex: 'owner' },
              { key: 'due', title: t.dueDate, dataIndex: 'dueDate', render: (d: string) => date(d, locale) },
              {
                key: 'progress',
                title: t.progress,
                render: (_: unknown, m) => {
                  const p = progress.get(m.title);
                  if (!p) return <Tag>{l.progressStatuses.planned}</Tag>;
                  const color =
                    p.status === 'done' ? 'success' : p.status === 'in_progress' ? 'processing' : 'default';
                  return (
                    <Flex vertical gap={4}>
                      <span>
                        <Tag color={color}>{l.progressStatuses[p.status]}</Tag>
                      </span>
                      {p.note && <Typography.Text type="secondary">{p.note}</Typography.Text>}
                    </Flex>
                  );
                },
              },
            ]}
          />
        </Section>
      )}
      {journey.completion && (
        <Section id="record-completion" title={t.completion} by={by(journey.completion)}>
          <Typography.Paragraph className="uplift-pre">{journey.completion.summary}</Typography.Paragraph>
        </Section>
      )}
      {journey.certification && (
        <Section id="record-certification" title={t.certification} by={by(journey.certification)}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'o',
                label: t.outcome,
                children: l.certificationOutcomes[journey.certification.outcome],
              },
              ...(journey.certification.outcome === 'certified'
                ? [
                    {
                      key: 'n',
                      label: t.certificateNumber,
                      children: journey.certification.certificateNumber,
                    },
                    { key: 's', label: t.standard, children: journey.certification.standard ?? '—' },
                    { key: 'i', label: t.issuedOn, children: date(journey.certification.issuedOn, locale) },
                    { key: 'e', label: t.expiresOn, children: date(journey.certification.expiresOn, locale) },
                  ]
                : journey.certification.reason
                  ? [{ key: 'r', label: t.reason, children: journey.certification.reason }]
                  : []),
            ]}
          />
        </Section>
      )}
      {journey.evaluations.length > 0 && (
        <Section id="record-evaluations" title={t.evaluations}>
          <Flex vertical gap="middle">
            {journey.evaluations.map((e) => {
              const state = e.answeredAt
                ? t.evaluationAnswered
                : e.openedAt
                  ? t.evaluationOpen
                  : t.evaluationNotYet;
              const open = e.openedAt !== null && e.answeredAt === null;
              return (
                <div key={e.n} className="uplift-evaluation">
                  <Flex justify="space-between" align="center" wrap gap="small">
                    <Typography.Title level={4} style={{ margin: 0 }}>
                      {t.evaluationNo(e.n)}
                    </Typography.Title>
                    {open && canResend && (
                      <Button
                        loading={resend.isPending}
                        onClick={() =>
                          resend.mutate(e.n, {
                            onSuccess: () => void message.success(t.resent),
                            onError: (err) => void message.error(err.message),
                          })
                        }
                      >
                        {t.resendLink}
                      </Button>
                    )}
                  </Flex>
                  <Descriptions
                    size="small"
                    column={{ xs: 1, md: 3 }}
                    items={[
                      { key: 'due', label: t.evaluationDue, children: dateTime(e.dueAt, locale) },
                      {
                        key: 'state',
                        label: t.evaluationState,
                        // Blue, not processing: its text keeps 4.5:1 contrast on the tag (WCAG AA).
                        children: (
                          <Tag color={e.answeredAt ? 'success' : open ? 'blue' : 'default'}>{state}</Tag>
                        ),
                      },
                      ...(e.answeredAt
                        ? [
                            {
                              key: 'who',
                              label: t.evaluationAnswered,
                              children: `${
                                e.via === 'link'
                                  ? t.answeredViaLink
                                  : t.answeredByBody(e.by?.name ?? t.system)
                              } · ${dateTime(e.answeredAt, locale)}`,
                            },
                          ]
                        : []),
                    ]}
                  />
                  {e.answer && (
                    <>
                      <Descriptions
                        size="small"
                        column={{ xs: 1, md: 2 }}
                        items={[
                          {
                            key: 's',
                            label: t.satisfactionQ,
                            children: l.satisfaction[e.answer.satisfaction],
                          },
                          {
                            key: 'f',
                            label: t.effectivenessQ,
                            children: l.effectiveness[e.answer.effectiveness],
                          },
                          // Asked since the reports issue: an earlier answer shows "not asked".
                          {
                            key: 'u',
                            label: t.followUpQ,
                            children: e.answer.followUpSatisfaction
                              ? l.satisfaction[e.answer.followUpSatisfaction]
                              : t.notAsked,
                          },
                          {
                            key: 'i',
                            label: t.improvementsQ,
                            children: e.answer.improvements
                              ? e.answer.improvements
                                  .map(
                                    (a) =>
                                      IMPROVEMENT_AREA_NAMES[a as ImprovementArea][
                                        locale === 'en' ? 'en' : 'zh'
                                      ],
                                  )
                                  .join('、') || t.none
                              : t.notAsked,
                          },
                          {
                            key: 'p',
                            label: t.problemsSolvedQ,
                            children:
                              e.answer.problemsSolved === undefined
                                ? t.notAsked
                                : number(e.answer.problemsSolved, locale),
                          },
                        ]}
                      />
                      <MetricsTable metrics={e.answer.metrics} />
                    </>
                  )}
                </div>
              );
            })}
          </Flex>
        </Section>
      )}
    </Flex>
  );
}
