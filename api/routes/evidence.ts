import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Router, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { reachOf } from '../../domain/access';
import { ALLOWED_EVIDENCE, downloadName, evidenceFileName, sniffEvidence } from '../../domain/evidence-types';
import { toZonedIso } from '../../domain/time';
import type { EvidenceUpload, ReadModel, StoredUnit } from '../../readmodel';
import { Access, allow, principalOf } from '../access';
import { acceptOnly } from '../body';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, HttpError, notFound, parse } from '../errors';
import { Id } from '../schemas';

/** A file's SHA-256 as the API names it: 64 hex digits, kept in lower case. */
export const Sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be the SHA-256 of an uploaded file: 64 hexadecimal digits')
  .transform((s) => s.toLowerCase());

/** Evidence in a request body (a step's completion, an attestation): files uploaded by the unit, by their SHA-256. */
export const EvidenceRefs = z.array(Sha256);

/** Each reference must be an upload by `unit`; the first that is not is a 400 naming its position (`evidence.2`). */
export async function requireUploads(readModel: ReadModel, unit: StoredUnit, hashes: readonly string[], field = 'evidence'): Promise<void> {
  const [missing] = await readModel.evidence.notUploadedBy(unit.id, hashes);
  if (missing === undefined) return;
  const at = `${field}.${missing}`;
  // The same answer for unknown content and for another unit's: whose files exist is not told.
  throw badField(at, `${at}: ${hashes[missing]} is not evidence uploaded by ${unit.name} (${unit.id}); upload the file with POST /api/evidence first`);
}

/** An upload as the API answers it. */
export function evidenceView(upload: EvidenceUpload) {
  return {
    sha256: upload.sha256,
    size: upload.size,
    mediaType: upload.mediaType,
    fileName: upload.fileName,
    unitId: upload.unitId,
    taskId: upload.taskId,
    uploadedAt: toZonedIso(upload.uploadedAt),
    url: `/api/evidence/${upload.sha256}`,
  };
}

const UploadFields = z.strictObject({ taskId: Id.optional() });
const Params = z.object({ sha256: Sha256 });

/** Where a blob lives: `<dir>/<first two hex digits>/<sha256>`. Only ever called with a validated hash. */
const blobFolder = (sha256: string) => sha256.slice(0, 2);

/**
 * Keeps `bytes` under their hash, atomically: written to a temporary file beside the target, flushed, then renamed
 * over it, so a reader sees the whole file or none. A file already there is kept (the same name is the same content).
 */
async function storeBlob(dir: string, sha256: string, bytes: Buffer): Promise<void> {
  const folder = join(dir, blobFolder(sha256));
  const target = join(folder, sha256);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isFile() && existing.size === bytes.length) return;
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${sha256}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}

/** `attachment` with the name as a quoted ASCII fallback and, for everything else, RFC 5987's `filename*`. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * 佐证材料: staff upload files for their unit (kept once per content, under its SHA-256), and steps and attestations
 * then name them by hash. A file is readable by whoever may read a unit that uploaded it; to anyone else it does not
 * exist. Mounted before the JSON parser: the upload is multipart/form-data.
 */
export function evidenceRoutes({ readModel, evidence, now = Date.now }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);

  // Memory storage: the content is hashed and sniffed whole before anything is kept, and fileSize bounds it.
  const intake = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: evidence.maxBytes, files: 1, fields: 4, fieldNameSize: 64, fieldSize: 256, parts: 6, headerPairs: 50 },
    // Browsers and fetch send UTF-8 file names unlabelled; busboy would read them as latin1.
    defParamCharset: 'utf8',
  }).single('file');

  /** Multer and busboy errors as client errors, each naming the field at fault. */
  const receive: RequestHandler = (req, res, next) => {
    intake(req, res, (err?: unknown) => {
      if (err == null) return next();
      if (err instanceof HttpError) return next(err);
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, 'payload_too_large', `file: larger than the ${megabytes(evidence.maxBytes)} accepted`, 'file'));
        if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') {
          const other = err.field && err.field !== 'file' ? ` ("${err.field.slice(0, 64)}" is not one)` : '';
          return next(badField('file', `file: send one file, in the form field "file"${other}`));
        }
        const field = err.field?.slice(0, 64) ?? 'body';
        return next(badField(field, `${field}: ${err.message}`));
      }
      // busboy: no boundary, a part cut short, a malformed part header.
      next(badField('file', `file: the body is not well-formed multipart/form-data (${err instanceof Error ? err.message : String(err)})`));
    });
  };

  /** The uploader's unit, checked before the body is read. */
  const uploaderUnit = async (res: Response) => access.check(res, 'uploadEvidence', await access.home(res));

  router.post(
    '/api/evidence',
    allow('uploadEvidence'),
    async (_req, res, next) => {
      await uploaderUnit(res);
      next();
    },
    acceptOnly(['multipart/form-data']),
    receive,
    async (req, res) => {
      const unit = await uploaderUnit(res);
      const fields = parse(UploadFields, { ...req.body }, 'body');
      const file = req.file;
      if (!file) throw badField('file', 'file: send the evidence as multipart/form-data, one file in the field "file"');
      if (file.size === 0) throw badField('file', 'file: is empty');
      if (fields.taskId !== undefined) {
        const task = await readModel.tasks.getTask(fields.taskId);
        if (!task) throw badField('taskId', `taskId: no task ${fields.taskId}`);
        if (task.unitId !== unit.id) throw badField('taskId', `taskId: task ${task.id} is ${task.unitName}'s, not ${unit.name}'s`);
      }
      // The declared type and the name's extension are not consulted: the bytes decide.
      const type = await sniffEvidence(file.buffer);
      if (!type) throw new HttpError(415, 'unsupported_type', `file: not an accepted kind of evidence; accepted are ${ALLOWED_EVIDENCE}`, 'file');

      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      // The file first: a row never names content that is not on disk.
      await storeBlob(evidence.dir, sha256, file.buffer);
      const uploadedAt = now();
      const { created, upload } = await readModel.evidence.record({
        sha256,
        size: file.size,
        mediaType: type.mediaType,
        unitId: unit.id,
        unitPath: unit.path,
        ...(fields.taskId !== undefined ? { taskId: fields.taskId } : {}),
        fileName: evidenceFileName(file.originalname, type),
        uploadedBy: principalOf(res).subject,
        uploadedAt,
      });
      const view = evidenceView(upload);
      if (!created) {
        res.status(200).set('Idempotent-Replayed', 'true').json(view);
        return;
      }
      await audit(readModel, res, { action: 'evidence.upload', subjectType: 'evidence', subjectId: sha256, unit, after: view }, uploadedAt);
      res.status(201).location(view.url).json(view);
    },
  );

  /** The upload the reader may see: one by a unit within their reach for `read`. Anything else is a 404. */
  const readable = async (res: Response, sha256: string): Promise<EvidenceUpload> => {
    const home = await access.home(res);
    const reach = reachOf(principalOf(res).role, 'read');
    const upload =
      reach === 'subtree'
        ? await readModel.evidence.firstUploadWithin(sha256, home.path)
        : reach === 'own'
          ? await readModel.evidence.upload(sha256, home.id)
          : undefined;
    if (!upload) throw notFound('evidence', sha256);
    return upload;
  };

  router.get('/api/evidence/:sha256', allow('read'), async (req, res, next) => {
    const { sha256 } = parse(Params, req.params, 'params');
    const upload = await readable(res, sha256);
    const headers = {
      'Content-Type': upload.mediaType,
      // The extension of the detected type, whatever the name given at upload said (evil.html → evil.pdf).
      'Content-Disposition': contentDisposition(downloadName(upload.fileName, upload.mediaType)),
      'X-Content-Type-Options': 'nosniff',
    };
    // The path is built from the validated hash alone; `root` keeps it inside the evidence folder regardless.
    res.sendFile(`${blobFolder(sha256)}/${sha256}`, { root: evidence.dir, headers, dotfiles: 'deny', cacheControl: false, lastModified: false }, (err) => {
      if (!err || res.headersSent) return;
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as { status?: number }).status === 404;
      if (!missing) return next(err);
      req.log.error({ sha256 }, 'evidence file missing from the evidence folder');
      next(notFound('evidence', sha256));
    });
  });

  router.get('/api/evidence/:sha256/meta', allow('read'), async (req, res) => {
    const { sha256 } = parse(Params, req.params, 'params');
    res.json(evidenceView(await readable(res, sha256)));
  });

  return router;
}
