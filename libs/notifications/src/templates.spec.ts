import { STEP_NAMES, stepDefinition, whoMustActKey } from '@uplift/domain';
import { LOCALES, TemplateRenderer } from './templates';

describe('emails rendered from stored names', () => {
  const renderer = new TemplateRenderer();
  const vars = (name: string) => ({
    recipientName: `收件人\r\nBcc: victim@evil.example`,
    roundName: '2026年第一批\n',
    enterpriseName: name,
    uscc: '91350100M000100Y43',
    contactName: '-',
    enterpriseEmail: 'owner@enterprise.example',
    stepLabel: 'diagnosis',
    action: 'record the diagnosis',
    responsible: 'the certification body',
    evaluation: 0,
    deadline: '2026-12-01',
    stalledSince: '-',
    remindersSent: 1,
    reminderNumber: 1,
    reminderMax: 3,
    link: '',
    linkExpires: '-',
    journeyId: 'journey-x',
    journeyUrl: 'http://localhost/console/journeys/journey-x',
  });

  it.each(['en', 'zh-CN'] as const)(
    'puts no line break or bidirectional control into a %s subject',
    (locale) => {
      for (const template of ['assignment', 'reassignment', 'reminder', 'escalation'] as const) {
        const email = renderer.render(
          template,
          locale,
          vars('ACME\r\nBcc: victim@evil.example\u202Egnp.exe'),
        );
        expect(email.subject).not.toMatch(/[\r\n\u2028\u2029\u202A-\u202E\u2066-\u2069]/);
        expect(email.subject).toContain('ACME Bcc: victim@evil.example');
      }
    },
  );

  it('keeps each stored name on its line of the body', () => {
    const email = renderer.render('reminder', 'en', vars('ACME\r\n\r\nPlease pay to account 123'));
    expect(email.text).toContain('ACME Please pay to account 123');
    expect(email.text).not.toMatch(/^Please pay/m);
    expect(email.text).not.toMatch(/^Bcc:/m);
  });
});

describe('labels', () => {
  const renderer = new TemplateRenderer();
  const keys = (values: (string | null)[]) =>
    [...new Set(values.filter((v): v is string => v !== null))].sort();

  it.each(LOCALES)('in %s name exactly the steps the step table labels, and whoever must act', (locale) => {
    const labels = renderer.labels(locale);
    const labelled = keys(STEP_NAMES.map((step) => stepDefinition(step).label));
    expect(Object.keys(labels.steps).sort()).toEqual(labelled);
    expect(Object.keys(labels.actions).sort()).toEqual(labelled);
    expect(Object.keys(labels.responsible).sort()).toEqual(keys(STEP_NAMES.map(whoMustActKey)));
    for (const text of [...Object.values(labels.steps), ...Object.values(labels.responsible)])
      expect(text.trim()).not.toBe('');
  });
});
