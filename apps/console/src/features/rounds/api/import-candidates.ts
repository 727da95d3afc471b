import type { components, paths } from '@uplift/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { currentLocale } from '../../../lib/i18n';
import { ApiError, type ErrorBody } from '../../../lib/http';

export type ImportResult =
  paths['/v1/rounds/{id}/candidates']['post']['responses'][200]['content']['application/json'];
export type RowError = ImportResult['rejected'][number];
export type DuplicateRow = ImportResult['duplicateRows'][number];
export type { components };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media type the import reads a file as, by its name (browsers leave `type` empty for .csv on some systems). */
export function importTypeOf(file: File): string {
  return /\.xlsx$/i.test(file.name) ? XLSX : 'text/csv';
}

/**
 * `POST /v1/rounds/{id}/candidates` with the file as the body. By XMLHttpRequest, not the typed
 * fetch client: only it reports upload progress, which a 16 MB ledger on a slow line needs.
 */
function upload(roundId: string, file: File, onProgress: (percent: number) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/rounds/${encodeURIComponent(roundId)}/candidates`);
    xhr.setRequestHeader('content-type', importTypeOf(file));
    xhr.setRequestHeader('accept-language', currentLocale());
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as ImportResult);
      const retry = Number(xhr.getResponseHeader('retry-after'));
      reject(
        new ApiError(
          xhr.status,
          body && typeof body === 'object' && 'message' in body ? (body as ErrorBody) : null,
          Number.isFinite(retry) && retry > 0 ? retry : null,
        ),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, null, null));
    xhr.send(file);
  });
}

/** The import of one file into a round; the round (its launch progress) is read again after. */
export function useImportCandidates(roundId: string, onProgress: (percent: number) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => upload(roundId, file, onProgress),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['round', roundId] }),
  });
}
