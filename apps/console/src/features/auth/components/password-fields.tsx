import { Form, Input, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../../lib/text';

/** The server's rule (libs/domain password.ts): at least 12 characters; common ones it refuses. */
export const PASSWORD_MIN_LENGTH = 12;

type Scorer = (password: string) => number;
let scorer: Promise<Scorer> | null = null;

/** zxcvbn and its dictionaries load only on the pages that set a password, and only when typed in. */
function loadScorer(): Promise<Scorer> {
  scorer ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => {
      const factory = new core.ZxcvbnFactory({
        graphs: common.adjacencyGraphs,
        dictionary: common.dictionary,
      });
      return (password: string) => factory.check(password).score;
    },
  );
  return scorer;
}

function StrengthHint({ password }: { password: string }) {
  const t = useT();
  const [score, setScore] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    if (!password) {
      setScore(null);
      return;
    }
    void loadScorer().then((score) => live && setScore(score(password)));
    return () => {
      live = false;
    };
  }, [password]);
  if (score === null) return null;
  const colors = ['#cf1322', '#d4380d', '#d48806', '#389e0d', '#237804'];
  return (
    <div aria-live="polite" data-testid="password-strength">
      <Progress
        percent={(score + 1) * 20}
        steps={5}
        showInfo={false}
        strokeColor={colors[score]}
        aria-label={t.strengthLabel}
      />
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
        {t.strengthLabel}：{t.strength[score]}
      </Typography.Text>
    </div>
  );
}

/** New password and its confirmation, with the server's rule checked as one types. */
export function PasswordFields({ serverError }: { serverError?: string }) {
  const t = useT();
  const password = Form.useWatch<string | undefined>('password') ?? '';
  return (
    <>
      <Form.Item
        name="password"
        label={t.newPassword}
        extra={t.passwordRule}
        validateStatus={serverError ? 'error' : undefined}
        help={serverError}
        rules={[
          { required: true, message: t.passwordRequired },
          { min: PASSWORD_MIN_LENGTH, message: t.passwordTooShort },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <StrengthHint password={password} />
      <Form.Item
        name="confirm"
        label={t.confirmPassword}
        dependencies={['password']}
        rules={[
          { required: true, message: t.passwordRequired },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || value === getFieldValue('password')
                ? Promise.resolve()
                : Promise.reject(new Error(t.passwordMismatch)),
          }),
        ]}
        style={{ marginTop: 16 }}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
