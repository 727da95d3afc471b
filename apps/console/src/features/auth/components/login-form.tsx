import { Alert, Button, Form, Input } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { minutesFromSeconds } from '../../../lib/format';
import { isApiError } from '../../../lib/http';
import { safeNext } from '../../../lib/next-path';
import { useT } from '../../../lib/text';
import { useSignIn } from '../api/session';

interface Fields {
  email: string;
  password: string;
}

/** The lockout's minutes from Retry-After, else from the message ("… 15 minutes"), else 15. */
function lockoutMinutes(err: { retryAfterSeconds: number | null; message: string }): number {
  if (err.retryAfterSeconds) return minutesFromSeconds(err.retryAfterSeconds);
  const stated = /(\d+)\s*(分钟|min)/.exec(err.message);
  return stated ? Number(stated[1]) : 15;
}

export function LoginForm() {
  const t = useT();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [form] = Form.useForm<Fields>();
  const error = signIn.error;
  let message: string | null = null;
  if (error) {
    if (isApiError(error, 401)) message = t.wrongCredentials;
    else if (isApiError(error, 429)) message = t.lockedOut(lockoutMinutes(error));
    else message = error.message || t.loadFailed;
  }
  const notice = params.get('reset') ? t.passwordChanged : params.get('set') ? t.passwordSet : null;

  return (
    <Form<Fields>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ email: params.get('email') ?? '' }}
      onFinish={(values) =>
        signIn.mutate(values, {
          onSuccess: () => void navigate(safeNext(params.get('next')), { replace: true }),
        })
      }
    >
      {notice && !message && <Alert type="success" showIcon title={notice} style={{ marginBottom: 16 }} />}
      {message && (
        <Alert
          type="error"
          showIcon
          title={message}
          role="alert"
          style={{ marginBottom: 16 }}
          data-testid="login-error"
        />
      )}
      <Form.Item
        name="email"
        label={t.email}
        rules={[
          { required: true, message: t.emailRequired },
          { type: 'email', message: t.emailInvalid },
        ]}
      >
        <Input autoComplete="username" inputMode="email" autoFocus={!params.get('email')} />
      </Form.Item>
      <Form.Item name="password" label={t.password} rules={[{ required: true, message: t.passwordRequired }]}>
        <Input.Password autoComplete="current-password" autoFocus={Boolean(params.get('email'))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
        {t.signIn}
      </Button>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/password-reset">{t.forgotPassword}</Link>
      </div>
    </Form>
  );
}
