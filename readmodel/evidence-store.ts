import { subtreeRange } from '../domain/org';
import type { Db } from './db';

/** One file's content, as stored in the evidence folder under its SHA-256. */
export interface EvidenceBlob {
  sha256: string;
  size: number;
  /** As sniffed from the content (domain/evidence-types.ts), never as the client declared it. */
  mediaType: string;
  /** When the content was first stored. */
  storedAt: number;
}

/** A unit's upload of a blob: the evidence is the unit's, whoever of its staff sent it. */
export interface EvidenceUpload extends EvidenceBlob {
  unitId: string;
  unitPath: string;
  /** The task it was uploaded for, when the uploader said so. */
  taskId?: string;
  /** The name it was uploaded with, sanitised. */
  fileName: string;
  /** The uploader's subject (token `sub`). */
  uploadedBy: string;
  uploadedAt: number;
}

export type NewEvidenceUpload = Omit<EvidenceUpload, 'storedAt'>;

interface Row {
  sha256: string;
  size: number;
  media_type: string;
  stored_at: number;
  unit_id: string;
  unit_path: string;
  task_id: string | null;
  file_name: string;
  uploaded_by: string;
  uploaded_at: number;
}

const SELECT = `SELECT u.*, b.size, b.media_type, b.stored_at FROM evidence_uploads u JOIN evidence_blobs b ON b.sha256 = u.sha256`;

function toUpload(row: Row): EvidenceUpload {
  return {
    sha256: row.sha256,
    size: row.size,
    mediaType: row.media_type,
    storedAt: row.stored_at,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    ...(row.task_id !== null ? { taskId: row.task_id } : {}),
    fileName: row.file_name,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}

/** Metadata of uploaded evidence; the files themselves are in the evidence folder (api/routes/evidence.ts). */
export class EvidenceStore {
  constructor(private readonly db: Db) {}

  /**
   * Records an upload, and its blob if the content is new. The same content from the same unit again records
   * nothing: `created` is false and `upload` is the first one.
   */
  async record(upload: NewEvidenceUpload): Promise<{ created: boolean; upload: EvidenceUpload }> {
    return this.db.transaction(async () => {
      await this.db
        .prepare('INSERT INTO evidence_blobs (sha256, size, media_type, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(upload.sha256, upload.size, upload.mediaType, upload.uploadedAt);
      const created =
        (
          await this.db
            .prepare(
              `INSERT INTO evidence_uploads (sha256, unit_id, unit_path, task_id, file_name, uploaded_by, uploaded_at)
               VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            )
            .run(upload.sha256, upload.unitId, upload.unitPath, upload.taskId ?? null, upload.fileName, upload.uploadedBy, upload.uploadedAt)
        ).changes === 1;
      return { created, upload: (await this.upload(upload.sha256, upload.unitId)) as EvidenceUpload };
    });
  }

  async blob(sha256: string): Promise<EvidenceBlob | undefined> {
    const row = (await this.db.prepare('SELECT * FROM evidence_blobs WHERE sha256 = ?').get(sha256)) as Omit<Row, 'unit_id'> | undefined;
    return row && { sha256: row.sha256, size: row.size, mediaType: row.media_type, storedAt: row.stored_at };
  }

  /** The unit's upload of this content, if it made one. */
  async upload(sha256: string, unitId: string): Promise<EvidenceUpload | undefined> {
    const row = (await this.db.prepare(`${SELECT} WHERE u.sha256 = ? AND u.unit_id = ?`).get(sha256, unitId)) as Row | undefined;
    return row && toUpload(row);
  }

  /** The earliest upload of this content by a unit in the subtree at `path`: what a reader there may see of it. */
  async firstUploadWithin(sha256: string, path: string): Promise<EvidenceUpload | undefined> {
    const [from, to] = subtreeRange(path);
    const row = (await this.db
      .prepare(`${SELECT} WHERE u.sha256 = ? AND u.unit_path >= ? AND u.unit_path < ? ORDER BY u.uploaded_at, u.unit_path LIMIT 1`)
      .get(sha256, from, to)) as Row | undefined;
    return row && toUpload(row);
  }

  /** Of `hashes`, the positions of those the unit has not uploaded. */
  async notUploadedBy(unitId: string, hashes: readonly string[]): Promise<number[]> {
    if (!hashes.length) return [];
    const has = new Set(
      (await this.db
        .prepare('SELECT sha256 FROM evidence_uploads WHERE unit_id = ? AND sha256 = ANY(?::text[])')
        .pluck()
        .all(unitId, [...hashes])) as string[],
    );
    return hashes.flatMap((sha256, i) => (has.has(sha256) ? [] : [i]));
  }
}
