import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebConfig } from '../config.js';
import { isMultipart } from './access-guard.js';
import { ERROR_PAGES, sendErrorPage } from './error-pages.js';

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

/** Folders of this request's uploads, removed when the exchange ends unless a handler keeps them. */
const uploadFolders = new WeakMap<FastifyRequest, Set<string>>();

/** The handler takes the file over (a background import removes it when done). */
export function keepUpload(request: FastifyRequest, file: UploadedFile): void {
  uploadFolders.get(request)?.delete(file.folder);
  unclaimed.delete(file.folder);
}

/** Every folder not yet removed nor kept, so that stopping the server removes them too. */
const unclaimed = new Set<string>();

/** Uploads one person may have on their way in at once, unless the configuration says otherwise (COMMSPLAN_UPLOADS_PER_USER). */
const DEFAULT_UPLOADS_PER_USER = 1;

export const uploadsPerUserOf = (config: Pick<WebConfig, 'uploadsPerUser'>) => config.uploadsPerUser ?? DEFAULT_UPLOADS_PER_USER;

async function remove(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  unclaimed.delete(folder);
}

/** Counts each person's uploads on their way in; `claim` answers undefined when they have their fill. */
function uploadSlots(perUser: number) {
  const running = new Map<number, number>();
  return {
    claim(userId: number): (() => void) | undefined {
      const count = running.get(userId) ?? 0;
      if (count >= perUser) return undefined;
      running.set(userId, count + 1);
      return () => {
        const left = (running.get(userId) ?? 1) - 1;
        if (left > 0) running.set(userId, left);
        else running.delete(userId);
      };
    },
  };
}

/**
 * Multipart forms: fields land in the body as text, and the one file is streamed to a private
 * temporary folder, stopping at the limit. The folder is outside everything the app serves, and
 * removed when the exchange ends (answered, or cut off half-way) unless a handler kept it.
 * Register after the access guard's onRequest hook: no upload is read before it.
 */
export async function registerUploads(app: FastifyInstance, limits: { bytes: number; perUser: number }): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: limits.bytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
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
      await pipeline(part.file, createWriteStream(path, { mode: 0o600 })).catch(async (error: unknown) => {
        // Cut off before the file ended: the exchange may be over already, so nothing else would remove it.
        await remove(folder);
        throw error;
      });
      const file: UploadedFile = { kind: 'upload', fileName: part.filename, path, folder, size, tooLarge: part.file.truncated };
      (part as unknown as { value: UploadedFile }).value = file;
    },
  });
  const slots = uploadSlots(limits.perUser);
  app.addHook('onRequest', async (request, reply) => {
    if (!isMultipart(request)) return;
    const release = request.user ? slots.claim(request.user.id) : () => {};
    if (!release) return sendErrorPage(reply, ERROR_PAGES.uploadRunning);
    // 'close' comes once the answer is sent, and also when the connection is cut before that.
    reply.raw.once('close', () => {
      release();
      void Promise.all([...(uploadFolders.get(request) ?? [])].map(remove));
    });
  });
  app.addHook('onClose', async () => {
    await Promise.all([...unclaimed].map(remove));
  });
}
