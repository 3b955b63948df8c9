import express, { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { extractDrafts, speechTextProblem, toDirectiveBody } from '../../domain/speech';
import { ZONE } from '../../domain/time';
import { allow } from '../access';
import { acceptOnly } from '../body';
import type { ApiDeps } from '../deps';
import { badField, HttpError, parse } from '../errors';
import { speechFileText, type SpeechFileKind } from '../speech-file';

/** A speech of 100,000 characters is 300 kB as UTF-8 JSON; a .docx with a letterhead and photos some megabytes. */
const JSON_LIMIT = '1mb';
const FILE_LIMIT_BYTES = 10 * 1024 * 1024;

const SpeechDay = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });
/** The name the speech is cited by in a draft's source (its file name by default). */
const Name = z.string().trim().min(1).max(200);
const TextBody = z.strictObject({ text: z.string(), name: Name.optional(), speechDate: SpeechDay.optional() });
const FileFields = z.strictObject({ name: Name.optional(), speechDate: SpeechDay.optional() });

/**
 * 讲话生成草稿: a speech in (pasted text as JSON, or a .txt/.docx upload), proposed directives out. Nothing is
 * stored: a leader reviews the drafts and saves the ones they keep with POST /api/directives, whose body each draft
 * carries as `directive`. Mounted before the app's JSON parser: the upload is multipart and a speech is larger than
 * the 64 kB other JSON bodies may be.
 */
export function speechRoutes({ now = Date.now }: ApiDeps): Router {
  const router = Router();
  const json = express.json({ limit: JSON_LIMIT });
  const intake = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: FILE_LIMIT_BYTES, files: 1, fields: 4, fieldNameSize: 64, fieldSize: 1024, parts: 6, headerPairs: 50 },
    defParamCharset: 'utf8',
  }).single('file');

  const receive: RequestHandler = (req, res, next) => {
    if (!req.is('multipart/form-data')) return json(req, res, next);
    intake(req, res, (err?: unknown) => {
      if (err == null) return next();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, 'payload_too_large', `file: larger than the ${FILE_LIMIT_BYTES / 1024 / 1024} MB accepted`, 'file'));
        const field = err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT' ? 'file' : (err.field?.slice(0, 64) ?? 'body');
        return next(badField(field, `${field}: ${err.code === 'LIMIT_UNEXPECTED_FILE' ? 'send one file, in the form field "file"' : err.message}`));
      }
      next(badField('file', `file: the body is not well-formed multipart/form-data (${err instanceof Error ? err.message : String(err)})`));
    });
  };

  router.post('/api/speeches', allow('draftFromSpeech'), acceptOnly(['application/json', 'multipart/form-data']), receive, async (req, res) => {
    let text: string;
    let field: 'text' | 'file';
    let kind: SpeechFileKind | 'text';
    let fields: z.infer<typeof FileFields>;
    if (req.is('multipart/form-data')) {
      fields = parse(FileFields, { ...req.body }, 'body');
      const file = req.file;
      if (!file) throw badField('file', 'file: upload the speech as .txt or .docx in the form field "file", or send JSON {text}');
      if (file.size === 0) throw badField('file', 'file: is empty');
      ({ text, kind } = await speechFileText(file.buffer));
      field = 'file';
      fields = { ...fields, name: fields.name ?? (file.originalname || undefined) };
    } else {
      const body = parse(TextBody, req.body, 'body');
      ({ text } = body);
      fields = { name: body.name, speechDate: body.speechDate };
      field = 'text';
      kind = 'text';
    }
    const problem = speechTextProblem(text);
    if (problem) throw badField(field, `${field}: ${problem}`);
    const speechDate = fields.speechDate ?? (DateTime.fromMillis(now(), { zone: ZONE }).toISODate() as string);
    const name = fields.name ?? '讲话';
    const drafts = extractDrafts(text, { today: speechDate });
    res.json({
      source: { name, kind, characters: text.length, speechDate },
      count: drafts.length,
      drafts: drafts.map((draft) => ({ ...draft, directive: toDirectiveBody(draft, { title: name, date: speechDate }) })),
    });
  });
  return router;
}
