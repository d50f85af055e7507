import { isUnknown, Unknown, type Value } from '../../../model/unknown';
import { evaluateBody, isRawObject, type RawObject } from './body';
import { localCopyCandidates } from './local-copy';
import type { ResourceInstance } from './resource';
import type { LinkedTemplateReader } from './run';
import type { TemplateInstance } from './template';

/** A linked template read from a local file. */
export interface LinkedTemplate {
  file: string;
  template: RawObject;
}

const NOT_LINTED = 'its resources are not linted';
const NOT_AVAILABLE = 'linked template (templateLink) is not available offline';
const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:\/\//i;

type LinkedFile = NonNullable<ReturnType<LinkedTemplateReader>>;

/**
 * The template a deployment's `templateLink` points to: followed through a `relativePath` to a local file, or through
 * a `uri` built from the template's own location to the local copy beside it (local-copy.ts). Anything else is Unknown, told to the user at the deployment. `checkDepth` runs once the link is known to be local,
 * so a remote link at the depth cap is reported as remote.
 */
export function readLinkedTemplate(deployment: ResourceInstance, link: unknown, checkDepth: () => Unknown | undefined): LinkedTemplate | Unknown {
  const run = deployment.template.run;
  const notFollowed = (message: string, statsNote = NOT_AVAILABLE): Unknown => {
    run.note(statsNote);
    run.tellUser(deployment, message);
    return new Unknown(message, undefined, 'not-in-run');
  };
  if (!isRawObject(link)) return notFollowed(`linked template is not evaluated: templateLink is not an object; ${NOT_LINTED}`);
  if (link.relativePath === undefined) return readLocalCopy(deployment, link, checkDepth, notFollowed);

  const evaluated = evaluateBody(link.relativePath, deployment.context);
  if (isUnknown(evaluated)) return notFollowed(`linked template at an unknown relative path is not evaluated (${evaluated.reason}); ${NOT_LINTED}`);
  if (typeof evaluated !== 'string' || evaluated === '') return notFollowed(`linked template is not evaluated: relativePath is not a path; ${NOT_LINTED}`);
  // Resolved like a URI reference: an absolute URI stays remote, and `\` (written on Windows) separates segments.
  if (ABSOLUTE_URI.test(evaluated)) return notFollowed(`linked template at ${evaluated} is not available offline; ${NOT_LINTED}`);
  const relativePath = evaluated.replace(/\\/g, '/');
  const tooDeep = checkDepth();
  if (tooDeep) return tooDeep;

  const fromFile = deployment.template.file;
  if (!run.canReadLinkedTemplates) return notFollowed(`linked template '${relativePath}' is not read (local files are not available here); ${NOT_LINTED}`);
  const read = run.readLinkedTemplate(fromFile, relativePath);
  if (!read) return notFollowed(`linked template '${relativePath}' does not exist (relative to ${fromFile}); ${NOT_LINTED}`, 'linked template file does not exist');
  return followReadFile(deployment, read, notFollowed);
}

type NotFollowed = (message: string, statsNote?: string) => Unknown;

/** A linked file that was read: its template, unless it does not parse or already deploys this deployment. */
function followReadFile(deployment: ResourceInstance, read: LinkedFile, notFollowed: NotFollowed): LinkedTemplate | Unknown {
  if ('refused' in read) return notFollowed(`linked template '${read.file}' is not read: ${read.refused}; ${NOT_LINTED}`, 'linked template file not read');
  if ('error' in read) return notFollowed(`linked template ${read.file} does not parse (${read.error}); ${NOT_LINTED}`, 'linked template file does not parse');
  if (!isRawObject(read.value)) return notFollowed(`linked template ${read.file} is not a JSON object; ${NOT_LINTED}`, 'linked template file does not parse');
  const cycle = deployingFiles(deployment.template).includes(read.file);
  if (cycle) {
    return notFollowed(
      `linked template ${read.file} is already being deployed by this deployment (${deployment.template.file} links back to it): the cycle is not evaluated`,
      'linked templates link to each other in a cycle',
    );
  }
  deployment.template.run.linkedTemplatesFollowed++;
  return { file: read.file, template: read.value };
}

/**
 * A link by `uri` (or template spec): followed only when the URI is built from the template's own published
 * location and the file it names exists beside the template (see local-copy.ts); remote otherwise.
 */
function readLocalCopy(deployment: ResourceInstance, link: RawObject, checkDepth: () => Unknown | undefined, notFollowed: NotFollowed): LinkedTemplate | Unknown {
  const run = deployment.template.run;
  const remote = () => notFollowed(`linked template at ${remoteAddress(link, deployment)} is not available offline; ${NOT_LINTED}`);
  if (!run.canReadLinkedTemplates) return remote();
  for (const candidate of localCopyCandidates(deployment, link.uri)) {
    const read = run.readLinkedTemplate(candidate.fromFile, candidate.relativePath);
    if (!read) continue;
    const tooDeep = checkDepth();
    if (tooDeep) return tooDeep;
    const followed = followReadFile(deployment, read, notFollowed);
    if (!isUnknown(followed)) {
      run.localCopiesFollowed++;
      run.tellUser(deployment, `linked template '${candidate.relativePath}' (templateLink.uri) is read from its local copy ${read.file}`);
    }
    return followed;
  }
  return remote();
}

/** The URI (or template spec ID) of a remote link, when its expression can be evaluated. */
function remoteAddress(link: RawObject, deployment: ResourceInstance): string {
  const known = (raw: unknown): string | undefined => {
    if (raw === undefined) return undefined;
    const value: Value = evaluateBody(raw, deployment.context);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const uri = known(link.uri);
  if (uri) return uri;
  const specId = known(link.id);
  return specId ? `template spec ${specId}` : 'an unknown URI';
}

/** Files of the templates that deploy `template`, itself included: the chain a linked file must not be in. */
function deployingFiles(template: TemplateInstance): string[] {
  const files: string[] = [];
  for (let current: TemplateInstance | undefined = template; current; current = current.deployedBy?.template) files.push(current.file);
  return files;
}
