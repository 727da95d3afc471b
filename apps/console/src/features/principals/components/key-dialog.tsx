import { Alert, Button, Modal, Typography } from 'antd';
import { usePrincipalsText } from '../lib/text';

/**
 * The key, shown this once: Uplift keeps only its hash. Closing needs a deliberate click, so the key
 * is not lost to a stray click outside the dialog.
 */
export function KeyDialog({
  shown,
  onClose,
}: {
  shown: { name: string; apiKey: string } | null;
  onClose: () => void;
}) {
  const t = usePrincipalsText();
  return (
    <Modal
      open={shown !== null}
      title={shown ? t.keyTitle(shown.name) : ''}
      maskClosable={false}
      keyboard={false}
      closable={false}
      destroyOnHidden
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t.close}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t.keyOnce} style={{ marginBottom: 16 }} />
      {shown && (
        <Typography.Paragraph
          code
          data-testid="new-api-key"
          copyable={{ text: shown.apiKey, tooltips: [t.copy, t.keyCopied] }}
          style={{ wordBreak: 'break-all' }}
        >
          {shown.apiKey}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
