import { AuthCard } from '../../components/auth-card';
import { LoginForm } from '../../features/auth/components/login-form';
import { useT } from '../../lib/text';

export function Component() {
  const t = useT();
  return (
    <AuthCard title={t.signInTitle}>
      <LoginForm />
    </AuthCard>
  );
}
