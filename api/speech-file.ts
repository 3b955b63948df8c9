import { fileTypeFromBuffer } from 'file-type/core';
import mammoth from 'mammoth';
import { badField } from './errors';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export type SpeechFileKind = 'txt' | 'docx';

/**
 * The text of an uploaded speech, decided by its bytes (the name and declared type are not consulted): a .docx
 * (its paragraphs, one a line), or plain text in UTF-8 or, as Chinese Windows editors save it, GB18030. Anything
 * else is a 400 naming the field `file`.
 */
export async function speechFileText(bytes: Buffer): Promise<{ text: string; kind: SpeechFileKind }> {
  let type;
  try {
    type = await fileTypeFromBuffer(bytes);
  } catch {
    type = undefined;
  }
  if (type?.mime === DOCX) {
    try {
      const { value } = await mammoth.extractRawText({ buffer: bytes });
      // mammoth ends each paragraph with a blank line; one line break is a paragraph here.
      return { text: value.replace(/\n{2,}/g, '\n'), kind: 'docx' };
    } catch (err) {
      throw badField('file', `file: not a readable .docx (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (type) {
    const hint = type.mime === 'application/x-cfb' ? 'a Word 97–2003 .doc or other OLE file: save it as .docx' : `a .${type.ext} file (${type.mime})`;
    throw badField('file', `file: ${hint}; send the speech as .txt or .docx`);
  }
  const text = decodeText(bytes);
  if (text === undefined) throw badField('file', 'file: neither a .docx nor text in UTF-8 or GB18030; send the speech as .txt or .docx');
  return { text, kind: 'txt' };
}

function decodeText(bytes: Buffer): string | undefined {
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
      // Control characters other than tab and line ends mean a binary file that happened to decode.
      if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return undefined;
      return text.replace(/\r\n?/g, '\n');
    } catch {
      // not this encoding
    }
  }
  return undefined;
}
