import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { UploadedFile } from './uploads.js';

const SPREADSHEET = /^\.(csv|txt|xlsx)$/i;

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * Why an upload cannot be an administrator's export, or undefined when it may be: no file, an
 * empty one, one over the limit, or one that is not CSV or XLSX by its name or its first bytes.
 */
export async function uploadProblem(
  file: UploadedFile | undefined,
  limitBytes: number,
): Promise<{ status: number; message: string } | undefined> {
  if (!file || file.fileName === '') return { status: 400, message: 'Choose a file to upload: a CSV or XLSX export.' };
  if (file.tooLarge)
    return {
      status: 413,
      message: `${file.fileName} is larger than the ${megabytes(limitBytes)} limit. Split it, or ask an administrator to raise COMMSPLAN_UPLOAD_LIMIT_MB.`,
    };
  if (file.size === 0) return { status: 400, message: `${file.fileName} is empty. Export it again and upload the new file.` };
  const extension = extname(file.fileName);
  if (!SPREADSHEET.test(extension))
    return { status: 415, message: `${file.fileName} is not a CSV or XLSX file. Save the export as CSV or as an Excel workbook (.xlsx).` };
  const handle = await open(file.path, 'r');
  const head = Buffer.alloc(4096);
  const { bytesRead } = await handle.read(head, 0, head.length, 0).finally(() => handle.close());
  const start = head.subarray(0, bytesRead);
  const zip = start.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const utf16 = start[0] === 0xff || start[0] === 0xfe;
  if (/^\.xlsx$/i.test(extension) ? !zip : zip || (!utf16 && start.includes(0)))
    return {
      status: 415,
      message: `${file.fileName} does not hold what its name says: it is not a ${extension.slice(1).toUpperCase()} file.`,
    };
  return undefined;
}
