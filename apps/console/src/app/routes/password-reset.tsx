import { Alert, Button, Form, Input, Typography } from 'antd';
import { Link } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { useRequestPasswordReset } from '../../features/auth/api/password-reset';
import { useT } from '../../lib/text';

/** `/console/password-reset`: asks for a reset link by email (the answer never says who exists). */
export function Component() {
  const t = useT();
  const reset = useRequestPasswordReset();
  return (
    <AuthCard title={t.resetTitle}>
      {reset.isSuccess ? (
        <Alert type="success" showIcon title={t.resetSent} />
      ) : (
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { email: string }) => reset.mutate(values.email)}
        >
          <Typography.Paragraph>{t.resetIntro}</Typography.Paragraph>
          {reset.error && (
            <Alert type="error" showIcon title={reset.error.message} style={{ marginBottom: 16 }} />
          )}
          <Form.Item
            name="email"
            label={t.email}
            rules={[
              { required: true, message: t.emailRequired },
              { type: 'email', message: t.emailInvalid },
            ]}
          >
            <Input autoComplete="username" inputMode="email" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={reset.isPending}>
            {t.sendResetLink}
          </Button>
        </Form>
      )}
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/login">{t.backToLogin}</Link>
      </div>
    </AuthCard>
  );
}
