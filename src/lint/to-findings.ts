import type { ParseProblem } from './load-sources';
import type { LimitHit } from '../formats/budget';
import type { Finding, Severity } from '../findings/finding';
import type { LocationResolver } from '../findings/resolve-location';
import type { PolicyFinding } from '../policy/engine';
import type { CompiledPolicy } from '../policy/types';

/** A finding before the run's fingerprints are computed (they depend on the order of all findings). */
export type UnidentifiedFinding = Omit<Finding, 'fingerprint'>;

/** A policy finding with its locations resolved to lines, in the report's shape. */
export function toFinding(found: PolicyFinding, resolver: LocationResolver): UnidentifiedFinding {
  const location = resolver.resolve(found.at);
  const conditional = found.conditional ? ` (if deployed: ${found.conditional})` : '';
  return {
    ruleId: found.policy.id,
    rule: found.policy.name,
    severity: found.severity,
    cause: found.policy.cause,
    errorCodes: found.policy.errorCodes,
    message: found.message + conditional,
    ...location,
    resource: found.resource ?? { type: found.node.type, name: found.node.label },
    related: found.related.map((r) => {
      const at = resolver.resolve(r.at);
      return { file: at.file, line: at.line, column: at.column, message: r.message };
    }),
    fix: found.fix,
  };
}

/** BL001: a file that could not be parsed or evaluated at all. */
export function parseErrorFinding(problem: ParseProblem, rule: CompiledPolicy, severity: Severity, resolver: LocationResolver): UnidentifiedFinding {
  const fix = problem.fix ?? rule.remediation.arm ?? rule.remediation.terraform ?? 'Fix the syntax error at this position; the file is not linted until it parses.';
  return fileFinding(rule, severity, resolver.resolve(problem.at), `${problem.at.file} ${problem.headline ?? 'could not be read'}: ${problem.message}`, fix);
}

/** BL002: evaluation of a file or module stopped at a limit of its budget, at the place it was hit. */
export function limitFinding(hit: LimitHit, rule: CompiledPolicy, severity: Severity, resolver: LocationResolver): UnidentifiedFinding {
  const fix = 'Reduce the loop count, value size or nesting at this position, or split the file (SECURITY.md lists the limits).';
  return fileFinding(rule, severity, resolver.resolve(hit.at), `${hit.message}; findings for ${hit.scope} may be incomplete`, fix);
}

/** A finding about a file as a whole (BL001, BL002): no resource, no related locations. */
function fileFinding(
  rule: CompiledPolicy,
  severity: Severity,
  location: ReturnType<LocationResolver['resolve']>,
  message: string,
  fix: string,
): UnidentifiedFinding {
  return { ruleId: rule.id, rule: rule.name, severity, cause: rule.cause, errorCodes: rule.errorCodes, message, ...location, related: [], fix };
}
