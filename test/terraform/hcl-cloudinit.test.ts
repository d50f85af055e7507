import { gunzipSync } from 'node:zlib';
import { isUnknown, type Unknown } from '../../src/model/unknown';
import { readModule, valuesOf } from './hcl-helpers';

// data.cloudinit_config.<name>.rendered is built from the data block alone, as the cloudinit provider builds it.
const vm = (customData: string) => `
resource "azurerm_linux_virtual_machine" "vm" {
  custom_data = ${customData}
}`;

async function customData(dataBlock: string): Promise<unknown> {
  const result = await readModule({ 'main.tf': dataBlock + vm('data.cloudinit_config.init.rendered') });
  return valuesOf(result, 'azurerm_linux_virtual_machine.vm').custom_data;
}

describe('data "cloudinit_config" rendered', () => {
  it('is the MIME message of its parts, gzipped and base64-encoded by default', async () => {
    const rendered = await customData(`
data "cloudinit_config" "init" {
  part {
    content_type = "text/x-shellscript"
    filename     = "setup.sh"
    content      = "#!/bin/bash\\necho \${"hi"}\\n"
  }
}`);
    const message = gunzipSync(Buffer.from(rendered as string, 'base64')).toString('utf8');
    expect(message).toMatch(/^Content-Type: multipart\/mixed; boundary="MIMEBOUNDARY"\r\nMIME-Version: 1\.0\r\n\r\n--MIMEBOUNDARY\r\n/);
    expect(message).toContain('Content-Type: text/x-shellscript\r\n');
    expect(message).toContain('Content-Disposition: attachment; filename="setup.sh"\r\n');
    expect(message).toContain('\r\n\r\n#!/bin/bash\necho hi\n\r\n--MIMEBOUNDARY--\r\n');
  });

  it('is plain base64 without gzip, and the message itself without either', async () => {
    const part = 'part {\n    content = "x"\n  }';
    const plain = await customData(`data "cloudinit_config" "init" {\n  gzip = false\n  ${part}\n}`);
    expect(Buffer.from(plain as string, 'base64').toString('utf8')).toContain('Content-Type: text/plain\r\n');
    const raw = await customData(`data "cloudinit_config" "init" {\n  gzip = false\n  base64_encode = false\n  boundary = "B"\n  ${part}\n}`);
    expect(raw).toBe('Content-Type: multipart/mixed; boundary="B"\r\nMIME-Version: 1.0\r\n\r\n--B\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/plain\r\nMime-Version: 1.0\r\n\r\nx\r\n--B--\r\n');
  });

  it('is Unknown, with the reason, for generated parts, unknown content, gzip without base64, count and other data sources', async () => {
    const reason = (value: unknown) => (isUnknown(value) ? (value as Unknown).reason : value);
    expect(reason(await customData('data "cloudinit_config" "init" {\n  dynamic "part" {\n    for_each = []\n    content {}\n  }\n}'))).toMatch(/dynamic "part"/);
    expect(reason(await customData('variable "script" {}\ndata "cloudinit_config" "init" {\n  part {\n    content = var.script\n  }\n}'))).toMatch(/has no value and no default/);
    expect(reason(await customData('data "cloudinit_config" "init" {\n  base64_encode = false\n  part {\n    content = "x"\n  }\n}'))).toMatch(/must be base64-encoded/);
    expect(reason(await customData('data "cloudinit_config" "init" {\n  count = 1\n  part {\n    content = "x"\n  }\n}'))).toMatch(/is read during plan/);
    const other = await readModule({ 'main.tf': 'data "template_file" "init" {\n  template = "x"\n}' + vm('data.template_file.init.rendered') });
    expect(reason(valuesOf(other, 'azurerm_linux_virtual_machine.vm').custom_data)).toMatch(/is read during plan/);
  });
});
