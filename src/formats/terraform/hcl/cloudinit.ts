import { gzipSync } from 'node:zlib';
import type { SourceRef } from '../../../model/location';
import { isUnknown, Unknown, type Value } from '../../../model/unknown';
import { attributeNamed, type Block, type Body, type Expr } from './ast';

/** The data sources whose `rendered` text is computed from their configuration alone (no provider call). */
export const CLOUDINIT_DATA_TYPES: ReadonlySet<string> = new Set(['cloudinit_config', 'template_cloudinit_config']);

/**
 * `data.cloudinit_config.<name>.rendered` as the cloudinit provider builds it: a MIME multipart message of the
 * `part` blocks, gzipped (`gzip`, default true) and base64-encoded (`base64_encode`, default true). The bytes of the
 * gzip stream need not be the provider's: what is read from it is the text of each part. Unknown when a setting or a
 * part is, or when parts are generated (`dynamic "part"`).
 */
export function renderCloudInit(block: Block, evaluateExpr: (expr: Expr) => Value, at: SourceRef): Value {
  if (block.body.blocks.some((b) => b.type === 'dynamic')) return new Unknown('`dynamic "part"` blocks of a cloud-init config are not followed', at);
  const setting = (body: Body, name: string, fallback: Value): Value => {
    const attribute = attributeNamed(body, name);
    return attribute ? evaluateExpr(attribute.expr) : fallback;
  };
  const gzip = setting(block.body, 'gzip', true);
  const base64 = setting(block.body, 'base64_encode', true);
  const boundary = setting(block.body, 'boundary', 'MIMEBOUNDARY');
  for (const value of [gzip, base64, boundary]) if (isUnknown(value)) return value;
  if (typeof gzip !== 'boolean' || typeof base64 !== 'boolean' || typeof boundary !== 'string') return new Unknown('a cloud-init config setting has an unexpected type', at);
  if (gzip && !base64) return new Unknown('a gzipped cloud-init config must be base64-encoded (base64_encode = true)', at);

  const parts: string[] = [];
  for (const part of block.body.blocks.filter((b) => b.type === 'part')) {
    const content = setting(part.body, 'content', null);
    const contentType = setting(part.body, 'content_type', 'text/plain');
    const filename = setting(part.body, 'filename', null);
    const mergeType = setting(part.body, 'merge_type', null);
    for (const value of [content, contentType, filename, mergeType]) if (isUnknown(value)) return value;
    if (typeof content !== 'string') return new Unknown('a cloud-init part has no text content', at);
    const headers = ['Content-Transfer-Encoding: 7bit', `Content-Type: ${String(contentType)}`, 'Mime-Version: 1.0'];
    if (typeof filename === 'string') headers.push(`Content-Disposition: attachment; filename="${filename}"`);
    if (typeof mergeType === 'string') headers.push(`X-Merge-Type: ${mergeType}`);
    parts.push(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n${content}\r\n`);
  }
  const message = `Content-Type: multipart/mixed; boundary="${boundary}"\r\nMIME-Version: 1.0\r\n\r\n${parts.join('')}--${boundary}--\r\n`;
  if (!base64) return message;
  return (gzip ? gzipSync(message) : Buffer.from(message, 'utf8')).toString('base64');
}
