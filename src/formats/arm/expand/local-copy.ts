import * as path from 'node:path';
import { isObject, Unknown, type Value } from '../../../model/unknown';
import type { EvalContext, ExpressionHost } from '../expression';
import { evaluateBody } from './body';
import { Memo } from '../../lazy';
import type { ResourceInstance } from './resource';

/**
 * The quickstart pattern: a linked template addressed by a URI built from where the template itself is published,
 * `uri(deployment().properties.templateLink.uri, 'nested/x.json')` or
 * `concat(parameters('_artifactsLocation'), 'nested/x.json', parameters('_artifactsLocationSasToken'))`. The published
 * folder mirrors the repository, so the relative part names a file beside the template. This module only finds that
 * relative part; the file is read like a `relativePath` link, through the same reader (and its confinement).
 */

/** Where the relative part is resolved from: the file it is relative to, and the part itself. */
export interface LocalCopyCandidate {
  fromFile: string;
  relativePath: string;
}

// Stand-ins for the two bases, on a reserved domain (RFC 2606) so that no real URI can be mistaken for them. The
// folder is one level down so that `uri(base, '../x.json')`, which URI resolution cannot take above the root, still
// comes out outside it.
const TEMPLATE_FOLDER = 'https://template.backup-lint.invalid/folder/';
const ARTIFACTS_FOLDER = 'https://artifacts.backup-lint.invalid/folder/';
const ARTIFACTS_LOCATION = /^_?artifactsLocation$/i;
const ARTIFACTS_SAS_TOKEN = /^_?artifactsLocationSasToken$/i;

/**
 * Candidate local files for a `templateLink.uri`, in the order to try them; empty when the URI is not built from
 * the template's own location. `_artifactsLocation` is by convention the root template's folder, passed down
 * unchanged to linked templates, so for a linked template both its own folder and the root's are candidates.
 */
export function localCopyCandidates(deployment: ResourceInstance, uri: unknown): LocalCopyCandidate[] {
  if (uri === undefined) return [];
  const evaluated = evaluateBody(uri, withSentinelBases(deployment));
  if (typeof evaluated !== 'string') return [];
  const ownFile = deployment.template.file;
  if (evaluated.startsWith(TEMPLATE_FOLDER)) return candidates([ownFile], evaluated.slice(TEMPLATE_FOLDER.length));
  if (evaluated.startsWith(ARTIFACTS_FOLDER)) {
    const rootFile = deployment.template.run.root?.file ?? ownFile;
    return candidates(rootFile === ownFile ? [ownFile] : [ownFile, rootFile], evaluated.slice(ARTIFACTS_FOLDER.length));
  }
  return [];
}

function candidates(fromFiles: string[], rest: string): LocalCopyCandidate[] {
  const relativePath = relativePartOf(rest);
  return relativePath === undefined ? [] : fromFiles.map((fromFile) => ({ fromFile, relativePath }));
}

/** The path part without query (SAS token) and fragment, decoded; undefined when it is empty or leaves the folder. */
function relativePartOf(rest: string): string | undefined {
  const withoutQuery = rest.split(/[?#]/, 1)[0]!;
  let decoded = withoutQuery;
  try {
    decoded = decodeURIComponent(withoutQuery);
  } catch {
    // Kept as written: a stray `%` is part of the file name.
  }
  const normalized = path.posix.normalize(decoded.replace(/\\/g, '/').replace(/^\/+/, ''));
  if (normalized === '.' || normalized === '..' || normalized.startsWith('../') || normalized.endsWith('/') || decoded.includes('\0')) return undefined;
  return normalized;
}

/**
 * The deployment's evaluation context with the template's published location replaced by stand-ins: the
 * `templateLink.uri` of `deployment()`, `_artifactsLocation` (and an empty SAS token). Variables are evaluated
 * again under these stand-ins, so a URI kept in a variable is found too.
 */
function withSentinelBases(deployment: ResourceInstance): EvalContext {
  const template = deployment.template;
  const host = deployment.context.host;
  // Each variable evaluated once under the stand-ins, as the template evaluates its own (with the same cycle guard):
  // evaluated again at every reference, a chain of variables cost a walk per path through it.
  const variables = new Memo<Value>();
  let deploymentValue: Value | undefined;
  const sentinelHost: ExpressionHost = {
    scope: host.scope,
    parameter: (name) => (ARTIFACTS_LOCATION.test(name) ? ARTIFACTS_FOLDER : ARTIFACTS_SAS_TOKEN.test(name) ? '' : host.parameter(name)),
    variable: (name) => {
      const raw = template.rawVariable(name);
      if (raw === undefined) return host.variable(name);
      return variables.get(
        name.toLowerCase(),
        () => evaluateBody(raw, context),
        () => new Unknown(`variable '${name}' refers to itself`),
      );
    },
    userFunction: (namespace, name) => host.userFunction(namespace, name),
    reference: (target, full) => host.reference(target, full),
    references: (name, full) => host.references(name, full),
    deployment: () => (deploymentValue ??= withTemplateLink(host.deployment(), `${TEMPLATE_FOLDER}${path.posix.basename(template.file)}`)),
  };
  const context: EvalContext = { ...deployment.context, host: sentinelHost };
  return context;
}

function withTemplateLink(deployment: Value, uri: string): Value {
  if (!isObject(deployment)) return deployment;
  const properties = isObject(deployment.properties) ? deployment.properties : {};
  return { ...deployment, properties: { ...properties, templateLink: { uri, contentVersion: '1.0.0.0' } } };
}
