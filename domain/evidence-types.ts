import { fileTypeFromBuffer } from 'file-type/core';

/**
 * Which files are accepted as evidence (佐证材料), decided by their content alone: the name and the type a client
 * declares are never consulted. Photos, scans and office documents are what units file; anything else (executables,
 * web pages, scripts, archives, macro-enabled documents) is refused.
 *
 * `file-type` (magic numbers; it opens ZIP archives to tell OOXML and OpenDocument from other ZIPs) recognises the
 * file; legacy Office and WPS files, which it reports only as an OLE2 compound file (as it does MSI installers and
 * Outlook messages), are then told apart by the streams at the root of the compound file.
 */
export type EvidenceKind = 'image' | 'pdf' | 'document' | 'spreadsheet' | 'presentation';

export interface EvidenceType {
  /** The media type the file is served with. */
  mediaType: string;
  /** Its usual extension, without the dot. */
  ext: string;
  kind: EvidenceKind;
}

/** For a 415 answer. */
export const ALLOWED_EVIDENCE =
  'images (JPEG, PNG, GIF, WebP, HEIC), PDF, and Word, Excel and PowerPoint documents (docx, xlsx, pptx; doc, xls, ppt, also as saved by WPS; OpenDocument odt, ods, odp)';

const ALLOWED: Record<string, Omit<EvidenceType, 'mediaType'>> = {
  'image/jpeg': { ext: 'jpg', kind: 'image' },
  'image/png': { ext: 'png', kind: 'image' },
  'image/gif': { ext: 'gif', kind: 'image' },
  'image/webp': { ext: 'webp', kind: 'image' },
  'image/heic': { ext: 'heic', kind: 'image' },
  'image/heif': { ext: 'heif', kind: 'image' },
  'application/pdf': { ext: 'pdf', kind: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx', kind: 'document' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { ext: 'xlsx', kind: 'spreadsheet' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { ext: 'pptx', kind: 'presentation' },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', kind: 'document' },
  'application/vnd.oasis.opendocument.spreadsheet': { ext: 'ods', kind: 'spreadsheet' },
  'application/vnd.oasis.opendocument.presentation': { ext: 'odp', kind: 'presentation' },
};

/** Legacy Office by the stream its application keeps its content in; WPS's wps/et/dps files use the same ones. */
const LEGACY_OFFICE: Array<[stream: string, type: EvidenceType]> = [
  ['WordDocument', { mediaType: 'application/msword', ext: 'doc', kind: 'document' }],
  ['Workbook', { mediaType: 'application/vnd.ms-excel', ext: 'xls', kind: 'spreadsheet' }],
  ['Book', { mediaType: 'application/vnd.ms-excel', ext: 'xls', kind: 'spreadsheet' }],
  ['PowerPoint Document', { mediaType: 'application/vnd.ms-powerpoint', ext: 'ppt', kind: 'presentation' }],
];

/** The evidence type of `bytes`, or undefined when it is not one the allowlist admits. */
export async function sniffEvidence(bytes: Uint8Array): Promise<EvidenceType | undefined> {
  let found;
  try {
    found = await fileTypeFromBuffer(bytes);
  } catch {
    return undefined; // a file too malformed to recognise is not accepted
  }
  if (!found) return undefined;
  if (found.mime === 'application/x-cfb') {
    const streams = new Set(compoundFileRootStreams(bytes) ?? []);
    return LEGACY_OFFICE.find(([stream]) => streams.has(stream))?.[1];
  }
  const allowed = ALLOWED[found.mime];
  return allowed && { mediaType: found.mime, ...allowed };
}

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const MAX_REGULAR_SECTOR = 0xfffffffa;
const UTF16 = new TextDecoder('utf-16le');

/**
 * The names of the streams directly under the root storage of an OLE2 compound file (MS-CFB), or undefined when the
 * structure is malformed. Every offset is bounds-checked and every chain is walked at most once per sector, so a
 * crafted file can neither read outside the buffer nor loop.
 */
export function compoundFileRootStreams(bytes: Uint8Array): string[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (offset: number) => (offset + 4 <= view.byteLength ? view.getUint32(offset, true) : undefined);
  const u16 = (offset: number) => (offset + 2 <= view.byteLength ? view.getUint16(offset, true) : undefined);
  if (view.byteLength < 512 || u32(0) !== 0xe011cfd0 || u32(4) !== 0xe11ab1a1 || u16(0x1c) !== 0xfffe) return undefined;
  const shift = u16(0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  const sectorCount = Math.floor(view.byteLength / sectorSize); // an upper bound on any chain's length
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const inFile = (sector: number) => sector <= MAX_REGULAR_SECTOR && sectorOffset(sector) + sectorSize <= view.byteLength;

  // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
  const fatCount = u32(0x2c) ?? 0;
  if (fatCount > sectorCount) return undefined;
  const fat: number[] = [];
  for (let i = 0; i < 109 && fat.length < fatCount; i++) fat.push(u32(0x4c + i * 4) as number);
  let difat = u32(0x44) as number;
  for (let hops = 0; fat.length < fatCount && difat !== END_OF_CHAIN && difat !== FREE; hops++) {
    if (hops > sectorCount || !inFile(difat)) return undefined;
    const base = sectorOffset(difat);
    for (let i = 0; i < perSector - 1 && fat.length < fatCount; i++) fat.push(u32(base + i * 4) as number);
    difat = u32(base + (perSector - 1) * 4) as number;
  }
  const next = (sector: number): number | undefined => {
    const fatSector = fat[Math.floor(sector / perSector)];
    if (fatSector === undefined || !inFile(fatSector)) return undefined;
    return u32(sectorOffset(fatSector) + (sector % perSector) * 4);
  };

  // The directory: 128-byte entries in the chain that starts at the header's first directory sector.
  const entries: number[] = [];
  let sector = u32(0x30) as number;
  for (let hops = 0; sector !== END_OF_CHAIN; hops++) {
    if (hops > sectorCount || !inFile(sector)) return undefined;
    for (let i = 0; i < sectorSize / 128; i++) entries.push(sectorOffset(sector) + i * 128);
    const following = next(sector);
    if (following === undefined) return undefined;
    sector = following;
  }
  const root = entries[0];
  if (root === undefined || view.getUint8(root + 0x42) !== 5) return undefined;

  // The root's children form a red-black tree through their left and right siblings.
  const names: string[] = [];
  const seen = new Set<number>();
  const pending = [u32(root + 0x4c) as number];
  while (pending.length > 0) {
    const id = pending.pop() as number;
    if (id === FREE || seen.has(id)) continue;
    const entry = entries[id];
    if (entry === undefined) return undefined;
    seen.add(id);
    const nameLength = view.getUint16(entry + 0x40, true);
    if (view.getUint8(entry + 0x42) === 2 && nameLength >= 2 && nameLength <= 64 && nameLength % 2 === 0) {
      names.push(UTF16.decode(bytes.subarray(entry, entry + nameLength - 2)));
    }
    pending.push(view.getUint32(entry + 0x44, true), view.getUint32(entry + 0x48, true));
  }
  return names;
}

/** The longest file name kept with an upload, in UTF-16 code units. */
export const FILE_NAME_MAX = 200;

/**
 * The name an upload is kept and offered for download under: the last segment of what the client sent (some send a
 * path), without control or bidirectional-override characters (which disguise "exe.pdf" as "fdp.exe"), whitespace
 * collapsed, cut to FILE_NAME_MAX keeping the extension. Nothing is left: "evidence.<ext>" of the sniffed type.
 */
export function evidenceFileName(given: string | undefined, type: Pick<EvidenceType, 'ext'>): string {
  const base = (given ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '' || /^\.+$/.test(clean)) return `evidence.${type.ext}`;
  if (clean.length <= FILE_NAME_MAX) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return cutCodePoints(clean.slice(0, clean.length - ext.length), FILE_NAME_MAX - ext.length).trimEnd() + ext;
}

/** The longest prefix of `text` within `max` UTF-16 code units that does not split a surrogate pair. */
function cutCodePoints(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Extensions people give files of each type, the usual one first. */
const EXTENSIONS: Record<string, readonly string[]> = {
  ...Object.fromEntries(Object.entries(ALLOWED).map(([mediaType, t]) => [mediaType, [t.ext]])),
  ...Object.fromEntries(LEGACY_OFFICE.map(([, t]) => [t.mediaType, [t.ext]])),
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/heic': ['heic', 'heif'],
  'image/heif': ['heif', 'heic'],
};

/**
 * The name a file is offered for download under: the name it was uploaded with, but with the extension of the type
 * its content was detected as, so a PDF uploaded as "evil.html" is saved as "evil.pdf" and never opened as a web
 * page by the browser or the desktop. A name already ending in an extension of its type is left as it is; one whose
 * ending is not an extension (no letter in it, "纪要.2024") gets the type's added.
 */
export function downloadName(fileName: string, mediaType: string): string {
  const extensions = EXTENSIONS[mediaType];
  if (!extensions) return fileName;
  const dot = fileName.lastIndexOf('.');
  const given = dot > 0 ? fileName.slice(dot + 1) : '';
  if (extensions.includes(given.toLowerCase())) return fileName;
  const stem = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,10}$/.test(given) ? fileName.slice(0, dot) : fileName;
  return `${stem}.${extensions[0]}`;
}
