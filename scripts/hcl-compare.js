'use strict';
// Compares our HCL syntax tree with HashiCorp's HCL as @cdktf/hcl2json gives it (HCL's JSON form: blocks as
// nested objects by type and labels holding arrays of bodies; literal values as JSON; anything else as a
// "${...}" string). Only what both sides state comparably is compared: acceptance, block structure, attribute
// names and literal values (strings, numbers, bools, null, tuples and objects of them, heredocs included).
// Blocks and objects compare alike (missing or extra names, then values); an array of bodies compares element by
// element, so block structure differences show as 'names' or 'structure'.
// Used by test/terraform/hcl-differential.test.ts and scripts/hcl-differential.js.

/** Stands for an expression that is not a literal on our side: its value is not compared. */
const EXPRESSION = Symbol('expression');

/** Our Body as HCL's JSON form; attributes and blocks sharing a name are reported, not merged. */
function bodyToJson(body) {
  const out = {};
  for (const attribute of body.attributes) out[attribute.name] = exprToJson(attribute.expr);
  for (const block of body.blocks) {
    let holder = out;
    let key = block.type;
    for (const label of block.labels) {
      if (!isPlainObject(holder[key])) holder[key] = {};
      holder = holder[key];
      key = label;
    }
    if (!Array.isArray(holder[key])) holder[key] = [];
    holder[key].push(bodyToJson(block.body));
  }
  return out;
}

function exprToJson(expr) {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? escapeTemplate(expr.value) : expr.value;
    case 'template':
      if (expr.parts.every((p) => p.kind === 'text')) return escapeTemplate(expr.parts.map((p) => p.text).join(''));
      if (expr.parts.length === 1) return EXPRESSION;
      return new TemplatePattern(new RegExp(`^${partsPattern(expr.parts)}$`));
    case 'tuple':
      return expr.items.map(exprToJson);
    case 'object': {
      if (!expr.items.every((i) => i.key.kind === 'literal' || (i.key.kind === 'template' && i.key.parts.every((p) => p.kind === 'text')))) return EXPRESSION;
      const out = {};
      for (const item of expr.items) out[String(exprToJson(item.key))] = exprToJson(item.value);
      return out;
    }
    case 'unary': {
      const operand = exprToJson(expr.operand);
      if (expr.op === '-' && typeof operand === 'number') return -operand;
      if (expr.op === '!' && typeof operand === 'boolean') return !operand;
      return EXPRESSION;
    }
    default:
      return EXPRESSION;
  }
}

/**
 * A template with interpolations or directives: hcl2json writes it back as text with `${expr}`, `%{if cond}`…
 * `%{endif}`, `%{for …}`…`%{endfor}`; its literal text is compared, the expressions match anything.
 */
class TemplatePattern {
  constructor(regex) {
    this.regex = regex;
  }
}

const ANY_EXPRESSION = '[\\s\\S]*?';

function partsPattern(parts) {
  return parts
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return escapeRegex(escapeTemplate(part.text));
        case 'interpolation': {
          // hcl2json writes a literal interpolation as its text, a conditional one as an `%{if}` directive.
          const value = exprToJson(part.expr);
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return escapeRegex(String(value));
          return `(?:\\$\\{${ANY_EXPRESSION}\\}|%\\{if ${ANY_EXPRESSION}\\}${ANY_EXPRESSION}%\\{endif\\})`;
        }
        case 'if': {
          const otherwise = part.else.length > 0 ? `%\\{else\\}${partsPattern(part.else)}` : '(?:%\\{else\\})?';
          return `%\\{if ${ANY_EXPRESSION}\\}${partsPattern(part.then)}${otherwise}%\\{endif\\}`;
        }
        case 'for':
          return `%\\{for ${ANY_EXPRESSION}\\}${partsPattern(part.body)}%\\{endfor\\}`;
        default:
          return ANY_EXPRESSION;
      }
    })
    .join('');
}

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
}

/** HCL's JSON form writes literal `${` and `%{` as `$${` and `%%{`. */
function escapeTemplate(text) {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An hcl2json value that stands for an expression ("${...}"), which we compare to nothing. */
function isOracleExpression(value) {
  return typeof value === 'string' && /^\$\{[\s\S]*\}$/.test(value) && !value.startsWith('$${');
}

/**
 * Compares a parse outcome of ours ({ ok, file } from parseHcl) with hcl2json's ({ ok, json } or { ok: false,
 * message }). Returns counts (equal literals, templates whose literal text matched) and differences
 * ({ kind, path, ours, theirs }).
 */
function compareOutcomes(ours, theirs) {
  const result = { literals: 0, templates: 0, differences: [] };
  if (ours.ok !== theirs.ok) {
    result.differences.push({
      kind: 'acceptance',
      path: '',
      ours: ours.ok ? 'accepted' : `rejected at line ${ours.error.line}: ${ours.error.message}`,
      theirs: theirs.ok ? 'accepted' : `rejected: ${theirs.message}`,
    });
    return result;
  }
  if (!ours.ok) return result;
  compareValue(bodyToJson(ours.file.body), theirs.json, '', result);
  return result;
}

function compareValue(ours, theirs, path, result) {
  if (ours instanceof TemplatePattern) {
    if (typeof theirs === 'string' && ours.regex.test(theirs)) result.templates++;
    else if (!isOracleExpression(theirs)) result.differences.push({ kind: 'template', path, ours: ours.regex.source, theirs });
    return;
  }
  if (ours === EXPRESSION || isOracleExpression(theirs)) return;
  if (Array.isArray(ours) && Array.isArray(theirs) && ours.length === theirs.length) {
    ours.forEach((item, i) => compareValue(item, theirs[i], `${path}[${i}]`, result));
    return;
  }
  if (isPlainObject(ours) && isPlainObject(theirs)) {
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
    for (const key of [...keys].sort()) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in ours) || !(key in theirs)) {
        result.differences.push({ kind: 'names', path: at, ours: key in ours ? 'present' : 'absent', theirs: key in theirs ? 'present' : 'absent' });
      } else compareValue(ours[key], theirs[key], at, result);
    }
    return;
  }
  if (sameLiteral(ours, theirs)) result.literals++;
  else result.differences.push({ kind: typeof ours === 'object' || typeof theirs === 'object' ? 'structure' : 'literal', path, ours, theirs });
}

function sameLiteral(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= Math.abs(a) * 1e-15;
  return a === b;
}

/** HashiCorp's parse of one file through hcl2json: { ok: true, json } or { ok: false, message }. */
async function oracleParse(hcl2json, name, text) {
  try {
    return { ok: true, json: await hcl2json.parse(name, text) };
  } catch (error) {
    return { ok: false, message: String((error && error.message) || error).replace(/\s+/g, ' ').slice(0, 300) };
  }
}

module.exports = { bodyToJson, compareOutcomes, oracleParse, EXPRESSION };
