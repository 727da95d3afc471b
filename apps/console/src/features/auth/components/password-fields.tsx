import { Form, Input, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordSchema } from '@uplift/domain/password';
import { useT } from '../../../lib/text';

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
        extra={t.passwordRule(PASSWORD_MIN_LENGTH)}
        validateStatus={serverError ? 'error' : undefined}
        help={serverError}
        rules={[
          { required: true, message: t.passwordRequired },
          {
            // The API's own rule (libs/domain/src/password.ts); common passwords it refuses itself.
            validator: (_rule, value?: string) =>
              !value || passwordSchema.safeParse(value).success
                ? Promise.resolve()
                : Promise.reject(
                    new Error(
                      value.length > PASSWORD_MAX_LENGTH
                        ? t.passwordTooLong(PASSWORD_MAX_LENGTH)
                        : t.passwordTooShort(PASSWORD_MIN_LENGTH),
                    ),
                  ),
          },
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
