import { PaperClipOutlined } from '@ant-design/icons';
import { Image, Space, Tag } from 'antd';
import { useState } from 'react';
import { zh } from '../../i18n/zh-CN';
import type { EvidenceLink } from './api';

/** One uploaded file: its picture when the browser can show it, else a link to download it (a PDF, a HEIC photo). */
function Thumb({ url, index }: { url: string; index: number }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <a href={url} target="_blank" rel="noreferrer" style={{ display: 'inline-flex', alignItems: 'center', minHeight: 44, gap: 4 }}>
        <PaperClipOutlined /> {zh.tasks.fileLink} {index + 1}
      </a>
    );
  }
  return <Image src={url} width={64} height={64} style={{ objectFit: 'cover' }} alt={zh.tasks.evidenceAlt(index + 1)} onError={() => setFailed(true)} />;
}

/** A step's evidence as thumbnails; free-text references from before uploads existed as tags. */
export function EvidenceThumbs({ evidence }: { evidence: readonly EvidenceLink[] | undefined }) {
  if (!evidence?.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} data-testid="evidence-thumbs">
        {evidence.map((e, i) => ('sha256' in e ? <Thumb key={e.sha256} url={e.url} index={i} /> : <Tag key={`${i}:${e.reference}`}>{e.reference}</Tag>))}
      </Space>
    </Image.PreviewGroup>
  );
}
