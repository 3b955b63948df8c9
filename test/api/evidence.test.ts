import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { compoundFile, ooxml, pdf, png } from '../support/evidence-files';
import { serve, type Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { testAppSettings, tokenFor, type Person } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const CARE_FUND = 'care-fund-establishment';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const LEADER: Person = { role: 'leader', unitId: 'c1', name: '市领导' };
const STAFF_K1: Person = { role: 'staff', unitId: 'k1', name: '甲县经办人' };
const STAFF_K2: Person = { role: 'staff', unitId: 'k2', name: '乙区经办人' };
const STAFF_T1: Person = { role: 'staff', unitId: 't1', name: '东镇经办人' };
const SUPERVISOR_C1: Person = { role: 'supervisor', unitId: 'c1', name: '市督办员' };
const SUPERVISOR_K2: Person = { role: 'supervisor', unitId: 'k2', name: '乙区督办员' };

interface Part {
  name: string;
  value: string | Uint8Array;
  fileName?: string;
  type?: string;
}

/** Every file under the evidence folder, relative to it. */
function storedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

describe('evidence uploads (佐证材料) over HTTP, on a real worker and API', () => {
  let stack: Stack;
  /** The API with an evidence folder this suite can look into; the same read model and engine as the stack's. */
  let api: Api;
  let dir: string;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    const settings = testAppSettings();
    dir = settings.evidence.dir;
    // No worker listens on this queue: nothing here starts a workflow through this app (assignments go to the stack's).
    api = await serve(createApp({ client: stack.env.client, readModel: stack.readModel, taskQueue: 'evidence-suite-no-worker', ...settings }), LEADER);
  });

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  async function auth(person: Person | undefined): Promise<Record<string, string>> {
    return person ? { authorization: `Bearer ${await tokenFor(person)}` } : {};
  }

  /** POST /api/evidence as multipart/form-data built by Node's own FormData, as a browser would send it. */
  async function upload(person: Person | undefined, parts: Part[]) {
    const form = new FormData();
    for (const p of parts) {
      if (typeof p.value === 'string' && p.fileName === undefined) form.append(p.name, p.value);
      else form.append(p.name, new Blob([p.value], { type: p.type ?? 'application/octet-stream' }), p.fileName ?? 'file');
    }
    const res = await fetch(`${api.url}/api/evidence`, { method: 'POST', headers: await auth(person), body: form });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  const uploadFile = (person: Person, bytes: Uint8Array, fileName: string, type?: string, fields: Record<string, string> = {}) =>
    upload(person, [...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', value: bytes, fileName, type }]);

  /** GET as `person`, the body as bytes. */
  async function download(person: Person, path: string) {
    const res = await fetch(`${api.url}${path}`, { headers: await auth(person) });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) };
  }

  /** A fresh assignment's task at `unitId`, once its workflow has projected it. */
  async function newTask(unitId: string) {
    const created = await stack.api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId: unitId });
    expect(created.status).toBe(201);
    const [task] = (await stack.api.get(`/api/tasks?assignmentId=${created.body.id}`)).body.tasks;
    return eventually(async () => (await api.get(`/api/tasks/${task.id}`)).body, (t) => t.history !== undefined);
  }

  describe('storing', () => {
    it('keeps a PNG by its SHA-256, once, however often it is sent', async () => {
      const bytes = png([10, 200, 10]);
      const hash = sha256(bytes);
      const first = await uploadFile(STAFF_K1, bytes, '现场照片 2024.png', 'image/png');
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        sha256: hash,
        size: bytes.length,
        mediaType: 'image/png',
        fileName: '现场照片 2024.png',
        unitId: 'k1',
        uploadedAt: expect.stringMatching(/\+08:00$/),
        url: `/api/evidence/${hash}`,
      });
      expect(first.headers.get('location')).toBe(`/api/evidence/${hash}`);
      expect(first.headers.get('idempotent-replayed')).toBeNull();

      const address = join(hash.slice(0, 2), hash);
      expect(readFileSync(join(dir, address)).equals(bytes)).toBe(true);

      // The same bytes again, under another name and declared type: the first upload, replayed.
      const again = await uploadFile(STAFF_K1, bytes, 'IMG_0001.jpg', 'image/jpeg');
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(storedFiles(dir).filter((f) => f.includes(hash))).toEqual([address]); // no second copy, no temp file left
      expect(await stack.readModel.evidence.upload(hash, 'k1')).toMatchObject({ sha256: hash, fileName: '现场照片 2024.png', uploadedBy: expect.stringContaining('k1') });

      // Another unit with the same content: its own upload of the one stored file.
      const k2 = await uploadFile(STAFF_K2, bytes, '乙区照片.png');
      expect(k2).toMatchObject({ status: 201, body: { sha256: hash, unitId: 'k2', fileName: '乙区照片.png' } });
      expect(storedFiles(dir).filter((f) => f.includes(hash))).toEqual([address]);
    });

    it('takes a PDF, an Office Open XML document and a legacy Word file, typed by their content', async () => {
      const cases: Array<[Uint8Array, string, string]> = [
        [pdf('minutes'), '会议纪要.pdf', 'application/pdf'],
        [ooxml('docx', '成立文件'), '成立文件.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        [ooxml('xlsx', '台账'), '台账.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        [compoundFile(['WordDocument', '1Table']), '旧版通知.doc', 'application/msword'],
      ];
      for (const [bytes, fileName, mediaType] of cases) {
        // Declared as a generic binary: the server decides the type.
        const res = await uploadFile(STAFF_K1, bytes, fileName, 'application/octet-stream');
        expect(res.status, fileName).toBe(201);
        expect(res.body).toMatchObject({ sha256: sha256(bytes), mediaType, fileName, size: bytes.length });
      }
    });

    it('sanitises the file name it keeps', async () => {
      const res = await uploadFile(STAFF_K1, png([1, 2, 3]), `C:\\Users\\王\\桌面\\照片\u202egnp.exe${'长'.repeat(300)}.png`);
      expect(res.status).toBe(201);
      expect(res.body.fileName).toMatch(/^照片gnp\.exe长+\.png$/);
      expect(res.body.fileName.length).toBeLessThanOrEqual(200);
    });

    it('records the upload in the audit trail, once', async () => {
      const bytes = pdf('audit');
      const hash = sha256(bytes);
      const first = await uploadFile(STAFF_K1, bytes, '审计.pdf');
      await uploadFile(STAFF_K1, bytes, '审计.pdf');
      const { entries } = await stack.readModel.audit.ofSubject('evidence', hash, { limit: 10, offset: 0 });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'evidence.upload',
        subjectType: 'evidence',
        subjectId: hash,
        unitId: 'k1',
        actor: { role: 'staff', unitId: 'k1', name: '甲县经办人' },
        after: first.body,
      });
      // And in the unit's trail over HTTP, for a supervisor above it.
      const trail = await api.as(SUPERVISOR_C1).get('/api/units/k1/history');
      expect(trail.status).toBe(200);
      expect(trail.body.entries).toContainEqual(expect.objectContaining({ action: 'evidence.upload', subjectId: hash, unitId: 'k1' }));
    });
  });

  describe('refusing', () => {
    it('refuses files that are not images, PDF or office documents, whatever their name and declared type', async () => {
      const before = storedFiles(dir);
      const disguised: Array<[string, Uint8Array]> = [
        ['a web page', Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/tasks")</script></body></html>')],
        ['a Windows executable', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), randomBytes(200)])],
        ['plain text', Buffer.from('这不是PDF，只是一段文字。\n')],
        ['a shell script', Buffer.from('#!/bin/sh\necho pwned\n')],
      ];
      for (const [what, bytes] of disguised) {
        const res = await uploadFile(STAFF_K1, bytes, '会议纪要.pdf', 'application/pdf');
        expect(res.status, what).toBe(415);
        expect(res.body.error).toMatchObject({ code: 'unsupported_type', field: 'file' });
        expect(res.body.error.message).toMatch(/JPEG.*PNG.*PDF.*docx/);
      }
      expect(storedFiles(dir)).toEqual(before);
    });

    it('refuses a file over the size limit with 413, and keeps nothing of it', async () => {
      const before = storedFiles(dir);
      const big = Buffer.concat([png(), Buffer.alloc(2 * 1024 * 1024)]); // the suite's limit is 2 MB
      const res = await uploadFile(STAFF_K1, big, '大照片.png', 'image/png');
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'payload_too_large', field: 'file' });
      expect(res.body.error.message).toContain('2 MB');
      expect(storedFiles(dir)).toEqual(before);
      expect(await stack.readModel.evidence.blob(sha256(big))).toBeUndefined();
    });

    it('names the field of a malformed upload', async () => {
      const task = await newTask('k2');
      const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
        ['no file at all', () => upload(STAFF_K1, [{ name: 'taskId', value: 'x' }]), 400, 'file'],
        ['the file in another field', () => upload(STAFF_K1, [{ name: 'attachment', value: png(), fileName: 'a.png' }]), 400, 'file'],
        ['two files', () => upload(STAFF_K1, [{ name: 'file', value: png(), fileName: 'a.png' }, { name: 'file', value: pdf(), fileName: 'b.pdf' }]), 400, 'file'],
        ['"file" as a text field', () => upload(STAFF_K1, [{ name: 'file', value: 'photo.png' }]), 400, 'file'],
        ['an empty file', () => uploadFile(STAFF_K1, Buffer.alloc(0), 'empty.pdf'), 400, 'file'],
        // Another media type than the route takes is 415, naming multipart/form-data.
        ['JSON instead of multipart', () => api.as(STAFF_K1).post('/api/evidence', { file: 'photo.png' }), 415, 'Content-Type'],
        ['an unknown text field', () => uploadFile(STAFF_K1, png(), 'a.png', 'image/png', { unitId: 'k2' }), 400, 'unitId'],
        ['an unknown task', () => uploadFile(STAFF_K1, png(), 'a.png', 'image/png', { taskId: 'no-such-task' }), 400, 'taskId'],
        ["another unit's task", () => uploadFile(STAFF_K1, png(), 'a.png', 'image/png', { taskId: task.id }), 400, 'taskId'],
      ];
      for (const [what, send, status, field] of cases) {
        const res = await send();
        expect(res.status, what).toBe(status);
        expect(res.body.error.field, what).toBe(field);
      }
      const broken = await fetch(`${api.url}/api/evidence`, {
        method: 'POST',
        headers: { ...(await auth(STAFF_K1)), 'content-type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG', // cut short
      });
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { error: { field: string } }).error.field).toBe('file');
    });

    it('lets only staff upload, for their own unit', async () => {
      for (const person of [LEADER, SUPERVISOR_C1]) {
        const res = await uploadFile(person, png([9, 9, 9]), 'a.png');
        expect(res.status, person.role).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect((await upload(undefined, [{ name: 'file', value: png(), fileName: 'a.png' }])).status).toBe(401);
      expect(await stack.readModel.evidence.blob(sha256(png([9, 9, 9])))).toBeUndefined();
    });
  });

  describe('reading', () => {
    let hash: string;
    let bytes: Buffer;

    beforeAll(async () => {
      bytes = pdf('仅限甲县');
      hash = sha256(bytes);
      expect((await uploadFile(STAFF_K1, bytes, '甲县 "报告"; 2024.pdf')).status).toBe(201);
    });

    it('serves the file to the uploading unit, as an attachment of its sniffed type', async () => {
      const res = await download(STAFF_K1, `/api/evidence/${hash}`);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const disposition = res.headers.get('content-disposition') as string;
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(disposition).not.toMatch(/filename="[^"]*"[^;]/); // the quote in the name does not end the fallback early
      const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] as string;
      expect(encoded).toMatch(/^[A-Za-z0-9%!#$&+.^_`|~-]+$/); // RFC 5987 attr-chars only
      expect(decodeURIComponent(encoded)).toBe('甲县 "报告"; 2024.pdf');
      expect(res.headers.get('cache-control')).toBe('no-store');

      const meta = await download(STAFF_K1, `/api/evidence/${hash}/meta`);
      expect(meta.json()).toMatchObject({ sha256: hash, mediaType: 'application/pdf', unitId: 'k1', fileName: '甲县 "报告"; 2024.pdf' });
    });

    it('serves it to readers above the unit, and to no one else: for them it does not exist', async () => {
      expect((await download(SUPERVISOR_C1, `/api/evidence/${hash}`)).bytes.equals(bytes)).toBe(true);
      expect((await download(LEADER, `/api/evidence/${hash}/meta`)).status).toBe(200);
      const unknown = await download(STAFF_K2, `/api/evidence/${'0'.repeat(64)}`);
      expect(unknown.status).toBe(404);
      for (const person of [STAFF_K2, SUPERVISOR_K2, STAFF_T1]) {
        for (const path of [`/api/evidence/${hash}`, `/api/evidence/${hash}/meta`]) {
          const res = await download(person, path);
          expect(res.status, `${person.role}@${person.unitId} ${path}`).toBe(404);
          // Word for word the answer for content nobody uploaded.
          expect(res.json().error.message).toBe(`evidence ${hash} not found`);
        }
      }
    });

    it('serves a PDF uploaded as evil.html under the PDF extension, never under the name it was given', async () => {
      const disguised = pdf('伪装成网页');
      const hash = sha256(disguised);
      expect((await uploadFile(STAFF_K1, disguised, 'evil.html', 'text/html')).status).toBe(201);
      const res = await download(STAFF_K1, `/api/evidence/${hash}`);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const disposition = res.headers.get('content-disposition') as string;
      expect(disposition).toContain('filename="evil.pdf"');
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] as string)).toBe('evil.pdf');
      expect(disposition).not.toContain('.html');
    });

    it('answers 404 in JSON when a file has gone from the folder, and takes it back on the next upload', async () => {
      const lost = png([123, 45, 67]);
      const hash = sha256(lost);
      expect((await uploadFile(STAFF_K1, lost, '丢失.png')).status).toBe(201);
      rmSync(join(dir, hash.slice(0, 2), hash));
      const gone = await download(STAFF_K1, `/api/evidence/${hash}`);
      expect(gone.status).toBe(404);
      expect(gone.headers.get('content-type')).toMatch(/^application\/json/);
      expect(gone.headers.get('content-disposition')).toBeNull();
      // The same content sent again restores the file; the upload itself was recorded before.
      const again = await uploadFile(STAFF_K1, lost, '丢失.png');
      expect(again.status).toBe(200);
      expect((await download(STAFF_K1, `/api/evidence/${hash}`)).bytes.equals(lost)).toBe(true);
    });

    it('accepts a hash in upper case, refuses a malformed one, and never reaches outside the folder', async () => {
      expect((await download(STAFF_K1, `/api/evidence/${hash.toUpperCase()}`)).bytes.equals(bytes)).toBe(true);
      for (const path of ['/api/evidence/abc', `/api/evidence/${hash}0`, `/api/evidence/${'g'.repeat(64)}`]) {
        const res = await download(STAFF_K1, path);
        expect(res.status, path).toBe(400);
        expect(res.json().error.field, path).toBe('sha256');
      }
      const traversals = [
        '/api/evidence/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
        `/api/evidence/..%2F${hash.slice(0, 2)}%2F${hash}`,
        '/api/evidence/%2e%2e%2f%2e%2e%2fpackage.json',
        '/api/evidence/..%5C..%5Cpackage.json',
      ];
      for (const path of traversals) {
        const res = await download(STAFF_K1, path);
        expect([400, 404], path).toContain(res.status);
        expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
        expect(res.json().error, path).toBeDefined();
      }
      // Unencoded dots are resolved by the client: this asks for /package.json, outside /api, which is the web
      // app's ground (its page, or a note that it is not built) — never the repository's file.
      const outside = await download(STAFF_K1, '/api/evidence/../../package.json');
      expect(outside.bytes.toString('utf8')).not.toMatch(/"devDependencies"/);
    });
  });

  describe('as the evidence of a step', () => {
    it('completes a step with evidence uploaded by the task’s unit, and shows it on the task', async () => {
      const task = await newTask('k1');
      const [step, second] = task.steps;
      const photo = png([50, 60, 70]);
      const minutes = pdf('纪要');
      const uploaded = await uploadFile(STAFF_K1, photo, '捐赠现场.png', 'image/png', { taskId: task.id });
      expect(uploaded).toMatchObject({ status: 201, body: { taskId: task.id, unitId: 'k1' } });
      const other = (await uploadFile(STAFF_K1, minutes, '纪要.pdf')).body.sha256;

      const complete = (stepId: string, body: unknown) => api.as(STAFF_K1).post(`/api/tasks/${task.id}/steps/${stepId}/complete`, body);
      const done = await complete(step.id, { note: '已汇报', evidence: [uploaded.body.sha256, other.toUpperCase()] });
      expect(done.status).toBe(200);
      const links = [
        { sha256: uploaded.body.sha256, url: `/api/evidence/${uploaded.body.sha256}` },
        { sha256: other, url: `/api/evidence/${other}` },
      ];
      expect(done.body.steps[0]).toMatchObject({ id: step.id, done: true, note: '已汇报', evidence: links });
      expect((await api.as(SUPERVISOR_C1).get(`/api/tasks/${task.id}`)).body.steps[0].evidence).toEqual(links);
      // The link is readable by whoever reads the task above the unit.
      expect((await download(SUPERVISOR_C1, links[0]!.url)).bytes.equals(photo)).toBe(true);

      // The task's own trail shows the completion with its evidence.
      const history = (await api.get(`/api/tasks/${task.id}/history`)).body.entries;
      expect(history.at(-1)).toMatchObject({ action: 'task.completeStep', after: { steps: expect.arrayContaining([expect.objectContaining({ evidence: links })]) } });

      // Unknown content, another unit's upload, a malformed reference, free text: 400 naming the position.
      const k2Only = (await uploadFile(STAFF_K2, png([1, 1, 1]), 'k2.png')).body.sha256;
      const refused: Array<[unknown[], string]> = [
        [['f'.repeat(64)], 'evidence.0'],
        [[uploaded.body.sha256, k2Only], 'evidence.1'],
        [['会议纪要.pdf'], 'evidence.0'],
        [[`${other.slice(0, 63)}`], 'evidence.0'],
        [Array(21).fill(other), 'evidence'],
      ];
      for (const [evidence, field] of refused) {
        const res = await complete(second.id, { evidence });
        expect(res.status, field).toBe(400);
        expect(res.body.error.field).toBe(field);
      }
      const unknown = await complete(second.id, { evidence: ['f'.repeat(64)] });
      const othersFile = await complete(second.id, { evidence: [k2Only] });
      // The same words whether the content is unknown or someone else's.
      expect(othersFile.body.error.message.replace(k2Only, 'H')).toBe(unknown.body.error.message.replace('f'.repeat(64), 'H'));
      expect((await api.get(`/api/tasks/${task.id}`)).body.steps[1].done).toBe(false);
    });

    it('takes uploaded evidence for an attestation, and nothing else', async () => {
      const letter = pdf('任命文件');
      const hash = (await uploadFile(STAFF_T1, letter, '任命文件.pdf')).body.sha256;
      const values = { 'fulltime-staff': 2, 'part-timers-in-fulltime-posts': 0, 'staff-holding-several-jobs': 0 };
      const attest = (evidence: unknown[]) =>
        api.as(STAFF_T1).post('/api/units/t1/attestations', { directiveId: 'town-fulltime-staff', values, evidence });
      const ok = await attest([hash]);
      expect(ok.status).toBe(201);
      expect(ok.body.evidence).toEqual([{ sha256: hash, url: `/api/evidence/${hash}` }]);
      expect((await attest(['任命文件.pdf'])).body.error.field).toBe('evidence.0');
      const k1File = sha256(png([10, 200, 10])); // uploaded by k1 and k2 above, never by t1
      expect((await attest([hash, k1File])).body.error.field).toBe('evidence.1');
    });
  });
});
