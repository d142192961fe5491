import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebConfig } from '../config.js';

/** Uploads larger than this are refused, unless the configuration says otherwise (COMMSPLAN_UPLOAD_LIMIT_MB). */
const DEFAULT_UPLOAD_LIMIT_BYTES = 500 * 1024 * 1024;

/** The largest upload this server takes: the configured limit, or the default. */
export const uploadLimitOf = (config: Pick<WebConfig, 'uploadLimitBytes'>) => config.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;

/** An uploaded file as the handler gets it in the form's body: written to a private folder, never served. */
export interface UploadedFile {
  kind: 'upload';
  /** The name the person's computer gave it (for messages only: never used as a path). */
  fileName: string;
  /** Where it was written: a fresh folder (mode 700) under the system's temporary folder. */
  path: string;
  folder: string;
  size: number;
  /** Stopped at the size limit: the rest was never written. */
  tooLarge: boolean;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as UploadedFile).kind === 'upload';
}

/** Folders of this request's uploads, removed when the response is sent unless a handler keeps them. */
const uploadFolders = new WeakMap<FastifyRequest, Set<string>>();

/** The handler takes the file over (a background import removes it when done). */
export function keepUpload(request: FastifyRequest, file: UploadedFile): void {
  uploadFolders.get(request)?.delete(file.folder);
  unclaimed.delete(file.folder);
}

/** Every folder not yet removed nor kept, so that stopping the server removes them too. */
const unclaimed = new Set<string>();

/**
 * Multipart forms: fields land in the body as text (so the CSRF check reads `_csrf` as for any
 * form), and the one file is streamed to a private temporary folder, stopping at the limit. The
 * folder is outside everything the app serves, and removed after the response unless kept.
 */
export async function registerUploads(app: FastifyInstance, limitBytes: number): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: limitBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const folder = await mkdtemp(join(tmpdir(), 'commsplan-upload-'));
      const folders = uploadFolders.get(this) ?? new Set<string>();
      folders.add(folder);
      unclaimed.add(folder);
      uploadFolders.set(this, folders);
      const path = join(folder, 'upload');
      let size = 0;
      part.file.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
      const file: UploadedFile = { kind: 'upload', fileName: part.filename, path, folder, size, tooLarge: part.file.truncated };
      (part as unknown as { value: UploadedFile }).value = file;
    },
  });
  const remove = async (folder: string) => {
    await rm(folder, { recursive: true, force: true });
    unclaimed.delete(folder);
  };
  app.addHook('onResponse', async (request) => {
    await Promise.all([...(uploadFolders.get(request) ?? [])].map(remove));
  });
  app.addHook('onClose', async () => {
    await Promise.all([...unclaimed].map(remove));
  });
}
