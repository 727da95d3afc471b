import { useState } from 'react';
import { usePrincipal } from '../../../components';
import { Alert, Button, Card, Col, Flex, Result, Row, Skeleton, Typography } from 'antd';
import { useBodyStaff } from '../api/get-body-staff';
import { useCertificationBodies } from '../api/get-certification-bodies';
import { useJourney } from '../api/get-journey';
import { useRound } from '../api/get-round';
import { ApiError } from '../lib/api-error';
import { dueForms } from '../lib/due-steps';
import { JourneyNotice } from '../lib/notice';
import { useJourneyText } from '../lib/text';
import { JourneyRecords } from './journey-records';
import { JourneySummary } from './journey-summary';
import { JourneyTimeline } from './journey-timeline';
import { AssigneeForm, canAssign } from './assignee-form';
import { canReassign, ReassignForm } from './reassign-form';
import { StepForms } from './step-forms';
import './journeys.css';

/** One enterprise's journey: where it stands, what was recorded, what is due now, and its history. */
export function JourneyPage({ id }: { id: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  const { t } = useJourneyText();
  const journey = useJourney(id);
  const viewer = usePrincipal();
  const role = viewer.role;
  const oversees = role === 'admin' || role === 'regulator';
  const bodies = useCertificationBodies(oversees && !!journey.data?.certificationBodyId);
  const round = useRound(journey.data?.roundId ?? '', !!journey.data);
  const assignable = !!journey.data && canAssign(journey.data, viewer);
  const staff = useBodyStaff(journey.data?.certificationBodyId ?? null, assignable);

  if (journey.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (journey.isError) {
    const status = journey.error instanceof ApiError ? journey.error.status : 0;
    return (
      <Result
        status={status === 404 || status === 403 ? '404' : 'warning'}
        title={status === 404 || status === 403 ? t.notFound : t.loadFailed}
        extra={
          <Button type="primary" onClick={() => void journey.refetch()}>
            {t.retry}
          </Button>
        }
      />
    );
  }
  const j = journey.data;
  const ownBody = role === 'certification_body' && viewer.certificationBodyId === j.certificationBodyId;
  const bodyName =
    (j.certificationBodyId &&
      (bodies.data?.find((b) => b.id === j.certificationBodyId)?.name ??
        (ownBody ? (viewer.certificationBodyName ?? undefined) : undefined))) ||
    undefined;
  const { due, amend } = dueForms(j, viewer);
  // Admins, regulators in scope and the assigned body may send the enterprise a new link.
  const canResend = oversees || (ownBody && !!j.certificationBodyId);
  const reassignable = canReassign(j, role) && !!bodies.data;

  return (
    <div className="uplift-journey">
      <Flex vertical gap="large">
        <header>
          <Typography.Text type="secondary">{t.title}</Typography.Text>
          <Typography.Title level={1} style={{ marginTop: 4 }}>
            {j.enterprise.name}
          </Typography.Title>
        </header>
        {notice && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={notice}
            closable
            onClose={() => setNotice(null)}
          />
        )}
        <JourneySummary journey={j} roundName={round.data?.name} bodyName={bodyName} />
        <Row gutter={[24, 24]}>
          <Col xs={24} xl={16}>
            <Flex vertical gap="large">
              {due.length + amend.length > 0 ? (
                <JourneyNotice.Provider value={setNotice}>
                  <StepForms journey={j} due={due} amend={amend} />
                </JourneyNotice.Provider>
              ) : (
                !reassignable && !assignable && <Alert type="info" showIcon title={t.readOnly} />
              )}
              {assignable && staff.data && (
                <JourneyNotice.Provider value={setNotice}>
                  <Card
                    key={`assignee-${j.version}`}
                    title={
                      <span role="heading" aria-level={2}>
                        {t.assignee}
                      </span>
                    }
                  >
                    <AssigneeForm journey={j} staff={staff.data} />
                  </Card>
                </JourneyNotice.Provider>
              )}
              {reassignable && (
                <JourneyNotice.Provider value={setNotice}>
                  <Card
                    key={`reassign-${j.version}`}
                    title={
                      <span role="heading" aria-level={2}>
                        {t.reassign}
                      </span>
                    }
                  >
                    <ReassignForm journey={j} bodies={bodies.data ?? []} />
                  </Card>
                </JourneyNotice.Provider>
              )}
              <section aria-labelledby="records">
                <Typography.Title level={2} id="records">
                  {t.records}
                </Typography.Title>
                <JourneyRecords journey={j} canResend={canResend} />
              </section>
            </Flex>
          </Col>
          <Col xs={24} xl={8}>
            <section aria-labelledby="timeline">
              <Typography.Title level={2} id="timeline">
                {t.timeline}
              </Typography.Title>
              <JourneyTimeline journeyId={j.id} />
            </section>
          </Col>
        </Row>
      </Flex>
    </div>
  );
}
