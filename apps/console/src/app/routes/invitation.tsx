import { Button, Form, Skeleton, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { useAcceptInvitation, useInvitation } from '../../features/auth/api/invitation';
import { LinkProblem } from '../../features/auth/components/link-problem';
import { PasswordFields } from '../../features/auth/components/password-fields';
import { isApiError } from '../../lib/http';
import { useT } from '../../lib/text';

/** `/console/invitation/{token}`: the invited person chooses a password, then signs in. */
export function Component() {
  const { token = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const failed = accept.error;
  const serverError =
    failed && isApiError(failed, 400) ? (failed.detail('password') ?? failed.message) : undefined;

  return (
    <AuthCard title={t.invitationTitle}>
      {invitation.isPending ? (
        <Skeleton active />
      ) : invitation.error ? (
        <LinkProblem error={invitation.error} />
      ) : (
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { password: string }) =>
            accept.mutate(values.password, {
              onSuccess: () =>
                void navigate(`/login?set=1&email=${encodeURIComponent(invitation.data.email)}`, {
                  replace: true,
                }),
            })
          }
        >
          <Typography.Title level={2} style={{ fontSize: 18 }} data-testid="greeting">
            {t.greeting(invitation.data.name)}
          </Typography.Title>
          <Typography.Paragraph>{t.invitationIntro(invitation.data.email)}</Typography.Paragraph>
          {/* For password managers: the account the password belongs to. */}
          <input type="hidden" autoComplete="username" value={invitation.data.email} readOnly />
          <PasswordFields serverError={serverError} />
          {failed && !serverError && <LinkProblem error={failed} />}
          <Button type="primary" htmlType="submit" block loading={accept.isPending}>
            {t.setPassword}
          </Button>
        </Form>
      )}
    </AuthCard>
  );
}
