import { Button, Form, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { usePasswordReset, useSetPasswordByReset } from '../../features/auth/api/password-reset';
import { LinkProblem } from '../../features/auth/components/link-problem';
import { PasswordFields } from '../../features/auth/components/password-fields';
import { isApiError } from '../../lib/http';
import { useT } from '../../lib/text';

/** `/console/password-reset/{token}`: the emailed link; a new password, then sign in. */
export function Component() {
  const { token = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const link = usePasswordReset(token);
  const set = useSetPasswordByReset(token);
  const failed = set.error;
  const serverError =
    failed && isApiError(failed, 400) ? (failed.detail('password') ?? failed.message) : undefined;
  const email = link.data?.email;
  return (
    <AuthCard title={t.resetTitle}>
      {link.isPending ? (
        <Skeleton active />
      ) : link.error ? (
        <LinkProblem error={link.error} />
      ) : (
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { password: string }) =>
            set.mutate(values.password, {
              onSuccess: () =>
                void navigate(`/login?reset=1${email ? `&email=${encodeURIComponent(email)}` : ''}`, {
                  replace: true,
                }),
            })
          }
        >
          {email && <input type="hidden" autoComplete="username" value={email} readOnly />}
          <PasswordFields serverError={serverError} />
          {failed && !serverError && <LinkProblem error={failed} />}
          <Button type="primary" htmlType="submit" block loading={set.isPending}>
            {t.setPassword}
          </Button>
        </Form>
      )}
    </AuthCard>
  );
}
