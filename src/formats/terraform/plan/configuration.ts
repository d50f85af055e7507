import { posix } from 'node:path';
import { joinAddress, parseTraversal } from '../address';
import { isPlainObject } from './unknowns';

/** A resource block the configuration references: its block address (no instance key) and an optional static key. */
export interface ReferenceTarget {
  configAddress: string;
  key?: string;
}

export interface AttributeReferences {
  targets: ReferenceTarget[];
  /** The expression also used `count.index` / `each.*`: an un-keyed target likely means "the same instance". */
  usesInstanceKey: boolean;
}

/** One resource block of the configuration, with its module context. */
export interface ConfigResource {
  /** Block address with the module path: `module.app.azurerm_linux_virtual_machine.vm`. */
  configAddress: string;
  /** Address inside its module: `azurerm_linux_virtual_machine.vm`. */
  localAddress: string;
  /** `configuration.root_module…` path of the block's expressions. */
  expressions: Record<string, unknown>;
  /** Attribute path (`ip_configuration.0.subnet_id`) → resources its expression refers to. */
  references: Map<string, AttributeReferences>;
  /** Module directory relative to the root module (`''` for the root); undefined for non-local module sources. */
  moduleDir: string | undefined;
}

interface ModuleContext {
  prefix: string;
  module: Record<string, unknown>;
  dir: string | undefined;
  parent?: ModuleContext;
  callExpressions?: Record<string, unknown>;
}

const MAX_RESOLUTION_DEPTH = 16;

/** Indexes `configuration.root_module` and every `module_calls[*].module`, recursively, by block address. */
export function readConfiguration(configuration: unknown): Map<string, ConfigResource> {
  const resources = new Map<string, ConfigResource>();
  if (!isPlainObject(configuration) || !isPlainObject(configuration['root_module'])) return resources;
  const visit = (ctx: ModuleContext, depth: number): void => {
    for (const block of arrayOf(ctx.module['resources'])) {
      if (!isPlainObject(block) || block['mode'] === 'data' || typeof block['address'] !== 'string') continue;
      const expressions = isPlainObject(block['expressions']) ? block['expressions'] : {};
      const configAddress = joinAddress(ctx.prefix, block['address']);
      resources.set(configAddress, {
        configAddress,
        localAddress: block['address'],
        expressions,
        references: collectReferences(expressions, ctx),
        moduleDir: ctx.dir,
      });
    }
    if (depth >= MAX_RESOLUTION_DEPTH) return;
    for (const [name, call] of Object.entries(objectOf(ctx.module['module_calls']))) {
      if (!isPlainObject(call) || !isPlainObject(call['module'])) continue;
      visit(
        {
          prefix: joinAddress(ctx.prefix, `module.${name}`),
          module: call['module'],
          dir: childDir(ctx.dir, call['source']),
          parent: ctx,
          callExpressions: objectOf(call['expressions']),
        },
        depth + 1,
      );
    }
  };
  visit({ prefix: '', module: configuration['root_module'], dir: '' }, 0);
  return resources;
}

function childDir(parentDir: string | undefined, source: unknown): string | undefined {
  if (parentDir === undefined || typeof source !== 'string') return undefined;
  if (!source.startsWith('./') && !source.startsWith('../')) return undefined;
  return posix.normalize(posix.join(parentDir, source));
}

/** An expression is `{constant_value?, references?}` (or `{}`); anything else is a nested block. */
function isExpression(node: Record<string, unknown>): boolean {
  return Object.keys(node).every((key) => key === 'constant_value' || key === 'references');
}

function collectReferences(expressions: Record<string, unknown>, ctx: ModuleContext): Map<string, AttributeReferences> {
  const found = new Map<string, AttributeReferences>();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}.${i}`));
    else if (isPlainObject(node)) {
      if (isExpression(node)) {
        const refs = resolveReferences(arrayOf(node['references']), ctx, 0);
        if (refs.targets.length > 0) found.set(path, refs);
      } else for (const [key, child] of Object.entries(node)) walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  for (const [key, node] of Object.entries(expressions)) walk(node, key);
  return found;
}

/**
 * Turns a Terraform `references` list into resource blocks: `var.x` follows the module call's argument into
 * the parent module, `module.m.out` follows the output's expression into the child module, and the
 * multi-step duplicates Terraform emits (`a.b[0].id`, `a.b[0]`, `a.b`) collapse into one target.
 */
function resolveReferences(references: unknown[], ctx: ModuleContext, depth: number): AttributeReferences {
  const targets: ReferenceTarget[] = [];
  let usesInstanceKey = false;
  const add = (target: ReferenceTarget): void => {
    const same = targets.findIndex((t) => t.configAddress === target.configAddress);
    if (same < 0) targets.push(target);
    else if (targets[same]!.key === undefined && target.key !== undefined) targets[same] = target;
  };
  for (const reference of references) {
    if (typeof reference !== 'string') continue;
    const steps = parseTraversal(reference);
    if (!steps || steps.length === 0) continue;
    const [first, second, third] = steps;
    switch (first!.name) {
      case 'count':
      case 'each':
        usesInstanceKey = true;
        break;
      case 'var': {
        const argument = second && ctx.callExpressions?.[second.name];
        if (ctx.parent && isPlainObject(argument) && depth < MAX_RESOLUTION_DEPTH) {
          resolveReferences(arrayOf(argument['references']), ctx.parent, depth + 1).targets.forEach(add);
        }
        break;
      }
      case 'module': {
        if (!second || !third || depth >= MAX_RESOLUTION_DEPTH) break;
        const call = objectOf(ctx.module['module_calls'])[second.name];
        const child = isPlainObject(call) ? objectOf(call['module']) : {};
        const output = objectOf(objectOf(child['outputs'])[third.name]);
        const childCtx: ModuleContext = {
          prefix: joinAddress(ctx.prefix, `module.${second.name}`),
          module: child,
          dir: undefined,
          parent: ctx,
          callExpressions: isPlainObject(call) ? objectOf(call['expressions']) : {},
        };
        resolveReferences(arrayOf(objectOf(output['expression'])['references']), childCtx, depth + 1).targets.forEach(add);
        break;
      }
      case 'local':
      case 'path':
      case 'terraform':
      case 'self':
        break;
      case 'data':
        if (second && third) add(target(ctx.prefix, `data.${second.name}.${third.name}`, third.key));
        break;
      default:
        if (second) add(target(ctx.prefix, `${first!.name}.${second.name}`, second.key));
    }
  }
  return { targets, usesInstanceKey };
}

function target(prefix: string, local: string, key: string | undefined): ReferenceTarget {
  const configAddress = joinAddress(prefix, local);
  return key === undefined ? { configAddress } : { configAddress, key };
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function objectOf(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}
