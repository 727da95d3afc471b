import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageState } from '../../components';
import {
  useImportCandidates,
  type DuplicateRow,
  type ImportResult,
  type RowError,
} from '../../features/rounds/api/import-candidates';
import { useRound } from '../../features/rounds/api/rounds';
import { RoundNav } from '../../features/rounds/components/round-nav';
import { errorWorkbook } from '../../features/rounds/lib/error-workbook';
import { useRoundText } from '../../features/rounds/lib/text';
import { isApiError } from '../../lib/http';
import { useT } from '../../lib/text';

/** Saves a blob under a name, as a download. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `/console/rounds/{id}/import`: upload a CSV or Excel ledger, then read what was taken and what was not. */
export function Component() {
  const { id = '' } = useParams();
  const w = useRoundText();
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState(0);
  const [result, setResult] = useState<ImportResult | null>(null);
  const importing = useImportCandidates(id, setPercent);
  // While journeys launch, the round is read again every second until all have started.
  const round = useRound(id, { pollWhileLaunching: result !== null && result.accepted > 0 });
  const launch = round.data?.launch;
  const launching =
    result !== null && result.accepted > 0 && launch !== undefined && launch.started < launch.total;

  const start = async () => {
    if (!file) return;
    setResult(null);
    setPercent(0);
    try {
      setResult(await importing.mutateAsync(file));
    } catch {
      // shown from importing.error
    }
  };
  const refusal = importing.error;
  const refusalText = refusal
    ? isApiError(refusal, 413)
      ? w.tooLarge
      : isApiError(refusal) && refusal.body?.details?.length
        ? refusal.body.details.map((d) => d.message).join('；')
        : refusal.message
    : null;

  return (
    <>
      <Link to="/rounds">← {t.roundsTitle}</Link>
      <PageState isPending={round.isPending} error={round.error} retry={() => void round.refetch()}>
        {round.data && (
          <>
            <Typography.Title level={1} style={{ fontSize: 22 }}>
              {round.data.name}：{w.importTitle}
            </Typography.Title>
            <RoundNav roundId={id} />
            <Typography.Paragraph>{w.importIntro}</Typography.Paragraph>
            <Space style={{ marginBottom: 12 }} wrap>
              <a href="/v1/candidate-template?format=xlsx" download data-testid="template-xlsx">
                {w.templateXlsx}
              </a>
              <a href="/v1/candidate-template?format=csv" download data-testid="template-csv">
                {w.templateCsv}
              </a>
            </Space>
            <Upload.Dragger
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                setResult(null);
                importing.reset();
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              data-testid="import-upload"
              aria-label={w.file}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined aria-hidden />
              </p>
              <p className="ant-upload-text">{w.dragHint}</p>
              <p className="ant-upload-hint">{w.dragTypes}</p>
            </Upload.Dragger>
            <Space style={{ marginTop: 16 }} align="center" wrap>
              <Button
                type="primary"
                onClick={() => void start()}
                disabled={!file}
                loading={importing.isPending}
                data-testid="import-start"
              >
                {w.start}
              </Button>
              {importing.isPending && (
                <div data-testid="upload-progress" style={{ width: 260 }}>
                  {w.uploading}
                  <Progress percent={percent} size="small" aria-label={w.uploading} />
                </div>
              )}
            </Space>
            {refusalText && (
              <Alert
                type="error"
                showIcon
                title={w.importFailed}
                description={refusalText}
                style={{ marginTop: 16 }}
              />
            )}
            {result && launch && result.accepted > 0 && (
              <div
                data-testid="launch-progress"
                data-done={launching ? 'false' : 'true'}
                style={{ marginTop: 16, maxWidth: 420 }}
              >
                {launching ? w.launching : w.launched(launch.started, launch.total)}
                <Progress
                  percent={launch.total ? Math.round((launch.started / launch.total) * 100) : 100}
                  size="small"
                  aria-label={w.launching}
                />
              </div>
            )}
            {result && <ImportResultView result={result} />}
          </>
        )}
      </PageState>
    </>
  );
}

function ImportResultView({ result }: { result: ImportResult }) {
  const w = useRoundText();
  const [saving, setSaving] = useState(false);
  const download = async () => {
    setSaving(true);
    try {
      save(await errorWorkbook(result.rejected, result.duplicateRows, w), 'import-errors.xlsx');
    } finally {
      setSaving(false);
    }
  };
  return (
    <section data-testid="import-result" style={{ marginTop: 24 }} aria-label={w.result}>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {w.result}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: 'accepted',
            label: w.accepted,
            children: (
              <span data-testid="result-accepted">
                {result.accepted} {w.companiesUnit}
              </span>
            ),
          },
          {
            key: 'duplicates',
            label: w.duplicates,
            children: (
              <span data-testid="result-duplicates">
                {result.duplicates} {w.rowsUnit}
              </span>
            ),
          },
          {
            key: 'rejected',
            label: w.rejectedRows,
            children: (
              <span data-testid="result-rejected">
                {result.rejectedRows} {w.rowsUnit}
              </span>
            ),
          },
          {
            key: 'blank',
            label: w.blankRows,
            children: (
              <span data-testid="result-blank">
                {result.skippedBlankRows ?? 0} {w.rowsUnit}
              </span>
            ),
          },
          {
            key: 'ignored',
            label: w.ignoredColumns,
            children: (
              <span data-testid="result-ignored">
                {result.ignoredColumns?.length ? result.ignoredColumns.join('、') : w.none}
              </span>
            ),
          },
        ]}
      />
      {(result.rejected.length > 0 || result.duplicateRows.length > 0) && (
        <Button
          style={{ marginTop: 16 }}
          onClick={() => void download()}
          loading={saving}
          data-testid="download-errors"
        >
          {w.downloadErrors}
        </Button>
      )}
      {result.rejected.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
            {w.errors}
          </Typography.Title>
          <Table<RowError & { key: number }>
            data-testid="error-table"
            size="small"
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={result.rejected.map((e, key) => ({ ...e, key }))}
            columns={[
              { title: w.row, dataIndex: 'row', width: 90 },
              { title: w.sheetRow, key: 'sheetRow', width: 100, render: (_, e) => e.row + 1 },
              { title: w.column, key: 'column', render: (_, e) => e.column ?? e.field },
              { title: w.message, dataIndex: 'message' },
            ]}
          />
        </>
      )}
      {result.duplicateRows.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
            {w.duplicateList}
          </Typography.Title>
          <Table<DuplicateRow>
            data-testid="duplicate-table"
            size="small"
            rowKey="row"
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={result.duplicateRows}
            columns={[
              { title: w.row, dataIndex: 'row', width: 90 },
              { title: w.sheetRow, key: 'sheetRow', width: 100, render: (_, d) => d.row + 1 },
              { title: '统一社会信用代码', dataIndex: 'uscc' },
              { title: w.firstRow, key: 'firstRow', render: (_, d) => d.firstRow ?? w.alreadyInRound },
            ]}
          />
        </>
      )}
    </section>
  );
}
