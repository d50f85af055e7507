import type { GuestFactKey, Hit, ReadContext, ServiceAction } from './context';
import { guestParsers, type GuestParsers } from './grammars';
import type { GuestInput, GuestLanguage } from './read';
import { analyseSubject, explainSubject } from '../boundary';
import { vmTitle } from '../network';
import type { Analysis, ExplainSection, Where } from '../types';
import type { ExtensionNode, GuestText, RunCommandNode, VmNode } from '../../model/domain';
import type { GuestFact, GuestObservation, GuestProxy, GuestTextReading, WaagentSetting } from '../../model/facts';
import type { SourceRef } from '../../model/location';
import { isUnknown, unknown, Unknown, type Maybe } from '../../model/unknown';

const LINUX_PUBLISHERS = /^(microsoft\.azure\.extensions|microsoft\.ostcextensions)$/i;
const WINDOWS_PUBLISHERS = /^microsoft\.compute$/i;

const LIST_FACTS: readonly Exclude<GuestFactKey, 'vssCopyBackup'>[] = [
  'staticIp',
  'agentDisabled',
  'agentAutoUpdateDisabled',
  'agentFromSource',
  'iaasVmProviderDisabled',
  'wireserverBlocked',
];

/**
 * The guest analysis (DESIGN §5.2): reads the text that runs in each VM's guest — customData/userData, its Custom
 * Script extensions' commands and scripts, its run commands — and writes what it does to the backup path as
 * `vm.facts.guest`. The bash and PowerShell grammars load only when some VM has guest text.
 */
export const guestAnalysis: Analysis = {
  id: 'guest',
  async run(model, output) {
    const inputs = new Map<VmNode, GuestInput[]>();
    // VMs not all of whose texts could be gathered (a resource's part failed): read as if a part were unreadable.
    const incomplete = new Map<VmNode, Unknown>();
    let everyVmIncomplete: Unknown | undefined;
    const leaveOut = (vm: VmNode, cause: Unknown): GuestInput[] => {
      if (!incomplete.has(vm)) incomplete.set(vm, cause);
      return [];
    };
    for (const vm of model.ofKind('vm')) inputs.set(vm, analyseSubject(output, 'guest', vm, () => vmInputs(vm), (cause) => leaveOut(vm, cause)));
    const gather = (resource: ExtensionNode | RunCommandNode, texts: (vm: VmNode) => GuestInput[]): void => {
      // An ID several files declare (templates deploying to the default resource group) joins the one in its own file.
      const vm = analyseSubject(
        output,
        'guest',
        resource,
        () => {
          const found = model.resolve(resource.vmId, resource.file);
          return found?.kind === 'vm' ? found : undefined;
        },
        (cause) => void (everyVmIncomplete ??= cause),
        VM_NOT_KNOWN,
      );
      if (vm) analyseSubject(output, 'guest', resource, () => void inputs.get(vm)!.push(...texts(vm)), (cause) => void leaveOut(vm, cause), VM_INCOMPLETE);
    };
    for (const extension of model.ofKind('extension')) gather(extension, (vm) => extensionInputs(extension, vm));
    for (const runCommand of model.ofKind('runCommand')) {
      gather(runCommand, (vm) => runCommand.guestTexts.map((t) => input(t, `${propertyName(t)} of run command ${runCommand.label}`, false, scriptLanguage(vm))));
    }
    const readers = [...inputs.values()].some((list) => list.length > 0) ? await loadReaders() : undefined;
    for (const [vm, list] of inputs) {
      const guest = analyseSubject(
        output,
        'guest',
        vm,
        () => guestFact(vm, list.length > 0 && readers ? readings(readers, list) : [], everyVmIncomplete ?? incomplete.get(vm)),
        (cause) => unknownGuest(list, cause),
      );
      vm.facts = { ...vm.facts, guest };
    }
  },
  explain(model, _output, where) {
    return explainGuest(model.ofKind('vm'), where);
  },
};

/** What a failure to gather one resource's texts costs (see analyseSubject). */
const VM_NOT_KNOWN = 'which VM it runs on is not known, so what any VM runs in its guest is not known in full: the findings that need it are left out';
const VM_INCOMPLETE = 'what the VM it runs on runs in its guest is not known in full: the findings that need it are left out';

type Readers = { parsers: GuestParsers; readGuestText: typeof import('./read').readGuestText } | { failed: unknown };

/**
 * The grammars and the readers (shell, cmd, PowerShell, cloud-config, files), which load only for guest text. Should
 * they fail to load, the guest analysis fails on each VM that has text (one BL001 each), not the run.
 */
async function loadReaders(): Promise<Readers> {
  try {
    const parsers = await guestParsers();
    return { parsers, readGuestText: (require('./read') as typeof import('./read')).readGuestText };
  } catch (failed) {
    return { failed };
  }
}

function readings(readers: Readers, list: readonly GuestInput[]): Reading[] {
  if ('failed' in readers) throw readers.failed;
  return list.map((i) => ({ input: i, ctx: readers.readGuestText(readers.parsers, i) }));
}

function propertyName(text: GuestText): string {
  return text.property.replace(/^properties\./, '');
}

function input(text: GuestText, label: string, base64: boolean, language: GuestInput['language']): GuestInput {
  const result: GuestInput = { label, text: text.text, at: text.at, base64, language };
  if (text.origin) result.origin = text.origin;
  return result;
}

function vmInputs(vm: VmNode): GuestInput[] {
  const language: GuestInput['language'] = isUnknown(vm.os)
    ? unknown(`the VM's operating system is unknown: ${vm.os.reason}`, vm.os.at, vm.os.kind)
    : vm.os === 'windows'
      ? 'powershell'
      : null; // cloud-init runs only what a header (#cloud-config, #!, MIME) marks.
  // The legacy azurerm_virtual_machine (and its scale set) takes custom_data as plain text and encodes it itself.
  const base64 = vm.type !== 'azurerm_virtual_machine' && vm.type !== 'azurerm_virtual_machine_scale_set';
  return vm.guestTexts.filter((t) => t.text !== '').map((t) => input(t, propertyName(t), base64, language));
}

function scriptLanguage(vm: VmNode): Maybe<GuestLanguage> {
  if (isUnknown(vm.os)) return unknown(`the VM's operating system is unknown: ${vm.os.reason}`, vm.os.at, vm.os.kind);
  return vm.os === 'windows' ? 'powershell' : 'shell';
}

function extensionInputs(extension: ExtensionNode, vm: VmNode): GuestInput[] {
  const publisher = extension.publisher;
  const linux = typeof publisher === 'string' ? LINUX_PUBLISHERS.test(publisher) : false;
  const windows = typeof publisher === 'string' ? WINDOWS_PUBLISHERS.test(publisher) : false;
  return extension.guestTexts.map((text) => {
    const label = `${propertyName(text)} of extension ${extension.label}`;
    const isScript = /\.script$/i.test(text.property);
    const language: GuestInput['language'] = linux ? 'shell' : windows ? 'cmd' : isScript ? scriptLanguage(vm) : scriptLanguage(vm) === 'powershell' ? 'cmd' : scriptLanguage(vm);
    return input(text, label, isScript, language);
  });
}

interface Reading {
  input: GuestInput;
  ctx: ReadContext;
}

/** Which later service action undoes an earlier one. */
const UNDONE_BY: Record<ServiceAction, ServiceAction | undefined> = { stop: 'start', disable: 'enable', remove: 'install', start: undefined, enable: undefined, install: undefined };

/**
 * Facts the same text undoes. Stops and disables undone later, as scripts that reconfigure the agent do (`systemctl stop
 * walinuxagent && sed -i … /etc/waagent.conf && systemctl start walinuxagent`): a stop by a start, a disable by an
 * enable, a package removal by an install, a waagent.conf setting by a later line setting the key otherwise.
 */
function undoneLater(hits: readonly Hit[]): Set<Hit> {
  const undone = new Set<Hit>();
  // A rule accepting the agent's WireServer traffic anywhere in the text: which comes first in the chain is not
  // followed (-A appends, -I inserts), so a drop beside it is not taken as blocking the agent.
  if (hits.some((h) => h.fact === 'wireserverAllowed')) for (const h of hits) if (h.fact === 'wireserverBlocked') undone.add(h);
  hits.forEach((hit, index) => {
    const later = hits.slice(index + 1);
    if (hit.service && hit.fact !== 'serviceRestored') {
      const { name, action } = hit.service;
      if (later.some((h) => h.fact === 'serviceRestored' && h.service?.name === name && h.service.action === UNDONE_BY[action])) undone.add(hit);
    } else if (hit.setting) {
      const { key, disabling } = hit.setting;
      if (later.some((h) => h.fact === 'waagent' && h.waagent?.key.toLowerCase() === key && h.waagent.value !== null && !disabling.test(h.waagent.value))) undone.add(hit);
    }
  });
  return undone;
}

/** The HttpProxy.Port a text writes to /etc/waagent.conf, the last one as the agent reads it; null when none. */
function waagentProxyPort(ctx: ReadContext): number | null {
  let port: number | null = null;
  for (const hit of ctx.hits) {
    const value = hit.fact === 'waagent' && hit.waagent?.key.toLowerCase() === 'httpproxy.port' ? hit.waagent.value : null;
    if (value !== null && /^\d{1,5}$/.test(value.trim())) port = Number(value.trim());
  }
  return port;
}

/**
 * `notGathered`: some text the VM runs could not be gathered (see run). Like an unreadable part, it makes the facts
 * found nowhere else Unknown, and the proxies too: BL104 reports only when every proxy is blocked.
 */
function guestFact(vm: VmNode, readings: Reading[], notGathered?: Unknown): GuestFact {
  const lists: Record<string, GuestObservation[]> = {};
  const proxies: GuestProxy[] = [];
  const waagent: WaagentSetting[] = [];
  const unreadable: Unknown[] = notGathered ? [notGathered] : [];
  const texts: GuestTextReading[] = notGathered ? [{ source: 'a guest text the analysis could not gather', at: notGathered.at ?? vm.at, read: null, unreadable: notGathered }] : [];
  for (const { input: text, ctx } of readings) {
    unreadable.push(...ctx.unreadable);
    texts.push({
      source: text.label,
      at: text.at,
      read: ctx.kinds.size > 0 ? [...ctx.kinds].join('+') : null,
      unreadable: ctx.unreadable[0] ?? null,
    });
    const agentProxyPort = waagentProxyPort(ctx);
    const undone = undoneLater(ctx.hits);
    for (const hit of ctx.hits) {
      if (hit.fact === 'serviceRestored' || hit.fact === 'wireserverAllowed' || undone.has(hit)) continue;
      const observation = observe(hit, text, ctx);
      if (hit.fact === 'proxy' && hit.proxy) {
        // waagent.conf's HttpProxy.Port may be written by another line of the same text (`echo … >>` twice).
        const port = hit.proxy.port ?? (hit.proxy.scope === 'waagent' ? agentProxyPort : null);
        proxies.push({ scope: hit.proxy.scope, host: hit.proxy.host ?? unknown('the proxy host is a deploy-time input', text.at, 'deploy-time-input'), port, observation });
      } else if (hit.fact === 'waagent' && hit.waagent) {
        waagent.push({ key: hit.waagent.key, value: hit.waagent.value ?? unknown('the value is a deploy-time input', text.at, 'deploy-time-input'), observation });
      } else {
        (lists[hit.fact] ??= []).push(observation);
      }
    }
  }
  const missing = unreadable[0];
  const listOrUnknown = <T>(list: T[]): Maybe<T[]> => (list.length > 0 || !missing ? list : missing);
  const fact: GuestFact = {
    staticIp: [],
    agentDisabled: [],
    agentAutoUpdateDisabled: [],
    agentFromSource: [],
    waagentSettings: listOrUnknown(waagent),
    proxies: notGathered ?? listOrUnknown(proxies),
    iaasVmProviderDisabled: [],
    vssCopyBackup: lists['vssCopyBackup']?.[0] ?? missing ?? null,
    wireserverBlocked: [],
    texts,
    evidence: {
      at: readings.map((r) => r.input.at),
      why: readings.length === 0 && !notGathered ? 'the VM runs no guest text in this run' : `read ${readings.length} guest text(s)${missing ? `; ${unreadable.length} part(s) could not be read` : ''}`,
    },
  };
  for (const key of LIST_FACTS) {
    fact[key] = listOrUnknown(lists[key] ?? []);
    const first = lists[key]?.[0];
    if (first) vm.sources[`facts.guest.${key}`] = first.at;
  }
  const vss = lists['vssCopyBackup']?.[0];
  if (vss) vm.sources['facts.guest.vssCopyBackup'] = vss.at;
  if (proxies[0]) vm.sources['facts.guest.proxies'] = proxies[0].observation.at;
  return fact;
}

/** The guest fact of a VM the analysis failed on: as if none of its texts could be read, every fact Unknown. */
function unknownGuest(inputs: readonly GuestInput[], cause: Unknown): GuestFact {
  return {
    staticIp: cause,
    agentDisabled: cause,
    agentAutoUpdateDisabled: cause,
    agentFromSource: cause,
    waagentSettings: cause,
    proxies: cause,
    iaasVmProviderDisabled: cause,
    vssCopyBackup: cause,
    wireserverBlocked: cause,
    texts: inputs.map((i) => ({ source: i.label, at: i.at, read: null, unreadable: cause })),
    evidence: { at: inputs.map((i) => i.at), why: cause.reason },
  };
}

function observe(hit: Hit, text: GuestInput, ctx: ReadContext): GuestObservation {
  const inFile = fileLine(hit.line, text, ctx);
  // In a MIME message (cloud-init parts), the line within its part: the message's own lines were never written.
  const part = inFile ? undefined : ctx.mimeParts.find((p) => hit.line >= p.from && hit.line <= p.to);
  const where = part ? `line ${hit.line - part.from + 1} of the ${part.type} MIME part ${part.index}` : `line ${hit.line}`;
  return {
    text: `${hit.sentence} (${where} of ${inFile ? inFile.file : ctx.label})`,
    quote: hit.quote,
    property: text.label,
    guestFile: hit.guestFile,
    line: hit.line,
    at: inFile ?? text.at,
  };
}

/**
 * The line in the file a Terraform text was read from (file(), templatefile()), when the decoded text's line is that
 * file's line: file() gives the file's text itself; a template's line must match the rendered line, its
 * interpolations taken as wildcards (a multi-line interpolation above shifts the lines, and then nothing matches).
 */
function fileLine(line: number, text: GuestInput, ctx: ReadContext): SourceRef | undefined {
  const origin = text.origin;
  if (!origin || ctx.decoded === undefined) return undefined;
  const at = { file: origin.file, line, column: 1 };
  if (!origin.template) return ctx.decoded === origin.text ? at : undefined;
  const rendered = ctx.decoded.split(/\r?\n/)[line - 1];
  const template = origin.text.split(/\r?\n/)[line - 1];
  if (rendered === undefined || template === undefined || template.length > 2000) return undefined;
  const pattern = template
    .split(/(\$\{[^}]*\}|%\{[^}]*\})/)
    .map((piece, index) => (index % 2 === 1 ? '[^]*' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(rendered) ? at : undefined;
}

function explainGuest(vms: readonly VmNode[], where: Where): ExplainSection | undefined {
  const lines = vms.flatMap((vm) => explainSubject(vm, () => explainVmGuest(vm, where)));
  return lines.length > 0 ? { title: 'Guest configuration of each VM (customData, userData, extension scripts, run commands):', lines } : undefined;
}

function explainVmGuest(vm: VmNode, where: Where): string[] {
  const fact = vm.facts?.guest;
  if (!fact || fact.texts.length === 0) return [];
  const texts = fact.texts.map((t) => {
    const how = t.read ? `read as ${t.read}` : 'not read';
    return `${t.source} (${where(t.at)}) ${how}${t.unreadable ? ` — ${t.unreadable.reason}` : ''}`;
  });
  const found = LIST_FACTS.flatMap((key) => (Array.isArray(fact[key]) ? (fact[key] as GuestObservation[]).map((o) => `${key}: ${o.text}`) : []));
  if (Array.isArray(fact.proxies)) found.push(...fact.proxies.map((p) => `proxy (${p.scope}): ${p.observation.text}`));
  if (fact.vssCopyBackup && !isUnknown(fact.vssCopyBackup)) found.push(`vssCopyBackup: ${fact.vssCopyBackup.text}`);
  return [`${vmTitle(vm)}: ${texts.join('; ')}${found.length > 0 ? ` → ${found.join('; ')}` : ' → nothing that affects backup'}`];
}
