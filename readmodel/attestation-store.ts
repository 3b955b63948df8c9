import { subtreeRange } from '../domain/org';
import type { AttestedValue } from '../domain/standards';
import type { Db } from './db';

export interface AttestationRecord {
  id: string;
  unitId: string;
  directiveId: string;
  values: Record<string, AttestedValue>;
  evidence: string[];
  attestedAt: number;
  recordedAt: number;
}

interface Row {
  id: string;
  unit_id: string;
  directive_id: string;
  values_json: string;
  evidence_json: string;
  attested_at: number;
  recorded_at: number;
}

const toRecord = (row: Row): AttestationRecord => ({
  id: row.id,
  unitId: row.unit_id,
  directiveId: row.directive_id,
  values: JSON.parse(row.values_json),
  evidence: JSON.parse(row.evidence_json),
  attestedAt: row.attested_at,
  recordedAt: row.recorded_at,
});

/**
 * The order that decides a unit's standing: latest `attestedAt` first, and of two attested at the same instant the
 * one recorded later. `attestedAt` may be backdated (filed today for an inspection last week), so the order of
 * recording alone would let a backdated attestation override a later-dated one.
 */
const NEWEST_FIRST = 'attested_at DESC, seq DESC';

/**
 * Attestations against standing standards, append-only: a unit's standing is its latest one per directive (by when
 * it was attested, NEWEST_FIRST), and every other one stays as its history. An attestation is a record, not
 * long-running work, so it lives here alone.
 */
export class AttestationStore {
  constructor(private readonly db: Db) {}

  /** Records it unless its id is already recorded (a retried request); says which. */
  async record(attestation: AttestationRecord, unitPath: string): Promise<boolean> {
    return (
      (
        await this.db
          .prepare(
            `INSERT INTO attestations (id, unit_id, unit_path, directive_id, values_json, evidence_json, attested_at, recorded_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(
            attestation.id,
            attestation.unitId,
            unitPath,
            attestation.directiveId,
            JSON.stringify(attestation.values),
            JSON.stringify(attestation.evidence),
            attestation.attestedAt,
            attestation.recordedAt,
          )
      ).changes === 1
    );
  }

  async get(id: string): Promise<AttestationRecord | undefined> {
    const row = (await this.db.prepare('SELECT * FROM attestations WHERE id = ?').get(id)) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** A unit's attestations, newest (by attestedAt) first: per directive, the first is its standing. */
  async history(unitId: string, directiveId?: string): Promise<AttestationRecord[]> {
    const rows = (await (
      directiveId === undefined
        ? this.db.prepare(`SELECT * FROM attestations WHERE unit_id = ? ORDER BY ${NEWEST_FIRST}`).all(unitId)
        : this.db.prepare(`SELECT * FROM attestations WHERE unit_id = ? AND directive_id = ? ORDER BY ${NEWEST_FIRST}`).all(unitId, directiveId)
    )) as Row[];
    return rows.map(toRecord);
  }

  /** The standing attestation (the first in NEWEST_FIRST order) of every unit in a subtree for one directive, by unit id. */
  async latestInSubtree(path: string, directiveId: string): Promise<Map<string, AttestationRecord>> {
    const rows = (await this.db
      .prepare(
        `SELECT * FROM (
           SELECT a.*, row_number() OVER (PARTITION BY unit_id ORDER BY ${NEWEST_FIRST}) AS rank FROM attestations a
           WHERE directive_id = ? AND unit_path >= ? AND unit_path < ?
         ) ranked WHERE rank = 1`,
      )
      .all(directiveId, ...subtreeRange(path))) as Row[];
    return new Map(rows.map((row) => [row.unit_id, toRecord(row)]));
  }
}
