import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

/** Small but well-formed files of the kinds evidence comes in, built byte by byte so the tests need no fixtures. */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 1×1 RGB PNG of the given colour: different colours, different bytes. */
export function png(rgb: [number, number, number] = [200, 30, 30]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))), // one scanline: filter 0, then the pixel
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a correct cross-reference table. */
export function pdf(text = 'duban'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A JPEG's start: SOI and a JFIF APP0 segment (enough for any sniffer; no decoder is involved). */
export function jpegHead(): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
}

/** A ZIP archive of the given entries, stored or deflated, with its central directory. */
export function zip(entries: Array<[name: string, content: string | Buffer]>, deflate = true): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const fileName = Buffer.from(name, 'utf8');
    const body = deflate ? deflateRawSync(data) : data;
    const method = deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, body);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const OOXML = {
  docx: ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'w:document'],
  xlsx: ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'workbook'],
  pptx: ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', 'p:presentation'],
} as const;

/** An Office Open XML package: `[Content_Types].xml` naming its main part, the package relationships and that part. */
export function ooxml(kind: keyof typeof OOXML, text = 'duban', contentTypesFirst = true): Buffer {
  const [part, contentType, root] = OOXML[kind];
  const types =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/${part}" ContentType="${contentType}"/></Types>`;
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${part}"/></Relationships>`;
  const entries: Array<[string, string]> = [
    ['_rels/.rels', rels],
    [part, `<${root}>${text}</${root}>`],
  ];
  return zip(contentTypesFirst ? [['[Content_Types].xml', types], ...entries] : [...entries, ['[Content_Types].xml', types]]);
}

/** An OpenDocument file: its `mimetype` entry first and stored, as the format requires. */
export function opendocument(mediaType: string): Buffer {
  return zip([['mimetype', mediaType], ['content.xml', '<office:document-content/>']], false);
}

/**
 * An OLE2 compound file (MS-CFB, version 3, 512-byte sectors) whose root storage holds empty streams of the given
 * names, as legacy Office files do ('WordDocument', 'Workbook', 'PowerPoint Document'). Sector 0 is the FAT,
 * sectors 1… the directory.
 */
export function compoundFile(streamNames: string[]): Buffer {
  const entriesNeeded = streamNames.length + 1;
  const directorySectors = Math.ceil(entriesNeeded / 4);
  const sectors = Buffer.alloc(512 * (1 + directorySectors), 0);
  const header = Buffer.alloc(512, 0);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18); // minor version
  header.writeUInt16LE(3, 0x1a); // major version 3
  header.writeUInt16LE(0xfffe, 0x1c); // byte order
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt16LE(6, 0x20); // 64-byte mini sectors
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // the directory starts at sector 1
  header.writeUInt32LE(0x1000, 0x38); // mini stream cutoff
  header.writeUInt32LE(0xfffffffe, 0x3c); // no mini FAT
  header.writeUInt32LE(0xfffffffe, 0x44); // no DIFAT sectors
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);

  // FAT: sector 0 is a FAT sector, the directory's sectors chain one to the next.
  const fat = sectors.subarray(0, 512);
  fat.fill(0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  for (let s = 1; s <= directorySectors; s++) fat.writeUInt32LE(s === directorySectors ? 0xfffffffe : s + 1, s * 4);

  const directory = sectors.subarray(512);
  const entry = (id: number, name: string, type: number, child: number, right: number) => {
    const at = id * 128;
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    encoded.copy(directory, at);
    directory.writeUInt16LE(encoded.length, at + 0x40);
    directory.writeUInt8(type, at + 0x42);
    directory.writeUInt8(1, at + 0x43); // black
    directory.writeUInt32LE(0xffffffff, at + 0x44); // left sibling
    directory.writeUInt32LE(right, at + 0x48); // right sibling
    directory.writeUInt32LE(child, at + 0x4c);
    directory.writeUInt32LE(0xfffffffe, at + 0x74); // start sector: none
  };
  // Unused entries are empty (type 0) with no siblings.
  for (let id = 0; id < directorySectors * 4; id++) {
    directory.writeUInt32LE(0xffffffff, id * 128 + 0x44);
    directory.writeUInt32LE(0xffffffff, id * 128 + 0x48);
    directory.writeUInt32LE(0xffffffff, id * 128 + 0x4c);
  }
  entry(0, 'Root Entry', 5, streamNames.length > 0 ? 1 : 0xffffffff, 0xffffffff);
  streamNames.forEach((name, i) => entry(i + 1, name, 2, 0xffffffff, i + 1 < streamNames.length ? i + 2 : 0xffffffff));
  return Buffer.concat([header, sectors]);
}

/** A multipart upload body with a small PNG; each `seed` below 65,536 gives different bytes. */
export function pngForm(seed = 0): FormData {
  const form = new FormData();
  form.append('file', new Blob([png([seed % 256, (seed >> 8) % 256, 99])], { type: 'image/png' }), `照片${seed}.png`);
  return form;
}

/** Uploads a small PNG as staff of `unitId` and answers its hash, for requests that reference evidence. */
export async function uploadedEvidence(api: { as(p: { role: 'staff'; unitId: string }): { post(path: string, body: unknown): Promise<{ status: number; body: any }> } }, unitId: string, seed = 0): Promise<string> {
  const res = await api.as({ role: 'staff', unitId }).post('/api/evidence', pngForm(seed));
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.sha256 as string;
}
