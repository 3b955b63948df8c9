import { describe, expect, it } from 'vitest';
import { compoundFileRootStreams, downloadName, evidenceFileName, FILE_NAME_MAX, sniffEvidence } from '../../domain/evidence-types';
import { compoundFile, jpegHead, ooxml, opendocument, pdf, png, zip } from '../support/evidence-files';

const heic = (brand: string) => {
  const bytes = Buffer.alloc(32);
  bytes.writeUInt32BE(24, 0);
  bytes.write(`ftyp${brand}`, 4, 'latin1');
  bytes.write(`mif1${brand}`, 16, 'latin1');
  return bytes;
};

describe('evidence types are told by content', () => {
  const accepted: Array<[string, Buffer, string, string]> = [
    ['PNG', png(), 'image/png', 'png'],
    ['JPEG', jpegHead(), 'image/jpeg', 'jpg'],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1'), 'image/gif', 'gif'],
    ['WebP', Buffer.concat([Buffer.from('RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00', 'latin1'), Buffer.alloc(10)]), 'image/webp', 'webp'],
    ['HEIC (an iPhone photo)', heic('heic'), 'image/heic', 'heic'],
    ['PDF', pdf(), 'application/pdf', 'pdf'],
    ['docx', ooxml('docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['docx with [Content_Types].xml last (as LibreOffice writes it)', ooxml('docx', 'x', false), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['xlsx', ooxml('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
    ['pptx', ooxml('pptx'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
    ['odt', opendocument('application/vnd.oasis.opendocument.text'), 'application/vnd.oasis.opendocument.text', 'odt'],
    ['ods', opendocument('application/vnd.oasis.opendocument.spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet', 'ods'],
    ['doc (OLE2 with WordDocument; also WPS .wps)', compoundFile(['\x01CompObj', 'WordDocument', '1Table']), 'application/msword', 'doc'],
    ['xls (OLE2 with Workbook; also WPS .et)', compoundFile(['Workbook', '\x05SummaryInformation']), 'application/vnd.ms-excel', 'xls'],
    ['xls of Excel 5 (Book)', compoundFile(['Book']), 'application/vnd.ms-excel', 'xls'],
    ['ppt (OLE2 with PowerPoint Document; also WPS .dps)', compoundFile(['Current User', 'PowerPoint Document', 'Pictures']), 'application/vnd.ms-powerpoint', 'ppt'],
  ];
  it.each(accepted)('accepts %s', async (_name, bytes, mediaType, ext) => {
    expect(await sniffEvidence(bytes)).toMatchObject({ mediaType, ext });
  });

  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
  const pe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(112)]);
  const refused: Array<[string, Buffer]> = [
    ['an empty file', Buffer.alloc(0)],
    ['plain text', Buffer.from('会议纪要：已向12家企业汇报\n', 'utf8')],
    ['HTML', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')],
    ['SVG (an image that runs script)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a Windows executable', pe],
    ['an ELF executable', elf],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['a plain ZIP', zip([['setup.exe', pe]])],
    ['a ZIP with [Content_Types].xml but no Office part', zip([['[Content_Types].xml', '<Types/>'], ['evil.exe', pe]])],
    ['a macro-enabled Word document', zip([['[Content_Types].xml', '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'], ['word/document.xml', '<w/>']])],
    ['an OLE2 file that is no Office document (an MSI installer, an Outlook message)', compoundFile(['\u4840\u3f3f\u4577', '__substg1.0_0037001F'])],
    ['a truncated OLE2 header', compoundFile(['WordDocument']).subarray(0, 600)],
    ['a gzip archive', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0])],
  ];
  it.each(refused)('refuses %s', async (_name, bytes) => {
    expect(await sniffEvidence(bytes)).toBeUndefined();
  });

  it('a PDF, PNG or Office file declared as something else is still what its bytes say', async () => {
    // The sniffer sees bytes only; the route never passes it a name or a declared type.
    expect((await sniffEvidence(pdf('x')))?.kind).toBe('pdf');
    expect((await sniffEvidence(ooxml('xlsx')))?.kind).toBe('spreadsheet');
  });
});

describe('OLE2 compound-file directory', () => {
  it('lists the streams at the root', () => {
    expect(compoundFileRootStreams(compoundFile(['WordDocument', '1Table', 'Data']))?.sort()).toEqual(['1Table', 'Data', 'WordDocument']);
  });

  it('follows a directory that spans sectors', () => {
    const names = Array.from({ length: 9 }, (_, i) => `Stream${i}`);
    expect(compoundFileRootStreams(compoundFile(names))?.sort()).toEqual(names);
  });

  it('is undefined for malformed files instead of reading out of bounds or looping', () => {
    const good = compoundFile(['WordDocument']);
    const corrupt = (edit: (b: Buffer) => void) => {
      const copy = Buffer.from(good);
      edit(copy);
      return compoundFileRootStreams(copy);
    };
    expect(compoundFileRootStreams(Buffer.alloc(10))).toBeUndefined();
    expect(corrupt((b) => b.writeUInt16LE(7, 0x1e))).toBeUndefined(); // impossible sector size
    expect(corrupt((b) => b.writeUInt32LE(999, 0x30))).toBeUndefined(); // directory beyond the end
    expect(corrupt((b) => b.writeUInt32LE(1, 512 + 4))).toBeUndefined(); // the directory chain loops onto itself
    expect(corrupt((b) => b.writeUInt32LE(5000, 0x2c))).toBeUndefined(); // more FAT sectors than the file has
    expect(corrupt((b) => b.writeUInt32LE(77, 1024 + 0x4c))).toBeUndefined(); // root's child is no entry
    // A sibling cycle is walked once.
    expect(corrupt((b) => b.writeUInt32LE(1, 1024 + 128 + 0x48))).toEqual(['WordDocument']);
  });
});

describe('the name a download is offered under', () => {
  it('takes its extension from the detected type, not from the name given at upload', () => {
    expect(downloadName('evil.html', 'application/pdf')).toBe('evil.pdf');
    expect(downloadName('setup.EXE', 'image/png')).toBe('setup.png');
    expect(downloadName('passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(downloadName('纪要.2024', 'application/pdf')).toBe('纪要.2024.pdf');
  });

  it('keeps a name that already ends in an extension of its type', () => {
    expect(downloadName('会议纪要 (第2次).pdf', 'application/pdf')).toBe('会议纪要 (第2次).pdf');
    expect(downloadName('现场.JPEG', 'image/jpeg')).toBe('现场.JPEG');
    expect(downloadName('台账.xls', 'application/vnd.ms-excel')).toBe('台账.xls');
  });
});

describe('the file name kept with an upload', () => {
  const pdfType = { ext: 'pdf' };
  it('keeps an ordinary name as given', () => {
    expect(evidenceFileName('会议纪要 (第2次).pdf', pdfType)).toBe('会议纪要 (第2次).pdf');
  });

  it('drops a client path, control and bidirectional-override characters, and collapses whitespace', () => {
    expect(evidenceFileName('C:\\fakepath\\纪要.pdf', pdfType)).toBe('纪要.pdf');
    expect(evidenceFileName('../../etc/passwd', pdfType)).toBe('passwd');
    expect(evidenceFileName('invoice\u202efdp.exe', pdfType)).toBe('invoicefdp.exe');
    expect(evidenceFileName('a\u0000b\r\nc\t  d.pdf', pdfType)).toBe('abc d.pdf');
  });

  it('names a file that has no usable name by its type', () => {
    for (const given of [undefined, '', '   ', '..', '/', '\u202e']) expect(evidenceFileName(given, pdfType)).toBe('evidence.pdf');
  });

  it('cuts a long name to the limit, keeping its extension and whole characters', () => {
    const name = evidenceFileName(`${'😀'.repeat(150)}.docx`, { ext: 'docx' });
    expect(name.length).toBeLessThanOrEqual(FILE_NAME_MAX);
    expect(name.endsWith('😀.docx')).toBe(true);
    expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone high surrogate
    expect(evidenceFileName('x'.repeat(500), pdfType)).toBe('x'.repeat(FILE_NAME_MAX));
  });
});
